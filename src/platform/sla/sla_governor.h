#pragma once

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace utbyte::platform::sla {

// The capacity rows of seed 004, §3.4. A value <= 0 switches that check off.
struct SlaLimits {
  int per_second = 0;
  int per_minute = 0;
  int per_hour = 0;
  std::chrono::milliseconds min_gap{0};  // from the end of an answer to the next request
  int max_concurrent = 0;                // "Max antal trådar"

  // §3.4.1 Onlinefråga och Leverera kundavisering: 1/s, 60/min, 3600/h, 300 ms, 1 thread.
  static constexpr SlaLimits online() { return {1, 60, 3600, std::chrono::milliseconds{300}, 1}; }
  // §3.4.2 Massfråga: 2/s, 120/min, 7200/h, 300 ms, 5 threads.
  static constexpr SlaLimits massfraga() {
    return {2, 120, 7200, std::chrono::milliseconds{300}, 5};
  }
  // The seeds set no capacity for E-IOA, SSBTEK or web logins; these are our defaults
  // (docs/decisions.md P4). E-IOA: a system vendor sends for many assistance organisers.
  static constexpr SlaLimits eioa() { return {10, 600, 36000, std::chrono::milliseconds{0}, 10}; }
  // SSBTEK: a municipality's case officers, each query a fan-out to seven sources.
  static constexpr SlaLimits ssbtek() { return {2, 120, 7200, std::chrono::milliseconds{0}, 3}; }
  // Web logins per organisation: each costs a PBKDF2 hash (~0.15 s of CPU).
  static constexpr SlaLimits webb_inloggning() {
    return {2, 60, 600, std::chrono::milliseconds{0}, 2};
  }
  // Identical resends of one E-IOA notification id (docs/decisions.md E15), counted per vendor
  // and id: a few retries after a lost answer are normal, a loop storing thousands of equal
  // versions for manual handling is not. Only the hour window applies.
  static constexpr SlaLimits eioa_omsandning() {
    return {0, 0, 5, std::chrono::milliseconds{0}, 0};
  }
};

// The service classes that are counted separately. LEFI Online and LEKA share a row of the SLA
// but are separate services, so each has its own budget (one Online request does not block a
// LEKA subscription check); map both to kOnline at the call site to share one budget instead.
// kEioaOmsandning is no route's class: the E-IOA service spends it, after parsing, for each
// identical resend of a notification id, keyed on the vendor and the id.
enum class ServiceClass {
  kOnline,
  kLeka,
  kMassfraga,
  kEioa,
  kSsbtek,
  kWebbInloggning,
  kEioaOmsandning
};
inline constexpr std::size_t kServiceClassCount = 7;
inline constexpr ServiceClass kAllServiceClasses[kServiceClassCount] = {
    ServiceClass::kOnline,        ServiceClass::kLeka,   ServiceClass::kMassfraga,
    ServiceClass::kEioa,          ServiceClass::kSsbtek, ServiceClass::kWebbInloggning,
    ServiceClass::kEioaOmsandning};

// "ONLINE", "LEKA", "MASSFRAGA", "EIOA", "SSBTEK", "WEBBINLOGGNING", "EIOA_OMSANDNING".
std::string_view to_string(ServiceClass cls);
std::optional<ServiceClass> parse_service_class(std::string_view text);

// The limits of every class, indexed by ServiceClass; defaults as above.
class SlaClassLimits {
 public:
  SlaLimits& operator[](ServiceClass cls) { return limits_[static_cast<std::size_t>(cls)]; }
  const SlaLimits& operator[](ServiceClass cls) const {
    return limits_[static_cast<std::size_t>(cls)];
  }

 private:
  std::array<SlaLimits, kServiceClassCount> limits_ = {
      SlaLimits::online(),         SlaLimits::online(), SlaLimits::massfraga(),
      SlaLimits::eioa(),           SlaLimits::ssbtek(), SlaLimits::webb_inloggning(),
      SlaLimits::eioa_omsandning()};
};

// Which limit refused a request. to_string() gives the code sent to partners.
enum class SlaLimit { kPerSecond, kPerMinute, kPerHour, kGap, kConcurrent };

// "PER_SEKUND", "PER_MINUT", "PER_TIMME", "MELLANRUM", "SAMTIDIGA".
std::string_view to_string(SlaLimit limit);

// HTTP Retry-After: whole seconds rounded up, at least "1".
std::string retry_after_header(std::chrono::milliseconds retry_after);

class SlaGovernor;

namespace internal {
// SlaGovernor's bookkeeping for one (actor, class) key; in the header only because a Ticket
// points at it. All fields are guarded by the governor's mutex.
struct SlaKeyState {
  std::deque<std::chrono::steady_clock::time_point> admissions;  // ascending, within the largest
                                                                 // enabled window
  std::chrono::steady_clock::time_point latest{};  // latest `now` seen: per-key time is monotonic
  std::optional<std::chrono::steady_clock::time_point> last_end;  // of the latest answer
  int active = 0;                                                 // tickets not yet finished
};
}  // namespace internal

// Proof of an admitted request; move-only. Its end (finish() or destruction, whichever comes
// first) ends the request's "thread" for the concurrency count and starts the 300 ms gap. Must
// not outlive its SlaGovernor. One Ticket is used by one thread at a time.
class Ticket {
 public:
  Ticket() = default;
  Ticket(Ticket&& other) noexcept;
  Ticket& operator=(Ticket&& other) noexcept;
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;
  // Finishes with the governor's clock if finish() was not called.
  ~Ticket();

  // Records that the answer was completely sent at `end`. Idempotent: later calls do nothing.
  void finish(std::chrono::steady_clock::time_point end);

  // True until finish() or destruction.
  bool active() const { return governor_ != nullptr; }

  // The instant at which the governor counted the admission (see SlaGovernor::admit()).
  std::chrono::steady_clock::time_point admitted_at() const { return admitted_at_; }

 private:
  friend class SlaGovernor;
  Ticket(SlaGovernor* governor, internal::SlaKeyState* state,
         std::chrono::steady_clock::time_point at)
      : governor_(governor), state_(state), admitted_at_(at) {}

  SlaGovernor* governor_ = nullptr;
  internal::SlaKeyState* state_ = nullptr;  // never swept while this ticket is active
  std::chrono::steady_clock::time_point admitted_at_{};
};

// The answer of SlaGovernor::admit(): a ticket, or the limit that refused and when to retry.
struct Admission {
  bool admitted = false;
  Ticket ticket;                             // active when admitted
  std::optional<SlaLimit> refused_by;        // set when refused
  std::chrono::milliseconds retry_after{0};  // when refused: wait at least this long

  explicit operator bool() const { return admitted; }
};

struct SlaGovernorOptions {
  SlaClassLimits limits;
  // Read only when a Ticket is destroyed without finish(); everything else takes `now` from the
  // caller. Tests replace it.
  std::function<std::chrono::steady_clock::time_point()> clock = std::chrono::steady_clock::now;
};

// Enforces the SLA's capacity limits per (actor, service class).
//
// Clock: every call takes the instant from the caller (steady_clock, immune to wall-clock
// jumps). That keeps the governor a pure function of its inputs, lets tests replay hours of
// simulated traffic in microseconds, and lets the caller use one reading of the clock for the
// decision, the log line and the metrics. The only implicit clock read is a Ticket destroyed
// without finish() (an error path), which uses options.clock.
//
// Rules, all exact at the boundaries:
//  - sliding windows: at most N admissions in any half-open window [t, t + 1 s), [t, t + 60 s),
//    [t, t + 3600 s); an admission 1 s after the previous one is in a new window;
//  - gap: a request at least min_gap after the end of the latest finished answer of the same key
//    is admitted (300 ms: admitted, 299 ms: refused);
//  - concurrency: at most max_concurrent tickets of the key active at once.
// With the seed's figures the minute and hour windows never bind before the second window does
// (1/s can never exceed 60/min or 3600/h); they are enforced anyway for configured limits.
// Refused requests are not counted anywhere. When several limits refuse, SAMTIDIGA is reported
// first (its wait is unknown); otherwise the limit with the longest wait, and retry_after is the
// wait until EVERY limit would admit (rounded up to whole ms). For SAMTIDIGA, retry_after is
// the known lower bound: min_gap (an answer must end first), or longer if a window demands it,
// at least 1 ms.
//
// Per key, times are made monotonic: a `now` earlier than the latest one seen for the key (two
// threads read the clock, the later one gets the lock first) is counted as that latest time, so
// the windows hold in the order the lock was taken. Ticket::admitted_at() tells the time counted.
//
// Memory: per key, at most the largest enabled window limit of admission times (per_hour by
// default). Keys idle for an hour (no active ticket, no admission, no answer end) are swept
// once a minute of caller time; this loses nothing, since by then every window and the gap
// have expired.
//
// Thread-safe: one mutex guards all state; admit() and Ticket::finish() may be called from any
// thread. The critical section is a few deque operations, so sharding is not worth it at the
// SLA's rates.
class SlaGovernor {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit SlaGovernor(SlaGovernorOptions options = {});
  SlaGovernor(const SlaGovernor&) = delete;
  SlaGovernor& operator=(const SlaGovernor&) = delete;

  Admission admit(const std::string& actor, ServiceClass cls, TimePoint now);

  const SlaLimits& limits(ServiceClass cls) const;

  // How many (actor, class) keys are held; for tests and metrics.
  std::size_t tracked_keys() const;

 private:
  friend class Ticket;
  using KeyState = internal::SlaKeyState;

  void release(KeyState* state, TimePoint end);
  void sweep(TimePoint now);  // requires mu_ held

  const SlaGovernorOptions options_;
  mutable std::mutex mu_;
  // One map per ServiceClass. unordered_map never moves its elements, so Tickets may point at
  // a KeyState; keys with active tickets are never swept.
  std::array<std::unordered_map<std::string, KeyState>, kServiceClassCount>
      keys_;                // guarded by mu_
  TimePoint last_sweep_{};  // guarded by mu_
};

}  // namespace utbyte::platform::sla
