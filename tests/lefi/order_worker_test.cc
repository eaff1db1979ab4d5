#include "lefi/async/order_worker.h"

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "domain/personnummer.h"
#include "lefi/answer_writer.h"
#include "store/store.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::lefi::async {
namespace {

using domain::InformationType;

constexpr std::int64_t kBulkPersons = 300;

// A valid personnummer the generator never uses (its serials are 980–997).
std::string unknown_person(int i) {
  const std::string first = fmt::format("197001{:02d}001", 1 + i);
  return first + std::to_string(domain::luhn_check_digit(first.substr(2)));
}

class OrderWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("register.db");
    const Status generated = store::synthetic::generate_register(
        path_, {kBulkPersons, 7, *domain::parse_date("2026-11-01")},
        [](std::int64_t, std::int64_t) {});
    ASSERT_TRUE(generated.ok()) << generated.message();
    store_ = open();
  }

  store::StorePtr open() {
    auto opened = store::open_sqlite_store(path_);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return std::move(opened).value();
  }

  // An order of every bulk person, `unknown` persons not in the register and one invalid line.
  store::Order submit(int unknown) {
    store::OrderRequest request;
    request.aktors_id = "AKTOR-A";
    request.organisationsnummer = "5567890123";
    request.informationstyper = {InformationType::kPersonuppgifter, InformationType::kSjukpenning,
                                 InformationType::kUtbetalning};
    request.period = {*domain::parse_date("2025-11-01"), *domain::parse_date("2026-10-31")};
    request.rattslig_grund = "TESTMILJO";
    request.mottagen_ms = system_now_ms();
    std::vector<store::OrderLine> lines;
    for (std::int64_t i = 0; i < kBulkPersons; ++i) {
      lines.push_back({store::synthetic::bulk_personnummer(i, kBulkPersons), "", ""});
    }
    for (int i = 0; i < unknown; ++i) lines.push_back({unknown_person(i), "", ""});
    lines.push_back({"19850312-998", "OGILTIGT_PERSONNUMMER", "För kort"});
    auto created = store_->orders().create(request, lines);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created->order;
  }

  // Waits until the order is KLAR; false after `timeout`.
  bool wait_klar(const store::Order& order, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto found = store_->orders().find("AKTOR-A", order.id);
      if (found.ok() && found->has_value() && (*found)->status == store::OrderStatus::kKlar) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  std::vector<store::OrderAnswer> all_answers(const store::Order& order) {
    std::vector<store::OrderAnswer> out;
    std::int64_t after = 0;
    for (;;) {
      auto page = store_->orders().answers("AKTOR-A", order.id, after, 97);
      EXPECT_TRUE(page.ok() && page->has_value());
      if (!page.ok() || !page->has_value()) break;
      for (auto& a : (*page)->answers) out.push_back(std::move(a));
      after = (*page)->next_after_row;
      if ((*page)->end) break;
    }
    return out;
  }

  store::testing::TempDir dir_;
  std::string path_;
  store::StorePtr store_;
};

std::int64_t besvarade_metric(const platform::Metrics& metrics) {
  const std::string text = metrics.render_prometheus();
  const std::string name = "\nutbyte_massfraga_besvarade_total ";
  const auto at = text.find(name);
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + name.size()));
}

