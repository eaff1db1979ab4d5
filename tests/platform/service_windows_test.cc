#include "platform/sla/service_windows.h"

#include <gtest/gtest.h>

#include "stockholm_time.h"

namespace utbyte::platform::sla {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using TimePoint = ServiceWindows::TimePoint;

using testing::d;
using testing::sthlm;
using testing::utc;

TEST(ServiceWindowsTest, RegularWindowSaturday1600ToSunday1300) {
  const ServiceWindows windows;
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-06", 23, 0), kServiceLefiOnline));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-07", 15, 59, 59), kServiceLefiOnline));
  auto w = windows.active_window(sthlm("2026-03-07", 16, 0), kServiceLefiOnline);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->id, "REGULJAR-2026-03-07");
  EXPECT_EQ(w->start, sthlm("2026-03-07", 16, 0));
  EXPECT_EQ(w->end, sthlm("2026-03-08", 13, 0));
  EXPECT_TRUE(w->services.empty());
  EXPECT_FALSE(w->reason.empty());
  w = windows.active_window(sthlm("2026-03-08", 12, 59, 59), kServiceLeka);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->id, "REGULJAR-2026-03-07");
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-08", 13, 0), kServiceLeka));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-09", 10, 0), kServiceLeka));
}

TEST(ServiceWindowsTest, RegularWindowFollowsStockholmTimeAcrossDst) {
  const ServiceWindows windows;
  auto w = windows.active_window(utc("2026-03-28", 15, 0), kServiceMassfraga);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->end, utc("2026-03-29", 11, 0));  // 13.00 CEST
  EXPECT_FALSE(windows.active_window(utc("2026-03-28", 14, 59), kServiceMassfraga));
  w = windows.active_window(utc("2026-10-24", 14, 0), kServiceMassfraga);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->end, utc("2026-10-25", 12, 0));  // 13.00 CET
}

TEST(ServiceWindowsTest, RegularWindowCanBeSwitchedOff) {
  WeeklyWindowRule rule;
  rule.enabled = false;
  const ServiceWindows windows(rule);
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-07", 17, 0), kServiceLefiOnline));
  EXPECT_FALSE(windows.regular_window_at(sthlm("2026-03-07", 17, 0)));
}

TEST(ServiceWindowsTest, CustomWeeklyRules) {
  WeeklyWindowRule same_day;
  same_day.start_day = std::chrono::Wednesday;
  same_day.start_minute = 22 * 60;
  same_day.end_day = std::chrono::Wednesday;
  same_day.end_minute = 23 * 60;
  same_day.services = {std::string(kServiceMassfraga)};
  const ServiceWindows windows(same_day);
  EXPECT_TRUE(windows.active_window(sthlm("2026-03-04", 22, 30), kServiceMassfraga));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-04", 22, 30), kServiceLefiOnline));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-04", 23, 0), kServiceMassfraga));

  WeeklyWindowRule long_weekend;
  long_weekend.end_day = std::chrono::Monday;
  long_weekend.end_minute = 6 * 60;
  const ServiceWindows weekend(long_weekend);
  auto w = weekend.active_window(sthlm("2026-03-09", 5, 59), kServiceLeka);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->start, sthlm("2026-03-07", 16, 0));
  EXPECT_FALSE(weekend.active_window(sthlm("2026-03-09", 6, 0), kServiceLeka));
}

TEST(ServiceWindowsTest, AdHocWindowsAreHalfOpenAndPerService) {
  const ServiceWindow leka_only{"AKUT-1",
                                sthlm("2026-03-03", 1, 0),
                                sthlm("2026-03-03", 3, 0),
                                "Byte av databasserver",
                                {std::string(kServiceLeka)}};
  const ServiceWindows windows({}, {leka_only});
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-03", 0, 59, 59), kServiceLeka));
  auto w = windows.active_window(sthlm("2026-03-03", 1, 0), kServiceLeka);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->id, "AKUT-1");
  EXPECT_EQ(w->reason, "Byte av databasserver");
  EXPECT_TRUE(windows.active_window(sthlm("2026-03-03", 2, 59, 59), kServiceLeka));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-03", 3, 0), kServiceLeka));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-03", 2, 0), kServiceLefiOnline));
}

TEST(ServiceWindowsTest, EmergencyWindowIsMidnightToSix) {
  const ServiceWindow w = emergency_window("AKUT-2", d("2026-03-03"), "Säkerhetsuppdatering");
  EXPECT_EQ(w.start, utc("2026-03-02", 23, 0));
  EXPECT_EQ(w.end, utc("2026-03-03", 5, 0));
  const ServiceWindows windows({}, {w});
  EXPECT_TRUE(windows.active_window(sthlm("2026-03-03", 5, 59, 59), kServiceLefiOnline));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-03", 6, 0), kServiceLefiOnline));
}

