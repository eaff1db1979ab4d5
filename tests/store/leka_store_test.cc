#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/sqlite/change_log_writer.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace utbyte::store {
namespace {

using domain::InformationType;

Subscription subscription(std::string aktor, std::string pnr, std::string id) {
  Subscription s;
  s.id = std::move(id);
  s.aktors_id = std::move(aktor);
  s.organisationsnummer = "5567890123";
  s.personnummer = std::move(pnr);
  s.informationstyper = {InformationType::kSjukpenning, InformationType::kUtbetalning};
  s.from_datum = *domain::parse_date("2026-01-01");
  s.skapad_ms = 1000;
  return s;
}

NotificationDraft draft(std::string aktor, std::string text) {
  NotificationDraft d;
  d.aktors_id = std::move(aktor);
  d.avisering_id = "A";
  d.prenumeration_id = "P";
  d.personnummer = "198503129986";
  d.informationstyp = InformationType::kSjukpenning;
  d.handelse = Handelse::kNyttBeslut;
  d.innehall = std::move(text);
  return d;
}

class LekaStoreTest : public testing::BothStoresTest {
 protected:
  void SetUp() override {
    BothStoresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto opened = open_store(spec());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  LekaStore& leka() { return store_->leka(); }

  StorePtr store_;
};
UTBYTE_BOTH_STORES(LekaStoreTest);

TEST_P(LekaStoreTest, TypesAreEncodedSortedAndRoundTrip) {
  const std::vector<InformationType> types = {InformationType::kUtbetalning,
                                              InformationType::kAlderspension,
                                              InformationType::kAlderspension};
  EXPECT_EQ(encode_types(types), "ALDERSPENSION,UTBETALNING");
  auto decoded = decode_types("ALDERSPENSION,UTBETALNING");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 2u);
  EXPECT_FALSE(decode_types("ALDERSPENSION,NOPE").has_value());
  for (auto h : {Handelse::kNyttBeslut, Handelse::kAvliden, Handelse::kHeluppdatering}) {
    EXPECT_EQ(parse_handelse(to_string(h)), h);
  }
}

TEST_P(LekaStoreTest, SameSubscriptionTwiceIsOneRow) {
  auto first = leka().create(subscription("A", "198503129986", "P-1"), {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  auto second = leka().create(subscription("A", "198503129986", "P-2"), {});
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->subscription.id, "P-1");
  auto same = leka().find_same(subscription("A", "198503129986", ""));
  ASSERT_TRUE(same.ok());
  ASSERT_TRUE(same->has_value());
  EXPECT_EQ((*same)->id, "P-1");
  // Another actor's same person is its own subscription, invisible to the first.
  auto other = leka().create(subscription("B", "198503129986", "P-3"), {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->created);
  EXPECT_FALSE(leka().find("A", "P-3")->has_value());
  EXPECT_TRUE(leka().find("B", "P-3")->has_value());
  EXPECT_FALSE(*leka().remove("A", "P-3"));
  EXPECT_TRUE(*leka().remove("B", "P-3"));
  EXPECT_FALSE(leka().find("B", "P-3")->has_value());
}

TEST_P(LekaStoreTest, ListPagesInOrderWithCursor) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        leka()
            .create(subscription("A", fmt::format("19850312{:04d}", i), fmt::format("P-{}", i)), {})
            .ok());
  }
  auto page1 = leka().list("A", std::nullopt, 0, 2);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, "P-0");
  ASSERT_TRUE(page1->next_cursor.has_value());
  auto page3 = leka().list("A", std::nullopt,
                           *leka().list("A", std::nullopt, *page1->next_cursor, 2)->next_cursor, 2);
  ASSERT_TRUE(page3.ok());
  ASSERT_EQ(page3->items.size(), 1u);
  EXPECT_EQ(page3->items[0].id, "P-4");
  EXPECT_FALSE(page3->next_cursor.has_value());
  auto one = leka().list("A", std::string("198503120003"), 0, 10);
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].id, "P-3");
}

