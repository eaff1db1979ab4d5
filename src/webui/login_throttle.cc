#include "webui/login_throttle.h"

namespace utbyte::webui {

bool LoginThrottle::locked(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it != entries_.end() && now < it->second.locked_until;
}

void LoginThrottle::record_failure(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= limits_.max_tracked) prune(now);
  Entry& entry = entries_[key];
  if (entry.failures == 0 || now - entry.first_failure > limits_.window) {
    entry.failures = 0;
    entry.first_failure = now;
  }
  if (++entry.failures >= limits_.max_failures) {
    entry.locked_until = now + limits_.lockout;
    entry.failures = 0;
  }
}

void LoginThrottle::record_success(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

void LoginThrottle::prune(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    const bool stale =
        now >= it->second.locked_until && now - it->second.first_failure > limits_.window;
    it = stale ? entries_.erase(it) : std::next(it);
  }
  // Still full (an attack with many names): start over rather than grow without bound.
  if (entries_.size() >= limits_.max_tracked) entries_.clear();
}

}  // namespace utbyte::webui
