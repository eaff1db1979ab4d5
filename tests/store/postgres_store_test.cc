// The PostgreSQL store: parity with SQLite on the same register, and the guarantees that matter
// when several instances share one database. "Two instances" are two Store objects, each with
// its own connection pool, on one database.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"
#include "store/store.h"
#include "store/synthetic/catalogue.h"
#include "store/synthetic/register_advance.h"
#include "store/synthetic/register_generator.h"
#include "test_db.h"

namespace utbyte::store {
namespace {

using domain::InformationType;
using std::chrono::milliseconds;

const domain::Date kAsOf = *domain::parse_date("2026-03-15");

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (db_.spec().empty()) {
      const std::string why = testing::PostgresTestDatabase::skip_reason();
      if (!why.empty()) GTEST_SKIP() << why;
      FAIL() << "ingen PostgreSQL-databas för testet";
    }
    a_ = open();
    b_ = open();
    ASSERT_TRUE(a_ && b_);
  }
  StorePtr open() {
    auto opened = open_store(db_.spec());
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  testing::PostgresTestDatabase db_;
  testing::TempDir dir_;
  StorePtr a_;  // instance A
  StorePtr b_;  // instance B
};

AuditEvent event(const std::string& tx) {
  AuditEvent e;
  e.tidpunkt = "2026-03-15T10:00:00.000Z";
  e.transaktions_id = tx;
  e.aktors_id = "AKTOR";
  e.organisationsnummer = "5567890123";
  e.tjanst = "LEFI.FORMANSINFORMATION.V9";
  e.personnummer = "198503129986";
  e.informationstyper = {"SJUKPENNING", "tab\tand \"quote\""};
  e.rattslig_grund = "TEST";
  e.utfall = "UTLAMNAT";
  return e;
}

TEST(PostgresUrl, MasksPasswordsAndRecognisesSchemes) {
  EXPECT_EQ(postgres::mask_url("postgresql://u:hemligt@db:5432/x?sslmode=require"),
            "postgresql://u:***@db:5432/x?sslmode=require");
  EXPECT_EQ(postgres::mask_url("postgres:///x?host=/tmp&password=hemligt&port=1"),
            "postgres:///x?host=/tmp&password=***&port=1");
  EXPECT_EQ(postgres::mask_url("postgresql://u@db/x"), "postgresql://u@db/x");
  EXPECT_TRUE(is_postgres_spec("postgres://x"));
  EXPECT_TRUE(is_postgres_spec("postgresql://x"));
  EXPECT_FALSE(is_postgres_spec("sqlite:/tmp/x.db"));
  EXPECT_EQ(sqlite_path("sqlite:/tmp/x.db"), "/tmp/x.db");
  EXPECT_EQ(sqlite_path("/tmp/x.db"), "/tmp/x.db");
}

TEST(PostgresUrl, UnreachableServerIsAStoreErrorWithTheMaskedUrl) {
  auto opened =
      open_store("postgresql://u:hemligt@/utbyte?host=/nonexistent-dir&connect_timeout=2");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kStoreError);
  EXPECT_NE(opened.error().message.find("u:***@"), std::string::npos) << opened.error().message;
  EXPECT_EQ(opened.error().message.find("hemligt"), std::string::npos);
}

TEST_F(PostgresStoreTest, InstancesStartingTogetherMigrateOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { failures += open() ? 0 : 1; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto conn = postgres::Connection::open(db_.spec());
  ASSERT_TRUE(conn.ok());
  auto versions = (*conn)->query("SELECT version FROM schema_version ORDER BY version");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), static_cast<int>(postgres::kSchemaVersion));
  for (int i = 0; i < versions->size(); ++i) EXPECT_EQ(versions->int64(i, 0), i + 1);
}

