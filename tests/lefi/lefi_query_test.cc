#include "lefi/lefi_query.h"

#include <gtest/gtest.h>

namespace utbyte::lefi {
namespace {

const domain::Date kToday = *domain::parse_date("2026-11-23");

Result<LefiQuery> parse(const std::string& body) { return parse_lefi_query(body, kToday); }

TEST(LefiQueryTest, ParsesAValidQuery) {
  auto q = parse(
      R"({"personnummer":"201701012393","informationstyper":["SJUKPENNING","UTBETALNING"],)"
      R"("fromDatum":"2025-01-01","tomDatum":"2025-12-31"})");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->personnummer.digits(), "201701012393");
  ASSERT_EQ(q->informationstyper.size(), 2u);
  EXPECT_EQ(q->informationstyper[0], domain::InformationType::kSjukpenning);
  EXPECT_EQ(domain::format_date(q->range.from), "2025-01-01");
  EXPECT_EQ(domain::format_date(q->range.tom), "2025-12-31");
}

TEST(LefiQueryTest, ReportsEachKindOfBadInputWithItsCode) {
  const std::string ok_types = R"("informationstyper":["SJUKPENNING"])";
  const std::string ok_dates = R"("fromDatum":"2025-01-01","tomDatum":"2025-12-31")";
  const std::string ok_pnr = R"("personnummer":"201701012393")";
  static const struct {
    std::string body;
    ErrorCode code;
  } kCases[] = {
      {"{", ErrorCode::kMalformedJson},
      {"[1,2]", ErrorCode::kMalformedJson},
      {"", ErrorCode::kMalformedJson},
      {"{" + ok_types + "," + ok_dates + "}", ErrorCode::kInvalidRequest},
      {"{" + ok_pnr + "," + ok_types + "," + ok_dates + R"(,"extra":1})", ErrorCode::kInvalidRequest},
      {R"({"personnummer":201701012393,)" + ok_types + "," + ok_dates + "}",
       ErrorCode::kInvalidRequest},
      {R"({"personnummer":"201701012394",)" + ok_types + "," + ok_dates + "}",
       ErrorCode::kInvalidPersonnummer},
      {"{" + ok_pnr + R"(,"informationstyper":[],)" + ok_dates + "}",
       ErrorCode::kMissingInformationType},
      {"{" + ok_pnr + R"(,"informationstyper":"SJUKPENNING",)" + ok_dates + "}",
       ErrorCode::kInvalidRequest},
      {"{" + ok_pnr + R"(,"informationstyper":["SJUKLON"],)" + ok_dates + "}",
       ErrorCode::kUnknownInformationType},
      {"{" + ok_pnr + R"(,"informationstyper":["BARNBIDRAG","BARNBIDRAG"],)" + ok_dates + "}",
       ErrorCode::kInvalidRequest},
      {"{" + ok_pnr + "," + ok_types + R"(,"fromDatum":"2025-02-30","tomDatum":"2025-12-31"})",
       ErrorCode::kInvalidDate},
      {"{" + ok_pnr + "," + ok_types + R"(,"fromDatum":"2025-06-01","tomDatum":"2025-05-31"})",
       ErrorCode::kInvalidDateRange},
      {"{" + ok_pnr + "," + ok_types + R"(,"fromDatum":"1999-12-31","tomDatum":"2000-05-31"})",
       ErrorCode::kInvalidDateRange},
      {"{" + ok_pnr + "," + ok_types + R"(,"fromDatum":"2020-01-01","tomDatum":"2025-01-01"})",
       ErrorCode::kInvalidDateRange},
      {"{" + ok_pnr + "," + ok_types + R"(,"fromDatum":"2026-01-01","tomDatum":"2027-11-24"})",
       ErrorCode::kInvalidDateRange},
  };
  for (const auto& c : kCases) {
    auto q = parse(c.body);
    ASSERT_FALSE(q.ok()) << c.body;
    EXPECT_EQ(q.error().code, c.code) << c.body << " → " << q.error().message;
    EXPECT_FALSE(q.error().message.empty());
  }
}

TEST(LefiQueryTest, AcceptsTheRangeLimitsExactly) {
  const std::string head = R"({"personnummer":"201701012393","informationstyper":["SGI"],)";
  // Five years minus one day is the longest range; one year ahead of today the latest tom.
  EXPECT_TRUE(parse(head + R"("fromDatum":"2020-01-01","tomDatum":"2024-12-31"})").ok());
  EXPECT_TRUE(parse(head + R"("fromDatum":"2026-01-01","tomDatum":"2027-11-23"})").ok());
  EXPECT_TRUE(parse(head + R"("fromDatum":"2000-01-01","tomDatum":"2000-01-01"})").ok());
}

}  // namespace
}  // namespace utbyte::lefi
