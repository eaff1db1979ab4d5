#include <atomic>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "leka/daily_run.h"
#include "leka/leka_service.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/synthetic/register_advance.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::leka {
namespace {

using domain::InformationType;
using nlohmann::json;

const domain::Date kAsOf{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

class TempFile {
 public:
  TempFile() {
    static std::atomic<int> n{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("utbyte-leka-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".db"))
                .string();
  }
  ~TempFile() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

platform::Agreement agreement(std::string aktor) {
  platform::Agreement a;
  a.aktors_id = std::move(aktor);
  a.organisationsnummer = "5567890123";
  for (const auto& t : domain::all_information_types()) a.informationstyper.insert(t.type);
  a.rattslig_grund = "TEST";
  a.tjanster = {"LEKA"};
  return a;
}

SubscriptionRequest request(const std::string& pnr, std::vector<InformationType> types,
                            const std::string& from = "2025-01-01") {
  return SubscriptionRequest{*domain::parse_personnummer(pnr), std::move(types),
                             *domain::parse_date(from)};
}

std::vector<json> feed(store::Store& store, const std::string& aktor) {
  auto page = store.leka().notifications(aktor, 1, 1000);
  EXPECT_TRUE(page.ok());
  std::vector<json> out;
  for (const auto& n : page->items) {
    json j = json::parse(n.innehall);
    j["sekvensnummer"] = n.sekvens;
    out.push_back(std::move(j));
  }
  return out;
}

class DailyRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store::synthetic::generate_register(db_.path(), {100, 3, kAsOf}, nullptr).ok());
    auto opened = store::open_sqlite_store(db_.path());
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
  }

  TempFile db_;
  store::StorePtr store_;
};

TEST_F(DailyRunTest, FirstDeliveryThenOnlyTheSubscribedChanges) {
  LekaService service(*store_, [] { return std::int64_t{1'795'000'000'000}; });
  const Caller caller{"tx-1", "5567890123"};
  // Pensioner who dies (ÅP with payments), blocked pension (ÅP, no payments subscribed).
  auto bengt = service.subscribe(
      request("194806039998", {InformationType::kAlderspension, InformationType::kUtbetalning}),
      agreement("A"), caller);
  ASSERT_TRUE(bengt.ok()) << bengt.error().message;
  EXPECT_TRUE(bengt->created);
  EXPECT_EQ(bengt->forsta_leverans, 1);
  auto margareta = service.subscribe(request("195509299987", {InformationType::kAlderspension}),
                                     agreement("A"), caller);
  ASSERT_TRUE(margareta.ok());
  // Same again: same id, no second first delivery.
  auto again = service.subscribe(request("195509299987", {InformationType::kAlderspension}),
                                 agreement("A"), caller);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->subscription.id, margareta->subscription.id);

  const auto first = feed(*store_, "A");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0]["handelse"], "FORSTA_LEVERANS");
  EXPECT_FALSE(first[0]["tillstand"]["beslut"].empty());
  EXPECT_FALSE(first[0]["tillstand"]["utbetalningar"].empty());
  EXPECT_FALSE(first[1]["tillstand"].contains("utbetalningar"));  // UTBETALNING not subscribed

  ASSERT_TRUE(store::synthetic::advance_register(db_.path(), {40, 3}, nullptr).ok());
  auto stats = run_daily(*store_);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_GT(stats->andringar, 0);

  // Expected: the change log rows of the two persons and ÅP, payments only for Bengt.
  auto conn = store::sqlite::Connection::open(db_.path(), false);
  auto expected_bengt = conn->query_int(
      "SELECT count(*) FROM register_andring WHERE personnummer = '194806039998' AND "
      "informationstyp = 'ALDERSPENSION'");
  auto expected_margareta = conn->query_int(
      "SELECT count(*) FROM register_andring WHERE personnummer = '195509299987' AND "
      "informationstyp = 'ALDERSPENSION' AND handelse NOT IN ('NY_UTBETALNING', "
      "'UTBETALNING_GENOMFORD')");
  ASSERT_TRUE(expected_bengt.ok() && expected_margareta.ok());
  EXPECT_EQ(stats->aviseringar, *expected_bengt + *expected_margareta);

  const auto all = feed(*store_, "A");
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), 2 + stats->aviseringar);
  std::set<std::string> handelser;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i]["sekvensnummer"], static_cast<std::int64_t>(i + 1));  // gap-free
    EXPECT_EQ(all[i]["informationstyp"], "ALDERSPENSION");
    handelser.insert(all[i]["handelse"].get<std::string>());
    if (all[i]["handelse"] == "UTBETALNING_GENOMFORD") {
      ASSERT_EQ(all[i]["tillstand"]["utbetalningar"].size(), 1u);
      EXPECT_EQ(all[i]["tillstand"]["utbetalningar"][0]["status"], "UTBETALD");
      EXPECT_EQ(all[i]["tillstand"]["utbetalningar"][0]["utbetalningsId"], all[i]["referens"]);
    }
  }
  EXPECT_TRUE(handelser.contains("AVLIDEN"));
  EXPECT_TRUE(handelser.contains("FORMAN_SPARRAD"));
  EXPECT_TRUE(handelser.contains("UTBETALNING_GENOMFORD"));

  // Rerunning finds nothing new; another actor sees nothing.
  auto rerun = run_daily(*store_);
  ASSERT_TRUE(rerun.ok());
  EXPECT_EQ(rerun->andringar, 0);
  EXPECT_EQ(rerun->aviseringar, 0);
  EXPECT_TRUE(feed(*store_, "B").empty());

  // Full refresh: one notification per subscription and type with data.
  auto refreshed = service.full_refresh(agreement("A"));
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->prenumerationer, 2);
  EXPECT_EQ(refreshed->aviseringar, 2);
  EXPECT_EQ(feed(*store_, "A").back()["handelse"], "HELUPPDATERING");
}

TEST_F(DailyRunTest, RefusesTypesOutsideTheAgreement) {
  LekaService service(*store_, [] { return std::int64_t{0}; });
  platform::Agreement narrow = agreement("A");
  narrow.informationstyper = {InformationType::kSjukpenning};
  auto r = service.subscribe(request("194806039998", {InformationType::kAlderspension}), narrow,
                             {"tx", "5567890123"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInformationTypeNotPermitted);
}

}  // namespace
}  // namespace utbyte::leka
