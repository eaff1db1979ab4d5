#include "client/pacer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/sla/sla_governor.h"

namespace utbyte::client {
namespace {

using platform::sla::SlaLimits;
using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = std::chrono::steady_clock::time_point;

struct Fixture {
  std::shared_ptr<SimulatedTime> time = std::make_shared<SimulatedTime>();
  std::vector<PaceWait> waits;
  std::mutex waits_mu;

  PacerOptions options() {
    PacerOptions o;
    o.time = time;
    o.on_wait = [this](const PaceWait& w) {
      std::lock_guard lock(waits_mu);
      waits.push_back(w);
    };
    return o;
  }
};

long ms_since_start(TimePoint t) {
  return static_cast<long>(
      std::chrono::duration_cast<milliseconds>(t - SimulatedTime::start()).count());
}

// Requests as the server saw them: its governor must admit every one the pacer let through.
void expect_server_admits_all(const SlaLimits& limits,
                              const std::vector<std::pair<TimePoint, TimePoint>>& requests) {
  platform::sla::SlaGovernorOptions governor_options;
  governor_options.limits[platform::sla::ServiceClass::kOnline] = limits;
  platform::sla::SlaGovernor governor(governor_options);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto admission = governor.admit("A", platform::sla::ServiceClass::kOnline, requests[i].first);
    ASSERT_TRUE(admission.admitted)
        << "request " << i << " at " << ms_since_start(requests[i].first) << " ms refused by "
        << to_string(admission.refused_by.value_or(platform::sla::SlaLimit::kConcurrent));
    admission.ticket.finish(requests[i].second);
  }
}

TEST(PacerTest, TwentyOnlineRequestsKeepOnePerSecondAndTheGap) {
  for (const milliseconds latency : {milliseconds{0}, milliseconds{40}, milliseconds{850}}) {
    Fixture f;
    Pacer pacer(SlaLimits::online(), f.options());
    std::vector<std::pair<TimePoint, TimePoint>> requests;
    for (int i = 0; i < 20; ++i) {
      Permit permit = pacer.acquire();
      const TimePoint start = f.time->now();
      EXPECT_EQ(permit.started_at(), start);
      f.time->advance(latency);
      permit.done();
      requests.emplace_back(start, f.time->now());
    }
    for (std::size_t i = 1; i < requests.size(); ++i) {
      EXPECT_GE(requests[i].first - requests[i - 1].first, seconds{1})
          << "latency " << latency.count() << " ms, request " << i;
      EXPECT_GE(requests[i].first - requests[i - 1].second, milliseconds{300})
          << "latency " << latency.count() << " ms, request " << i;
    }
    // Not slower than needed: start to start is one second, plus the answer time while it is
    // within the network margin, or answer + 300 ms when the gap binds.
    const milliseconds expected_step =
        std::max(seconds{1} + std::min(latency, milliseconds{100}), latency + milliseconds{300});
    EXPECT_EQ(requests.back().first - requests.front().first, 19 * expected_step)
        << "latency " << latency.count() << " ms";
    expect_server_admits_all(SlaLimits::online(), requests);
  }
}

TEST(PacerTest, FirstRequestDoesNotWait) {
  Fixture f;
  Pacer pacer(SlaLimits::online(), f.options());
  Permit permit = pacer.acquire();
  EXPECT_EQ(f.time->now(), SimulatedTime::start());
  EXPECT_EQ(f.time->sleeps(), 0);
  EXPECT_TRUE(f.waits.empty());
}

TEST(PacerTest, ReportsWhatItWaitsFor) {
  Fixture f;
  Pacer pacer(SlaLimits::online(), f.options());
  {
    Permit permit = pacer.acquire();
    f.time->advance(milliseconds{300});
  }  // the destructor ends the answer
  Permit second = pacer.acquire();
  ASSERT_EQ(f.waits.size(), 1u);
  // Counted from start + 100 ms network margin: next start at 1.1 s, now is 0.3 s.
  EXPECT_EQ(f.waits[0].reason, PaceReason::kPerSecond);
  EXPECT_EQ(f.waits[0].wait, milliseconds{800});
  EXPECT_EQ(f.waits[0].text, "väntar 0,8 s på SLA-gränsen 1/s");
}

TEST(PacerTest, GapIsMeasuredFromTheEndOfTheAnswer) {
  Fixture f;
  // Only the gap: a slow answer pushes the next start to its end + 300 ms.
  Pacer pacer(SlaLimits{0, 0, 0, milliseconds{300}, 0}, f.options());
  {
    Permit permit = pacer.acquire();
    f.time->advance(milliseconds{2000});
  }
  const TimePoint end = f.time->now();
  Permit next = pacer.acquire();
  EXPECT_EQ(next.started_at(), end + milliseconds{300});
  ASSERT_EQ(f.waits.size(), 1u);
  EXPECT_EQ(f.waits[0].reason, PaceReason::kGap);
  EXPECT_EQ(f.waits[0].text, "väntar 0,3 s på SLA-gränsen 300 ms mellan svar och ny fråga");
}

TEST(PacerTest, PerMinuteWindowWithCustomLimits) {
  Fixture f;
  Pacer pacer(SlaLimits{0, 3, 0, milliseconds{0}, 0}, f.options());
  std::vector<TimePoint> starts;
  for (int i = 0; i < 7; ++i) {
    Permit permit = pacer.acquire();
    starts.push_back(permit.started_at());
  }
  const TimePoint t0 = SimulatedTime::start();
  EXPECT_EQ(starts[0], t0);
  EXPECT_EQ(starts[1], t0);
  EXPECT_EQ(starts[2], t0);
  EXPECT_EQ(starts[3], t0 + seconds{60});  // the half-open window: exactly 60 s later is new
  EXPECT_EQ(starts[5], t0 + seconds{60});
  EXPECT_EQ(starts[6], t0 + seconds{120});
  ASSERT_FALSE(f.waits.empty());
  EXPECT_EQ(f.waits[0].reason, PaceReason::kPerMinute);
  EXPECT_EQ(f.waits[0].text, "väntar 1 min på SLA-gränsen 3/min");
}

TEST(PacerTest, PerHourWindowWithCustomLimits) {
  Fixture f;
  const SlaLimits limits{0, 0, 2, milliseconds{0}, 0};
  Pacer pacer(limits, f.options());
  std::vector<std::pair<TimePoint, TimePoint>> requests;
  for (int i = 0; i < 5; ++i) {
    Permit permit = pacer.acquire();
    f.time->advance(seconds{10});
    permit.done();
    requests.emplace_back(permit.started_at(), f.time->now());
  }
  const TimePoint t0 = SimulatedTime::start();
  EXPECT_EQ(requests[1].first, t0 + seconds{10});
  // The first counts from its start + 100 ms (its answer took longer than the margin).
  EXPECT_EQ(requests[2].first, t0 + seconds{3600} + milliseconds{100});
  EXPECT_EQ(requests[3].first, t0 + seconds{3610} + milliseconds{100});
  EXPECT_EQ(f.waits.front().reason, PaceReason::kPerHour);
  expect_server_admits_all(limits, requests);
}

TEST(PacerTest, SeedLimitsAlsoHoldOverAnHourOfTraffic) {
  Fixture f;
  Pacer pacer(SlaLimits::online(), f.options());
  std::vector<std::pair<TimePoint, TimePoint>> requests;
  for (int i = 0; i < 4000; ++i) {
    Permit permit = pacer.acquire();
    f.time->advance(milliseconds{i % 7 == 0 ? 400 : 5});
    permit.done();
    requests.emplace_back(permit.started_at(), f.time->now());
  }
  expect_server_admits_all(SlaLimits::online(), requests);
}

TEST(PacerTest, MassfragaAllowsFiveConcurrentAndTheSixthWaits) {
  Fixture f;
  Pacer pacer(SlaLimits::massfraga(), f.options());
  std::vector<Permit> permits;
  for (int i = 0; i < 5; ++i) permits.push_back(pacer.acquire());
  // 2/s: two at once, then every 1.1 s two more (in-flight requests count from start + margin).
  const TimePoint t0 = SimulatedTime::start();
  EXPECT_EQ(permits[1].started_at(), t0);
  EXPECT_EQ(permits[2].started_at(), t0 + milliseconds{1100});
  EXPECT_EQ(permits[4].started_at(), t0 + milliseconds{2200});
  f.waits.clear();

  std::atomic<bool> sixth_started{false};
  Permit sixth;
  std::thread waiter([&] {
    sixth = pacer.acquire();
    sixth_started = true;
  });
  // The sixth must block on the slot (a condition variable, not the clock): give it real time.
  for (int i = 0; i < 50 && !sixth_started; ++i) {
    std::this_thread::sleep_for(milliseconds{2});
  }
  EXPECT_FALSE(sixth_started.load());
  f.time->advance(seconds{5});
  const TimePoint end = f.time->now();
  permits[0].done();
  waiter.join();
  EXPECT_TRUE(sixth_started.load());
  EXPECT_EQ(sixth.started_at(), end + milliseconds{300});  // the gap after the freed answer
  std::lock_guard lock(f.waits_mu);
  ASSERT_FALSE(f.waits.empty());
  EXPECT_EQ(f.waits[0].reason, PaceReason::kConcurrent);
  EXPECT_EQ(f.waits[0].text, "väntar på en ledig plats (SLA-gränsen 5 samtidiga)");
}

TEST(PacerTest, ManyThreadsNeverExceedTheLimits) {
  Fixture f;
  Pacer pacer(SlaLimits::massfraga(), f.options());
  std::mutex mu;
  std::vector<TimePoint> starts;
  int in_flight = 0;
  int max_in_flight = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        Permit permit = pacer.acquire();
        {
          std::lock_guard lock(mu);
          starts.push_back(permit.started_at());
          max_in_flight = std::max(max_in_flight, ++in_flight);
        }
        f.time->advance(milliseconds{20});
        {
          std::lock_guard lock(mu);
          --in_flight;
        }
        permit.done();
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(starts.size(), 80u);
  EXPECT_LE(max_in_flight, 5);
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 2; i < starts.size(); ++i) {
    EXPECT_GE(starts[i] - starts[i - 2], seconds{1}) << "three starts within a second at " << i;
  }
}