TEST_F(PostgresStoreTest, GeneratedRegisterAnswersLikeSqlite) {
  const std::string sqlite = dir_.file("r.db");
  synthetic::GenerateStats pg_stats;
  synthetic::GenerateStats sqlite_stats;
  ASSERT_TRUE(synthetic::generate_register(db_.spec(), {300, 7, kAsOf}, nullptr, &pg_stats).ok());
  ASSERT_TRUE(synthetic::generate_register(sqlite, {300, 7, kAsOf}, nullptr, &sqlite_stats).ok());
  EXPECT_EQ(pg_stats.payments, sqlite_stats.payments);
  auto lite = open_store("sqlite:" + sqlite);
  ASSERT_TRUE(lite.ok());
  const std::vector<InformationType> all = {
      InformationType::kSjukpenning,     InformationType::kAlderspension,
      InformationType::kForaldrapenning, InformationType::kBarnbidrag,
      InformationType::kBostadstillagg,  InformationType::kSgi};
  const domain::DateRange range{*domain::parse_date("2024-01-01"),
                                *domain::parse_date("2026-12-31")};
  int compared = 0;
  for (const auto& entry : synthetic::catalogue()) {
    auto p = a_->registry().find_person(entry.personnummer);
    auto s = (*lite)->registry().find_person(entry.personnummer);
    ASSERT_TRUE(p.ok() && s.ok());
    ASSERT_TRUE(p->has_value() && s->has_value()) << entry.personnummer;
    EXPECT_EQ((*p)->efternamn, (*s)->efternamn);
    EXPECT_EQ((*p)->skyddad_identitet, (*s)->skyddad_identitet);
    EXPECT_EQ((*p)->avliden, (*s)->avliden);
    auto pd = a_->registry().find_decisions(entry.personnummer, all, range);
    auto sd = (*lite)->registry().find_decisions(entry.personnummer, all, range);
    ASSERT_TRUE(pd.ok() && sd.ok());
    ASSERT_EQ(pd->size(), sd->size()) << entry.personnummer;
    for (std::size_t i = 0; i < pd->size(); ++i) {
      EXPECT_EQ((*pd)[i].beslut_id, (*sd)[i].beslut_id);
      EXPECT_EQ((*pd)[i].belopp, (*sd)[i].belopp);
      EXPECT_EQ((*pd)[i].tom, (*sd)[i].tom);
    }
    auto pp = a_->registry().find_payments(entry.personnummer, all, range);
    auto sp = (*lite)->registry().find_payments(entry.personnummer, all, range);
    ASSERT_TRUE(pp.ok() && sp.ok());
    ASSERT_EQ(pp->size(), sp->size());
    for (std::size_t i = 0; i < pp->size(); ++i) {
      EXPECT_EQ((*pp)[i].utbetalnings_id, (*sp)[i].utbetalnings_id);
      EXPECT_EQ((*pp)[i].nettobelopp, (*sp)[i].nettobelopp);
      EXPECT_EQ((*pp)[i].status, (*sp)[i].status);
    }
    compared += static_cast<int>(pd->size() + pp->size());
  }
  EXPECT_GT(compared, 100);
  auto info = a_->registry().register_info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->persons, pg_stats.persons);
  EXPECT_EQ(info->seed, 7u);
  EXPECT_EQ(info->as_of, kAsOf);

  // advance: the same changes on both, written to the change log LEKA reads.
  synthetic::AdvanceStats pg_adv;
  synthetic::AdvanceStats sqlite_adv;
  ASSERT_TRUE(synthetic::advance_register(db_.spec(), {40, 5}, nullptr, &pg_adv).ok());
  ASSERT_TRUE(synthetic::advance_register(sqlite, {40, 5}, nullptr, &sqlite_adv).ok());
  EXPECT_GT(pg_adv.total, 0);
  EXPECT_EQ(pg_adv.total, sqlite_adv.total);
  EXPECT_EQ(pg_adv.events, sqlite_adv.events);
  auto changes = a_->leka().changes_after(0, 100000);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(static_cast<std::int64_t>(changes->size()), pg_adv.total);
  for (std::size_t i = 0; i < changes->size(); ++i) {
    EXPECT_EQ((*changes)[i].seq, static_cast<std::int64_t>(i) + 1);  // gap-free
  }
  auto moved = a_->registry().register_info();
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->as_of, domain::add_days(kAsOf, 40));
  // Generating again replaces the register but keeps nothing of the old one.
  ASSERT_TRUE(synthetic::generate_register(db_.spec(), {10, 1, kAsOf}, nullptr).ok());
  auto again = a_->registry().register_info();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->persons, 10 + static_cast<std::int64_t>(synthetic::catalogue().size()));
}

