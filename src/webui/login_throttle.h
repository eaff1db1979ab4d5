#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace utbyte::webui {

// Slows down password guessing: after `max_failures` failed logins for one (organisation,
// username) within `window`, further attempts for that name are refused for `lockout`, whether
// the password is right or not. Names that do not exist are counted too, so a lock reveals
// nothing. Kept in memory per process (see docs/decisions.md W-rows). Thread-safe.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    int max_failures = 5;
    std::chrono::seconds window{15 * 60};
    std::chrono::seconds lockout{15 * 60};
    std::size_t max_tracked = 100'000;  // bound on memory; the oldest entries go first
  };

  LoginThrottle() = default;
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // True while `key` is locked out.
  bool locked(const std::string& key, Clock::time_point now);
  void record_failure(const std::string& key, Clock::time_point now);
  void record_success(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point first_failure{};
    Clock::time_point locked_until{};
  };
  void prune(Clock::time_point now);  // requires mutex_

  const Limits limits_{};
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace utbyte::webui
