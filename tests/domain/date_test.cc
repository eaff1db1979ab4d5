#include "domain/date.h"

#include <gtest/gtest.h>

namespace utbyte::domain {
namespace {

TEST(DateTest, ParsesAndFormatsIsoDates) {
  auto d = parse_date("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(format_date(*d), "2024-02-29");
}

TEST(DateTest, RejectsImpossibleOrMalformedDates) {
  for (const char* text : {"2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-01-01x",
                           "abcd-ef-gh", ""}) {
    auto d = parse_date(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidDate);
  }
}

TEST(DateTest, RangeOverlapIsClosedAtBothEnds) {
  const DateRange range{*parse_date("2025-01-01"), *parse_date("2025-01-31")};
  EXPECT_TRUE(range.overlaps(*parse_date("2024-12-01"), *parse_date("2025-01-01")));
  EXPECT_TRUE(range.overlaps(*parse_date("2025-01-31"), *parse_date("2025-03-01")));
  EXPECT_FALSE(range.overlaps(*parse_date("2025-02-01"), *parse_date("2025-03-01")));
  EXPECT_EQ(days_between(range.from, range.tom), 30);
}

}  // namespace
}  // namespace utbyte::domain

namespace utbyte::domain {
namespace {

TEST(DateTest, FormatsEveryDayOfALeapYearAsParsed) {
  for (Date d = *parse_date("2024-01-01"); d <= *parse_date("2024-12-31"); d = add_days(d, 1)) {
    const std::string text = format_date(d);
    auto back = parse_date(text);
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(*back, d);
  }
  EXPECT_EQ(format_date(*parse_date("0999-09-09")), "0999-09-09");
}

}  // namespace
}  // namespace utbyte::domain