TEST_F(PostgresStoreTest, MissingRegisterIsReported) {
  auto info = a_->registry().register_info();
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, ErrorCode::kStoreError);
  EXPECT_EQ(synthetic::advance_register(db_.spec(), {1, 1}, nullptr).code(),
            ErrorCode::kStoreError);
}

TEST_F(PostgresStoreTest, ParallelAppendsFromTwoInstancesFormOneValidChain) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AuditStore& audit = (t % 2 == 0 ? a_ : b_)->audit();
      for (int i = 0; i < kPerThread; ++i) {
        if (i % 4 == 3) {
          const std::vector<AuditEvent> batch = {event(fmt::format("tx-{}-{}-a", t, i)),
                                                 event(fmt::format("tx-{}-{}-b", t, i))};
          failures += audit.append_batch(batch).ok() ? 0 : 1;
        } else {
          failures += audit.append(event(fmt::format("tx-{}-{}", t, i))).ok() ? 0 : 1;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  const int expected = kThreads * (kPerThread + kPerThread / 4);
  auto verified = b_->audit().verify();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->entries, expected);
  EXPECT_FALSE(verified->first_broken.has_value()) << verified->reason;

  // Idempotent per transaktions_id, whichever instance retries.
  auto first = a_->audit().append(event("tx-0-0"));
  ASSERT_TRUE(first.ok());
  auto entries = a_->audit().read(*first - 1, 1);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].event.transaktions_id, "tx-0-0");
  EXPECT_EQ((*entries)[0].event.informationstyper, event("x").informationstyper);
  auto after = a_->audit().verify();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->entries, expected);
}

TEST_F(PostgresStoreTest, AuditLogIsAppendOnlyAndTamperingIsFound) {
  ASSERT_TRUE(a_->audit().append(event("t1")).ok());
  ASSERT_TRUE(a_->audit().append(event("t2")).ok());
  auto conn = postgres::Connection::open(db_.spec());
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->exec("UPDATE audit_logg SET utfall = 'X' WHERE sekvens = 1").ok());
  EXPECT_FALSE((*conn)->exec("DELETE FROM audit_logg").ok());
  // Whoever disables the trigger still breaks the chain.
  ASSERT_TRUE((*conn)->exec("ALTER TABLE audit_logg DISABLE TRIGGER audit_logg_no_change").ok());
  ASSERT_TRUE((*conn)->exec("UPDATE audit_logg SET utfall = 'X' WHERE sekvens = 2").ok());
  auto verified = a_->audit().verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->first_broken, 2);
}

std::vector<OrderLine> order_lines(int count) {
  std::vector<OrderLine> out;
  for (int i = 1; i <= count; ++i) out.push_back({fmt::format("1990{:08d}", i), "", ""});
  return out;
}

OrderRequest order_request(const std::string& ref = "") {
  OrderRequest r;
  r.aktors_id = "AKTOR-A";
  r.organisationsnummer = "5567890123";
  r.klientreferens = ref;
  r.informationstyper = {InformationType::kSjukpenning};
  r.period = {*domain::parse_date("2025-01-01"), *domain::parse_date("2025-12-31")};
  r.rattslig_grund = "TEST";
  r.mottagen_ms = 1'000;
  return r;
}

