#include "platform/http/connection_table.h"

namespace utbyte::platform::http {
namespace {

void decrement(std::unordered_map<std::string, std::size_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  if (it == counts.end()) return;
  if (--it->second == 0) counts.erase(it);
}

}  // namespace

ConnectionTable::Ticket::~Ticket() {
  if (table_) table_->release(id_);
}

bool ConnectionTable::Ticket::handshake_done(const std::string& organisation) {
  return table_->handshake_done(id_, organisation);
}

bool ConnectionTable::Ticket::idle(std::weak_ptr<EvictableConnection> connection) {
  return table_->idle(id_, std::move(connection));
}

void ConnectionTable::Ticket::busy() { table_->busy(id_); }

std::optional<ConnectionTable::Ticket> ConnectionTable::admit(const std::string& address) {
  std::weak_ptr<EvictableConnection> victim;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    auto handshakes = handshakes_by_address_.find(address);
    if (handshakes != handshakes_by_address_.end() &&
        handshakes->second >= limits_.max_handshakes_per_address) {
      ++refused_;
      return std::nullopt;
    }
    // Connections already told to close do not count: they are on their way out, and counting
    // them would refuse a newcomer for the few microseconds a close takes.
    if (entries_.size() - evicting_ >= limits_.max_connections) {
      if (idle_oldest_first_.empty()) {
        ++refused_;
        return std::nullopt;
      }
      Entry& oldest = entries_.at(idle_oldest_first_.front());
      idle_oldest_first_.pop_front();
      oldest.idle_position.reset();
      oldest.evicting = true;
      ++evicting_;
      ++evicted_;
      victim = std::move(oldest.connection);
    }
    id = next_id_++;
    Entry entry;
    entry.address = address;
    entries_.emplace(id, std::move(entry));
    ++handshakes_by_address_[address];
  }
  if (auto connection = victim.lock()) connection->evict();
  return Ticket(shared_from_this(), id);
}

bool ConnectionTable::handshake_done(std::uint64_t id, const std::string& organisation) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.at(id);
  if (entry.handshaking) {
    entry.handshaking = false;
    decrement(handshakes_by_address_, entry.address);
  }
  if (organisation.empty() || !entry.organisation.empty()) return true;
  std::size_t& held = by_organisation_[organisation];
  if (limits_.max_per_organisation > 0 && held >= limits_.max_per_organisation) return false;
  ++held;
  entry.organisation = organisation;
  return true;
}

bool ConnectionTable::idle(std::uint64_t id, std::weak_ptr<EvictableConnection> connection) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.at(id);
  if (entry.evicting) return false;
  if (!entry.idle_position) {
    entry.idle_position = idle_oldest_first_.insert(idle_oldest_first_.end(), id);
  }
  entry.connection = std::move(connection);
  return true;
}

void ConnectionTable::busy(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.at(id);
  if (entry.idle_position) {
    idle_oldest_first_.erase(*entry.idle_position);
    entry.idle_position.reset();
  }
}

void ConnectionTable::release(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (entry.handshaking) decrement(handshakes_by_address_, entry.address);
  if (!entry.organisation.empty()) decrement(by_organisation_, entry.organisation);
  if (entry.idle_position) idle_oldest_first_.erase(*entry.idle_position);
  if (entry.evicting) --evicting_;
  entries_.erase(it);
}

std::size_t ConnectionTable::open() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::uint64_t ConnectionTable::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::uint64_t ConnectionTable::evicted() const {
  std::lock_guard lock(mutex_);
  return evicted_;
}

}  // namespace utbyte::platform::http
