#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace utbyte::platform::http {

struct ConnectionLimits {
  // Connections held at once. At the cap the connection idle longest (waiting for its next
  // request) is closed to admit a new one, as nginx does; with none idle the new one is reset.
  std::size_t max_connections = 1024;
  // Connections from one address that have not finished the TLS handshake. Handshakes are the
  // only state an unauthenticated client can make the server hold, so one address cannot fill
  // the table with them.
  std::size_t max_handshakes_per_address = 64;
  // Authenticated connections per certificate organisation: a partner that opens thousands
  // cannot crowd out the others. 0 means no limit.
  std::size_t max_per_organisation = 256;
};

// A connection the table may close to make room. evict() is called from any thread and must
// hand the close to the connection's own executor.
class EvictableConnection {
 public:
  virtual ~EvictableConnection() = default;
  virtual void evict() = 0;
};

// Admission and eviction for every connection of one server. Safe from many threads; memory is
// bounded by the limits (one entry per held connection, one counter per address in handshake and
// per organisation connected).
class ConnectionTable : public std::enable_shared_from_this<ConnectionTable> {
 public:
  explicit ConnectionTable(ConnectionLimits limits) : limits_(limits) {}
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // One connection's place in the table, released when the connection ends.
  class Ticket {
   public:
    Ticket(std::shared_ptr<ConnectionTable> table, std::uint64_t id)
        : table_(std::move(table)), id_(id) {}
    ~Ticket();
    Ticket(Ticket&& other) noexcept : table_(std::move(other.table_)), id_(other.id_) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

    // The handshake is over (its per-address slot is free). Returns false when the organisation
    // already holds max_per_organisation connections: the connection is then not counted for it
    // and should be refused. An empty organisation (none in the certificate) is not limited.
    bool handshake_done(const std::string& organisation);
    // Waiting for the next request: from now on the connection may be evicted. Returns false when
    // it was already chosen for eviction while busy; the caller then closes it.
    bool idle(std::weak_ptr<EvictableConnection> connection);
    // A request is being read or answered: not evictable until idle() again.
    void busy();

   private:
    std::shared_ptr<ConnectionTable> table_;
    std::uint64_t id_ = 0;
  };

  // On accept, from the peer's address. nullopt when the connection must be refused: the address
  // has max_handshakes_per_address handshakes open, or the table is full with no idle connection.
  // At the cap the oldest idle connection is told to close and the new one is admitted.
  std::optional<Ticket> admit(const std::string& address);

  std::size_t open() const;
  std::uint64_t refused() const;
  std::uint64_t evicted() const;

 private:
  struct Entry {
    std::string address;
    std::string organisation;  // counted in by_organisation_ when not empty
    bool handshaking = true;
    bool evicting = false;
    std::optional<std::list<std::uint64_t>::iterator> idle_position;
    std::weak_ptr<EvictableConnection> connection;
  };

  void release(std::uint64_t id);
  bool handshake_done(std::uint64_t id, const std::string& organisation);
  bool idle(std::uint64_t id, std::weak_ptr<EvictableConnection> connection);
  void busy(std::uint64_t id);

  const ConnectionLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::unordered_map<std::string, std::size_t> handshakes_by_address_;
  std::unordered_map<std::string, std::size_t> by_organisation_;
  std::list<std::uint64_t> idle_oldest_first_;
  std::size_t evicting_ = 0;  // entries told to close that have not yet ended
  std::uint64_t next_id_ = 1;
  std::uint64_t refused_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace utbyte::platform::http