TEST_F(PostgresStoreTest, WorkersOfTwoInstancesAnswerEveryLineExactlyOnce) {
  constexpr int kLines = 600;
  auto created = a_->orders().create(order_request("ref"), order_lines(kLines));
  ASSERT_TRUE(created.ok()) << created.error().message;
  // Same reference through the other instance: the same order, nothing stored twice.
  auto again = b_->orders().create(order_request("ref"), order_lines(3));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->order.id, created->order.id);

  std::mutex mutex;
  std::multiset<std::int64_t> claimed;
  std::atomic<std::int64_t> answered{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      OrderStore& orders = (w % 2 == 0 ? a_ : b_)->orders();
      for (;;) {
        auto items = orders.claim(25, fmt::format("w{}", w), 10'000, 70'000);
        if (!items.ok() || items->empty()) return;
        std::vector<CompletedItem> done;
        {
          std::lock_guard lock(mutex);
          for (const auto& item : *items) {
            claimed.insert(item.rad);
            done.push_back({item.order_id, item.rad, AnswerOutcome::kUtlamnat,
                            fmt::format(R"({{"rad":{}}})", item.rad)});
          }
        }
        auto stored = orders.complete(done, 20'000);
        if (stored.ok()) answered += *stored;
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kLines));
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(),
            static_cast<std::size_t>(kLines));  // no line claimed twice
  EXPECT_EQ(answered, kLines);
  auto order = b_->orders().find("AKTOR-A", created->order.id);
  ASSERT_TRUE(order.ok() && order->has_value());
  EXPECT_EQ((*order)->status, OrderStatus::kKlar);
  EXPECT_EQ((*order)->counts.answered, kLines);
  EXPECT_EQ((*order)->klar_ms, 20'000);
  auto page = a_->orders().answers("AKTOR-A", created->order.id, 0, 1000);
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->answers.size(), static_cast<std::size_t>(kLines));
  EXPECT_TRUE((*page)->end);
  EXPECT_EQ((*page)->answers[41].svar, R"({"rad":42})");
}