TEST(ServiceWindowsTest, OverlappingWindowsReturnTheOneEndingLast) {
  const ServiceWindow extends{
      "UTOKAT", sthlm("2026-03-07", 14, 0), sthlm("2026-03-08", 15, 0), "Uppgradering", {}};
  const ServiceWindow inside{
      "KORT", sthlm("2026-03-07", 15, 0), sthlm("2026-03-07", 18, 0), "Omstart", {}};
  const ServiceWindows both({}, {inside, extends});
  EXPECT_EQ(both.active_window(sthlm("2026-03-07", 14, 30), kServiceLeka)->id, "UTOKAT");
  EXPECT_EQ(both.active_window(sthlm("2026-03-07", 17, 0), kServiceLeka)->id, "UTOKAT");
  EXPECT_EQ(both.active_window(sthlm("2026-03-08", 14, 0), kServiceLeka)->id, "UTOKAT");

  const ServiceWindows short_one({}, {inside});
  EXPECT_EQ(short_one.active_window(sthlm("2026-03-07", 15, 30), kServiceLeka)->id, "KORT");
  EXPECT_EQ(short_one.active_window(sthlm("2026-03-07", 17, 0), kServiceLeka)->id,
            "REGULJAR-2026-03-07");
}

TEST(ServiceWindowsTest, ScheduledWeeklyWindowRecursAtItsStockholmTimesFromItsFirstOccurrence) {
  // Scheduled as Saturday 2026-03-21 16:00 – Sunday 13:00: the seed's usual slot.
  auto rule = weekly_rule("SF-4", sthlm("2026-03-21", 16, 0), sthlm("2026-03-22", 13, 0),
                          "Veckounderhåll", {std::string(kServiceLeka)});
  ASSERT_TRUE(rule.ok()) << rule.error().message;
  WeeklyWindowRule off;
  off.enabled = false;
  const ServiceWindows windows(off, {}, {*rule});
  // Not before its first occurrence.
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-14", 17, 0), kServiceLeka));
  auto w = windows.active_window(sthlm("2026-03-21", 16, 0), kServiceLeka);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->id, "SF-4");
  EXPECT_EQ(w->reason, "Veckounderhåll");
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-21", 17, 0), kServiceLefiOnline));
  // A week later across the switch to summer time (29 March): still 16:00–13:00 Stockholm time.
  w = windows.active_window(sthlm("2026-03-28", 16, 0), kServiceLeka);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->end, utc("2026-03-29", 11, 0));
  EXPECT_FALSE(windows.active_window(sthlm("2026-03-29", 13, 0), kServiceLeka));
  EXPECT_TRUE(windows.active_window(sthlm("2026-12-06", 12, 59), kServiceLeka));

  // What /sla/status lists: the occurrence in force, and the next one.
  EXPECT_TRUE(windows.in_force(sthlm("2026-03-23", 12, 0)).empty());
  const auto next = windows.upcoming(sthlm("2026-03-23", 12, 0));
  ASSERT_EQ(next.size(), 1U);
  EXPECT_EQ(next[0].start, sthlm("2026-03-28", 16, 0));
  const auto first = windows.upcoming(sthlm("2026-03-01", 12, 0));
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].start, sthlm("2026-03-21", 16, 0));
  ASSERT_EQ(windows.in_force(sthlm("2026-03-29", 9, 0)).size(), 1U);
}

TEST(ServiceWindowsTest, AWeeklyWindowMustBeShorterThanAWeek) {
  EXPECT_FALSE(
      weekly_rule("SF-1", sthlm("2026-03-21", 16, 0), sthlm("2026-03-28", 16, 0), "", {}).ok());
  EXPECT_FALSE(
      weekly_rule("SF-1", sthlm("2026-03-21", 16, 0), sthlm("2026-03-21", 16, 0), "", {}).ok());
  EXPECT_TRUE(
      weekly_rule("SF-1", sthlm("2026-03-21", 16, 0), sthlm("2026-03-28", 15, 59), "", {}).ok());
}

TEST(ServiceWindowsTest, AcuteWindowsLieWithinAWeekdayMidnightToSix) {
  // Tuesday 2026-03-03.
  EXPECT_TRUE(check_acute_window(sthlm("2026-03-03", 0, 0), sthlm("2026-03-03", 6, 0)).ok());
  EXPECT_TRUE(check_acute_window(sthlm("2026-03-03", 2, 0), sthlm("2026-03-03", 3, 30)).ok());
  const Status late = check_acute_window(sthlm("2026-03-03", 5, 0), sthlm("2026-03-03", 7, 0));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(late.error().message.find("00.00–06.00"), std::string::npos);
  EXPECT_FALSE(check_acute_window(sthlm("2026-03-02", 23, 0), sthlm("2026-03-03", 1, 0)).ok());
  // Saturday, and a public holiday (långfredagen 2026-04-03), are no weekdays.
  const Status saturday = check_acute_window(sthlm("2026-03-07", 1, 0), sthlm("2026-03-07", 2, 0));
  ASSERT_FALSE(saturday.ok());
  EXPECT_NE(saturday.error().message.find("ingen vardag"), std::string::npos);
  EXPECT_FALSE(check_acute_window(sthlm("2026-04-03", 1, 0), sthlm("2026-04-03", 2, 0)).ok());
}

}  // namespace
}  // namespace utbyte::platform::sla
