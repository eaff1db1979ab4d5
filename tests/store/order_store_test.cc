#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"
#include "test_db.h"

namespace utbyte::store {
namespace {

using domain::InformationType;

OrderRequest request(std::string aktor = "AKTOR-A", std::string klientreferens = "") {
  OrderRequest r;
  r.aktors_id = std::move(aktor);
  r.organisationsnummer = "5567890123";
  r.klientreferens = std::move(klientreferens);
  r.informationstyper = {InformationType::kSjukpenning, InformationType::kUtbetalning};
  r.period = {*domain::parse_date("2025-01-01"), *domain::parse_date("2025-12-31")};
  r.rattslig_grund = "TEST";
  r.mottagen_ms = 1'000;
  return r;
}

std::string pnr(int i) { return fmt::format("1990{:08d}", i); }

// `count` valid lines; the 1-based rows in `invalid` get a validation error instead.
std::vector<OrderLine> lines(int count, std::vector<int> invalid = {}) {
  std::vector<OrderLine> out;
  for (int i = 1; i <= count; ++i) {
    OrderLine line{pnr(i), "", ""};
    if (std::find(invalid.begin(), invalid.end(), i) != invalid.end()) {
      line = {"19900101-XXXX", "OGILTIGT_PERSONNUMMER", "Kontrollsiffran stämmer inte"};
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<CompletedItem> answer_all(const std::vector<WorkItem>& items,
                                      const std::string& tag = "a") {
  std::vector<CompletedItem> out;
  for (const auto& item : items) {
    out.push_back({item.order_id, item.rad, AnswerOutcome::kUtlamnat,
                   fmt::format(R"({{"personnummer":"{}","tag":"{}"}})", item.personnummer, tag)});
  }
  return out;
}

// Every behaviour on both stores (pg_test_db.h).
class OrderStoreTest : public testing::BothStoresTest {
 protected:
  void SetUp() override {
    BothStoresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    reopen();
  }
  void reopen() {
    store_.reset();
    auto opened = open_store(spec());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  OrderStore& orders() { return store_->orders(); }

  Order create(const OrderRequest& r, const std::vector<OrderLine>& l) {
    auto created = orders().create(r, l);
    EXPECT_TRUE(created.ok()) << created.error().message;
    EXPECT_TRUE(created->created);
    return created->order;
  }
  Order find(const Order& order) {
    auto found = orders().find(order.request.aktors_id, order.id);
    EXPECT_TRUE(found.ok() && found->has_value());
    return **found;
  }

  StorePtr store_;
};
UTBYTE_BOTH_STORES(OrderStoreTest);

TEST_P(OrderStoreTest, CreatesAndFindsWithCounts) {
  const Order created = create(request("AKTOR-A", "ref-1"), lines(5, {3}));
  EXPECT_TRUE(created.id.starts_with("B-"));
  EXPECT_EQ(created.id.size(), 18u);

  const Order found = find(created);
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.status, OrderStatus::kMottagen);
  EXPECT_EQ(found.counts.total, 5);
  EXPECT_EQ(found.counts.valid, 4);
  EXPECT_EQ(found.counts.invalid, 1);
  EXPECT_EQ(found.counts.answered, 0);
  EXPECT_EQ(found.counts.remaining, 4);
  EXPECT_EQ(found.request.organisationsnummer, "5567890123");
  EXPECT_EQ(found.request.klientreferens, "ref-1");
  EXPECT_EQ(found.request.informationstyper, request().informationstyper);
  EXPECT_EQ(domain::format_date(found.request.period.tom), "2025-12-31");
  EXPECT_EQ(found.request.rattslig_grund, "TEST");
  EXPECT_EQ(found.request.mottagen_ms, 1'000);
  EXPECT_FALSE(found.klar_ms.has_value());
}

TEST_P(OrderStoreTest, RefusesAnOrderWithoutActor) {
  auto created = orders().create(request(""), lines(1));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidRequest);
}

TEST_P(OrderStoreTest, SameKlientreferensReturnsTheExistingOrder) {
  const Order first = create(request("AKTOR-A", "ref-1"), lines(3));
  auto again = orders().create(request("AKTOR-A", "ref-1"), lines(7));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->order.id, first.id);
  EXPECT_EQ(again->order.counts.total, 3);  // the first submission's lines, not the second's

  // The reference is per actor; no reference means no idempotency.
  EXPECT_NE(create(request("AKTOR-B", "ref-1"), lines(1)).id, first.id);
  EXPECT_NE(create(request("AKTOR-A"), lines(1)).id, create(request("AKTOR-A"), lines(1)).id);
}

TEST_P(OrderStoreTest, ConcurrentSubmissionsWithOneReferenceCreateOneOrder) {
  // Two stores = two connections, as two server processes on one database file.
  auto other = open_store(spec());
  ASSERT_TRUE(other.ok());
  for (int round = 0; round < 10; ++round) {
    const std::string ref = fmt::format("ref-{}", round);
    std::atomic<bool> go{false};
    Result<CreatedOrder> a = make_error(ErrorCode::kInternal, "");
    Result<CreatedOrder> b = make_error(ErrorCode::kInternal, "");
    std::thread ta([&] {
      while (!go) {
      }
      a = orders().create(request("AKTOR-A", ref), lines(200));
    });
    std::thread tb([&] {
      while (!go) {
      }
      b = (*other)->orders().create(request("AKTOR-A", ref), lines(200));
    });
    go = true;
    ta.join();
    tb.join();
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_NE(a->created, b->created) << "exactly one of them creates it";
    EXPECT_EQ(a->order.id, b->order.id);
  }
}

TEST_P(OrderStoreTest, InvalidLinesAreAnsweredWithTheirError) {
  const Order order = create(request(), lines(3, {2}));
  auto page = orders().answers("AKTOR-A", order.id, 0, 10);
  ASSERT_TRUE(page.ok() && page->has_value());
  // Row 1 is still being processed: nothing can be delivered yet without skipping it.
  EXPECT_TRUE((*page)->answers.empty());

  auto items = orders().claim(10, "w1", 2'000, 60'000);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);  // the invalid line is never claimed
  EXPECT_EQ((*items)[0].rad, 1);
  EXPECT_EQ((*items)[1].rad, 3);
  ASSERT_EQ(*orders().complete(answer_all(*items), 3'000), 2);

  page = orders().answers("AKTOR-A", order.id, 0, 10);
  ASSERT_EQ((*page)->answers.size(), 3u);
  const OrderAnswer& invalid = (*page)->answers[1];
  EXPECT_EQ(invalid.rad, 2);
  EXPECT_EQ(invalid.status, OrderRowStatus::kOgiltig);
  EXPECT_EQ(invalid.personnummer, "19900101-XXXX");
  EXPECT_EQ(invalid.felkod, "OGILTIGT_PERSONNUMMER");
  EXPECT_EQ(invalid.felmeddelande, "Kontrollsiffran stämmer inte");
  EXPECT_FALSE(invalid.utfall.has_value());
}

TEST_P(OrderStoreTest, AnOrderOfOnlyInvalidLinesIsDoneAtOnce) {
  const Order order = create(request(), lines(2, {1, 2}));
  EXPECT_EQ(order.status, OrderStatus::kKlar);
  const Order found = find(order);
  EXPECT_EQ(found.status, OrderStatus::kKlar);
  EXPECT_EQ(found.klar_ms, 1'000);
  EXPECT_EQ(found.counts.remaining, 0);
  auto page = orders().answers("AKTOR-A", order.id, 0, 10);
  EXPECT_EQ((*page)->answers.size(), 2u);
  EXPECT_TRUE((*page)->end);
  EXPECT_TRUE(orders().claim(10, "w", 2'000, 3'000)->empty());
}

TEST_P(OrderStoreTest, ClaimRespectsLeases) {
  const Order first = create(request(), lines(4));
  const Order second = create(request("AKTOR-B"), lines(6));

  auto w1 = orders().claim(5, "w1", 10'000, 20'000);
  ASSERT_TRUE(w1.ok());
  ASSERT_EQ(w1->size(), 5u);
  // Oldest order first, then by row; each item carries what the worker needs.
  EXPECT_EQ((*w1)[0].order_id, first.id);
  EXPECT_EQ((*w1)[3].rad, 4);
  EXPECT_EQ((*w1)[4].order_id, second.id);
  EXPECT_EQ((*w1)[4].rad, 1);
  EXPECT_EQ((*w1)[4].aktors_id, "AKTOR-B");
  EXPECT_EQ((*w1)[4].personnummer, pnr(1));
  EXPECT_EQ((*w1)[4].organisationsnummer, "5567890123");
  EXPECT_EQ((*w1)[4].informationstyper, request().informationstyper);
  EXPECT_EQ(domain::format_date((*w1)[4].period.from), "2025-01-01");
  EXPECT_EQ((*w1)[4].rattslig_grund, "TEST");

  auto w2 = orders().claim(100, "w2", 11'000, 21'000);
  ASSERT_EQ(w2->size(), 5u);  // only what w1 does not hold
  EXPECT_EQ((*w2)[0].rad, 2);
  EXPECT_EQ((*w2)[0].order_id, second.id);

  EXPECT_TRUE(orders().claim(100, "w3", 19'999, 30'000)->empty()) << "leases still running";
  // w1's lease ended (it crashed): its lines come back, w2's do not yet.
  auto w3 = orders().claim(100, "w3", 20'000, 30'000);
  ASSERT_EQ(w3->size(), 5u);
  EXPECT_EQ((*w3)[0].order_id, first.id);
  EXPECT_EQ((*w3)[0].rad, 1);
  EXPECT_TRUE(orders().claim(0, "w4", 99'000, 100'000)->empty());
}

TEST_P(OrderStoreTest, ALineIsNeverAnsweredTwice) {
  const Order order = create(request(), lines(3));
  auto slow = orders().claim(3, "slow", 10'000, 20'000);
  // The slow worker's lease ends; a second worker takes the same lines.
  auto fast = orders().claim(3, "fast", 20'000, 30'000);
  ASSERT_EQ(slow->size(), 3u);
  ASSERT_EQ(fast->size(), 3u);

  EXPECT_EQ(*orders().complete(answer_all(*fast, "fast"), 21'000), 3);
  EXPECT_EQ(*orders().complete(answer_all(*slow, "slow"), 22'000), 0);
  // A batch naming one line twice stores it once.
  auto dup = answer_all(*fast, "dup");
  dup.push_back(dup.front());
  EXPECT_EQ(*orders().complete(dup, 23'000), 0);

  const Order found = find(order);
  EXPECT_EQ(found.counts.answered, 3);
  EXPECT_EQ(found.klar_ms, 21'000);
  auto page = orders().answers("AKTOR-A", order.id, 0, 10);
  ASSERT_EQ((*page)->answers.size(), 3u);
  for (const auto& a : (*page)->answers) {
    EXPECT_NE(a.svar.find("\"tag\":\"fast\""), std::string::npos) << a.svar;
  }
  EXPECT_TRUE(orders().claim(10, "late", 99'000, 100'000)->empty());
}

TEST_P(OrderStoreTest, BecomesPagarThenKlar) {
  const Order order = create(request(), lines(4));
  auto items = orders().claim(4, "w", 10'000, 20'000);
  ASSERT_EQ(items->size(), 4u);
  std::vector<CompletedItem> answers = answer_all(*items);
  answers[1].utfall = AnswerOutcome::kPersonSaknas;

  ASSERT_EQ(*orders().complete(std::span(answers).first(2), 11'000), 2);
  Order found = find(order);
  EXPECT_EQ(found.status, OrderStatus::kPagar);
  EXPECT_EQ(found.counts.answered, 2);
  EXPECT_EQ(found.counts.remaining, 2);
  EXPECT_FALSE(found.klar_ms.has_value());

  ASSERT_EQ(*orders().complete(std::span(answers).subspan(2), 12'000), 2);
  found = find(order);
  EXPECT_EQ(found.status, OrderStatus::kKlar);
  EXPECT_EQ(found.counts.remaining, 0);
  EXPECT_EQ(found.klar_ms, 12'000);
  auto page = orders().answers("AKTOR-A", order.id, 0, 10);
  EXPECT_EQ((*page)->answers[0].utfall, AnswerOutcome::kUtlamnat);
  EXPECT_EQ((*page)->answers[1].utfall, AnswerOutcome::kPersonSaknas);
  EXPECT_EQ((*page)->answers[1].status, OrderRowStatus::kBesvarad);
}

TEST_P(OrderStoreTest, PagesWithACursorAndAcknowledges) {
  const Order order = create(request(), lines(7, {3}));
  auto items = orders().claim(10, "w", 10'000, 20'000);
  ASSERT_EQ(items->size(), 6u);
  // Answer rows 1, 2, 4 and 6: row 5 is still open.
  std::vector<WorkItem> some = {(*items)[0], (*items)[1], (*items)[2], (*items)[4]};
  ASSERT_EQ(*orders().complete(answer_all(some), 11'000), 4);

  auto page = orders().answers("AKTOR-A", order.id, 0, 100);
  ASSERT_TRUE(page.ok() && page->has_value());
  ASSERT_EQ((*page)->answers.size(), 4u);  // 1, 2, 3 (invalid), 4 -- not 6 before 5
  EXPECT_EQ((*page)->answers[2].rad, 3);
  EXPECT_EQ((*page)->next_after_row, 4);
  EXPECT_FALSE((*page)->end);

  ASSERT_EQ(*orders().complete(answer_all(*items), 12'000), 2);
  page = orders().answers("AKTOR-A", order.id, 4, 2);
  ASSERT_EQ((*page)->answers.size(), 2u);
  EXPECT_EQ((*page)->answers[0].rad, 5);
  EXPECT_EQ((*page)->next_after_row, 6);
  EXPECT_FALSE((*page)->end);
  page = orders().answers("AKTOR-A", order.id, 6, 2);
  ASSERT_EQ((*page)->answers.size(), 1u);
  EXPECT_EQ((*page)->next_after_row, 7);
  EXPECT_TRUE((*page)->end);
  page = orders().answers("AKTOR-A", order.id, 7, 2);
  EXPECT_TRUE((*page)->answers.empty());
  EXPECT_EQ((*page)->next_after_row, 7);
  EXPECT_TRUE((*page)->end);

  auto acked = orders().acknowledge("AKTOR-A", order.id, 4, 13'000);
  ASSERT_TRUE(acked.ok() && acked->has_value());
  EXPECT_EQ(**acked, 4);
  EXPECT_EQ(**orders().acknowledge("AKTOR-A", order.id, 4, 14'000), 0);
  EXPECT_EQ(find(order).counts.acknowledged, 4);
  page = orders().answers("AKTOR-A", order.id, 0, 100);
  ASSERT_EQ((*page)->answers.size(), 7u);  // acknowledged lines stay until purge
  EXPECT_TRUE((*page)->answers[3].acknowledged);
  EXPECT_FALSE((*page)->answers[4].acknowledged);
}

TEST_P(OrderStoreTest, AnotherActorSeesNothing) {
  const Order order = create(request("AKTOR-A"), lines(2));
  auto found = orders().find("AKTOR-B", order.id);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto page = orders().answers("AKTOR-B", order.id, 0, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->has_value());
  auto acked = orders().acknowledge("AKTOR-B", order.id, 10, 1);
  ASSERT_TRUE(acked.ok());
  EXPECT_FALSE(acked->has_value());
  EXPECT_FALSE(orders().find("AKTOR-A", "B-0000000000000000")->has_value());
}

TEST_P(OrderStoreTest, FailedOrderStopsAndReportsAbortedLines) {
  const Order order = create(request(), lines(3));
  auto items = orders().claim(1, "w", 10'000, 20'000);
  ASSERT_EQ(*orders().complete(answer_all(*items), 11'000), 1);
  EXPECT_TRUE(*orders().fail(order.id, "Registret är inte tillgängligt", 12'000));
  EXPECT_FALSE(*orders().fail(order.id, "igen", 13'000));
  EXPECT_FALSE(*orders().fail("B-nonexistent", "x", 13'000));

  const Order found = find(order);
  EXPECT_EQ(found.status, OrderStatus::kFel);
  EXPECT_EQ(found.felmeddelande, "Registret är inte tillgängligt");
  EXPECT_EQ(found.counts.answered, 1);
  EXPECT_EQ(found.counts.remaining, 0);
  EXPECT_TRUE(orders().claim(10, "w", 99'000, 100'000)->empty());
  auto page = orders().answers("AKTOR-A", order.id, 0, 10);
  ASSERT_EQ((*page)->answers.size(), 3u);
  EXPECT_TRUE((*page)->end);
  EXPECT_EQ((*page)->answers[1].status, OrderRowStatus::kAvbruten);
  EXPECT_EQ((*page)->answers[1].felkod, "BESTALLNING_AVBRUTEN");
}

TEST_P(OrderStoreTest, PurgesFinishedOrdersOlderThanTheCutOff) {
  const Order done = create(request(), lines(2));
  const Order open = create(request(), lines(2));
  auto items = orders().claim(2, "w", 10'000, 20'000);
  ASSERT_EQ(*orders().complete(answer_all(*items), 50'000), 2);  // `done` is KLAR at 50 000

  EXPECT_EQ(*orders().purge(50'000), 0);  // strictly before the cut-off
  EXPECT_EQ(*orders().purge(50'001), 1);
  EXPECT_FALSE(orders().find("AKTOR-A", done.id)->has_value());
  EXPECT_FALSE(orders().answers("AKTOR-A", done.id, 0, 10)->has_value());
  EXPECT_TRUE(orders().find("AKTOR-A", open.id)->has_value()) << "unfinished orders are kept";
  EXPECT_EQ(*orders().purge(1'000'000), 0);
  // A worker finishing a purged order's line stores nothing.
  EXPECT_EQ(*orders().complete(answer_all(*items), 60'000), 0);
}

TEST_P(OrderStoreTest, OrdersAndAnswersSurviveARestart) {
  const Order order = create(request("AKTOR-A", "ref-9"), lines(5, {5}));
  auto items = orders().claim(4, "w", 10'000, 20'000);
  ASSERT_EQ(items->size(), 4u);
  ASSERT_EQ(*orders().complete(answer_all(std::vector(items->begin(), items->begin() + 2)), 11'000),
            2);
  reopen();  // the process died holding the lease on rows 3 and 4

  const Order found = find(order);
  EXPECT_EQ(found.status, OrderStatus::kPagar);
  EXPECT_EQ(found.counts.answered, 2);
  EXPECT_EQ(found.counts.invalid, 1);
  EXPECT_FALSE(orders().create(request("AKTOR-A", "ref-9"), lines(1))->created);
  EXPECT_TRUE(orders().claim(10, "w2", 19'000, 40'000)->empty());
  auto resumed = orders().claim(10, "w2", 20'000, 40'000);
  ASSERT_EQ(resumed->size(), 2u);
  EXPECT_EQ((*resumed)[0].rad, 3);
  ASSERT_EQ(*orders().complete(answer_all(*resumed), 21'000), 2);
  EXPECT_EQ(find(order).status, OrderStatus::kKlar);
}

// Not a benchmark (those live in bench/): shows that the batch paths are in the right league
// for 10 000 persons/s end to end.
TEST_P(OrderStoreTest, TenThousandPersonsInBatches) {
  using Clock = std::chrono::steady_clock;
  constexpr int kPersons = 10'000;
  constexpr int kBatch = 500;
  const std::string padding(800, 'x');  // about the size of a v9 answer

  const auto t0 = Clock::now();
  const Order order = create(request(), lines(kPersons, {17, 4711}));
  const auto t1 = Clock::now();
  std::int64_t stored = 0;
  int batches = 0;
  double claim_ms = 0;
  double complete_ms = 0;
  for (;;) {
    const auto c0 = Clock::now();
    auto items = orders().claim(kBatch, "w", 10'000, 70'000);
    const auto c1 = Clock::now();
    ASSERT_TRUE(items.ok()) << items.error().message;
    if (items->empty()) break;
    auto answers = answer_all(*items);
    for (auto& a : answers) a.svar += padding;
    auto done = orders().complete(answers, 20'000);
    const auto c2 = Clock::now();
    ASSERT_TRUE(done.ok()) << done.error().message;
    stored += *done;
    ++batches;
    claim_ms += std::chrono::duration<double, std::milli>(c1 - c0).count();
    complete_ms += std::chrono::duration<double, std::milli>(c2 - c1).count();
  }
  const auto t2 = Clock::now();
  std::int64_t delivered = 0;
  for (std::int64_t after = 0;;) {
    auto page = orders().answers("AKTOR-A", order.id, after, 1'000);
    ASSERT_TRUE(page.ok() && page->has_value());
    delivered += static_cast<std::int64_t>((*page)->answers.size());
    after = (*page)->next_after_row;
    if ((*page)->end) break;
  }
  const auto t3 = Clock::now();

  EXPECT_EQ(stored, kPersons - 2);
  EXPECT_EQ(delivered, kPersons);
  EXPECT_EQ(find(order).status, OrderStatus::kKlar);
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf(
      "[ timing ] %d persons: create %.1f ms; %d batches of %d: claim %.1f ms + complete %.1f ms "
      "(%.0f persons/s); paging all answers %.1f ms\n",
      kPersons, ms(t1 - t0), batches, kBatch, claim_ms, complete_ms,
      (kPersons - 2) / (ms(t2 - t1) / 1000.0), ms(t3 - t2));
}

}  // namespace
}  // namespace utbyte::store
