#include "domain/calendar.h"

#include <gtest/gtest.h>

#include <string>

namespace utbyte::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::system_clock;

Date d(const char* iso) { return *parse_date(iso); }

system_clock::time_point utc(const char* iso_date, int hh, int mm, int ss = 0) {
  return sys_days{d(iso_date)} + hours{hh} + minutes{mm} + seconds{ss};
}

TEST(CalendarTest, EasterSundayMatchesKnownDates) {
  // 2000–2030 checked against the published tables (and python-dateutil's easter()).
  static const char* const kEaster2000To2030[] = {
      "2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11", "2005-03-27",
      "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12", "2010-04-04", "2011-04-24",
      "2012-04-08", "2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16",
      "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09",
      "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
      "2030-04-21"};
  for (int i = 0; i <= 30; ++i) {
    EXPECT_EQ(format_date(easter_sunday(2000 + i)), kEaster2000To2030[i]) << 2000 + i;
  }
  // The extremes of the Gregorian cycle and its first year.
  EXPECT_EQ(format_date(easter_sunday(1583)), "1583-04-10");
  EXPECT_EQ(format_date(easter_sunday(1818)), "1818-03-22");
  EXPECT_EQ(format_date(easter_sunday(1943)), "1943-04-25");
  EXPECT_EQ(format_date(easter_sunday(2038)), "2038-04-25");
  EXPECT_EQ(format_date(easter_sunday(2285)), "2285-03-22");
}

TEST(CalendarTest, EasterIsAlwaysASundayBetween22MarchAnd25April) {
  for (int year = 1583; year <= 9999; ++year) {
    const Date easter = easter_sunday(year);
    ASSERT_TRUE(easter.ok()) << year;
    ASSERT_EQ(std::chrono::weekday{sys_days{easter}}, std::chrono::Sunday) << year;
    ASSERT_GE(easter, (Date{std::chrono::year{year}, std::chrono::March, std::chrono::day{22}}));
    ASSERT_LE(easter, (Date{std::chrono::year{year}, std::chrono::April, std::chrono::day{25}}));
  }
}

TEST(CalendarTest, NamesEveryHolidayOf2026) {
  static const struct {
    const char* date;
    const char* name;
  } kHolidays2026[] = {
      {"2026-01-01", "Nyårsdagen"},
      {"2026-01-06", "Trettondedag jul"},
      {"2026-04-03", "Långfredagen"},
      {"2026-04-05", "Påskdagen"},
      {"2026-04-06", "Annandag påsk"},
      {"2026-05-01", "Första maj"},
      {"2026-05-14", "Kristi himmelsfärdsdag"},
      {"2026-05-24", "Pingstdagen"},
      {"2026-06-06", "Sveriges nationaldag"},
      {"2026-06-20", "Midsommardagen"},
      {"2026-10-31", "Alla helgons dag"},
      {"2026-12-25", "Juldagen"},
      {"2026-12-26", "Annandag jul"},
  };
  int named = 0;
  for (Date day = d("2026-01-01"); day <= d("2026-12-31"); day = add_days(day, 1)) {
    if (is_public_holiday(day)) ++named;
  }
  EXPECT_EQ(named, 13);
  for (const auto& h : kHolidays2026) {
    auto name = holiday_name(d(h.date));
    ASSERT_TRUE(name.has_value()) << h.date;
    EXPECT_EQ(*name, h.name) << h.date;
  }
}

TEST(CalendarTest, PlainSundaysAreNotNamedHolidays) {
  EXPECT_FALSE(is_public_holiday(d("2026-03-08")));  // an ordinary Sunday
  EXPECT_FALSE(is_public_holiday(d("2026-04-04")));  // påskafton
  EXPECT_FALSE(is_public_holiday(d("2026-05-25")));  // annandag pingst, abolished in 2005
  EXPECT_TRUE(is_public_holiday(d("2004-05-31")));   // annandag pingst 2004
  EXPECT_FALSE(is_public_holiday(d("2004-06-06")));  // nationaldagen before 2005
}

