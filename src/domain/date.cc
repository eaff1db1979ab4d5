#include "domain/date.h"

#include <fmt/format.h>

namespace utbyte::domain {
namespace {

bool parse_digits(std::string_view text, int* out) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

}  // namespace

Result<Date> parse_date(std::string_view text) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parse_digits(text.substr(0, 4), &y) ||
      !parse_digits(text.substr(5, 2), &m) || !parse_digits(text.substr(8, 2), &d)) {
    return make_error(ErrorCode::kInvalidDate,
                      fmt::format("Datumet '{}' har inte formatet ÅÅÅÅ-MM-DD", text.substr(0, 32)));
  }
  const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) {
    return make_error(ErrorCode::kInvalidDate, fmt::format("Datumet '{}' finns inte", text));
  }
  return date;
}

std::string format_date(Date date) {
  // Hand-rolled: answers format hundreds of dates each, and fmt's parser dominated the profile.
  const int y = static_cast<int>(date.year());
  if (y < 0 || y > 9999) {
    return fmt::format("{:04}-{:02}-{:02}", y, static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
  }
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  std::string out(10, '-');
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
  return out;
}

Date today_utc() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

}  // namespace utbyte::domain
