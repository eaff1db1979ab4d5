#include "platform/sla/service_gate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/calendar.h"
#include "platform/http/error_response.h"

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
    return std::make_unique<ServiceGate>(clock_, config, versions_, windows_, metrics_);
  }

  // What the pipeline makes of the gate's decision for `aktor`: the refusal as the REST error
  // body with its Retry-After, or a call of the handler; the answer is "sent" at once.
  http::Response call(ServiceGate& gate, const GateProfile& profile,
                      const std::string& aktor = "A") {
    GateDecision version = gate.check_version(profile);
    GateDecision decision =
        version.admitted() ? gate.admit(profile, aktor + "|5561234567") : version;
    http::Response response;
    if (decision.admitted()) {
      ++calls_;
    } else {
      response = http::error_response(*decision.refusal, "tx");
      if (decision.retry_after) {
        response.headers.emplace_back("Retry-After", retry_after_header(*decision.retry_after));
      }
    }
    for (const auto& header : version.headers) response.headers.push_back(header);
    if (decision.ticket) decision.ticket->finish(clock_->steady_now());
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
  MemoryWindowStore windows_;
  Metrics metrics_;
  int calls_ = 0;
};

TEST_F(ServiceGateTest, EnforcesTheOnlineRateAndGapPerActor) {
  auto gate = make_gate();
  const GateProfile handler{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  EXPECT_EQ(call(*gate, handler).status, 200);
  clock_->advance(299ms);
  const auto refused = call(*gate, handler);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["felkod"], "KAPACITETSGRANS_OVERSKRIDEN");
  EXPECT_EQ(call(*gate, handler, "B").status, 200) << "another actor has its own budget";
  clock_->advance(701ms);
  EXPECT_EQ(call(*gate, handler).status, 200) << "1 s after the first request";
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
  const GateProfile lefi{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  const GateProfile leka{"LEKA", ServiceClass::kLeka, "LEKA_AVISERING", 9};
  const auto refused = call(*gate, lefi);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(header(refused, "Retry-After"), "5400");
  EXPECT_EQ(call(*gate, leka).status, 200) << "the window names LEFI_ONLINE only";
  ASSERT_TRUE(gate->active_window("LEFI_ONLINE").has_value());
  EXPECT_EQ(calls_, 1);
}

TEST_F(ServiceGateTest, ClosesMassfragaOutsideOpeningHours) {
  clock_ = std::make_shared<ManualClock>(stockholm("2026-11-25", 21, 30));  // Wednesday 21:30
  auto gate = make_gate();
  const GateProfile mass{"MASSFRAGA", ServiceClass::kMassfraga, "LEFI_BESTALLNINGSMOTTAGARE", 10};
  const auto refused = call(*gate, mass);
  EXPECT_EQ(refused.status, 503);
  // Opens Thursday 07:00: 9.5 hours later.
  EXPECT_EQ(header(refused, "Retry-After"), std::to_string(9 * 3600 + 1800));
  const GateProfile online{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  EXPECT_EQ(call(*gate, online).status, 200) << "Online has no opening hours";
}

TEST_F(ServiceGateTest, RegularWindowWhenConfigured) {
  clock_ = std::make_shared<ManualClock>(stockholm("2026-11-28", 16));  // Saturday 16:00
  SlaConfig config;
  config.regular_window.enabled = true;
  auto gate = make_gate(config);
  const GateProfile lefi{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  const auto refused = call(*gate, lefi);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(header(refused, "Retry-After"), std::to_string(21 * 3600));  // Sunday 13:00
}

TEST_F(ServiceGateTest, PagesWithoutAClassSpendNoBudgetButCloseInWindows) {
  auto gate = make_gate();
  const GateProfile page{"LEFI_ONLINE", std::nullopt, "LEFI_FORMANSINFORMATION", 9};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(call(*gate, page).status, 200);
  const GateProfile query{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  EXPECT_EQ(call(*gate, query).status, 200) << "the pages spent nothing";
  store::ServiceWindowRecord w;
  w.start = unix_seconds(clock_->now() - 1min);
  w.end = unix_seconds(clock_->now() + 10min);
  ASSERT_TRUE(windows_.add(w).ok());
  auto reopened = make_gate();
  EXPECT_EQ(call(*reopened, page).status, 503);
}

TEST_F(ServiceGateTest, VersionsAreCheckedFirstAndUnknownApisAreGone) {
  auto gate = make_gate();
  const auto gone = call(*gate, {"LEFI_ONLINE", ServiceClass::kOnline, "OKAND_API", 1});
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(calls_, 0);
  // Every partner service's entry exists: LEKA, E-IOA and SSBTEK too.
  for (const auto& [api, major] :
       {std::pair{"LEKA_PRENUMERATION", 9}, std::pair{"LEKA_AVISERING", 9},
        std::pair{"EIOA_ANMALAN_ARBETSGIVARE", 1}, std::pair{"SSBTEK", 1}}) {
    EXPECT_EQ(call(*gate, {"X", std::nullopt, api, major}).status, 200) << api;
  }
}

TEST_F(ServiceGateTest, EioaAndSsbtekHaveTheirOwnBudgets) {
  auto gate = make_gate();
  const GateProfile ssbtek{"SSBTEK", ServiceClass::kSsbtek, "SSBTEK", 1};
  EXPECT_EQ(call(*gate, ssbtek).status, 200);
  EXPECT_EQ(call(*gate, ssbtek).status, 200);
  EXPECT_EQ(call(*gate, ssbtek).status, 429) << "2 per second by default";
  const GateProfile eioa{"EIOA", ServiceClass::kEioa, "EIOA_ANMALAN_ARBETSGIVARE", 1};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call(*gate, eioa).status, 200) << i;
  EXPECT_EQ(call(*gate, eioa).status, 429) << "10 per second by default";
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
  const GateProfile handler{"LEFI_ONLINE", ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call(*gate, handler).status, 200);
}

TEST_F(ServiceGateTest, StatusDescribesLimitsHoursAndWindows) {
  auto gate = make_gate();
  const auto status = gate->status();
  EXPECT_EQ(status["sla"], "PA");
  EXPECT_EQ(status["klasser"]["ONLINE"]["perSekund"], 1);
  EXPECT_EQ(status["klasser"]["MASSFRAGA"]["samtidiga"], 5);
  EXPECT_EQ(status["klasser"]["SSBTEK"]["perSekund"], 2);
  EXPECT_EQ(status["klasser"]["WEBBINLOGGNING"]["samtidiga"], 2);
  EXPECT_EQ(status["klasser"]["EIOA_OMSANDNING"]["perTimme"], 5);
  EXPECT_EQ(status["massfraga"]["oppen"], true);
  EXPECT_EQ(status["massfraga"]["stanger"], "2026-11-25T21:30:00+01:00");
  EXPECT_EQ(status["tid"], "2026-11-25T10:00:00+01:00");
}

TEST(FormatStockholmTest, UsesTheSummerOffset) {
  EXPECT_EQ(format_stockholm(stockholm("2026-07-01", 12, 5)), "2026-07-01T12:05:00+02:00");
}

}  // namespace
}  // namespace utbyte::platform::sla
