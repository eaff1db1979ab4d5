#include "client/pacer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace utbyte::client {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

class RealTimekeeper final : public Timekeeper {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
  void sleep_until(std::chrono::steady_clock::time_point deadline) override {
    std::this_thread::sleep_until(deadline);
  }
};

}  // namespace

std::shared_ptr<Timekeeper> real_timekeeper() {
  // One instance for the process: it has no state.
  static const auto instance = std::make_shared<RealTimekeeper>();
  return instance;
}

// --- SimulatedTime ------------------------------------------------------------------------

SimulatedTime::SimulatedTime() : now_(start()) {}

std::chrono::steady_clock::time_point SimulatedTime::start() {
  return std::chrono::steady_clock::time_point{} + std::chrono::hours{1000};
}

std::chrono::system_clock::time_point SimulatedTime::wall_start() {
  using namespace std::chrono;
  return sys_days{year{2026} / January / 5} + hours{12};
}

std::chrono::steady_clock::time_point SimulatedTime::now() const {
  std::lock_guard lock(mu_);
  return now_;
}

std::chrono::system_clock::time_point SimulatedTime::wall_now() const {
  std::lock_guard lock(mu_);
  return wall_start() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(now_ - start());
}

void SimulatedTime::sleep_until(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (deadline <= now_) return;
  slept_ += deadline - now_;
  ++sleeps_;
  now_ = deadline;
}

void SimulatedTime::advance(nanoseconds duration) {
  std::lock_guard lock(mu_);
  now_ += duration;
}

nanoseconds SimulatedTime::slept() const {
  std::lock_guard lock(mu_);
  return slept_;
}

int SimulatedTime::sleeps() const {
  std::lock_guard lock(mu_);
  return sleeps_;
}

// --- Permit -------------------------------------------------------------------------------

Permit::Permit(Permit&& other) noexcept
    : pacer_(std::exchange(other.pacer_, nullptr)),
      seq_(other.seq_),
      started_at_(other.started_at_) {}

Permit& Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    done();
    pacer_ = std::exchange(other.pacer_, nullptr);
    seq_ = other.seq_;
    started_at_ = other.started_at_;
  }
  return *this;
}

Permit::~Permit() { done(); }

void Permit::done() {
  if (pacer_ == nullptr) return;
  std::exchange(pacer_, nullptr)->finish(seq_);
}

// --- Pacer --------------------------------------------------------------------------------

namespace {
PacerOptions with_defaults(PacerOptions options) {
  if (!options.time) options.time = real_timekeeper();
  return options;
}
}  // namespace

Pacer::Pacer(platform::sla::SlaLimits limits, PacerOptions options)
    : limits_(limits), options_(with_defaults(std::move(options))) {
  if (limits_.per_second > 0) longest_window_ = seconds{1};
  if (limits_.per_minute > 0) longest_window_ = seconds{60};
  if (limits_.per_hour > 0) longest_window_ = seconds{3600};
}

Pacer::~Pacer() = default;

Permit Pacer::acquire() {
  std::unique_lock lock(mu_);
  bool reported_slot_wait = false;
  for (;;) {
    if (limits_.max_concurrent > 0 && active_ >= limits_.max_concurrent) {
      // Report once per acquire(): the wait ends when some answer ends, which may take a while.
      if (!reported_slot_wait) {
        reported_slot_wait = true;
        lock.unlock();
        report(PaceReason::kConcurrent, nanoseconds{0});
        lock.lock();
        continue;
      }
      slot_freed_.wait(lock);
      continue;
    }
    const TimePoint now = options_.time->now();
    prune(now);
    const Next next = earliest_start(now);
    if (next.at <= now) {
      const std::uint64_t seq = next_seq_++;
      entries_.push_back(Entry{seq, now, now + options_.network_margin, false});
      ++active_;
      return Permit(this, seq, now);
    }
    // Sleep without the lock: other threads may finish answers (which can only push our start
    // later, through the gap) or take the slot first; the loop re-evaluates everything.
    lock.unlock();
    report(next.reason, next.at - now);
    options_.time->sleep_until(next.at);
    lock.lock();
  }
}

void Pacer::penalise(milliseconds retry_after) {
  std::lock_guard lock(mu_);
  penalty_until_ = std::max(penalty_until_, options_.time->now() + retry_after);
}

