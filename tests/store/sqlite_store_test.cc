#include "store/sqlite/sqlite_store.h"

#include <sys/stat.h>

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/register_writer.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_db.h"
#include "test_db.h"

namespace utbyte::store {
namespace {

using domain::DateRange;
using domain::parse_date;
using IT = InformationType;

constexpr const char* kPnr = "201701012393";

Date d(const char* text) { return *parse_date(text); }

DecisionRecord decision(const char* id, IT type, const char* from, std::optional<Date> tom) {
  DecisionRecord r;
  r.beslut_id = id;
  r.type = type;
  r.myndighet = domain::info(type).owner;
  r.beslutsdatum = d(from);
  r.from = d(from);
  r.tom = tom;
  r.omfattning = "HEL";
  r.belopp = 1000;
  r.period = Beloppsperiod::kManad;
  r.beskrivning = "test";
  return r;
}

PaymentRecord payment(const char* id, IT type, const char* paid) {
  PaymentRecord p;
  p.utbetalnings_id = id;
  p.type = type;
  p.myndighet = domain::info(type).owner;
  p.foretag = p.myndighet == Myndighet::kPM ? "Pensionsmyndigheten" : "Försäkringskassan";
  p.utbetalningsdatum = d(paid);
  p.period_from = d(paid);
  p.period_tom = d(paid);
  p.bruttobelopp = 1000;
  p.skatteavdrag = 300;
  p.nettobelopp = 700;
  p.beloppstyp = "MANADSBELOPP";
  return p;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("register.db");
    auto conn = sqlite::Connection::open(path_);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    ASSERT_TRUE(sqlite::migrate(*conn).ok());
    auto writer = sqlite::RegisterWriter::create(*conn);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    PersonRecord p;
    p.personnummer = kPnr;
    p.fornamn = "Elias";
    p.efternamn = "Lindqvist";
    p.fodelsedatum = d("2017-01-01");
    p.kon = domain::Kon::kMan;
    p.skyddad_identitet = true;
    p.avliden = d("2025-01-31");
    p.adress = {"Storgatan 1", "11122", "Stockholm"};
    ASSERT_TRUE(writer->insert_person(p).ok());
    // Decisions: closed [2024-01-01, 2024-06-30], open from 2024-07-01, and another type.
    ASSERT_TRUE(writer
                    ->insert_decision(
                        kPnr, decision("B-2", IT::kSjukpenning, "2024-01-01", d("2024-06-30")))
                    .ok());
    ASSERT_TRUE(
        writer->insert_decision(kPnr, decision("B-3", IT::kSjukpenning, "2024-07-01", {})).ok());
    ASSERT_TRUE(
        writer->insert_decision(kPnr, decision("B-1", IT::kBarnbidrag, "2023-01-01", {})).ok());
    ASSERT_TRUE(writer->insert_payment(kPnr, payment("U-3", IT::kSjukpenning, "2024-02-25")).ok());
    ASSERT_TRUE(writer->insert_payment(kPnr, payment("U-2", IT::kBarnbidrag, "2024-02-25")).ok());
    ASSERT_TRUE(writer->insert_payment(kPnr, payment("U-1", IT::kBarnbidrag, "2024-01-19")).ok());
    ASSERT_TRUE(writer->insert_payment(kPnr, payment("U-4", IT::kSjukpenning, "2024-03-25")).ok());
    ASSERT_TRUE(writer->put_meta("synthetic", "1").ok());
    ASSERT_TRUE(writer->put_meta("seed", "42").ok());
    ASSERT_TRUE(writer->put_meta("persons", "1").ok());
    ASSERT_TRUE(writer->put_meta("as_of", "2025-03-01").ok());
    ASSERT_TRUE(writer->put_meta("generated_at", "2025-03-01T00:00:00.000Z").ok());
    auto store = open_sqlite_store(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value();
  }

  std::vector<std::string> decision_ids(std::vector<IT> types, DateRange range) {
    auto r = store_->registry().find_decisions(kPnr, types, range);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& x : *r) ids.push_back(x.beslut_id);
    }
    return ids;
  }

