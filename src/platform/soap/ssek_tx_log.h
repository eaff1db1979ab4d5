#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace utbyte::platform::soap {

// SSEK's transaction id made idempotent: a message resent with the same sender, TxId and body
// (a client retrying after a lost answer) gets the answer it got the first time, without being
// handled — and disclosed and audited — again; another message under a TxId already used is
// refused. Only answers are remembered, not faults: a refused message may be sent again.
// Bounded in entries and age; per process (decisions R34). Thread-safe.
class SsekTxLog {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit SsekTxLog(
      std::size_t capacity = 10'000, std::chrono::seconds max_age = std::chrono::hours(24),
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  struct Earlier {
    bool same_message = false;  // same body: `answer` is what to send again
    std::string answer;         // the whole HTTP body of the first answer
  };

  // What was answered to `tx_id` from `sender` before, if anything and not too long ago.
  std::optional<Earlier> find(std::string_view sender, std::string_view tx_id,
                              std::string_view message_digest);

  // Remembers the answer to a message; the oldest entry goes when the log is full.
  void remember(std::string_view sender, std::string_view tx_id, std::string message_digest,
                std::string answer);

 private:
  struct Entry {
    std::string digest;
    std::string answer;
    std::chrono::steady_clock::time_point at;
  };
  void drop_expired(std::chrono::steady_clock::time_point now);

  const std::size_t capacity_;
  const std::chrono::seconds max_age_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Entry, std::less<>> entries_;
  std::list<std::pair<std::string, std::string>> order_;  // oldest first
};

}  // namespace utbyte::platform::soap
