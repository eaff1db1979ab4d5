#include "webui/login_throttle.h"

#include <algorithm>
#include <vector>

namespace utbyte::webui {

bool LoginThrottle::locked(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it != entries_.end()) return now < it->second.locked_until;
  return now < saturated_until_;
}

void LoginThrottle::record_failure(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= limits_.max_tracked && !make_room(now)) return;
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& entry = it->second;
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

bool LoginThrottle::make_room(Clock::time_point now) {
  // Unlocked names, oldest failure first, down to nine tenths, so that a flood does not prune
  // on every call. Live locks stay.
  std::vector<std::map<std::string, Entry>::iterator> unlocked;
  Clock::time_point first_unlock = Clock::time_point::max();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (now >= it->second.locked_until) {
      unlocked.push_back(it);
    } else {
      first_unlock = std::min(first_unlock, it->second.locked_until);
    }
  }
  if (unlocked.empty()) {
    saturated_until_ = first_unlock;
    return false;
  }
  std::sort(unlocked.begin(), unlocked.end(), [](const auto& a, const auto& b) {
    return a->second.first_failure < b->second.first_failure;
  });
  const std::size_t target =
      limits_.max_tracked - std::max<std::size_t>(1, limits_.max_tracked / 10);
  for (const auto& it : unlocked) {
    if (entries_.size() <= target) break;
    entries_.erase(it);
  }
  saturated_until_ = {};
  return true;
}

}  // namespace utbyte::webui