TEST_F(OrderWorkerTest, AnswersEveryPersonExactlyOnceAcrossWorkersAndExpiredLeases) {
  constexpr int kUnknown = 5;
  const store::Order order = submit(kUnknown);
  const std::int64_t valid = kBulkPersons + kUnknown;
  // A worker that "crashed" holding 50 rows: they must be taken over once its lease ends.
  constexpr std::int64_t kCrashed = 50;
  const std::int64_t now = system_now_ms();
  auto crashed = store_->orders().claim(kCrashed, "kraschad", now, now + 2'000);
  ASSERT_TRUE(crashed.ok());
  ASSERT_EQ(static_cast<std::int64_t>(crashed->size()), kCrashed);

  const OrderWorkerOptions options{2, 20, std::chrono::milliseconds(60'000),
                                   std::chrono::milliseconds(20), std::chrono::milliseconds(50)};
  platform::Metrics metrics_a;
  platform::Metrics metrics_b;
  LefiService service_a(*store_);
  std::optional<OrderWorker> worker_a;
  worker_a.emplace(
      store_->orders(), store_->audit(), service_a, metrics_a, [] { return true; }, system_now_ms,
      options);
  // A second instance on its own connection, as a second process on the same file would be.
  store::StorePtr second = open();
  LefiService service_b(*second);
  std::optional<OrderWorker> worker_b;
  worker_b.emplace(
      second->orders(), second->audit(), service_b, metrics_b, [] { return true; }, system_now_ms,
      options);

  // Once everything but the crashed rows is answered, the first instance goes away; the second
  // must take the crashed rows over when their lease ends.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto found = store_->orders().find("AKTOR-A", order.id);
    ASSERT_TRUE(found.ok() && found->has_value());
    if ((*found)->counts.answered >= valid - kCrashed) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker_a.reset();
  ASSERT_TRUE(wait_klar(order, std::chrono::seconds(60)));
  worker_b.reset();
  EXPECT_GE(besvarade_metric(metrics_b), kCrashed);

  EXPECT_EQ(besvarade_metric(metrics_a) + besvarade_metric(metrics_b), valid);

  const auto answers = all_answers(order);
  ASSERT_EQ(static_cast<std::int64_t>(answers.size()), valid + 1);
  std::set<std::string> transaction_ids;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto& a = answers[i];
    EXPECT_EQ(a.rad, static_cast<std::int64_t>(i + 1));
    if (a.rad == valid + 1) {
      EXPECT_EQ(a.status, store::OrderRowStatus::kOgiltig);
      continue;
    }
    ASSERT_EQ(a.status, store::OrderRowStatus::kBesvarad) << a.rad;
    const bool unknown = a.rad > kBulkPersons;
    EXPECT_EQ(a.utfall,
              unknown ? store::AnswerOutcome::kPersonSaknas : store::AnswerOutcome::kUtlamnat);
    const auto svar = nlohmann::json::parse(a.svar);
    EXPECT_EQ(svar["fraga"]["personnummer"], a.personnummer);
    EXPECT_EQ(svar["fraga"]["fromDatum"], "2025-11-01");
    transaction_ids.insert(svar["transaktionsId"].get<std::string>());
  }
  EXPECT_EQ(static_cast<std::int64_t>(transaction_ids.size()), valid);

  // Audited once per person, as the v10 service.
  auto audit = store_->audit().read(0, 100'000);
  ASSERT_TRUE(audit.ok());
  std::map<std::string, int> audited;
  for (const auto& entry : *audit) {
    if (entry.event.tjanst != kTjanstBestallning) continue;
    ++audited[entry.event.personnummer];
    EXPECT_EQ(entry.event.aktors_id, "AKTOR-A");
    EXPECT_EQ(entry.event.organisationsnummer, "5567890123");
    EXPECT_EQ(entry.event.rattslig_grund, "TESTMILJO");
  }
  EXPECT_EQ(static_cast<std::int64_t>(audited.size()), valid);
  for (const auto& entry : audited) EXPECT_EQ(entry.second, 1) << entry.first;
}

TEST_F(OrderWorkerTest, AnswerEqualsTheSyncAnswerApartFromTransactionAndTime) {
  const store::Order order = submit(0);
  LefiService service(*store_);
  platform::Metrics metrics;
  {
    OrderWorker worker(
        store_->orders(), store_->audit(), service, metrics, [] { return true; }, system_now_ms);
    ASSERT_TRUE(wait_klar(order, std::chrono::seconds(60)));
  }
  const auto answers = all_answers(order);
  ASSERT_FALSE(answers.empty());
  const auto& first = answers.front();
  LefiQuery query{*domain::parse_personnummer(first.personnummer), order.request.informationstyper,
                  order.request.period};
  platform::Agreement agreement;
  agreement.aktors_id = "AKTOR-A";
  agreement.informationstyper = {order.request.informationstyper.begin(),
                                 order.request.informationstyper.end()};
  auto sync =
      service.answer(query, agreement, {"t", "5567890123", "", "LEFI.FORMANSINFORMATION.V9"});
  ASSERT_TRUE(sync.ok());
  auto expected = nlohmann::json::parse(render_v9_json(*sync));
  auto actual = nlohmann::json::parse(first.svar);
  for (auto* doc : {&expected, &actual}) {
    doc->erase("transaktionsId");
    doc->erase("tidpunkt");
  }
  EXPECT_EQ(actual, expected);
}

TEST_F(OrderWorkerTest, WaitsWhileProcessingIsNotAllowedAndStopsPromptly) {
  const store::Order order = submit(0);
  LefiService service(*store_);
  platform::Metrics metrics;
  std::atomic<bool> open{false};
  OrderWorkerOptions options;
  options.idle = std::chrono::milliseconds(50);
  OrderWorker worker(
      store_->orders(), store_->audit(), service, metrics, [&open] { return open.load(); },
      system_now_ms, options);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto found = store_->orders().find("AKTOR-A", order.id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->status, store::OrderStatus::kMottagen);
  EXPECT_EQ((*found)->counts.answered, 0);

  open = true;
  ASSERT_TRUE(wait_klar(order, std::chrono::seconds(60)));

  // stop() interrupts the idle sleep instead of waiting it out.
  OrderWorkerOptions slow;
  slow.idle = std::chrono::seconds(30);
  OrderWorker idle(
      store_->orders(), store_->audit(), service, metrics, [] { return false; }, system_now_ms,
      slow);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto started = std::chrono::steady_clock::now();
  idle.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

}  // namespace
}  // namespace utbyte::lefi::async
