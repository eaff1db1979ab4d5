#include "store/postgres/pg_pool.h"

#include <algorithm>

namespace utbyte::store::postgres {

ConnectionPool::ConnectionPool(std::string url, std::size_t size)
    : url_(std::move(url)), size_(std::max<std::size_t>(size, 1)) {}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // reserve the slot; connect outside the lock
  }
  auto conn = Connection::open(url_);
  if (!conn.ok()) {
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
    return conn.error();
  }
  return Lease(this, std::move(conn).value());
}

void ConnectionPool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->healthy()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // broken: closed here, a later acquire() opens a fresh one
    conn.reset();
  }
  available_.notify_one();
}

}  // namespace utbyte::store::postgres
