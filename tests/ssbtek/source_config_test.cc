#include "ssbtek/sources/source_config.h"

#include <gtest/gtest.h>

#include "ssbtek/simulators/simulator_set.h"

namespace utbyte::ssbtek::sources {
namespace {

using nlohmann::json;

TEST(SourceConfigTest, ParsesEveryMember) {
  auto config = parse_sources_config(json::parse(R"({
    "totalTidsgransMs": 2500, "klientcertifikat": "/etc/utbyte/klient",
    "kallor": {"CSN": {"url": "https://csn.example:8443/kommunfraga", "timeoutMs": 700, "forsok": 3,
                       "backoffMs": 20, "brytare": {"felgrans": 4, "oppenMs": 5000, "provanrop": 2}},
               "akassa": {"url": "https://akassa.example"}}})"),
                                     "t.json");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->deadline.count(), 2500);
  EXPECT_EQ(config->client_certs, "/etc/utbyte/klient");
  const auto& csn = config->sources.at(Kalla::kCsn);
  EXPECT_EQ(csn.timeout.count(), 700);
  EXPECT_EQ(csn.attempts, 3);
  EXPECT_EQ(csn.backoff.count(), 20);
  EXPECT_EQ(csn.breaker.failure_threshold, 4);
  EXPECT_EQ(csn.breaker.open_for.count(), 5000);
  EXPECT_EQ(csn.breaker.half_open_probes, 2);
  EXPECT_FALSE(csn.simulator);
  // Defaults; short names accepted.
  const auto& akassa = config->sources.at(Kalla::kAkassa);
  EXPECT_EQ(akassa.timeout.count(), 1000);
  EXPECT_EQ(akassa.attempts, 2);
}

TEST(SourceConfigTest, RefusesMistakesNamingTheMember) {
  const struct {
    const char* doc;
    const char* names;
  } cases[] = {
      {R"([])", "JSON-objekt"},
      {R"({"kallor": {}, "extra": 1})", "extra"},
      {R"({"totalTidsgransMs": 0, "kallor": {}})", "totalTidsgransMs"},
      {R"({})", "kallor"},
      {R"({"kallor": {"KRONOFOGDEN": {"url": "https://k"}}})", "KRONOFOGDEN"},
      {R"({"kallor": {"FK_PM": {"url": "https://k"}}})", "FK_PM"},
      {R"({"kallor": {"CSN": {"url": "http://csn"}}})", "url"},
      {R"({"kallor": {"CSN": {}}})", "url"},
      {R"({"kallor": {"CSN": {"url": "https://c", "timeoutMs": "1"}}})", "timeoutMs"},
      {R"({"kallor": {"CSN": {"url": "https://c", "forsok": -1}}})", "forsok"},
      {R"({"kallor": {"CSN": {"url": "https://c", "brytare": {"felgrans": 0}}}})", "felgrans"},
      {R"({"kallor": {"CSN": {"url": "https://c", "brytare": {"x": 1}}}})", "brytare.x"},
      {R"({"kallor": {"CSN": {"url": "https://c", "simulator": 1}}})", "simulator"},
  };
  for (const auto& c : cases) {
    auto config = parse_sources_config(json::parse(c.doc), "t.json");
    ASSERT_FALSE(config.ok()) << c.doc;
    EXPECT_EQ(config.error().code, ErrorCode::kConfigError);
    EXPECT_NE(config.error().message.find(c.names), std::string::npos)
        << c.doc << ": " << config.error().message;
  }
  EXPECT_EQ(load_sources_config("/nonexistent/kallor.json").error().code, ErrorCode::kConfigError);
}

TEST(SourceConfigTest, SimulatorSettingsOnTheCommandLine) {
  auto ok = simulators::parse_kalla_setting("--kalla-latens", "akassa=2000");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->first, Kalla::kAkassa);
  EXPECT_EQ(ok->second, "2000");
  EXPECT_TRUE(simulators::parse_kalla_setting("--kalla-latens", "SKATTEVERKET=5").ok());
  for (const char* bad : {"akassa", "fkpm=1", "kronofogden=1", "=1"}) {
    auto result = simulators::parse_kalla_setting("--kalla-latens", bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::kConfigError);
  }
  EXPECT_TRUE(simulators::parse_failure_kind("hang").ok());
  EXPECT_EQ(simulators::parse_failure_kind("reset").error().code, ErrorCode::kConfigError);
}

}  // namespace
}  // namespace utbyte::ssbtek::sources
