#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "platform/sla/sla_governor.h"

namespace utbyte::client {

// Time as the pacer and the retry loop see it. Injected so that unit tests run hours of
// simulated traffic without sleeping. Implementations are thread-safe.
class Timekeeper {
 public:
  virtual ~Timekeeper() = default;
  // Monotonic time: windows, gaps, waits.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  // Wall-clock time: only to turn a Retry-After HTTP-date into a wait.
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
  // Blocks the calling thread until `deadline` (returns at once when it has passed).
  virtual void sleep_until(std::chrono::steady_clock::time_point deadline) = 0;
};

// The machine's clocks and std::this_thread::sleep_until.
std::shared_ptr<Timekeeper> real_timekeeper();

// Simulated time for tests: sleep_until() moves time forward to the deadline at once (never
// backwards, so several threads may sleep on it). Wall time moves with steady time.
class SimulatedTime final : public Timekeeper {
 public:
  SimulatedTime();
  std::chrono::steady_clock::time_point now() const override;
  std::chrono::system_clock::time_point wall_now() const override;
  void sleep_until(std::chrono::steady_clock::time_point deadline) override;

  // Moves time forward by `duration` (e.g. the time an answer takes).
  void advance(std::chrono::nanoseconds duration);
  // Total time slept through sleep_until(), and how many calls actually slept.
  std::chrono::nanoseconds slept() const;
  int sleeps() const;

  // Where simulated time starts: far from the epoch, so that "an hour ago" is a valid time.
  static std::chrono::steady_clock::time_point start();
  static std::chrono::system_clock::time_point wall_start();  // 2026-01-05 12:00:00 UTC

 private:
  mutable std::mutex mu_;
  std::chrono::steady_clock::time_point now_;  // guarded by mu_
  std::chrono::nanoseconds slept_{0};          // guarded by mu_
  int sleeps_ = 0;                             // guarded by mu_
};

// What the pacer waited for before letting a request start.
enum class PaceReason {
  kPerSecond,
  kPerMinute,
  kPerHour,
  kGap,         // min_gap from the end of the latest answer
  kConcurrent,  // every request slot busy; the wait ends when an answer ends
  kPenalty,     // the server's Retry-After (see Pacer::penalise)
};

struct PaceWait {
  PaceReason reason = PaceReason::kPerSecond;
  // The wait about to be slept. Zero for kConcurrent: its length is unknown.
  std::chrono::milliseconds wait{0};
  // For humans, e.g. "väntar 0,7 s på SLA-gränsen 1/s".
  std::string text;
};

struct PacerOptions {
  std::shared_ptr<Timekeeper> time;  // null: real_timekeeper()
  // Called (from the waiting thread, outside the pacer's lock) before every wait. The caller
  // decides what is worth printing (the CLI prints waits >= 200 ms).
  std::function<void(const PaceWait&)> on_wait;
  // The server counts a request when it has read it, which can be later than the client's start
  // by a TCP+TLS handshake (a kept-alive connection may have been closed). Until its answer has
  // ended, a request therefore counts in the client's windows from `start + network_margin`;
  // once ended, from min(start + network_margin, end), since the server has surely counted it by
  // the time the answer arrived. On a quick network the margin thus costs nothing.
  std::chrono::milliseconds network_margin{100};
};

class Pacer;

// A started request: holds one of the pacer's concurrency slots until done() or destruction,
// which record the end of the answer (the gap to the next request is measured from it).
// Move-only; must not outlive its Pacer.
class Permit {
 public:
  Permit() = default;
  Permit(Permit&& other) noexcept;
  Permit& operator=(Permit&& other) noexcept;
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit();

  // Records that the answer has been read completely. Idempotent.
  void done();
  bool active() const { return pacer_ != nullptr; }
  std::chrono::steady_clock::time_point started_at() const { return started_at_; }

 private:
  friend class Pacer;
  Permit(Pacer* pacer, std::uint64_t seq, std::chrono::steady_clock::time_point at)
      : pacer_(pacer), seq_(seq), started_at_(at) {}

  Pacer* pacer_ = nullptr;
  std::uint64_t seq_ = 0;
  std::chrono::steady_clock::time_point started_at_{};
};

// Keeps one client inside the SLA limits that the server enforces (seed 004 §3.4), so that a
// well-behaved client never sees a 429: sliding windows per second, minute and hour (the same
// half-open windows as platform::sla::SlaGovernor), min_gap from the END of the latest answer to
// the next start, and at most max_concurrent requests in flight. A limit <= 0 is off.
//
// Thread-safe: any number of threads may acquire() from one pacer; waits for time happen outside
// the lock, waits for a free slot on a condition variable.
class Pacer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit Pacer(platform::sla::SlaLimits limits, PacerOptions options = {});
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;
  ~Pacer();

  // Blocks until a request may start under every limit, and starts it.
  Permit acquire();

  // The server said Retry-After: no request starts before now + retry_after (never earlier
  // than an already known later bound).
  void penalise(std::chrono::milliseconds retry_after);

  const platform::sla::SlaLimits& limits() const { return limits_; }
  Timekeeper& time() const { return *options_.time; }

  // For humans: "SLA-gränsen 1/s", "300 ms mellan svar och ny fråga", ...
  std::string describe(PaceReason reason) const;

 private:
  friend class Permit;
  struct Entry {
    std::uint64_t seq = 0;
    TimePoint start{};
    TimePoint anchor{};  // where the request counts in the windows
    bool ended = false;
  };
  struct Next {
    TimePoint at{};
    PaceReason reason = PaceReason::kPerSecond;
  };

  Next earliest_start(TimePoint now) const;  // requires mu_ held
  void prune(TimePoint now);                 // requires mu_ held
  void finish(std::uint64_t seq);
  void report(PaceReason reason, std::chrono::nanoseconds wait) const;

  const platform::sla::SlaLimits limits_;
  const PacerOptions options_;
  std::chrono::seconds longest_window_{0};

  mutable std::mutex mu_;
  std::condition_variable slot_freed_;
  std::deque<Entry> entries_;          // by seq; guarded by mu_
  std::uint64_t next_seq_ = 1;         // guarded by mu_
  int active_ = 0;                     // guarded by mu_
  std::optional<TimePoint> last_end_;  // guarded by mu_
  TimePoint penalty_until_{};          // guarded by mu_
};

// "0,7 s", "2 s", "1 min 30 s": Swedish decimal comma, for wait messages.
std::string format_wait(std::chrono::nanoseconds wait);

}  // namespace utbyte::client
