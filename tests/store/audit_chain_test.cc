#include "store/audit_chain.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_store.h"
#include "test_db.h"

namespace utbyte::store {
namespace {

AuditEvent event(int n) {
  AuditEvent e;
  e.tidpunkt = "2025-03-01T10:00:00." + std::to_string(100 + n % 900) + "Z";
  e.transaktions_id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + n);
  e.aktors_id = "AKTOR1";
  e.organisationsnummer = "5560000001";
  e.tjanst = "LEFI.FORMANSINFORMATION.V9";
  e.personnummer = "201701012393";
  e.informationstyper = {"SJUKPENNING", "UTBETALNING"};
  e.rattslig_grund = "TEST";
  e.utfall = "UTLAMNAT";
  return e;
}

TEST(AuditChainTest, CanonicalTextIsStableAndEscaped) {
  AuditEvent e = event(1);
  e.anvandare = "a\"b\\c\n";
  EXPECT_EQ(canonical_audit_text(e), canonical_audit_text(e));
  const std::string text = canonical_audit_text(e);
  EXPECT_EQ(text.rfind("{\"tidpunkt\":", 0), 0u);
  EXPECT_NE(text.find(R"("anvandare":"a\"b\\c\u000a")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("informationstyper":["SJUKPENNING","UTBETALNING"])"), std::string::npos);
}

TEST(AuditChainTest, HashIsLowercaseHexSha256AndDependsOnEveryInput) {
  const AuditEvent e = event(1);
  const std::string h = audit_hash(kGenesisHash, e);
  ASSERT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(audit_hash(h, e), h);
  AuditEvent other = e;
  other.informationstyper.push_back("SGI");
  EXPECT_NE(audit_hash(kGenesisHash, other), h);
  // A list is not the same as its elements joined.
  AuditEvent joined = e;
  joined.informationstyper = {"SJUKPENNING,UTBETALNING"};
  EXPECT_NE(audit_hash(kGenesisHash, joined), h);
}

TEST(AuditChainTest, StringListRoundTrip) {
  const std::vector<std::vector<std::string>> cases = {
      {}, {""}, {"A"}, {"A", "B"}, {"a,b", "\"q\"", "back\\slash", "\x01\x1f", "åäö"}};
  for (const auto& values : cases) {
    auto decoded = decode_string_list(encode_string_list(values));
    ASSERT_TRUE(decoded.has_value()) << encode_string_list(values);
    EXPECT_EQ(*decoded, values);
  }
  EXPECT_FALSE(decode_string_list("").has_value());
  EXPECT_FALSE(decode_string_list("[\"a\"").has_value());
  EXPECT_FALSE(decode_string_list("[\"a\" \"b\"]").has_value());
}

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("audit.db");
    auto store = open_sqlite_store(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value();
  }

  void append(int n) {
    for (int i = 0; i < n; ++i) {
      auto seq = store_->audit().append(event(i));
      ASSERT_TRUE(seq.ok()) << seq.error().message;
    }
  }

  // Runs SQL on a separate raw connection, as a tamperer with file access would.
  void tamper(const std::string& sql) {
    auto conn = sqlite::Connection::open(path_, false);
    ASSERT_TRUE(conn.ok());
    Status s = conn->exec(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  testing::TempDir dir_;
  std::string path_;
  StorePtr store_;
};

TEST_F(AuditStoreTest, EmptyChainVerifies) {
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 0);
  EXPECT_FALSE(v->first_broken.has_value());
}

TEST_F(AuditStoreTest, AppendsLinkedEntriesAndVerifies) {
  append(200);
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->entries, 200);
  EXPECT_FALSE(v->first_broken.has_value()) << v->reason;

  auto entries = store_->audit().read(0, 3);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].sekvens, 1);
  EXPECT_EQ((*entries)[0].prev_hash, kGenesisHash);
  EXPECT_EQ((*entries)[1].prev_hash, (*entries)[0].hash);
  EXPECT_EQ((*entries)[0].hash, audit_hash(kGenesisHash, event(0)));
  EXPECT_EQ((*entries)[2].event.informationstyper, event(2).informationstyper);

  auto tail = store_->audit().read(198, 10);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ(tail->back().sekvens, 200);
}

