#include "webui/payment_totals.h"

#include <gtest/gtest.h>

namespace utbyte::webui {
namespace {

domain::Date date(const char* text) { return *domain::parse_date(text); }

store::PaymentRecord payment(const char* datum, std::int64_t brutto, std::int64_t skatt) {
  store::PaymentRecord p;
  p.utbetalningsdatum = date(datum);
  p.bruttobelopp = brutto;
  p.skatteavdrag = skatt;
  p.nettobelopp = brutto - skatt;
  return p;
}

TEST(PaymentTotalsTest, TotalsPerMonth) {
  const auto totals =
      totals_per_month({payment("2026-01-25", 1000, 300), payment("2026-03-25", 500, 150),
                        payment("2026-03-26", 200, 0)});
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].month, "2026-01");
  EXPECT_EQ(totals[0].netto, 700);
  EXPECT_EQ(totals[1].month, "2026-03");
  EXPECT_EQ(totals[1].antal, 2);
  EXPECT_EQ(totals[1].brutto, 700);
  EXPECT_EQ(totals[1].skatt, 150);
  EXPECT_EQ(totals[1].netto, 550);

  const auto months = months_between(date("2026-01-01"), date("2026-04-30"), totals);
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months[1].month, "2026-02");
  EXPECT_EQ(months[1].netto, 0);
  EXPECT_EQ(months[2].netto, 550);
  EXPECT_EQ(months_between(date("2025-11-15"), date("2026-02-01"), {}).size(),
            4u);  // over a year end
  EXPECT_TRUE(months_between(date("2026-02-01"), date("2026-01-01"), {}).empty());
  EXPECT_EQ(months_between(date("2000-01-01"), date("2026-01-01"), {}).size(), 120u);
}

}  // namespace
}  // namespace utbyte::webui
