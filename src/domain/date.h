#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace utbyte::domain {

// A civil calendar date without time zone, as all FK dates are ("2025-03-18").
using Date = std::chrono::year_month_day;

// Parses exactly `YYYY-MM-DD` (ISO 8601 extended form) and checks that the day exists.
// Errors: kInvalidDate.
Result<Date> parse_date(std::string_view text);

// Formats as `YYYY-MM-DD`.
std::string format_date(Date date);

inline Date add_days(Date date, int days) {
  return Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

inline int days_between(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

// The current date in UTC. Callers that need testable time take a Date as a parameter instead.
Date today_utc();

// A closed interval [from, tom] of dates, as in the "fr.o.m." / "t.o.m." of every FK query.
struct DateRange {
  Date from;
  Date tom;

  bool contains(Date d) const { return from <= d && d <= tom; }
  // True when [a_from, a_tom] overlaps this range. An absent end is open (still ongoing).
  bool overlaps(Date a_from, Date a_tom) const { return a_from <= tom && from <= a_tom; }
};

}  // namespace utbyte::domain