TEST_F(AuditStoreTest, TriggersRefuseUpdateAndDelete) {
  append(3);
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE(conn->exec("UPDATE audit_logg SET utfall = 'X' WHERE sekvens = 2").ok());
  EXPECT_FALSE(conn->exec("DELETE FROM audit_logg WHERE sekvens = 2").ok());
}

TEST_F(AuditStoreTest, DetectsUpdatedFieldAtExactSekvens) {
  append(50);
  tamper(
      "DROP TRIGGER audit_logg_no_update; "
      "UPDATE audit_logg SET personnummer = '191212121212' WHERE sekvens = 17;");
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 50);
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(*v->first_broken, 17);
  EXPECT_FALSE(v->reason.empty());
}

TEST_F(AuditStoreTest, DetectsTamperedInformationstyper) {
  append(10);
  tamper(
      "DROP TRIGGER audit_logg_no_update; "
      "UPDATE audit_logg SET informationstyper = '[\"SGI\"]' WHERE sekvens = 4;");
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(*v->first_broken, 4);
}

TEST_F(AuditStoreTest, DetectsRewrittenHashThroughTheNextLink) {
  append(10);
  // Recomputing the row's own hash hides the change in that row, but not in the next link.
  AuditEvent changed = event(4);  // sekvens 5 holds event(4)
  changed.utfall = "PERSON_SAKNAS";
  auto entries = store_->audit().read(4, 1);
  ASSERT_TRUE(entries.ok());
  const std::string new_hash = audit_hash((*entries)[0].prev_hash, changed);
  tamper(
      "DROP TRIGGER audit_logg_no_update; UPDATE audit_logg SET utfall = 'PERSON_SAKNAS', "
      "hash = '" +
      new_hash + "' WHERE sekvens = 5;");
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(*v->first_broken, 6);
}

TEST_F(AuditStoreTest, DetectsDeletedMiddleRow) {
  append(20);
  tamper("DROP TRIGGER audit_logg_no_delete; DELETE FROM audit_logg WHERE sekvens = 9;");
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 19);
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(*v->first_broken, 10);
  EXPECT_NE(v->reason.find("9"), std::string::npos) << v->reason;
}

TEST_F(AuditStoreTest, ConcurrentAppendsFormOneValidChain) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::int64_t>> seqs(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto seq = store_->audit().append(event(t * 1000 + i));
        if (!seq.ok()) {
          ++failures;
        } else {
          seqs[static_cast<std::size_t>(t)].push_back(*seq);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  std::set<std::int64_t> all;
  for (const auto& s : seqs) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, kThreads * kPerThread);
  EXPECT_FALSE(v->first_broken.has_value()) << v->reason;
}

TEST_F(AuditStoreTest, TwoStoresOnOneFileShareTheChain) {
  auto second = open_sqlite_store(path_);
  ASSERT_TRUE(second.ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(store_->audit().append(event(i)).ok());
    ASSERT_TRUE((*second)->audit().append(event(100 + i)).ok());
  }
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 40);
  EXPECT_FALSE(v->first_broken.has_value()) << v->reason;
}

}  // namespace
}  // namespace utbyte::store

namespace utbyte::store {
namespace {

TEST_F(AuditStoreTest, AppendIsIdempotentPerTransactionId) {
  append(3);
  auto again = store_->audit().append(event(1));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 2) << "the entry already recorded for that transaction id";
  auto next = store_->audit().append(event(3));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 4);
  auto v = store_->audit().verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->entries, 4);
  EXPECT_FALSE(v->first_broken.has_value()) << v->reason;
}

}  // namespace
}  // namespace utbyte::store