TEST_F(PostgresStoreTest, LinesOfADeadInstanceAreClaimedAgainAfterTheLease) {
  auto created = a_->orders().create(order_request(), order_lines(5));
  ASSERT_TRUE(created.ok());
  auto dying = a_->orders().claim(10, "dies", 1'000, 61'000);  // A dies holding these
  ASSERT_TRUE(dying.ok());
  ASSERT_EQ(dying->size(), 5u);
  auto early = b_->orders().claim(10, "b", 60'999, 120'000);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());  // the lease still holds
  auto late = b_->orders().claim(10, "b", 61'000, 120'000);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 5u);
  EXPECT_EQ((*late)[0].rad, 1);
  EXPECT_EQ((*late)[4].personnummer, "199000000005");
  std::vector<CompletedItem> done;
  for (const auto& item : *late)
    done.push_back({item.order_id, item.rad, AnswerOutcome::kPersonSaknas, "{}"});
  ASSERT_EQ(*b_->orders().complete(done, 62'000), 5);
  ASSERT_EQ(*a_->orders().complete(done, 63'000), 0);  // the late answer of A changes nothing
  auto ack = a_->orders().acknowledge("AKTOR-A", created->order.id, 3, 64'000);
  ASSERT_TRUE(ack.ok() && ack->has_value());
  EXPECT_EQ(**ack, 3);
  EXPECT_EQ(*a_->orders().purge(62'001), 1);
  EXPECT_FALSE(a_->orders().find("AKTOR-A", created->order.id)->has_value());
}

NotificationDraft notification(const std::string& aktor, int n) {
  NotificationDraft d;
  d.aktors_id = aktor;
  d.avisering_id = fmt::format("A-{}", n);
  d.prenumeration_id = "P";
  d.personnummer = "198503129986";
  d.informationstyp = InformationType::kSjukpenning;
  d.handelse = Handelse::kNyttBeslut;
  d.innehall = fmt::format(R"({{"n":{}}})", n);
  return d;
}

TEST_F(PostgresStoreTest, LekaSequenceIsGapFreePerActorUnderParallelWriters) {
  constexpr int kThreads = 4;
  constexpr int kBatches = 15;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      LekaStore& leka = (t % 2 == 0 ? a_ : b_)->leka();
      for (int i = 0; i < kBatches; ++i) {
        // Two actors per batch, in opposite order in half the threads: no deadlock either way.
        std::vector<NotificationDraft> drafts = {notification("X", t * 100 + i),
                                                 notification("Y", t * 100 + i),
                                                 notification("X", t * 100 + i)};
        if (t % 2 == 1) std::reverse(drafts.begin(), drafts.end());
        failures += leka.append(drafts, std::nullopt, 0).ok() ? 0 : 1;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  for (const auto& [aktor, expected] :
       {std::pair{"X", 2 * kThreads * kBatches}, std::pair{"Y", kThreads * kBatches}}) {
    auto page = a_->leka().notifications(aktor, 1, 10'000);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(static_cast<int>(page->items.size()), expected) << aktor;
    EXPECT_EQ(page->senaste_sekvens, expected);
    for (int i = 0; i < expected; ++i)
      EXPECT_EQ(page->items[static_cast<std::size_t>(i)].sekvens, i + 1);
  }
  // Cursors: acknowledge through the other instance; never beyond what was delivered.
  EXPECT_EQ(b_->leka().acknowledge("Y", 10, 5).value(), 10);
  auto ahead = b_->leka().acknowledge("Y", 10'000, 5);
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().code, ErrorCode::kAcknowledgementAhead);
  auto next = a_->leka().notifications("Y", std::nullopt, 5);
  ASSERT_TRUE(next.ok());
  ASSERT_FALSE(next->items.empty());
  EXPECT_EQ(next->items.front().sekvens, 11);
  EXPECT_EQ(next->kvitterad_tom, 10);
}

TEST_F(PostgresStoreTest, DailyRunMarkMovesOnceAcrossInstances) {
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::vector<NotificationDraft> drafts = {notification("Z", t)};
      auto appended = (t % 2 == 0 ? a_ : b_)->leka().append(drafts, 0, 42);
      if (appended.ok() && *appended) ++won;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(a_->leka().high_water_mark().value(), 42);
  EXPECT_EQ(b_->leka().notifications("Z", 1, 10)->items.size(), 1u);
}

TEST_F(PostgresStoreTest, SubscriptionsAreIdempotentAcrossInstances) {
  Subscription s;
  s.id = "P-1";
  s.aktors_id = "AKTOR";
  s.organisationsnummer = "5567890123";
  s.personnummer = "198503129986";
  s.informationstyper = {InformationType::kSjukpenning};
  s.from_datum = kAsOf;
  auto first = a_->leka().create(s, std::vector<NotificationDraft>{notification("AKTOR", 1)});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  s.id = "P-2";
  auto second = b_->leka().create(s, {});
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->subscription.id, "P-1");
  const std::vector<std::string> persons = {"198503129986", "199001011234"};
  auto found = b_->leka().for_persons(persons);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, "P-1");
  auto page = a_->leka().list("AKTOR", std::nullopt, 0, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_TRUE(*b_->leka().remove("AKTOR", "P-1"));
  EXPECT_FALSE(*a_->leka().remove("AKTOR", "P-1"));
}

TEST_F(PostgresStoreTest, EioaSameIdOnTwoInstancesKeepsEveryVersionAndLatestWins) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      EioaVersion v;
      v.id = "uuid-1";
      v.tx_id = fmt::format("tx-{}", t);
      v.kanal = "SOAP";
      v.mottagen_ms = 1000 + t;
      v.xml = fmt::format("<a n=\"{}\"/>", t);
      failures += (t % 2 == 0 ? a_ : b_)->eioa().save(v).ok() ? 0 : 1;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto history = a_->eioa().history("uuid-1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), static_cast<std::size_t>(kThreads));
  for (int i = 0; i < kThreads; ++i)
    EXPECT_EQ((*history)[static_cast<std::size_t>(i)].version, i + 1);
  auto current = b_->eioa().find("uuid-1");
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->antal_versioner, kThreads);
  EXPECT_TRUE((*current)->manuell_hantering);
  EXPECT_EQ((*current)->senaste.tx_id, history->back().tx_id);  // the last committed one
  EXPECT_EQ(*a_->eioa().count_versions(), kThreads);
  EXPECT_EQ(a_->eioa().list(10)->size(), 1u);
}

TEST_F(PostgresStoreTest, WindowsAndUsersAreSharedBetweenInstances) {
  ServiceWindowRecord w;
  w.start = 100;
  w.end = 200;
  w.orsak = "Uppgradering";
  w.tjanster = {"LEFI"};
  w.skapad = "2026-03-15T10:00:00Z";
  auto added = a_->windows().add(w);
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(added->id.starts_with("SF-"));
  auto listed = b_->windows().list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].tjanster, w.tjanster);
  EXPECT_TRUE(*b_->windows().remove(added->id));
  EXPECT_FALSE(*a_->windows().remove("SF-x"));

  WebUserRecord u;
  u.aktors_id = "AKTOR";
  u.anvandarnamn = "anna";
  u.namn = "Anna";
  u.losenord_hash = "h";
  u.behorighet = {InformationType::kSjukpenning, InformationType::kAlderspension};
  ASSERT_TRUE(a_->users().add_user(u).ok());
  auto dup = b_->users().add_user(u);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kUserExists);
  auto found = b_->users().find_user("AKTOR", "anna");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->behorighet, u.behorighet);
  WebSessionRecord s{"hash", "AKTOR", "anna", "csrf", {}, {}};
  ASSERT_TRUE(a_->users().create_session(s).ok());
  EXPECT_TRUE(b_->users().find_session("hash")->has_value());
  EXPECT_TRUE(*b_->users().remove_user("AKTOR", "anna"));
  EXPECT_FALSE(a_->users().find_session("hash")->has_value());  // sessions go with the user
}

TEST_F(PostgresStoreTest, SharedSlaAdmitsNoMoreThanTheLimitAcrossInstances) {
  ASSERT_NE(a_->shared_sla(), nullptr);
  const SharedSlaLimits limits{3, 0, 0, 0, 0};  // 3 per second, nothing else
  std::atomic<int> admitted{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SlaStateStore& sla = *(t % 2 == 0 ? a_ : b_)->shared_sla();
      while (std::chrono::steady_clock::now() - start < milliseconds(600)) {
        auto decided = sla.admit("AKTOR|5567890123", "ONLINE", limits, 60'000);
        if (!decided.ok()) {
          ++failures;
          continue;
        }
        if (decided->admitted) {
          ++admitted;
          (void)sla.release(decided->ticket);
        } else {
          EXPECT_EQ(decided->refused_by, "PER_SEKUND");
          EXPECT_GT(decided->retry_after_ms, 0);
          EXPECT_LE(decided->retry_after_ms, 1000);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(admitted, 3);  // all instances together, within one second
  // Another actor has its own budget.
  EXPECT_TRUE(a_->shared_sla()->admit("ANNAN|1", "ONLINE", limits, 60'000)->admitted);
}

TEST_F(PostgresStoreTest, SharedSlaThreadsAndGapHoldAcrossInstancesAndLeasesExpire) {
  SlaStateStore& a = *a_->shared_sla();
  SlaStateStore& b = *b_->shared_sla();
  const SharedSlaLimits one_thread{0, 0, 0, 300, 1};
  auto first = a.admit("K", "LEKA", one_thread, 60'000);
  ASSERT_TRUE(first.ok() && first->admitted);
  auto busy = b.admit("K", "LEKA", one_thread, 60'000);
  ASSERT_TRUE(busy.ok());
  EXPECT_FALSE(busy->admitted);
  EXPECT_EQ(busy->refused_by, "SAMTIDIGA");
  ASSERT_TRUE(a.release(first->ticket).ok());
  auto gap = b.admit("K", "LEKA", one_thread, 60'000);
  ASSERT_TRUE(gap.ok());
  EXPECT_FALSE(gap->admitted);
  EXPECT_EQ(gap->refused_by, "MELLANRUM");
  EXPECT_GT(gap->retry_after_ms, 200);
  std::this_thread::sleep_for(milliseconds(320));
  auto after_gap = b.admit("K", "LEKA", one_thread, 200);  // lease of 200 ms, never released
  ASSERT_TRUE(after_gap.ok());
  EXPECT_TRUE(after_gap->admitted);
  EXPECT_FALSE(a.admit("K", "LEKA", one_thread, 200)->admitted);
  std::this_thread::sleep_for(milliseconds(250));  // "instance B died": its lease runs out
  EXPECT_TRUE(a.admit("K", "LEKA", one_thread, 200)->admitted);
}

}  // namespace
}  // namespace utbyte::store