TEST(CalendarTest, MovableHolidaysOverSeveralYears) {
  static const struct {
    int year;
    const char* midsommardagen;
    const char* alla_helgons_dag;
    const char* kristi_himmelsfard;
    const char* langfredagen;
  } kCases[] = {
      {2024, "2024-06-22", "2024-11-02", "2024-05-09", "2024-03-29"},
      {2025, "2025-06-21", "2025-11-01", "2025-05-29", "2025-04-18"},
      {2026, "2026-06-20", "2026-10-31", "2026-05-14", "2026-04-03"},
      {2027, "2027-06-26", "2027-11-06", "2027-05-06", "2027-03-26"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(holiday_name(d(c.midsommardagen)), "Midsommardagen") << c.year;
    EXPECT_EQ(holiday_name(d(c.alla_helgons_dag)), "Alla helgons dag") << c.year;
    EXPECT_EQ(holiday_name(d(c.kristi_himmelsfard)), "Kristi himmelsfärdsdag") << c.year;
    EXPECT_EQ(holiday_name(d(c.langfredagen)), "Långfredagen") << c.year;
    // The neighbours of a Saturday-rule holiday are not holidays.
    EXPECT_FALSE(is_public_holiday(add_days(d(c.midsommardagen), 7))) << c.year;
    EXPECT_FALSE(is_public_holiday(add_days(d(c.alla_helgons_dag), -7))) << c.year;
  }
}

TEST(CalendarTest, EvesAreMidsommarJulAndNyarsafton) {
  EXPECT_EQ(eve_name(d("2025-06-20")), "Midsommarafton");
  EXPECT_EQ(eve_name(d("2026-06-19")), "Midsommarafton");
  EXPECT_EQ(eve_name(d("2027-06-25")), "Midsommarafton");
  EXPECT_EQ(eve_name(d("2026-12-24")), "Julafton");
  EXPECT_EQ(eve_name(d("2026-12-31")), "Nyårsafton");
  EXPECT_FALSE(is_eve(d("2026-06-26")));  // a Friday in June, but not in 19–25 June
  EXPECT_FALSE(is_eve(d("2026-04-04")));  // påskafton is not in the SLA's list
  EXPECT_FALSE(is_eve(d("2026-01-05")));  // nor trettondagsafton
  EXPECT_FALSE(is_public_holiday(d("2026-12-24")));
}

TEST(CalendarTest, DayBeforePublicHoliday) {
  static const char* const kDayBefore[] = {
      "2026-01-05",  // before trettondedag jul
      "2026-04-02",  // skärtorsdagen
      "2026-04-04",  // påskafton (a Saturday)
      "2026-04-30",  // before första maj
      "2026-05-13",  // before Kristi himmelsfärdsdag
      "2026-05-23",  // pingstafton
      "2026-06-05",  // before nationaldagen
      "2026-10-30",  // before alla helgons dag
  };
  for (const char* day : kDayBefore) EXPECT_TRUE(is_day_before_public_holiday(d(day))) << day;

  static const char* const kNot[] = {
      "2026-06-19",  // midsommarafton: an eve, closed rather than short
      "2026-12-24",  // julafton: likewise
      "2026-12-31",  // nyårsafton
      "2026-04-05",  // påskdagen: itself a holiday (before annandag påsk)
      "2026-12-25",  // juldagen: itself a holiday (before annandag jul)
      "2026-12-23",  // before julafton, which is no holiday
      "2026-03-07",  // an ordinary Saturday: Sundays are not named holidays
  };
  for (const char* day : kNot) EXPECT_FALSE(is_day_before_public_holiday(d(day))) << day;
}

TEST(CalendarTest, DstSwitchInstants) {
  static const struct {
    const char* date;
    int hh;
    int mm;
    int ss;
    int offset;
  } kCases[] = {
      {"2025-03-30", 0, 59, 59, 60},  {"2025-03-30", 1, 0, 0, 120},  {"2025-10-26", 0, 59, 59, 120},
      {"2025-10-26", 1, 0, 0, 60},    {"2026-03-29", 0, 59, 59, 60}, {"2026-03-29", 1, 0, 0, 120},
      {"2026-10-25", 0, 59, 59, 120}, {"2026-10-25", 1, 0, 0, 60},   {"2026-01-15", 12, 0, 0, 60},
      {"2026-07-15", 12, 0, 0, 120},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(stockholm_utc_offset_minutes(utc(c.date, c.hh, c.mm, c.ss)), c.offset)
        << c.date << " " << c.hh << ":" << c.mm << ":" << c.ss;
  }
  // Wall clock: 01:59 CET is followed by 03:00 CEST; 02:59 CEST by 02:00 CET.
  LocalTime before = to_stockholm(utc("2026-03-29", 0, 59, 59));
  LocalTime after = to_stockholm(utc("2026-03-29", 1, 0));
  EXPECT_EQ(before.minutes_of_day, 1 * 60 + 59);
  EXPECT_EQ(after.minutes_of_day, 3 * 60);
  before = to_stockholm(utc("2026-10-25", 0, 59, 59));
  after = to_stockholm(utc("2026-10-25", 1, 0));
  EXPECT_EQ(before.minutes_of_day, 2 * 60 + 59);
  EXPECT_EQ(after.minutes_of_day, 2 * 60);
}

TEST(CalendarTest, ToStockholmCrossesMidnight) {
  const LocalTime t = to_stockholm(utc("2026-12-31", 23, 30));
  EXPECT_EQ(format_date(t.date), "2027-01-01");
  EXPECT_EQ(t.minutes_of_day, 30);
  EXPECT_EQ(t.utc_offset_minutes, 60);
  const LocalTime s = to_stockholm(utc("2026-06-30", 22, 15, 42));
  EXPECT_EQ(format_date(s.date), "2026-07-01");
  EXPECT_EQ(s.minutes_of_day, 15);  // seconds truncated
  EXPECT_EQ(s.utc_offset_minutes, 120);
}

TEST(CalendarTest, FromStockholmResolvesGapAndOverlap) {
  // Nonexistent 02:30 on 2026-03-29 maps forward to 03:30 CEST.
  EXPECT_EQ(from_stockholm(d("2026-03-29"), 2 * 60 + 30), utc("2026-03-29", 1, 30));
  EXPECT_EQ(from_stockholm(d("2026-03-29"), 2 * 60), utc("2026-03-29", 1, 0));
  EXPECT_EQ(from_stockholm(d("2026-03-29"), 3 * 60), utc("2026-03-29", 1, 0));
  EXPECT_EQ(from_stockholm(d("2026-03-29"), 1 * 60 + 59), utc("2026-03-29", 0, 59));
  // Ambiguous 02:30 on 2026-10-25 takes the first (CEST) occurrence.
  EXPECT_EQ(from_stockholm(d("2026-10-25"), 2 * 60 + 30), utc("2026-10-25", 0, 30));
  EXPECT_EQ(from_stockholm(d("2026-10-25"), 3 * 60), utc("2026-10-25", 2, 0));
  EXPECT_EQ(from_stockholm(d("2026-10-25"), 1 * 60 + 59), utc("2026-10-24", 23, 59));
  // 24.00 is next midnight.
  EXPECT_EQ(from_stockholm(d("2026-01-31"), 24 * 60), utc("2026-01-31", 23, 0));
}

TEST(CalendarTest, RoundTripsEveryQuarterHourAroundTheSwitches) {
  for (const char* day : {"2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25", "2026-07-01"}) {
    const system_clock::time_point start = sys_days{d(day)} - hours{3};
    for (auto t = start; t < start + hours{30}; t += minutes{15}) {
      const LocalTime local = to_stockholm(t);
      const auto back = from_stockholm(local.date, local.minutes_of_day);
      // The only instants that do not round-trip are the second occurrence of the October hour.
      if (back != t) {
        EXPECT_EQ(local.utc_offset_minutes, 60) << day;
        EXPECT_EQ(t - back, hours{1}) << day;
      } else {
        EXPECT_EQ(to_stockholm(back).utc_offset_minutes, local.utc_offset_minutes);
      }
    }
  }
}

}  // namespace
}  // namespace utbyte::domain
