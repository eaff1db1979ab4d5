// The fan-out over real simulators on real mutual TLS: parallel, bounded by the deadline, every
// block with the right status, and audited per source.

#include "ssbtek/ssbtek_service.h"

#include <gtest/gtest.h>

#include "../store/test_db.h"
#include "platform/tls/cert_authority.h"
#include "platform/tls/tls_context.h"
#include "ssbtek/simulators/simulated_data.h"
#include "ssbtek/simulators/simulator_set.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::ssbtek {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class SsbtekServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(platform::tls::init_dev_certs(certs_).ok());
    store::synthetic::GenerateOptions options;
    options.seed = 1;
    options.as_of = domain::today_utc();
    ASSERT_TRUE(store::synthetic::generate_register(db_, options, nullptr).ok());
    auto opened = store::open_sqlite_store(db_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    lefi_ = std::make_unique<lefi::LefiService>(*store_);
    auto tls = platform::tls::make_client_context(platform::tls::CertPaths::client_in(certs_));
    ASSERT_TRUE(tls.ok());
    client_tls_ = std::make_shared<boost::asio::ssl::context>(std::move(tls).value());
    agreement_.aktors_id = "KOMMUN-TEST";
    agreement_.rattslig_grund = "4 kap. SoL";
    for (const auto& info : domain::all_information_types()) {
      agreement_.informationstyper.insert(info.type);
    }
  }

  // Simulators with `options` (certs filled in) and a service whose sources point at them.
  void start(simulators::SimulatorSetOptions options, std::chrono::milliseconds timeout,
             std::chrono::milliseconds deadline) {
    options.certs_dir = certs_;
    auto set = simulators::SimulatorSet::start(options);
    ASSERT_TRUE(set.ok()) << set.error().message;
    simulators_ = std::move(set).value();
    auto config =
        sources::parse_sources_config(simulators_->sources_config(timeout, deadline), "t");
    ASSERT_TRUE(config.ok()) << config.error().message;
    service_ = std::make_unique<SsbtekService>(*lefi_, store_->audit(), std::move(config).value(),
                                               client_tls_, 2);
  }

  SsbtekQuery query(std::string_view sokande, std::optional<std::string_view> medsokande = {}) {
    const auto today = domain::today_utc();
    SsbtekQuery q{*domain::parse_personnummer(sokande),
                  {},
                  {domain::add_days(today, -365), today},
                  {kAllaKallor.begin(), kAllaKallor.end()},
                  "ARENDE-1"};
    if (medsokande) q.medsokande = *domain::parse_personnummer(*medsokande);
    return q;
  }

  const Block& block(const SsbtekAnswer& answer, Kalla kalla, std::size_t person = 0) {
    for (const auto& b : answer.personer.at(person).blocks) {
      if (b.kalla == kalla) return b;
    }
    throw std::runtime_error("no block");
  }

  store::testing::TempDir dir_;
  std::string certs_ = dir_.file("certs");
  std::string db_ = dir_.file("register.db");
  store::StorePtr store_;
  std::unique_ptr<lefi::LefiService> lefi_;
  std::shared_ptr<boost::asio::ssl::context> client_tls_;
  platform::Agreement agreement_;
  std::unique_ptr<simulators::SimulatorSet> simulators_;
  std::unique_ptr<SsbtekService> service_;
};

TEST_F(SsbtekServiceTest, FullAnswerFromEverySourceEqualsWhatEachServes) {
  start({}, 2000ms, 5000ms);
  auto answer =
      service_->answer(query(simulators::kPersonAllaKallor), agreement_, {"tx-1", "5561234567"});
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_TRUE(answer->komplett);
  EXPECT_TRUE(answer->syntetiska_uppgifter);
  ASSERT_EQ(answer->personer.size(), 1u);
  ASSERT_EQ(answer->personer[0].blocks.size(), kAllaKallor.size());
  const auto today = domain::today_utc();
  const auto person = *domain::parse_personnummer(simulators::kPersonAllaKallor);
  for (const auto& b : answer->personer[0].blocks) {
    EXPECT_EQ(b.result.status, BlockStatus::kBesvarad) << to_string(b.kalla) << b.result.meddelande;
    if (b.kalla == Kalla::kFkPm) continue;
    EXPECT_TRUE(b.result.simulator);
    EXPECT_EQ(b.result.uppgifter,
              simulators::simulated_uppgifter(b.kalla, person,
                                              {domain::add_days(today, -365), today}, today));
  }
  EXPECT_FALSE(block(*answer, Kalla::kFkPm).result.uppgifter["formaner"].empty());

  // One audit entry per source, the FK/PM one written by LEFI.
  auto entries = store_->audit().read(0, 100);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), kAllaKallor.size());
  std::set<std::string> tjanster;
  for (const auto& e : *entries) {
    tjanster.insert(e.event.tjanst);
    EXPECT_EQ(e.event.personnummer, simulators::kPersonAllaKallor);
    EXPECT_EQ(e.event.rattslig_grund, "4 kap. SoL");
  }
  EXPECT_TRUE(tjanster.contains("SSBTEK.FK_PM"));
  EXPECT_TRUE(tjanster.contains("SSBTEK.CSN"));
  EXPECT_TRUE(store_->audit().verify()->first_broken == std::nullopt);
}

