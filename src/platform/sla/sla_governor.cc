#include "platform/sla/sla_governor.h"

#include <algorithm>
#include <utility>

namespace utbyte::platform::sla {
namespace {

using std::chrono::milliseconds;
using TimePoint = SlaGovernor::TimePoint;

constexpr std::chrono::seconds kSecond{1};
constexpr std::chrono::seconds kMinute{60};
constexpr std::chrono::seconds kHour{3600};
// How often admit() looks for idle keys, in caller time.
constexpr std::chrono::seconds kSweepEvery{60};

std::size_t index_of(ServiceClass cls) { return static_cast<std::size_t>(cls); }

// The longest enabled window: admission times older than this no longer matter.
std::chrono::seconds longest_window(const SlaLimits& limits) {
  if (limits.per_hour > 0) return kHour;
  if (limits.per_minute > 0) return kMinute;
  if (limits.per_second > 0) return kSecond;
  return std::chrono::seconds{0};
}

// The earliest instant at which one more admission keeps at most `limit` admissions in every
// window of length `window`; `t` itself when that is already the case.
TimePoint window_admissible_at(const std::deque<TimePoint>& admissions, int limit,
                               std::chrono::seconds window, TimePoint t) {
  if (limit <= 0) return t;
  const auto first_in = std::upper_bound(admissions.begin(), admissions.end(), t - window);
  const auto in_window = admissions.end() - first_in;
  if (in_window < limit) return t;
  // The N-1 latest may stay; the N-th latest must drop out: admissions[size - N] <= t' - window.
  return admissions[admissions.size() - static_cast<std::size_t>(limit)] + window;
}

milliseconds ceil_ms(TimePoint::duration d) {
  return std::chrono::ceil<milliseconds>(std::max(d, TimePoint::duration::zero()));
}

}  // namespace

std::string_view to_string(ServiceClass cls) {
  switch (cls) {
    case ServiceClass::kOnline:
      return "ONLINE";
    case ServiceClass::kLeka:
      return "LEKA";
    case ServiceClass::kMassfraga:
      return "MASSFRAGA";
    case ServiceClass::kEioa:
      return "EIOA";
    case ServiceClass::kSsbtek:
      return "SSBTEK";
    case ServiceClass::kWebbInloggning:
      return "WEBBINLOGGNING";
    case ServiceClass::kEioaOmsandning:
      return "EIOA_OMSANDNING";
  }
  return "OKAND";
}

std::optional<ServiceClass> parse_service_class(std::string_view text) {
  for (const ServiceClass cls : kAllServiceClasses) {
    if (to_string(cls) == text) return cls;
  }
  return std::nullopt;
}

std::string_view to_string(SlaLimit limit) {
  switch (limit) {
    case SlaLimit::kPerSecond:
      return "PER_SEKUND";
    case SlaLimit::kPerMinute:
      return "PER_MINUT";
    case SlaLimit::kPerHour:
      return "PER_TIMME";
    case SlaLimit::kGap:
      return "MELLANRUM";
    case SlaLimit::kConcurrent:
      return "SAMTIDIGA";
  }
  return "OKAND";
}

std::string retry_after_header(milliseconds retry_after) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(retry_after).count();
  return std::to_string(std::max<std::chrono::seconds::rep>(seconds, 1));
}

Ticket::Ticket(Ticket&& other) noexcept
    : governor_(std::exchange(other.governor_, nullptr)),
      state_(std::exchange(other.state_, nullptr)),
      admitted_at_(other.admitted_at_) {}

Ticket& Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    if (governor_ != nullptr) finish(governor_->options_.clock());
    governor_ = std::exchange(other.governor_, nullptr);
    state_ = std::exchange(other.state_, nullptr);
    admitted_at_ = other.admitted_at_;
  }
  return *this;
}

Ticket::~Ticket() {
  if (governor_ != nullptr) finish(governor_->options_.clock());
}

void Ticket::finish(std::chrono::steady_clock::time_point end) {
  if (governor_ == nullptr) return;
  std::exchange(governor_, nullptr)->release(std::exchange(state_, nullptr), end);
}

SlaGovernor::SlaGovernor(SlaGovernorOptions options) : options_(std::move(options)) {}

const SlaLimits& SlaGovernor::limits(ServiceClass cls) const { return options_.limits[cls]; }

Admission SlaGovernor::admit(const std::string& actor, ServiceClass cls, TimePoint now) {
  const SlaLimits& lim = limits(cls);
  const std::chrono::seconds keep = longest_window(lim);

  std::lock_guard<std::mutex> lock(mu_);
  if (now - last_sweep_ >= kSweepEvery) sweep(now);

  KeyState& state = keys_[index_of(cls)][actor];
  const TimePoint t = std::max(now, state.latest);
  state.latest = t;
  while (!state.admissions.empty() && state.admissions.front() <= t - keep) {
    state.admissions.pop_front();
  }

  // The earliest instant at which every rate rule admits, and the rule that pushes it furthest.
  TimePoint admissible_at = t;
  std::optional<SlaLimit> binding;
  const auto consider = [&](SlaLimit which, TimePoint at) {
    if (at > admissible_at) {
      admissible_at = at;
      binding = which;
    }
  };
  consider(SlaLimit::kPerSecond,
           window_admissible_at(state.admissions, lim.per_second, kSecond, t));
  consider(SlaLimit::kPerMinute,
           window_admissible_at(state.admissions, lim.per_minute, kMinute, t));
  consider(SlaLimit::kPerHour, window_admissible_at(state.admissions, lim.per_hour, kHour, t));
  if (state.last_end && lim.min_gap > milliseconds::zero()) {
    consider(SlaLimit::kGap, *state.last_end + lim.min_gap);
  }

  Admission result;
  if (lim.max_concurrent > 0 && state.active >= lim.max_concurrent) {
    // No answer has ended yet, so the earliest retry is one gap away, or later if a window says so.
    result.refused_by = SlaLimit::kConcurrent;
    result.retry_after = std::max({ceil_ms(admissible_at - now), lim.min_gap, milliseconds{1}});
    return result;
  }
  if (binding) {
    result.refused_by = binding;
    // Measured from the caller's `now`, so that now + retry_after is admissible even when `t`
    // was moved forward to keep the key's time monotonic.
    result.retry_after = ceil_ms(admissible_at - now);
    return result;
  }

  if (keep > std::chrono::seconds::zero()) state.admissions.push_back(t);
  ++state.active;
  result.admitted = true;
  result.ticket = Ticket(this, &state, t);
  return result;
}

void SlaGovernor::release(KeyState* state, TimePoint end) {
  std::lock_guard<std::mutex> lock(mu_);
  --state->active;
  state->last_end = state->last_end ? std::max(*state->last_end, end) : end;
}

void SlaGovernor::sweep(TimePoint now) {
  last_sweep_ = now;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    // After the longest window and the gap, a key's state is equivalent to a fresh one.
    const auto idle =
        std::max<TimePoint::duration>(kHour, limits(static_cast<ServiceClass>(i)).min_gap);
    std::erase_if(keys_[i], [&](const auto& entry) {
      const KeyState& s = entry.second;
      const TimePoint last_activity = s.last_end ? std::max(s.latest, *s.last_end) : s.latest;
      return s.active == 0 && now - last_activity >= idle;
    });
  }
}

std::size_t SlaGovernor::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t n = 0;
  for (const auto& map : keys_) n += map.size();
  return n;
}

}  // namespace utbyte::platform::sla
