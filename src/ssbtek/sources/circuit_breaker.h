#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>

namespace utbyte::ssbtek::sources {

struct BreakerSettings {
  // Consecutive failures (errors, 5xx, timeouts) that open a closed breaker.
  int failure_threshold = 5;
  // How long an open breaker refuses calls before it lets probes through (half-open).
  std::chrono::milliseconds open_for{10'000};
  // Calls let through at once while half-open.
  int half_open_probes = 1;
};

// A per-source circuit breaker: closed (calls go out) → open after `failure_threshold`
// consecutive failures (calls are refused at once, so a dead source costs nothing) → half-open
// after `open_for` (a few probe calls) → closed on a probe's success, open again on its failure.
// Thread-safe.
class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  // `now` is injectable for tests; empty: std::chrono::steady_clock::now.
  explicit CircuitBreaker(BreakerSettings settings, Now now = {});

  // Whether a call may go out now. In half-open, a true answer takes one of the probe slots,
  // which the call's record_success()/record_failure() gives back.
  bool allow();
  void record_success();
  void record_failure();

  State state() const;

 private:
  std::chrono::steady_clock::time_point now() const;

  const BreakerSettings settings_;
  const Now now_;
  mutable std::mutex mutex_;
  State state_ = State::kClosed;                     // guarded by mutex_
  int consecutive_failures_ = 0;                     // guarded by mutex_
  int probes_in_flight_ = 0;                         // guarded by mutex_
  std::chrono::steady_clock::time_point opened_at_;  // guarded by mutex_
};

// "STANGD", "OPPEN", "HALVOPPEN".
std::string_view to_string(CircuitBreaker::State state);

}  // namespace utbyte::ssbtek::sources
