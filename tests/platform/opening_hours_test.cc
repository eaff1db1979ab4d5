#include "platform/sla/opening_hours.h"

#include <gtest/gtest.h>

#include "stockholm_time.h"

namespace utbyte::platform::sla {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using TimePoint = OpeningHours::TimePoint;

using testing::d;
using testing::sthlm;
using testing::utc;

struct BoundaryCase {
  const char* what;
  const char* date;
  int hh;
  int mm;
  int ss;
  bool open;
};

void expect_cases(const OpeningHours& hours, std::initializer_list<BoundaryCase> cases) {
  for (const auto& c : cases) {
    EXPECT_EQ(hours.is_open(sthlm(c.date, c.hh, c.mm, c.ss)), c.open)
        << c.what << " " << c.date << " " << c.hh << ":" << c.mm << ":" << c.ss;
  }
}

TEST(OpeningHoursTest, WeekdaySaturdaySundayBoundaries) {
  const OpeningHours hours;
  expect_cases(hours, {
                          {"Monday", "2026-03-02", 0, 0, 0, false},
                          {"Monday", "2026-03-02", 6, 59, 59, false},
                          {"Monday", "2026-03-02", 7, 0, 0, true},
                          {"Monday", "2026-03-02", 21, 29, 59, true},
                          {"Monday", "2026-03-02", 21, 30, 0, false},
                          {"Friday", "2026-03-06", 21, 29, 59, true},
                          {"Friday", "2026-03-06", 21, 30, 0, false},
                          {"Saturday", "2026-03-07", 7, 29, 59, false},
                          {"Saturday", "2026-03-07", 7, 30, 0, true},
                          {"Saturday", "2026-03-07", 15, 59, 59, true},
                          {"Saturday", "2026-03-07", 16, 0, 0, false},
                          {"Sunday", "2026-03-08", 12, 59, 59, false},
                          {"Sunday", "2026-03-08", 13, 0, 0, true},
                          {"Sunday", "2026-03-08", 21, 29, 59, true},
                          {"Sunday", "2026-03-08", 21, 30, 0, false},
                          {"Summer Monday", "2026-07-06", 6, 59, 59, false},
                          {"Summer Monday", "2026-07-06", 7, 0, 0, true},
                      });
}

TEST(OpeningHoursTest, ClosedOnHolidaysAndEves) {
  const OpeningHours hours;
  expect_cases(hours, {
                          {"nyårsdagen", "2026-01-01", 12, 0, 0, false},
                          {"långfredagen", "2026-04-03", 12, 0, 0, false},
                          {"påskdagen (a Sunday)", "2026-04-05", 14, 0, 0, false},
                          {"annandag påsk", "2026-04-06", 12, 0, 0, false},
                          {"första maj", "2026-05-01", 12, 0, 0, false},
                          {"Kristi himmelsfärd", "2026-05-14", 12, 0, 0, false},
                          {"nationaldagen", "2026-06-06", 12, 0, 0, false},
                          {"midsommarafton", "2026-06-19", 12, 0, 0, false},
                          {"midsommardagen", "2026-06-20", 12, 0, 0, false},
                          {"julafton", "2026-12-24", 12, 0, 0, false},
                          {"nyårsafton", "2026-12-31", 12, 0, 0, false},
                          {"annandag jul on a Sunday", "2027-12-26", 14, 0, 0, false},
                          {"before julafton: a plain weekday", "2026-12-23", 21, 29, 59, true},
                      });
}

TEST(OpeningHoursTest, DayBeforeHolidayClosesAt1630) {
  const OpeningHours hours;
  expect_cases(hours, {
                          {"30 April", "2026-04-30", 6, 59, 59, false},
                          {"30 April", "2026-04-30", 7, 0, 0, true},
                          {"30 April", "2026-04-30", 16, 29, 59, true},
                          {"30 April", "2026-04-30", 16, 30, 0, false},
                          {"5 June", "2026-06-05", 16, 29, 59, true},
                          {"5 June", "2026-06-05", 16, 30, 0, false},
                          {"skärtorsdagen", "2026-04-02", 16, 30, 0, false},
                          // On weekend days the day-before row only shortens the day.
                          {"påskafton (Sat)", "2026-04-04", 7, 29, 59, false},
                          {"påskafton (Sat)", "2026-04-04", 7, 30, 0, true},
                          {"påskafton (Sat)", "2026-04-04", 15, 59, 59, true},
                          {"påskafton (Sat)", "2026-04-04", 16, 0, 0, false},
                          {"Sunday before trettondedag", "2025-01-05", 12, 59, 59, false},
                          {"Sunday before trettondedag", "2025-01-05", 13, 0, 0, true},
                          {"Sunday before trettondedag", "2025-01-05", 16, 29, 59, true},
                          {"Sunday before trettondedag", "2025-01-05", 16, 30, 0, false},
                      });
  EXPECT_EQ(hours.hours_on(d("2026-04-04")), (DailyInterval{7 * 60 + 30, 16 * 60}));
  EXPECT_EQ(hours.hours_on(d("2025-01-05")), (DailyInterval{13 * 60, 16 * 60 + 30}));
}

TEST(OpeningHoursTest, NextOpeningIsNowWhenOpen) {
  const OpeningHours hours;
  const TimePoint now = sthlm("2026-03-02", 10, 0, 7);
  EXPECT_EQ(hours.next_opening(now), now);
  EXPECT_EQ(hours.next_opening(sthlm("2026-03-02", 3, 0)), sthlm("2026-03-02", 7, 0));
  EXPECT_EQ(hours.next_opening(sthlm("2026-03-02", 21, 30)), sthlm("2026-03-03", 7, 0));
  EXPECT_EQ(hours.next_opening(sthlm("2026-03-06", 21, 30)), sthlm("2026-03-07", 7, 30));
  EXPECT_EQ(hours.next_opening(sthlm("2026-03-07", 16, 0)), sthlm("2026-03-08", 13, 0));
}

TEST(OpeningHoursTest, NextOpeningAcrossEaster) {
  const OpeningHours hours;
  // Skärtorsdag closes 16.30; långfredagen is closed; påskafton opens at 07.30.
  EXPECT_EQ(hours.next_opening(sthlm("2026-04-02", 16, 30)), sthlm("2026-04-04", 7, 30));
  // Påskafton closes 16.00; påskdagen and annandag påsk are closed.
  EXPECT_EQ(hours.next_opening(sthlm("2026-04-04", 16, 0)), sthlm("2026-04-07", 7, 0));
  EXPECT_EQ(hours.next_opening(sthlm("2026-04-05", 14, 0)), sthlm("2026-04-07", 7, 0));
}

TEST(OpeningHoursTest, NextOpeningAcrossChristmasAndNewYear) {
  const OpeningHours hours;
  // 2026: julafton Thu, juldagen Fri, annandag jul Sat; Sunday opens as usual.
  EXPECT_EQ(hours.next_opening(sthlm("2026-12-23", 21, 30)), sthlm("2026-12-27", 13, 0));
  // Nyårsafton Thu and nyårsdagen Fri closed; Saturday 2 January opens 07.30.
  EXPECT_EQ(hours.next_opening(sthlm("2026-12-30", 21, 30)), sthlm("2027-01-02", 7, 30));
  // 5 January (Tue) is the day before trettondedag jul: closes 16.30, then closed the 6th.
  EXPECT_EQ(hours.closes_at(sthlm("2027-01-05", 12, 0)), sthlm("2027-01-05", 16, 30));
  EXPECT_EQ(hours.next_opening(sthlm("2027-01-05", 16, 30)), sthlm("2027-01-07", 7, 0));
  // 2027: annandag jul is a Sunday and stays closed.
  EXPECT_EQ(hours.next_opening(sthlm("2027-12-23", 21, 30)), sthlm("2027-12-27", 7, 0));
}

TEST(OpeningHoursTest, NextOpeningAcrossDstChanges) {
  const OpeningHours hours;
  // Saturday 16.00 CET -> Sunday 13.00 CEST: 20 hours of wall clock, 19 real hours.
  EXPECT_EQ(sthlm("2026-03-28", 16, 0), utc("2026-03-28", 15, 0));
  EXPECT_EQ(hours.next_opening(sthlm("2026-03-28", 16, 0)), utc("2026-03-29", 11, 0));
  // Saturday 16.00 CEST -> Sunday 13.00 CET: 21 real hours.
  EXPECT_EQ(hours.next_opening(sthlm("2026-10-24", 16, 0)), utc("2026-10-25", 12, 0));
  // The closing instant moves with the offset too.
  EXPECT_EQ(hours.closes_at(utc("2026-03-29", 12, 0)), utc("2026-03-29", 19, 30));
  EXPECT_EQ(hours.closes_at(utc("2026-10-25", 12, 0)), utc("2026-10-25", 20, 30));
}

TEST(OpeningHoursTest, NextOpeningInsideTheRepeatedOctoberHour) {
  OpeningTable table;
  table.sunday = DailyInterval{2 * 60 + 30, 21 * 60 + 30};
  const OpeningHours hours(table);
  // 02:15 CEST (first pass) and 02:15 CET (second pass) both wait for the 02:30 that follows.
  EXPECT_EQ(hours.next_opening(utc("2026-10-25", 0, 15)), utc("2026-10-25", 0, 30));
  EXPECT_FALSE(hours.is_open(utc("2026-10-25", 1, 15)));
  EXPECT_EQ(hours.next_opening(utc("2026-10-25", 1, 15)), utc("2026-10-25", 1, 30));
}

TEST(OpeningHoursTest, ClosesAtWhenOpenAndNowWhenClosed) {
  const OpeningHours hours;
  EXPECT_EQ(hours.closes_at(sthlm("2026-03-02", 10, 0)), sthlm("2026-03-02", 21, 30));
  EXPECT_EQ(hours.closes_at(sthlm("2026-03-02", 21, 29, 59)), sthlm("2026-03-02", 21, 30));
  EXPECT_EQ(hours.closes_at(sthlm("2026-03-07", 8, 0)), sthlm("2026-03-07", 16, 0));
  EXPECT_EQ(hours.closes_at(sthlm("2026-04-30", 8, 0)), sthlm("2026-04-30", 16, 30));
  const TimePoint closed = sthlm("2026-05-01", 12, 0);
  EXPECT_EQ(hours.closes_at(closed), closed);
}

TEST(OpeningHoursTest, ConfigurableTable) {
  OpeningTable table;
  table.monday_to_friday = DailyInterval{0, 24 * 60};
  table.public_holiday = DailyInterval{10 * 60, 12 * 60};
  const OpeningHours hours(table);
  // Around the clock Mon–Fri: Monday's opening runs on to Saturday 00.00.
  EXPECT_EQ(hours.closes_at(sthlm("2026-03-02", 10, 0)), sthlm("2026-03-07", 0, 0));
  EXPECT_TRUE(hours.is_open(sthlm("2026-05-01", 11, 59)));
  EXPECT_FALSE(hours.is_open(sthlm("2026-05-01", 12, 0)));
  // 30 April keeps the day-before row even though the weekday row is wider.
  EXPECT_EQ(hours.hours_on(d("2026-04-30")), (DailyInterval{7 * 60, 16 * 60 + 30}));
}

TEST(OpeningHoursTest, NeverOpenOrNeverClosed) {
  const DailyInterval shut = DailyInterval::closed_all_day();
  const OpeningHours never(OpeningTable{shut, shut, shut, shut, shut, shut});
  EXPECT_FALSE(never.is_open(sthlm("2026-03-02", 10, 0)));
  EXPECT_EQ(never.next_opening(sthlm("2026-03-02", 10, 0)), TimePoint::max());

  const DailyInterval all_day{0, 24 * 60};
  const OpeningHours always(OpeningTable{all_day, all_day, all_day, all_day, all_day, all_day});
  EXPECT_EQ(always.closes_at(sthlm("2026-03-02", 10, 0)), TimePoint::max());
}

}  // namespace
}  // namespace utbyte::platform::sla
