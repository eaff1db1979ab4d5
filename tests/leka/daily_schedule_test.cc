#include <gtest/gtest.h>

#include "domain/calendar.h"
#include "leka/daily_schedule.h"

namespace utbyte::leka {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + hours(h) + minutes(min);
}

TEST(DailyScheduleTest, ParsesTimeOfDay) {
  EXPECT_EQ(*parse_time_of_day("02:00"), 120);
  EXPECT_EQ(*parse_time_of_day("23:59"), 23 * 60 + 59);
  for (const char* bad : {"2:00", "24:00", "12:60", "ab:cd", "", "12:000"}) {
    auto r = parse_time_of_day(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kConfigError);
  }
}

TEST(DailyScheduleTest, NextRunIsTheNextStockholmTimeOfDay) {
  // Winter (CET, UTC+1): 02:00 Stockholm is 01:00 UTC.
  EXPECT_EQ(next_daily_run(utc(2026, 11, 23, 0, 30), 120), utc(2026, 11, 23, 1, 0));
  EXPECT_EQ(next_daily_run(utc(2026, 11, 23, 1, 0), 120), utc(2026, 11, 24, 1, 0));
  // Summer (CEST, UTC+2): 02:00 Stockholm is 00:00 UTC.
  EXPECT_EQ(next_daily_run(utc(2026, 6, 10, 12, 0), 120), utc(2026, 6, 11, 0, 0));
  // Across the spring change (29 March 2026): from 01:00 CET to 02:00 CEST of the next day.
  EXPECT_EQ(next_daily_run(utc(2026, 3, 28, 2, 0), 120), utc(2026, 3, 29, 1, 0));
}

}  // namespace
}  // namespace utbyte::leka
