#include "platform/sla/service_gate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/calendar.h"

namespace utbyte::platform::sla {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start) : wall_(start) {}
  std::chrono::system_clock::time_point now() const override { return wall_; }
  std::chrono::steady_clock::time_point steady_now() const override { return steady_; }
  void advance(std::chrono::milliseconds d) {
    wall_ += d;
    steady_ += d;
  }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point steady_{std::chrono::hours(1)};
};

class MemoryWindowStore final : public store::WindowStore {
 public:
  Result<store::ServiceWindowRecord> add(const store::ServiceWindowRecord& w) override {
    windows.push_back(w);
    windows.back().id = "SF-" + std::to_string(windows.size());
    return windows.back();
  }
  Result<std::vector<store::ServiceWindowRecord>> list() override { return windows; }
  Result<bool> remove(const std::string&) override { return false; }
  std::vector<store::ServiceWindowRecord> windows;
};

std::chrono::system_clock::time_point stockholm(const char* date, int hour, int minute = 0) {
  return domain::from_stockholm(*domain::parse_date(date), hour * 60 + minute);
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class ServiceGateTest : public ::testing::Test {
 protected:
  // Wednesday 10:00: inside Massfråga hours, outside the regular window.
  ServiceGateTest() : clock_(std::make_shared<ManualClock>(stockholm("2026-11-25", 10))) {}

  std::unique_ptr<ServiceGate> make_gate(SlaConfig config = {}) {
    return std::make_unique<ServiceGate>(clock_, config, versions_, actors_, windows_, metrics_);
  }

  http::Response call(http::Handler& handler, const std::string& aktor = "A") {
    http::Request request;
    request.method = "POST";
    request.transaktions_id = "tx";
    request.path_params["aktorsId"] = aktor;
    request.peer = &peer_;
    http::Response response = handler(request);
    if (response.on_sent) response.on_sent();
    return response;
  }

  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  std::shared_ptr<ManualClock> clock_;
  VersionRegistry versions_ = VersionRegistry::standard();
  ActorRegistry actors_ = ActorRegistry::test_mode();
  MemoryWindowStore windows_;
  Metrics metrics_;
  tls::PeerIdentity peer_{"5561234567", "", "", "", ""};
  int calls_ = 0;
  http::Handler ok_ = [this](http::Request&) {
    ++calls_;
    return http::Response{};
  };
};

TEST_F(ServiceGateTest, EnforcesTheOnlineRateAndGapPerActor) {
  auto gate = make_gate();
  auto handler = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  EXPECT_EQ(call(handler).status, 200);
  clock_->advance(299ms);
  const auto refused = call(handler);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["felkod"], "KAPACITETSGRANS_OVERSKRIDEN");
  EXPECT_EQ(call(handler, "B").status, 200) << "another actor has its own budget";
  clock_->advance(701ms);
  EXPECT_EQ(call(handler).status, 200) << "1 s after the first request";
  EXPECT_EQ(calls_, 3);
  EXPECT_NE(metrics_.render_prometheus().find(
                R"(utbyte_sla_avvisade_total{klass="ONLINE",orsak="PER_SEKUND"} 1)"),
            std::string::npos);
}

TEST_F(ServiceGateTest, AnswersServiceWindowsWithRetryAfterAtTheirEnd) {
  store::ServiceWindowRecord w;
  w.start = unix_seconds(clock_->now() - 1min);
  w.end = unix_seconds(clock_->now() + 90min);
  w.tjanster = {"LEFI_ONLINE"};
  w.orsak = "Uppgradering";
  ASSERT_TRUE(windows_.add(w).ok());
  auto gate = make_gate();
  auto lefi = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  auto leka = gate->wrap({"LEKA", ServiceClass::kLeka, "", 0}, ok_);
  const auto refused = call(lefi);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(header(refused, "Retry-After"), "5400");
  EXPECT_EQ(call(leka).status, 200) << "the window names LEFI_ONLINE only";
  ASSERT_TRUE(gate->active_window("LEFI_ONLINE").has_value());
  EXPECT_EQ(calls_, 1);
}

TEST_F(ServiceGateTest, ClosesMassfragaOutsideOpeningHours) {
  clock_ = std::make_shared<ManualClock>(stockholm("2026-11-25", 21, 30));  // Wednesday 21:30
  auto gate = make_gate();
  auto mass = gate->wrap({"MASSFRAGA", ServiceClass::kMassfraga, "", 0}, ok_);
  const auto refused = call(mass);
  EXPECT_EQ(refused.status, 503);
  // Opens Thursday 07:00: 9.5 hours later.
  EXPECT_EQ(header(refused, "Retry-After"), std::to_string(9 * 3600 + 1800));
  auto online = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  EXPECT_EQ(call(online).status, 200) << "Online has no opening hours";
}

TEST_F(ServiceGateTest, RegularWindowWhenConfigured) {
  clock_ = std::make_shared<ManualClock>(stockholm("2026-11-28", 16));  // Saturday 16:00
  SlaConfig config;
  config.regular_window.enabled = true;
  auto gate = make_gate(config);
  auto lefi = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  const auto refused = call(lefi);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(header(refused, "Retry-After"), std::to_string(21 * 3600));  // Sunday 13:00
}

TEST_F(ServiceGateTest, UnauthorisedRequestsSpendNoBudget) {
  auto gate = make_gate();
  auto handler = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(handler, "ogiltigt id").status, 200);
  EXPECT_EQ(calls_, 3) << "the handler itself answers 400 for such ids";
  EXPECT_EQ(call(handler, "A").status, 200);
}

TEST_F(ServiceGateTest, StatusShowsTheWindowThatEndsLast) {
  store::ServiceWindowRecord w;
  w.start = unix_seconds(clock_->now() - 1min);
  w.end = unix_seconds(clock_->now() + 5min);
  ASSERT_TRUE(windows_.add(w).ok());
  w.end = unix_seconds(clock_->now() + 30min);
  ASSERT_TRUE(windows_.add(w).ok());
  auto gate = make_gate();
  EXPECT_EQ(gate->status()["servicefonster"]["aktivt"]["id"], "SF-2");
}

TEST_F(ServiceGateTest, DisabledSlaOnlyChecksVersions) {
  SlaConfig config;
  config.enabled = false;
  auto gate = make_gate(config);
  auto handler = gate->wrap({"LEFI_ONLINE", ServiceClass::kOnline, "", 0}, ok_);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call(handler).status, 200);
}

TEST_F(ServiceGateTest, StatusDescribesLimitsHoursAndWindows) {
  auto gate = make_gate();
  const auto status = gate->status();
  EXPECT_EQ(status["sla"], "PA");
  EXPECT_EQ(status["klasser"]["ONLINE"]["perSekund"], 1);
  EXPECT_EQ(status["klasser"]["MASSFRAGA"]["samtidiga"], 5);
  EXPECT_EQ(status["massfraga"]["oppen"], true);
  EXPECT_EQ(status["massfraga"]["stanger"], "2026-11-25T21:30:00+01:00");
  EXPECT_EQ(status["tid"], "2026-11-25T10:00:00+01:00");
}

TEST(FormatStockholmTest, UsesTheSummerOffset) {
  EXPECT_EQ(format_stockholm(stockholm("2026-07-01", 12, 5)), "2026-07-01T12:05:00+02:00");
}

}  // namespace
}  // namespace utbyte::platform::sla
