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
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Date today_utc() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

}  // namespace utbyte::domain
