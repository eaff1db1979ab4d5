#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace utbyte::store::postgres {

// A bounded pool of connections to one database, shared by every store of one PostgresStore.
// Connections are opened on demand up to `size`; a thread that finds all of them busy waits.
// A connection that broke (server restart, network) is dropped when returned, and the next
// acquire opens a fresh one, so the process survives a database restart. Thread-safe.
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (conn_) pool_->release(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(std::string url, std::size_t size);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection for the caller's exclusive use until the lease ends. Errors: kStoreError when
  // a new connection cannot be opened.
  Result<Lease> acquire();

  const std::string& url() const { return url_; }
  std::string masked_url() const { return mask_url(url_); }

 private:
  void release(std::unique_ptr<Connection> conn);

  const std::string url_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  std::size_t open_ = 0;                           // guarded by mutex_: idle + leased
};

}  // namespace utbyte::store::postgres