Pacer::Next Pacer::earliest_start(TimePoint now) const {
  Next next{now, PaceReason::kPerSecond};
  const auto later = [&next](TimePoint at, PaceReason reason) {
    if (at > next.at) next = Next{at, reason};
  };
  later(penalty_until_, PaceReason::kPenalty);
  if (last_end_ && limits_.min_gap > milliseconds{0}) {
    later(*last_end_ + limits_.min_gap, PaceReason::kGap);
  }
  const std::array<std::tuple<int, seconds, PaceReason>, 3> windows = {{
      {limits_.per_second, seconds{1}, PaceReason::kPerSecond},
      {limits_.per_minute, seconds{60}, PaceReason::kPerMinute},
      {limits_.per_hour, seconds{3600}, PaceReason::kPerHour},
  }};
  std::vector<TimePoint> anchors;
  for (const auto& [limit, window, reason] : windows) {
    if (limit <= 0 || entries_.size() < static_cast<std::size_t>(limit)) continue;
    // A new start at s is admitted when fewer than `limit` requests count in (s - window, s],
    // i.e. when s >= (the limit-th latest anchor) + window: the server's half-open windows.
    anchors.clear();
    for (const Entry& e : entries_) {
      if (e.anchor + window > now) anchors.push_back(e.anchor);
    }
    if (anchors.size() < static_cast<std::size_t>(limit)) continue;
    auto nth = anchors.begin() + (limit - 1);
    std::nth_element(anchors.begin(), nth, anchors.end(), std::greater<>());
    later(*nth + window, reason);
  }
  return next;
}

void Pacer::prune(TimePoint now) {
  // Entries are in start order; an in-flight one at the front keeps later ones, which is
  // bounded by max_concurrent and the largest window.
  while (!entries_.empty() && entries_.front().ended &&
         entries_.front().anchor + longest_window_ <= now) {
    entries_.pop_front();
  }
}

void Pacer::finish(std::uint64_t seq) {
  {
    std::lock_guard lock(mu_);
    const TimePoint end = options_.time->now();
    // Only ended entries are pruned, so an unfinished seq is always present.
    if (!entries_.empty() && seq >= entries_.front().seq) {
      Entry& e = entries_[seq - entries_.front().seq];
      e.ended = true;
      // The server counted the request before it answered: the end bounds its count time.
      e.anchor = std::min(e.anchor, std::max(end, e.start));
    }
    if (!last_end_ || end > *last_end_) last_end_ = end;
    --active_;
  }
  slot_freed_.notify_all();
}

std::string Pacer::describe(PaceReason reason) const {
  switch (reason) {
    case PaceReason::kPerSecond:
      return fmt::format("SLA-gränsen {}/s", limits_.per_second);
    case PaceReason::kPerMinute:
      return fmt::format("SLA-gränsen {}/min", limits_.per_minute);
    case PaceReason::kPerHour:
      return fmt::format("SLA-gränsen {}/h", limits_.per_hour);
    case PaceReason::kGap:
      return fmt::format("SLA-gränsen {} ms mellan svar och ny fråga", limits_.min_gap.count());
    case PaceReason::kConcurrent:
      return fmt::format("en ledig plats (SLA-gränsen {} samtidiga)", limits_.max_concurrent);
    case PaceReason::kPenalty:
      return "serverns Retry-After";
  }
  return "SLA-gränsen";
}

void Pacer::report(PaceReason reason, nanoseconds wait) const {
  if (!options_.on_wait) return;
  PaceWait event;
  event.reason = reason;
  event.wait = std::chrono::ceil<milliseconds>(wait);
  event.text = reason == PaceReason::kConcurrent
                   ? fmt::format("väntar på {}", describe(reason))
                   : fmt::format("väntar {} på {}", format_wait(wait), describe(reason));
  options_.on_wait(event);
}

std::string format_wait(nanoseconds wait) {
  // Rounded up: a message never promises a shorter wait than the real one.
  const auto tenths = std::chrono::ceil<milliseconds>(wait).count() / 100.0;
  const long long t = static_cast<long long>(std::ceil(tenths));
  if (t < 600) {
    if (t % 10 == 0) return fmt::format("{} s", t / 10);
    return fmt::format("{},{} s", t / 10, t % 10);
  }
  const long long s = (t + 9) / 10;
  if (s < 3600) {
    return s % 60 == 0 ? fmt::format("{} min", s / 60) : fmt::format("{} min {} s", s / 60, s % 60);
  }
  const long long m = (s + 59) / 60;
  return m % 60 == 0 ? fmt::format("{} h", m / 60) : fmt::format("{} h {} min", m / 60, m % 60);
}

}  // namespace utbyte::client
