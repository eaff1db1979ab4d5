#include "ssbtek/sources/circuit_breaker.h"

#include <gtest/gtest.h>

namespace utbyte::ssbtek::sources {
namespace {

using namespace std::chrono_literals;
using State = CircuitBreaker::State;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  CircuitBreaker::Now fn() {
    return [this] { return now; };
  }
};

BreakerSettings settings(int threshold, std::chrono::milliseconds open_for, int probes = 1) {
  BreakerSettings s;
  s.failure_threshold = threshold;
  s.open_for = open_for;
  s.half_open_probes = probes;
  return s;
}

TEST(CircuitBreakerTest, OpensAfterConsecutiveFailuresOnly) {
  FakeClock clock;
  CircuitBreaker breaker(settings(3, 1000ms), clock.fn());
  EXPECT_EQ(breaker.state(), State::kClosed);
  breaker.record_failure();
  breaker.record_failure();
  breaker.record_success();  // resets the count
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_TRUE(breaker.allow());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_FALSE(breaker.allow());
}

TEST(CircuitBreakerTest, HalfOpensAfterOpenTimeAndClosesOnProbeSuccess) {
  FakeClock clock;
  CircuitBreaker breaker(settings(1, 1000ms), clock.fn());
  breaker.record_failure();
  clock.now += 999ms;
  EXPECT_FALSE(breaker.allow());
  EXPECT_EQ(breaker.state(), State::kOpen);
  clock.now += 1ms;
  EXPECT_EQ(breaker.state(), State::kHalfOpen);
  EXPECT_TRUE(breaker.allow());   // the one probe
  EXPECT_FALSE(breaker.allow());  // a second caller waits for the probe's outcome
  breaker.record_success();
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreakerTest, ProbeFailureOpensAgainForAFullPeriod) {
  FakeClock clock;
  CircuitBreaker breaker(settings(2, 500ms), clock.fn());
  breaker.record_failure();
  breaker.record_failure();
  clock.now += 500ms;
  ASSERT_TRUE(breaker.allow());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kOpen);
  clock.now += 499ms;
  EXPECT_FALSE(breaker.allow());
  clock.now += 1ms;
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreakerTest, SeveralProbesWhenConfigured) {
  FakeClock clock;
  CircuitBreaker breaker(settings(1, 100ms, 2), clock.fn());
  breaker.record_failure();
  clock.now += 100ms;
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.allow());
}

TEST(CircuitBreakerTest, LateFailureWhileOpenDoesNotExtendIt) {
  FakeClock clock;
  CircuitBreaker breaker(settings(1, 100ms), clock.fn());
  breaker.record_failure();
  clock.now += 60ms;
  breaker.record_failure();  // a call that left before the breaker opened
  clock.now += 40ms;
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreakerTest, WireNames) {
  EXPECT_EQ(to_string(State::kClosed), "STANGD");
  EXPECT_EQ(to_string(State::kOpen), "OPPEN");
  EXPECT_EQ(to_string(State::kHalfOpen), "HALVOPPEN");
}

}  // namespace
}  // namespace utbyte::ssbtek::sources
