#include "leka/delivery_filter.h"

#include <gtest/gtest.h>

namespace utbyte::leka {
namespace {

using domain::InformationType;

store::StoredNotification notification(std::int64_t sekvens, InformationType type,
                                       bool with_payments) {
  store::StoredNotification n;
  n.sekvens = sekvens;
  n.personnummer = "198503129986";
  n.informationstyp = type;
  n.innehall = with_payments ? R"({"tillstand":{"beslut":[],"utbetalningar":[{"belopp":1}]}})"
                             : R"({"referens":"\"utbetalningar\":","tillstand":{"beslut":[]}})";
  return n;
}

platform::Agreement allowing(std::set<InformationType> types) {
  platform::Agreement a;
  a.aktors_id = "A";
  a.informationstyper = std::move(types);
  return a;
}

TEST(DeliveryFilterTest, PaymentsAddUtbetalningToWhatIsDisclosed) {
  EXPECT_EQ(disclosed_types(notification(1, InformationType::kSjukpenning, true)),
            (std::vector{InformationType::kSjukpenning, InformationType::kUtbetalning}));
  // The escaped name inside a string value is not the member.
  EXPECT_EQ(disclosed_types(notification(1, InformationType::kSjukpenning, false)),
            (std::vector{InformationType::kSjukpenning}));
}

TEST(DeliveryFilterTest, WithholdsWhatTheAgreementNoLongerAllows) {
  std::vector<store::StoredNotification> items = {
      notification(4, InformationType::kSjukpenning, false),
      notification(5, InformationType::kBarnbidrag, true),
      notification(6, InformationType::kSjukpenning, true),
      notification(7, InformationType::kBarnbidrag, false),
      notification(8, InformationType::kSgi, true),
  };
  // SJUKPENNING and UTBETALNING withdrawn; BARNBIDRAG and SGI still allowed.
  const auto page =
      withhold_not_allowed(items, allowing({InformationType::kBarnbidrag, InformationType::kSgi}));
  ASSERT_EQ(page.delivered.size(), 1u);
  EXPECT_EQ(page.delivered[0].sekvens, 7);
  ASSERT_EQ(page.withheld.size(), 2u);
  // Counted once, under the notification's own type first.
  EXPECT_EQ(page.withheld[0].informationstyp, InformationType::kSjukpenning);
  EXPECT_EQ(page.withheld[0].sekvensnummer, (std::vector<std::int64_t>{4, 6}));
  EXPECT_EQ(page.withheld[1].informationstyp, InformationType::kUtbetalning);
  EXPECT_EQ(page.withheld[1].sekvensnummer, (std::vector<std::int64_t>{5, 8}));
  EXPECT_EQ(withheld_text(page.withheld[0]),
            "2 aviseringar av informationstyp SJUKPENNING undanhålls: avtalet medger inte längre "
            "typen");
  EXPECT_EQ(withheld_text({InformationType::kUtbetalning, {5}}),
            "1 avisering med utbetalningar (informationstyp UTBETALNING) undanhålls: avtalet "
            "medger inte längre typen");

  // Everything allowed: nothing withheld, order kept.
  const auto all = withhold_not_allowed(
      items, allowing({InformationType::kBarnbidrag, InformationType::kSgi,
                       InformationType::kSjukpenning, InformationType::kUtbetalning}));
  ASSERT_EQ(all.delivered.size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(all.delivered[i].sekvens, items[i].sekvens);
  }
  EXPECT_TRUE(all.withheld.empty());
}

}  // namespace
}  // namespace utbyte::leka
