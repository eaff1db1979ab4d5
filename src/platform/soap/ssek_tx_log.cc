#include "platform/soap/ssek_tx_log.h"

namespace utbyte::platform::soap {

SsekTxLog::SsekTxLog(std::size_t capacity, std::chrono::seconds max_age, Clock clock)
    : capacity_(capacity == 0 ? 1 : capacity), max_age_(max_age), clock_(std::move(clock)) {}

void SsekTxLog::drop_expired(std::chrono::steady_clock::time_point now) {
  while (!order_.empty()) {
    const auto it = entries_.find(order_.front());
    if (it != entries_.end() && now - it->second.at < max_age_) break;
    if (it != entries_.end()) entries_.erase(it);
    order_.pop_front();
  }
}

std::optional<SsekTxLog::Earlier> SsekTxLog::find(std::string_view sender, std::string_view tx_id,
                                                  std::string_view message_digest) {
  std::lock_guard lock(mutex_);
  drop_expired(clock_());
  const auto it = entries_.find(std::pair{std::string(sender), std::string(tx_id)});
  if (it == entries_.end()) return std::nullopt;
  Earlier earlier;
  earlier.same_message = it->second.digest == message_digest;
  if (earlier.same_message) earlier.answer = it->second.answer;
  return earlier;
}

void SsekTxLog::remember(std::string_view sender, std::string_view tx_id,
                         std::string message_digest, std::string answer) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  drop_expired(now);
  auto key = std::pair{std::string(sender), std::string(tx_id)};
  if (entries_.contains(key)) return;  // a concurrent twin answered first; keep that answer
  while (entries_.size() >= capacity_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  entries_.emplace(std::move(key), Entry{std::move(message_digest), std::move(answer), now});
}

}  // namespace utbyte::platform::soap
