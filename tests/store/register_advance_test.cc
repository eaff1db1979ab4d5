#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/synthetic/register_advance.h"
#include "store/synthetic/register_generator.h"
#include "test_db.h"

namespace utbyte::store::synthetic {
namespace {

const domain::Date kAsOf{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

std::int64_t count(const std::string& db, const std::string& sql) {
  auto conn = sqlite::Connection::open(db, false);
  EXPECT_TRUE(conn.ok());
  auto n = conn->query_int(sql);
  EXPECT_TRUE(n.ok()) << n.error().message;
  return n.ok() ? *n : -1;
}

std::string change_log(const std::string& db) {
  auto conn = sqlite::Connection::open(db, false);
  auto stmt = conn->prepare(
      "SELECT group_concat(personnummer || informationstyp || handelse || handelsedatum || "
      "referens, ';') FROM (SELECT * FROM register_andring ORDER BY seq)");
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(*stmt->step());
  return stmt->column_string(0);
}

TEST(RegisterAdvanceTest, FortyDaysBringPaymentsEndingsAndTheCatalogueStories) {
  testing::TempDir dir;
  const std::string db = dir.file("r.db");
  ASSERT_TRUE(generate_register(db, {200, 5, kAsOf}, nullptr).ok());
  EXPECT_EQ(count(db, "SELECT count(*) FROM register_andring"), 0);  // generate logs nothing

  AdvanceStats stats;
  Status s = advance_register(db, {40, 5}, nullptr, &stats);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(stats.from, kAsOf);
  EXPECT_EQ(stats.to, domain::add_days(kAsOf, 40));
  EXPECT_GT(stats.events[Handelse::kUtbetalningGenomford], 100);
  EXPECT_GT(stats.events[Handelse::kNyUtbetalning], 100);
  EXPECT_GT(stats.events[Handelse::kFormanUpphord], 0);
  EXPECT_GE(stats.events[Handelse::kAvliden], 2);  // the catalogue pensioner: ÅP, livränta, BT
  EXPECT_EQ(stats.events[Handelse::kFormanSparrad], 1);
  EXPECT_EQ(stats.events[Handelse::kLevnadsintygInkommet], 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM register_andring"), stats.total);

  // The register moved with its log.
  auto store = open_sqlite_store(db);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->registry().register_info()->as_of, stats.to);
  auto bengt = (*store)->registry().find_person("194806039998");
  ASSERT_TRUE(bengt.ok() && bengt->has_value());
  EXPECT_TRUE((*bengt)->avliden.has_value());
  EXPECT_EQ(count(db,
                  "SELECT count(*) FROM utbetalning WHERE status = 'PRELIMINAR' AND "
                  "utbetalningsdatum <= '2027-01-02'"),
            0);
  EXPECT_EQ(count(db,
                  "SELECT count(*) FROM beslut WHERE personnummer = '195509299987' AND "
                  "informationstyp = 'ALDERSPENSION' AND status = 'SPARRAD'"),
            count(db,
                  "SELECT count(*) FROM beslut WHERE personnummer = '195509299987' AND "
                  "informationstyp = 'ALDERSPENSION' AND (tom_datum IS NULL OR tom_datum >= "
                  "'2026-11-01')"));
  EXPECT_EQ(count(db,
                  "SELECT count(*) FROM beslut WHERE personnummer = '194411059985' AND "
                  "informationstyp = 'ALDERSPENSION' AND status = 'SPARRAD'"),
            0);
  // Every payment event names a payment that exists with its date, unless a death or a block
  // withdrew it afterwards.
  EXPECT_EQ(count(db,
                  "SELECT count(*) FROM register_andring a WHERE handelse IN "
                  "('NY_UTBETALNING', 'UTBETALNING_GENOMFORD') AND NOT EXISTS (SELECT 1 FROM "
                  "utbetalning u WHERE u.personnummer = a.personnummer AND "
                  "u.utbetalnings_id = a.referens AND u.utbetalningsdatum = a.handelsedatum) "
                  "AND NOT EXISTS (SELECT 1 FROM register_andring d WHERE d.personnummer = "
                  "a.personnummer AND d.handelse IN ('AVLIDEN', 'FORMAN_SPARRAD'))"),
            0);
  EXPECT_GT(count(db, "SELECT count(*) FROM register_andring WHERE handelse = 'NY_UTBETALNING'"),
            0);

  // A second advance continues; the catalogue stories are not told twice.
  AdvanceStats again;
  ASSERT_TRUE(advance_register(db, {5, 5}, nullptr, &again).ok());
  EXPECT_EQ(again.from, stats.to);
  EXPECT_EQ(again.events[Handelse::kFormanSparrad], 0);
  EXPECT_EQ(again.events[Handelse::kLevnadsintygInkommet], 0);
}

TEST(RegisterAdvanceTest, SameRegisterAndSeedGiveTheSameChanges) {
  testing::TempDir dir;
  const std::string a = dir.file("a.db");
  const std::string b = dir.file("b.db");
  ASSERT_TRUE(generate_register(a, {150, 9, kAsOf}, nullptr).ok());
  ASSERT_TRUE(generate_register(b, {150, 9, kAsOf}, nullptr).ok());
  ASSERT_TRUE(advance_register(a, {35, 3}, nullptr).ok());
  ASSERT_TRUE(advance_register(b, {35, 3}, nullptr).ok());
  EXPECT_FALSE(change_log(a).empty());
  EXPECT_EQ(change_log(a), change_log(b));
}

TEST(RegisterAdvanceTest, RejectsBadDaysAndMissingRegister) {
  testing::TempDir dir;
  const std::string db = dir.file("r.db");
  ASSERT_TRUE(generate_register(db, {10, 1, kAsOf}, nullptr).ok());
  EXPECT_EQ(advance_register(db, {0, 1}, nullptr).code(), ErrorCode::kInvalidRequest);
  EXPECT_EQ(advance_register(db, {367, 1}, nullptr).code(), ErrorCode::kInvalidRequest);
  EXPECT_FALSE(advance_register(dir.file("missing.db"), {1, 1}, nullptr).ok());
}

}  // namespace
}  // namespace utbyte::store::synthetic
