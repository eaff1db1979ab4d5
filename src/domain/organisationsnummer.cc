#include "domain/organisationsnummer.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/personnummer.h"

namespace utbyte::domain {
namespace {

constexpr std::size_t kDigits = 10;
constexpr std::size_t kSeparatorIndex = 6;

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error invalid(std::string_view text, std::string_view why) {
  // Only the length is echoed: a rejected number may be a sole trader's personnummer.
  return make_error(ErrorCode::kInvalidOrganisationsnummer,
                    fmt::format("Ogiltigt organisationsnummer ({} tecken): {}", text.size(), why));
}

}  // namespace

Result<Organisationsnummer> parse_organisationsnummer(std::string_view text) {
  std::string digits;
  if (text.size() == kDigits) {
    digits = std::string(text);
  } else if (text.size() == kDigits + 1 && text[kSeparatorIndex] == '-') {
    digits = std::string(text.substr(0, kSeparatorIndex));
    digits += text.substr(kSeparatorIndex + 1);
  } else {
    return invalid(text, "ska vara 10 siffror NNNNNNNNNN eller NNNNNN-NNNN");
  }
  if (!all_digits(digits)) return invalid(text, "får bara innehålla siffror");
  if (digits[2] < '2') {
    return invalid(text, "tredje siffran ska vara minst 2 för en juridisk person");
  }
  if (luhn_check_digit(std::string_view(digits).substr(0, kDigits - 1)) != digits[9] - '0') {
    return invalid(text, "kontrollsiffran stämmer inte");
  }

  Organisationsnummer nr;
  nr.digits_ = std::move(digits);
  return nr;
}

std::string Organisationsnummer::formatted() const {
  return digits_.substr(0, kSeparatorIndex) + "-" + digits_.substr(kSeparatorIndex);
}

}  // namespace utbyte::domain
