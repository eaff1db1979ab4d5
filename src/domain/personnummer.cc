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

namespace {

// Characters that make a digit run part of a longer token (an id, a hash, a UUID, a version).
bool joins_token(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '+';
}

bool digits_at(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

int two_digits(std::string_view text, std::size_t pos) {
  return (text[pos] - '0') * 10 + (text[pos + 1] - '0');
}

// MMDD of a personnummer or samordningsnummer (day + 60) at `pos`.
bool month_and_day_at(std::string_view text, std::size_t pos) {
  const int month = two_digits(text, pos);
  const int day = two_digits(text, pos + 2);
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
}

// The length of an identity number at `pos` (ÅÅÅÅMMDDNNNN, ÅÅÅÅMMDD-NNNN, ÅÅMMDDNNNN, ÅÅMMDD-NNNN,
// '+' for the separator of those over 100), or 0. `pos` starts a token.
std::size_t identity_number_at(std::string_view text, std::size_t pos) {
  for (const std::size_t date_digits : {std::size_t{8}, std::size_t{6}}) {
    if (!digits_at(text, pos, date_digits)) continue;
    if (!month_and_day_at(text, pos + date_digits - 4)) continue;
    std::size_t serial = pos + date_digits;
    if (serial < text.size() && (text[serial] == '-' || text[serial] == '+')) ++serial;
    if (!digits_at(text, serial, 4)) continue;
    const std::size_t end = serial + 4;
    if (end < text.size() && joins_token(text[end])) continue;
    return end - pos;
  }
  return 0;
}

}  // namespace

std::string mask_personnummer_in(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(out[i]))) continue;
    if (i > 0 && joins_token(out[i - 1])) {
      // Inside a token: skip to its end, so no part of an id is taken for a number.
      while (i + 1 < out.size() && joins_token(out[i + 1])) ++i;
      continue;
    }
    const std::size_t length = identity_number_at(out, i);
    if (length == 0) {
      while (i + 1 < out.size() && joins_token(out[i + 1])) ++i;
      continue;
    }
    // The last four digits (birth number and check digit) go, as in Personnummer::masked().
    for (std::size_t j = i + length - 4; j < i + length; ++j) out[j] = '*';
    i += length - 1;
  }
  return out;
}

}  // namespace utbyte::domain