TEST(PacerTest, PenaliseDelaysExactly) {
  Fixture f;
  Pacer pacer(SlaLimits{}, f.options());
  pacer.acquire().done();
  f.time->advance(milliseconds{10});
  const TimePoint said = f.time->now();
  pacer.penalise(milliseconds{1234});
  pacer.penalise(milliseconds{500});  // a shorter one never shortens the wait
  Permit permit = pacer.acquire();
  EXPECT_EQ(permit.started_at(), said + milliseconds{1234});
  ASSERT_EQ(f.waits.size(), 1u);
  EXPECT_EQ(f.waits[0].reason, PaceReason::kPenalty);
  EXPECT_EQ(f.waits[0].wait, milliseconds{1234});
  permit.done();
  // Once past, it is forgotten.
  Permit again = pacer.acquire();
  EXPECT_EQ(again.started_at(), said + milliseconds{1234});
}

TEST(PacerTest, PenaliseAddsToTheSlaLimits) {
  Fixture f;
  Pacer pacer(SlaLimits::online(), f.options());
  pacer.acquire().done();
  pacer.penalise(milliseconds{200});  // shorter than the 1 s window: the window wins
  EXPECT_EQ(pacer.acquire().started_at(), SimulatedTime::start() + seconds{1});
}

TEST(PacerTest, PermitMovesAndEndsOnce) {
  Fixture f;
  Pacer pacer(SlaLimits{0, 0, 0, milliseconds{0}, 1}, f.options());
  Permit a = pacer.acquire();
  Permit b = std::move(a);
  EXPECT_FALSE(a.active());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_TRUE(b.active());
  b.done();
  b.done();
  EXPECT_FALSE(b.active());
  Permit c = pacer.acquire();  // the single slot is free again
  EXPECT_TRUE(c.active());
}

TEST(PacerTest, FormatWait) {
  EXPECT_EQ(format_wait(milliseconds{700}), "0,7 s");
  EXPECT_EQ(format_wait(milliseconds{651}), "0,7 s");  // rounded up, never promising less
  EXPECT_EQ(format_wait(milliseconds{2000}), "2 s");
  EXPECT_EQ(format_wait(milliseconds{0}), "0 s");
  EXPECT_EQ(format_wait(milliseconds{59'900}), "59,9 s");
  EXPECT_EQ(format_wait(seconds{90}), "1 min 30 s");
  EXPECT_EQ(format_wait(seconds{120}), "2 min");
  EXPECT_EQ(format_wait(std::chrono::hours{21}), "21 h");
  EXPECT_EQ(format_wait(std::chrono::minutes{125}), "2 h 5 min");
}

TEST(PacerTest, RealTimekeeperSleeps) {
  auto time = real_timekeeper();
  const auto before = time->now();
  time->sleep_until(before + milliseconds{5});
  EXPECT_GE(time->now() - before, milliseconds{5});
}

}  // namespace
}  // namespace utbyte::client