TEST_P(LekaStoreTest, FeedIsGapFreePerActorAndRedeliveredUntilAcknowledged) {
  ASSERT_TRUE(leka()
                  .append(std::vector{draft("A", "{\"x\":1}"), draft("B", "{\"x\":2}"),
                                      draft("A", "{\"x\":3}")},
                          std::nullopt, 0)
                  .ok());
  auto page = leka().notifications("A", std::nullopt, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].sekvens, 1);
  EXPECT_EQ(page->items[1].sekvens, 2);
  EXPECT_EQ(page->items[1].innehall, "{\"x\":3}");
  EXPECT_EQ(leka().notifications("B", std::nullopt, 10)->items.at(0).sekvens, 1);

  // Acknowledging beyond what was handed out is refused; within it, idempotent.
  auto ahead = leka().acknowledge("A", 3, 5);
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().code, ErrorCode::kAcknowledgementAhead);
  EXPECT_EQ(*leka().acknowledge("A", 1, 5), 1);
  EXPECT_EQ(*leka().acknowledge("A", 1, 6), 1);
  EXPECT_EQ(*leka().acknowledge("A", 0, 6), 1);  // never moves back
  auto rest = leka().notifications("A", std::nullopt, 10);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].sekvens, 2);
  EXPECT_EQ(rest->kvitterad_tom, 1);
  // An explicit fromSekvens reads acknowledged ones again (until purged).
  EXPECT_EQ(leka().notifications("A", 1, 10)->items.size(), 2u);
  EXPECT_EQ(*leka().purge(6), 1);
  EXPECT_EQ(leka().notifications("A", 1, 10)->items.size(), 1u);
}

TEST_P(LekaStoreTest, HighWaterMarkMovesOnlyFromTheExpectedValue) {
  EXPECT_EQ(*leka().high_water_mark(), 0);
  auto moved = leka().append(std::vector{draft("A", "{}")}, std::int64_t{0}, 10);
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(*moved);
  EXPECT_EQ(*leka().high_water_mark(), 10);
  // A second run that read the old mark writes nothing.
  auto stale = leka().append(std::vector{draft("A", "{}")}, std::int64_t{0}, 10);
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(*stale);
  EXPECT_EQ(leka().notifications("A", std::nullopt, 10)->items.size(), 1u);
}

TEST_P(LekaStoreTest, ChangeLogRowsAreReadInOrderAfterASeq) {
  if (postgres()) {
    GTEST_SKIP() << "skriver med SQLite-skrivaren; PostgreSQL: "
                    "PostgresStoreTest.GeneratedRegisterAnswersLikeSqlite";
  }
  auto conn = sqlite::Connection::open(spec(), false);
  ASSERT_TRUE(conn.ok());
  auto log = sqlite::ChangeLogWriter::create(*conn);
  ASSERT_TRUE(log.ok());
  for (int i = 0; i < 3; ++i) {
    RegisterChange c;
    c.personnummer = fmt::format("19850312{:04d}", i);
    c.informationstyp = InformationType::kAlderspension;
    c.myndighet = domain::Myndighet::kPM;
    c.handelse = Handelse::kNyUtbetalning;
    c.handelsedatum = *domain::parse_date("2026-12-18");
    c.referens = fmt::format("U-{}", i);
    ASSERT_TRUE(log->append(c).ok());
  }
  auto changes = leka().changes_after(1, 10);
  ASSERT_TRUE(changes.ok()) << changes.error().message;
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].seq, 2);
  EXPECT_EQ((*changes)[1].referens, "U-2");
  EXPECT_EQ((*changes)[1].myndighet, domain::Myndighet::kPM);
  // A subscription registered now starts after the log's end.
  auto created = leka().create(subscription("A", "198503129986", "P-9"), {});
  EXPECT_EQ(created->subscription.andring_seq, 3);
}

}  // namespace
}  // namespace utbyte::store
