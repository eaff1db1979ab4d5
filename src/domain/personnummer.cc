#include "domain/personnummer.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace utbyte::domain {
namespace {

constexpr int kSamordningsOffset = 60;

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

Error invalid(std::string_view text, std::string_view why) {
  // Only the length is echoed: a wrong personnummer is still personal data.
  return make_error(ErrorCode::kInvalidPersonnummer,
                    fmt::format("Ogiltigt personnummer ({} tecken): {}", text.size(), why));
}

}  // namespace

int luhn_check_digit(std::string_view digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int product = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += product / 10 + product % 10;
  }
  return (10 - sum % 10) % 10;
}

Result<Personnummer> parse_personnummer(std::string_view text) {
  if (text.size() != 12) return invalid(text, "ska vara 12 siffror ÅÅÅÅMMDDNNNK");
  if (!all_digits(text)) return invalid(text, "får bara innehålla siffror");
  const int century = to_int(text.substr(0, 2));
  if (century < 18 || century > 20) return invalid(text, "århundradet ska vara 18, 19 eller 20");

  int day = to_int(text.substr(6, 2));
  const bool samordning = day > kSamordningsOffset;
  if (samordning) day -= kSamordningsOffset;
  const Date birth{std::chrono::year{to_int(text.substr(0, 4))},
                   std::chrono::month{static_cast<unsigned>(to_int(text.substr(4, 2)))},
                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!birth.ok()) return invalid(text, "födelsedatumet finns inte");
  if (to_int(text.substr(8, 3)) == 0) return invalid(text, "födelsenumret får inte vara 000");
  if (luhn_check_digit(text.substr(2, 9)) != text[11] - '0') {
    return invalid(text, "kontrollsiffran stämmer inte");
  }

  Personnummer p;
  p.digits_ = std::string(text);
  p.samordningsnummer_ = samordning;
  p.birth_date_ = birth;
  p.kon_ = (text[10] - '0') % 2 == 1 ? Kon::kMan : Kon::kKvinna;
  return p;
}

std::string Personnummer::masked() const { return digits_.substr(0, 8) + "-****"; }

std::string mask_personnummer_in(std::string_view text) {
  std::string out(text);
  std::size_t run = 0;
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i < out.size() && std::isdigit(static_cast<unsigned char>(out[i]))) {
      ++run;
      continue;
    }
    // A 12-digit run is masked like Personnummer::masked(); longer runs (ids, hashes) are kept.
    if (run == 12) {
      for (std::size_t j = i - 4; j < i; ++j) out[j] = '*';
    }
    run = 0;
  }
  return out;
}

}  // namespace utbyte::domain
