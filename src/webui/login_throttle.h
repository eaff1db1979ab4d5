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
// nothing. Kept in memory per process (see docs/decisions.md W-rows), bounded: when full, names
// that are not locked go first (oldest failure first); a live lock is never forgotten. Should the
// table hold nothing but live locks (a flood of names), a name it does not know is refused until
// the first lock ends — failing closed rather than forgetting a lock. Thread-safe.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    int max_failures = 5;
    std::chrono::seconds window{15 * 60};
    std::chrono::seconds lockout{15 * 60};
    std::size_t max_tracked = 100'000;  // bound on memory
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
  // Makes room for one more entry; false when every entry is a live lock. Requires mutex_.
  bool make_room(Clock::time_point now);

  const Limits limits_{};
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
  // While the table is full of live locks: when the first of them ends. Guarded by mutex_.
  Clock::time_point saturated_until_{};
};

}  // namespace utbyte::webui