  std::vector<std::string> payment_ids(std::vector<IT> types, DateRange range) {
    auto r = store_->registry().find_payments(kPnr, types, range);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& x : *r) ids.push_back(x.utbetalnings_id);
    }
    return ids;
  }

  testing::TempDir dir_;
  std::string path_;
  StorePtr store_;
};

mode_t mode_of(const std::string& file) {
  struct stat st {};
  EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
  return st.st_mode & 07777;
}

// The database, its -wal and its -shm hold personnummer and password hashes: 0600 whatever the
// umask, and an existing database readable by others is tightened when opened.
TEST(SqliteFileModeTest, DatabaseWalAndShmArePrivate) {
  testing::TempDir dir;
  const mode_t previous = ::umask(022);
  const std::string path = dir.file("private.db");
  {
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto conn = sqlite::Connection::open(path);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(conn->exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);").ok());
    for (const auto* suffix : {"", "-wal", "-shm"}) {
      EXPECT_EQ(mode_of(path + suffix), 0600u) << suffix;
    }
  }
  const std::string shared = dir.file("shared.db");
  ASSERT_TRUE(sqlite::Connection::open(shared).ok());
  ASSERT_EQ(::chmod(shared.c_str(), 0644), 0);
  ASSERT_TRUE(sqlite::Connection::open(shared, false).ok());
  EXPECT_EQ(mode_of(shared), 0600u);
  ::umask(previous);
}

TEST_F(SqliteStoreTest, FindsPersonWithEveryField) {
  auto p = store_->registry().find_person(kPnr);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->has_value());
  const PersonRecord& r = **p;
  EXPECT_EQ(r.fornamn, "Elias");
  EXPECT_EQ(r.efternamn, "Lindqvist");
  EXPECT_EQ(r.fodelsedatum, d("2017-01-01"));
  EXPECT_EQ(r.kon, domain::Kon::kMan);
  EXPECT_FALSE(r.samordningsnummer);
  EXPECT_TRUE(r.skyddad_identitet);
  EXPECT_EQ(r.avliden, d("2025-01-31"));
  EXPECT_EQ(r.adress.postort, "Stockholm");
}

TEST_F(SqliteStoreTest, UnknownPersonIsNulloptNotError) {
  auto p = store_->registry().find_person("191212121212");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->has_value());
}

TEST_F(SqliteStoreTest, DecisionsFilterByType) {
  const DateRange all{d("2000-01-01"), d("2030-12-31")};
  EXPECT_EQ(decision_ids({IT::kBarnbidrag}, all), std::vector<std::string>{"B-1"});
  EXPECT_EQ(decision_ids({IT::kSjukpenning}, all), (std::vector<std::string>{"B-2", "B-3"}));
  // Ordered by type (enum order: BARNBIDRAG before SJUKPENNING), then from-date.
  EXPECT_EQ(decision_ids({IT::kSjukpenning, IT::kBarnbidrag}, all),
            (std::vector<std::string>{"B-1", "B-2", "B-3"}));
  EXPECT_TRUE(decision_ids({IT::kAlderspension}, all).empty());
  EXPECT_TRUE(decision_ids({}, all).empty());
}

TEST_F(SqliteStoreTest, DecisionOverlapIsInclusiveAtBothEnds) {
  const std::vector<IT> sp{IT::kSjukpenning};
  // Range ending on B-2's first day, and starting on its last day: both overlap.
  EXPECT_EQ(decision_ids(sp, {d("2023-06-01"), d("2024-01-01")}), std::vector<std::string>{"B-2"});
  EXPECT_EQ(decision_ids(sp, {d("2024-06-30"), d("2024-06-30")}), std::vector<std::string>{"B-2"});
  // One day before B-2 starts: nothing.
  EXPECT_TRUE(decision_ids(sp, {d("2023-06-01"), d("2023-12-31")}).empty());
  // B-3 is open-ended: any later range overlaps it; the day after B-2 ends finds only B-3.
  EXPECT_EQ(decision_ids(sp, {d("2024-07-01"), d("2024-07-01")}), std::vector<std::string>{"B-3"});
  EXPECT_EQ(decision_ids(sp, {d("2029-01-01"), d("2029-12-31")}), std::vector<std::string>{"B-3"});
}

