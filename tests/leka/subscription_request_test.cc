#include <gtest/gtest.h>

#include "leka/subscription_request.h"

namespace utbyte::leka {
namespace {

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

TEST(SubscriptionRequestTest, ParsesAndSortsTypes) {
  auto r = parse_subscription_request(
      R"({"personnummer":"198503129986","informationstyper":["UTBETALNING","SJUKPENNING"],"fromDatum":"2026-01-01"})",
      kToday);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->personnummer.digits(), "198503129986");
  ASSERT_EQ(r->informationstyper.size(), 2u);
  EXPECT_EQ(r->informationstyper[0], domain::InformationType::kSjukpenning);
  EXPECT_EQ(r->informationstyper[1], domain::InformationType::kUtbetalning);
}

TEST(SubscriptionRequestTest, EveryMistakeHasItsStableCode) {
  const struct {
    const char* body;
    ErrorCode code;
  } cases[] = {
      {"nej", ErrorCode::kMalformedJson},
      {"[]", ErrorCode::kMalformedJson},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING"],"fromDatum":"2026-01-01","x":1})",
       ErrorCode::kInvalidRequest},
      {R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2026-01-01"})",
       ErrorCode::kInvalidRequest},
      {R"({"personnummer":"198503129987","informationstyper":["SJUKPENNING"],"fromDatum":"2026-01-01"})",
       ErrorCode::kInvalidPersonnummer},
      {R"({"personnummer":"198503129986","informationstyper":[],"fromDatum":"2026-01-01"})",
       ErrorCode::kMissingInformationType},
      {R"({"personnummer":"198503129986","fromDatum":"2026-01-01"})",
       ErrorCode::kMissingInformationType},
      {R"({"personnummer":"198503129986","informationstyper":["NOPE"],"fromDatum":"2026-01-01"})",
       ErrorCode::kUnknownInformationType},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING","SJUKPENNING"],"fromDatum":"2026-01-01"})",
       ErrorCode::kInvalidRequest},
      {R"({"personnummer":"198503129986","informationstyper":["PERSONUPPGIFTER"],"fromDatum":"2026-01-01"})",
       ErrorCode::kInformationTypeNotSubscribable},
      {R"({"personnummer":"198503129986","informationstyper":["UTBETALNING"],"fromDatum":"2026-01-01"})",
       ErrorCode::kInformationTypeNotSubscribable},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING"],"fromDatum":"2026-02-30"})",
       ErrorCode::kInvalidDate},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING"],"fromDatum":"1999-12-31"})",
       ErrorCode::kInvalidDateRange},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING"],"fromDatum":"2028-01-01"})",
       ErrorCode::kInvalidDateRange},
      {R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING"]})",
       ErrorCode::kInvalidRequest},
  };
  for (const auto& c : cases) {
    auto r = parse_subscription_request(c.body, kToday);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, c.code) << c.body << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace utbyte::leka
