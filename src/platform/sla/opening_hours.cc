#include "platform/sla/opening_hours.h"

#include <algorithm>

namespace utbyte::platform::sla {
namespace {

// How far next_opening()/closes_at() look ahead: more than a year, so that any table that opens
// (or closes) at all does so within the horizon.
constexpr int kHorizonDays = 400;
constexpr int kMinutesPerDay = 24 * 60;

DailyInterval intersect(DailyInterval a, DailyInterval b) {
  return DailyInterval{std::max(a.open_minute, b.open_minute),
                       std::min(a.close_minute, b.close_minute)};
}

// from_stockholm() resolves the repeated October hour to its first occurrence. When `now` is
// already in the second occurrence, the wall-clock time we are waiting for is the second one.
OpeningHours::TimePoint not_before(OpeningHours::TimePoint t, OpeningHours::TimePoint now) {
  return t < now ? t + std::chrono::hours{1} : t;
}

}  // namespace

DailyInterval OpeningHours::hours_on(domain::Date date) const {
  if (domain::is_public_holiday(date)) return table_.public_holiday;
  if (domain::is_eve(date)) return table_.eve;
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  const DailyInterval regular = wd == std::chrono::Saturday ? table_.saturday
                                : wd == std::chrono::Sunday ? table_.sunday
                                                            : table_.monday_to_friday;
  if (domain::is_day_before_public_holiday(date)) {
    return intersect(regular, table_.day_before_holiday);
  }
  return regular;
}

bool OpeningHours::is_open(TimePoint now) const {
  const domain::LocalTime local = domain::to_stockholm(now);
  return hours_on(local.date).contains(local.minutes_of_day);
}

OpeningHours::TimePoint OpeningHours::next_opening(TimePoint now) const {
  const domain::LocalTime local = domain::to_stockholm(now);
  const DailyInterval today = hours_on(local.date);
  if (today.contains(local.minutes_of_day)) return now;
  if (!today.closed() && local.minutes_of_day < today.open_minute) {
    return not_before(domain::from_stockholm(local.date, today.open_minute), now);
  }
  for (int i = 1; i <= kHorizonDays; ++i) {
    const domain::Date day = domain::add_days(local.date, i);
    const DailyInterval hours = hours_on(day);
    if (!hours.closed()) return domain::from_stockholm(day, hours.open_minute);
  }
  return TimePoint::max();
}

OpeningHours::TimePoint OpeningHours::closes_at(TimePoint now) const {
  const domain::LocalTime local = domain::to_stockholm(now);
  domain::Date day = local.date;
  DailyInterval hours = hours_on(day);
  if (!hours.contains(local.minutes_of_day)) return now;
  // An interval ending at 24.00 continues into a next day that opens at 00.00.
  for (int i = 0; hours.close_minute >= kMinutesPerDay; ++i) {
    if (i == kHorizonDays) return TimePoint::max();
    const DailyInterval next = hours_on(domain::add_days(day, 1));
    if (next.closed() || next.open_minute > 0) break;
    day = domain::add_days(day, 1);
    hours = next;
  }
  return not_before(domain::from_stockholm(day, hours.close_minute), now);
}

}  // namespace utbyte::platform::sla