TEST_F(SsbtekServiceTest, SourcesAreAskedInParallel) {
  simulators::SimulatorSetOptions options;
  options.latency = 300ms;
  start(options, 2000ms, 5000ms);
  // Warm the connection pools so that handshakes do not count.
  ASSERT_TRUE(
      service_->answer(query(simulators::kPersonIngaUppgifter), agreement_, {"w", ""}).ok());
  const auto started = Clock::now();
  auto answer =
      service_->answer(query(simulators::kPersonAllaKallor, simulators::kPersonMedsokande),
                       agreement_, {"tx-2", ""});
  const auto elapsed = Clock::now() - started;
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->komplett);
  // 12 external calls of 300 ms each: serial would take 3.6 s.
  EXPECT_LT(elapsed, 900ms);
  EXPECT_GE(elapsed, 300ms);
  EXPECT_EQ(answer->personer.size(), 2u);
  EXPECT_EQ(block(*answer, Kalla::kAkassa, 1).result.status, BlockStatus::kIngaUppgifter);
  EXPECT_EQ(block(*answer, Kalla::kArbetsformedlingen, 1).result.status, BlockStatus::kBesvarad);
}

TEST_F(SsbtekServiceTest, SlowSourceTimesOutAndTheRestArrivesInTime) {
  simulators::SimulatorSetOptions options;
  options.latency_by_kalla[Kalla::kCsn] = 3000ms;
  start(options, 400ms, 1500ms);
  const auto started = Clock::now();
  auto answer = service_->answer(query(simulators::kPersonAllaKallor), agreement_, {"tx-3", ""});
  const auto elapsed = Clock::now() - started;
  ASSERT_TRUE(answer.ok());
  EXPECT_FALSE(answer->komplett);
  EXPECT_EQ(block(*answer, Kalla::kCsn).result.status, BlockStatus::kTidsgransOverskriden);
  EXPECT_EQ(block(*answer, Kalla::kAkassa).result.status, BlockStatus::kBesvarad);
  EXPECT_LT(elapsed, 1500ms + 200ms);
  // Two attempts of 400 ms fit the 1.5 s deadline, a third would not.
  EXPECT_EQ(block(*answer, Kalla::kCsn).result.attempts, 2);
}

TEST_F(SsbtekServiceTest, FailingSourceIsUnavailableAndItsBreakerOpens) {
  simulators::SimulatorSetOptions options;
  options.failure_rate_by_kalla[Kalla::kSkatteverket] = 1.0;
  start(options, 1000ms, 3000ms);
  for (int i = 0; i < 3; ++i) {
    auto answer = service_->answer(query(simulators::kPersonAllaKallor), agreement_,
                                   {"tx-f" + std::to_string(i), ""});
    ASSERT_TRUE(answer.ok());
    const auto& b = block(*answer, Kalla::kSkatteverket);
    EXPECT_EQ(b.result.status, BlockStatus::kKallaEjTillganglig);
    EXPECT_EQ(block(*answer, Kalla::kTransportstyrelsen).result.status, BlockStatus::kBesvarad);
  }
  // 2 attempts per question × 3 questions = 6 failures ≥ the default threshold of 5.
  EXPECT_EQ(service_->adapter(Kalla::kSkatteverket)->breaker().state(),
            sources::CircuitBreaker::State::kOpen);
  auto answer = service_->answer(query(simulators::kPersonAllaKallor), agreement_, {"tx-f9", ""});
  ASSERT_TRUE(answer.ok());
  EXPECT_NE(block(*answer, Kalla::kSkatteverket).result.meddelande.find("kretsbrytaren"),
            std::string::npos);
  EXPECT_EQ(block(*answer, Kalla::kSkatteverket).result.attempts, 0);
}

TEST_F(SsbtekServiceTest, UnconfiguredSourceIsUnavailableNotFatal) {
  auto config =
      sources::parse_sources_config(nlohmann::json{{"kallor", nlohmann::json::object()}}, "t");
  ASSERT_TRUE(config.ok());
  service_ = std::make_unique<SsbtekService>(*lefi_, store_->audit(), *config, client_tls_, 1);
  auto answer = service_->answer(query(simulators::kPersonAllaKallor), agreement_, {"tx-u", ""});
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(block(*answer, Kalla::kCsn).result.status, BlockStatus::kKallaEjTillganglig);
  EXPECT_EQ(block(*answer, Kalla::kFkPm).result.status, BlockStatus::kBesvarad);
}

TEST(SsbtekPeriodTest, Rules) {
  const domain::Date today{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};
  const auto d = [](const char* text) { return *domain::parse_date(text); };
  EXPECT_TRUE(check_period({d("2025-11-23"), d("2026-11-23")}, today).ok());
  EXPECT_EQ(check_period({d("2026-11-23"), d("2026-11-22")}, today).code(),
            ErrorCode::kInvalidDateRange);
  EXPECT_EQ(check_period({d("1999-12-31"), d("2000-01-31")}, today).code(),
            ErrorCode::kInvalidDateRange);
  EXPECT_EQ(check_period({d("2019-01-01"), d("2026-01-01")}, today).code(),
            ErrorCode::kInvalidDateRange);
  EXPECT_EQ(check_period({d("2026-01-01"), d("2028-01-01")}, today).code(),
            ErrorCode::kInvalidDateRange);
}

}  // namespace
}  // namespace utbyte::ssbtek