TEST_F(SqliteStoreTest, PaymentsOrderedByDateThenTypeThenId) {
  const DateRange all{d("2000-01-01"), d("2030-12-31")};
  EXPECT_EQ(payment_ids({IT::kSjukpenning, IT::kBarnbidrag}, all),
            (std::vector<std::string>{"U-1", "U-2", "U-3", "U-4"}));
  EXPECT_EQ(payment_ids({IT::kSjukpenning}, all), (std::vector<std::string>{"U-3", "U-4"}));
}

TEST_F(SqliteStoreTest, PaymentRangeIsInclusive) {
  const std::vector<IT> both{IT::kSjukpenning, IT::kBarnbidrag};
  EXPECT_EQ(payment_ids(both, {d("2024-01-19"), d("2024-02-25")}),
            (std::vector<std::string>{"U-1", "U-2", "U-3"}));
  EXPECT_EQ(payment_ids(both, {d("2024-01-20"), d("2024-02-24")}), std::vector<std::string>{});
  EXPECT_EQ(payment_ids(both, {d("2024-03-25"), d("2024-03-25")}), std::vector<std::string>{"U-4"});
}

TEST_F(SqliteStoreTest, PaymentFieldsRoundTrip) {
  auto r = store_->registry().find_payments(kPnr, std::vector<IT>{IT::kBarnbidrag},
                                            {d("2024-01-01"), d("2024-01-31")});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  const PaymentRecord& p = r->front();
  EXPECT_EQ(p.foretag, "Försäkringskassan");
  EXPECT_EQ(p.myndighet, Myndighet::kFK);
  EXPECT_EQ(p.bruttobelopp, 1000);
  EXPECT_EQ(p.skatteavdrag, 300);
  EXPECT_EQ(p.nettobelopp, 700);
  EXPECT_EQ(p.status, UtbetalningStatus::kUtbetald);
}

TEST_F(SqliteStoreTest, RegisterInfo) {
  auto info = store_->registry().register_info();
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_TRUE(info->synthetic);
  EXPECT_EQ(info->seed, 42u);
  EXPECT_EQ(info->persons, 1);
  EXPECT_EQ(info->as_of, d("2025-03-01"));
  EXPECT_EQ(info->generated_at, "2025-03-01T00:00:00.000Z");
}

TEST_F(SqliteStoreTest, RegisterInfoOfEmptyDatabaseIsAnError) {
  auto store = open_sqlite_store(dir_.file("empty.db"));
  ASSERT_TRUE(store.ok());
  auto info = (*store)->registry().register_info();
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, ErrorCode::kStoreError);
}

TEST_F(SqliteStoreTest, ConcurrentReadersFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        auto p = store_->registry().find_person(kPnr);
        auto pay = store_->registry().find_payments(
            kPnr, std::vector<IT>{IT::kSjukpenning, IT::kBarnbidrag},
            {d("2000-01-01"), d("2030-01-01")});
        if (!p.ok() || !p->has_value() || !pay.ok() || pay->size() != 4) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(SqliteStoreTest, ReopenKeepsSchemaVersion) {
  store_.reset();
  auto again = open_sqlite_store(path_);
  ASSERT_TRUE(again.ok());
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*conn->query_int("PRAGMA user_version"), sqlite::kSchemaVersion);
  EXPECT_EQ(*conn->query_int("PRAGMA foreign_keys"), 1);
}

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  store_.reset();
  {
    auto conn = sqlite::Connection::open(path_, false);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(conn->exec("PRAGMA user_version=99").ok());
  }
  auto again = open_sqlite_store(path_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kStoreError);
}

}  // namespace
}  // namespace utbyte::store
