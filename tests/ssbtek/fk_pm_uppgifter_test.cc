#include "ssbtek/fk_pm_uppgifter.h"

#include <gtest/gtest.h>

namespace utbyte::ssbtek {
namespace {

using domain::InformationType;

domain::Date date(const char* text) { return *domain::parse_date(text); }

TEST(FkPmUppgifterTest, NullWithoutBenefitsOrPayments) {
  lefi::LefiAnswer answer;
  EXPECT_TRUE(fk_pm_uppgifter(answer).is_null());
  answer.utbetalningar.emplace();  // asked for, none paid
  EXPECT_TRUE(fk_pm_uppgifter(answer).is_null());
}

TEST(FkPmUppgifterTest, SummarisesBenefitsAndKeepsPaymentsAsLefiShowsThem) {
  lefi::LefiAnswer answer;
  store::DecisionRecord decision;
  decision.type = InformationType::kAlderspension;
  answer.formaner = {
      {InformationType::kAlderspension, domain::Myndighet::kPM, {decision, decision}}};
  const auto only_benefits = fk_pm_uppgifter(answer);
  ASSERT_TRUE(only_benefits.is_object());
  EXPECT_TRUE(only_benefits["utbetalningar"].is_array());
  EXPECT_TRUE(only_benefits["utbetalningar"].empty());

  store::PaymentRecord p;
  p.utbetalnings_id = "U-1";
  p.type = InformationType::kAlderspension;
  p.myndighet = domain::Myndighet::kPM;
  p.foretag = "Pensionsmyndigheten";
  p.utbetalningsdatum = date("2026-03-18");
  p.period_from = date("2026-03-01");
  p.period_tom = date("2026-03-31");
  p.bruttobelopp = 15000;
  p.skatteavdrag = 3000;
  p.nettobelopp = 12000;
  p.beloppstyp = "MANADSBELOPP";
  p.status = store::UtbetalningStatus::kPreliminar;
  answer.utbetalningar = std::vector<store::PaymentRecord>{p};

  const auto data = fk_pm_uppgifter(answer);
  EXPECT_EQ(
      data["formaner"],
      nlohmann::json::parse(R"([{"informationstyp":"ALDERSPENSION","benamning":"Ålderspension",
                                       "myndighet":"PM","antalBeslut":2}])"));
  EXPECT_EQ(data["utbetalningar"], nlohmann::json::parse(R"([{
      "utbetalningsId":"U-1","utbetalningsdatum":"2026-03-18","foretag":"Pensionsmyndigheten",
      "myndighet":"PM","informationstyp":"ALDERSPENSION","periodFrom":"2026-03-01",
      "periodTom":"2026-03-31","bruttobelopp":15000,"skatteavdrag":3000,"nettobelopp":12000,
      "beloppstyp":"MANADSBELOPP","status":"PRELIMINAR"}])"));
}

}  // namespace
}  // namespace utbyte::ssbtek
