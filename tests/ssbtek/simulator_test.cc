// A simulator over real mutual TLS: its JSON API, its bad-input answers, its failures.

#include "ssbtek/simulators/simulator.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "client/https_client.h"
#include "platform/tls/cert_authority.h"

namespace utbyte::ssbtek::simulators {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class SimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(platform::tls::init_dev_certs(certs_).ok()); }

  std::unique_ptr<Simulator> start(SimulatorOptions options) {
    auto sim = Simulator::start(platform::tls::CertPaths::server_in(certs_), options);
    EXPECT_TRUE(sim.ok()) << sim.error().message;
    return std::move(sim).value();
  }

  client::HttpResult post(const Simulator& sim, const std::string& body,
                          const std::string& content_type = "application/json") {
    client::HttpsClient http(*client::parse_url(sim.base_url()),
                             platform::tls::CertPaths::client_in(certs_), 10s);
    auto result = http.request("POST", "/uppgifter", body, content_type);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return std::move(result).value();
  }

  store::testing::TempDir dir_;
  std::string certs_ = dir_.file("certs");
};

TEST_F(SimulatorTest, AnswersWithSimulatorMetadata) {
  SimulatorOptions options;
  options.kalla = Kalla::kTransportstyrelsen;
  auto sim = start(options);
  const auto res = post(
      *sim, R"({"personnummer":"199405309999","fromDatum":"2025-01-01","tomDatum":"2026-11-23"})");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.at("x-simulator"), "true");
  const json doc = json::parse(res.body);
  EXPECT_EQ(doc["simulator"], true);
  EXPECT_EQ(doc["kalla"], "TRANSPORTSTYRELSEN");
  EXPECT_EQ(doc["uppgifter"]["fordon"][0]["registreringsnummer"], "MLB27K");
}

TEST_F(SimulatorTest, BadInputGetsStableCodes) {
  auto sim = start({});
  const struct {
    std::string body;
    std::string content_type;
    int status;
    const char* felkod;
  } cases[] = {
      {"{", "application/json", 400, "FELAKTIG_JSON"},
      {R"({"personnummer":"199405309999"})", "application/json", 400, "OGILTIG_FRAGA"},
      {R"({"personnummer":"199405309998","fromDatum":"2025-01-01","tomDatum":"2026-01-01"})",
       "application/json", 400, "OGILTIGT_PERSONNUMMER"},
      {R"({"personnummer":"199405309999","fromDatum":"2025-02-30","tomDatum":"2026-01-01"})",
       "application/json", 400, "OGILTIGT_DATUM"},
      {R"({"personnummer":"199405309999","fromDatum":"2026-01-01","tomDatum":"2025-01-01"})",
       "application/json", 400, "OGILTIGT_DATUMINTERVALL"},
      {R"({"personnummer":"199405309999","fromDatum":"2025-01-01","tomDatum":"2026-01-01"})",
       "text/plain", 415, "FEL_CONTENT_TYPE"},
  };
  for (const auto& c : cases) {
    const auto res = post(*sim, c.body, c.content_type);
    EXPECT_EQ(res.status, c.status) << c.body;
    EXPECT_EQ(json::parse(res.body)["felkod"], c.felkod) << c.body;
  }
}

TEST_F(SimulatorTest, FailsAsConfiguredAndKeepsItsLatency) {
  SimulatorOptions options;
  options.failure_rate = 1.0;
  options.latency = 100ms;
  auto sim = start(options);
  const auto started = std::chrono::steady_clock::now();
  const auto res = post(
      *sim, R"({"personnummer":"199405309999","fromDatum":"2025-01-01","tomDatum":"2026-01-01"})");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(json::parse(res.body)["felkod"], "TJANSTEN_EJ_TILLGANGLIG");
}

TEST_F(SimulatorTest, RefusesFkPmAndBadRates) {
  SimulatorOptions options;
  options.kalla = Kalla::kFkPm;
  EXPECT_EQ(Simulator::start(platform::tls::CertPaths::server_in(certs_), options).error().code,
            ErrorCode::kConfigError);
  options.kalla = Kalla::kCsn;
  options.failure_rate = 1.5;
  EXPECT_EQ(Simulator::start(platform::tls::CertPaths::server_in(certs_), options).error().code,
            ErrorCode::kConfigError);
}

}  // namespace
}  // namespace utbyte::ssbtek::simulators
