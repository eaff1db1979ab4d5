#pragma once

#include <chrono>

#include "domain/calendar.h"

namespace utbyte::platform::sla {

// Minutes since local (Stockholm) midnight: [open, close). close may be 1440 ("24.00").
// open >= close means closed all day.
struct DailyInterval {
  int open_minute = 0;
  int close_minute = 0;

  bool closed() const { return open_minute >= close_minute; }
  bool contains(int minute_of_day) const {
    return open_minute <= minute_of_day && minute_of_day < close_minute;
  }
  static constexpr DailyInterval closed_all_day() { return DailyInterval{0, 0}; }

  friend bool operator==(const DailyInterval&, const DailyInterval&) = default;
};

// The kinds of day the SLA's Massfråga table distinguishes, with the seed's figures (004, §3.1)
// as defaults.
struct OpeningTable {
  DailyInterval monday_to_friday{7 * 60, 21 * 60 + 30};
  DailyInterval saturday{7 * 60 + 30, 16 * 60};
  DailyInterval sunday{13 * 60, 21 * 60 + 30};
  DailyInterval day_before_holiday{7 * 60, 16 * 60 + 30};
  // "Helgdag, Midsommarafton, Julafton, Nyårsafton: Stängt".
  DailyInterval public_holiday = DailyInterval::closed_all_day();
  DailyInterval eve = DailyInterval::closed_all_day();
};

// Massfråga opening hours in Stockholm civil time. Immutable after construction; safe from any
// thread.
//
// Which row applies to a date, first match wins:
//  1. a named public holiday (domain::is_public_holiday; a plain Sunday is not one) ->
//  public_holiday;
//  2. midsommarafton, julafton, nyårsafton                                           -> eve;
//  3. the day before a public holiday -> day_before_holiday INTERSECTED with the weekday's row;
//  4. otherwise the weekday's row.
// Why the intersection in 3: the seed is silent on a "day before a holiday" that is a weekend
// day (påskafton, pingstafton, a Saturday 30 April). The row exists to close EARLY; Saturday's
// 16.00 close and Sunday's 13.00 opening follow the regular service window (Sat 16.00 – Sun
// 13.00), which the day-before row must not override. So påskafton is open 07.30–16.00 and a
// Sunday before a holiday 13.00–16.30; on Monday–Friday the intersection is just 07.00–16.30.
class OpeningHours {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit OpeningHours(OpeningTable table = {}) : table_(table) {}

  // The interval that applies on a Stockholm calendar date, per the precedence above.
  DailyInterval hours_on(domain::Date date) const;

  bool is_open(TimePoint now) const;

  // `now` when open; otherwise the first instant after `now` at which the service opens.
  // TimePoint::max() if the table is closed on every day of the coming 400 days.
  TimePoint next_opening(TimePoint now) const;

  // When open: the instant at which the current opening ends (following an interval that closes
  // at 24.00 into a next day that opens at 00.00). When closed: `now`. TimePoint::max() if the
  // service never closes within 400 days.
  TimePoint closes_at(TimePoint now) const;

  const OpeningTable& table() const { return table_; }

 private:
  const OpeningTable table_;
};

}  // namespace utbyte::platform::sla
