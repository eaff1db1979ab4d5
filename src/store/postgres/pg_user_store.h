#pragma once

#include "store/postgres/pg_pool.h"
#include "store/user_store.h"

namespace utbyte::store::postgres {

// Web users and sessions on PostgreSQL: a session created through one instance is valid on
// every other instance behind the load balancer.
class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(ConnectionPool& pool) : pool_(pool) {}

  Result<WebUserRecord> add_user(const WebUserRecord& user) override;
  Result<bool> update_user(const WebUserRecord& user) override;
  Result<std::optional<WebUserRecord>> find_user(const std::string& aktors_id,
                                                 const std::string& anvandarnamn) override;
  Result<std::vector<WebUserRecord>> list_users(const std::string& aktors_id) override;
  Result<bool> remove_user(const std::string& aktors_id, const std::string& anvandarnamn) override;
  Status create_session(const WebSessionRecord& session) override;
  Result<std::optional<WebSessionRecord>> find_session(const std::string& id_hash) override;
  Result<bool> touch_session(const std::string& id_hash,
                             std::chrono::system_clock::time_point at) override;
  Status remove_session(const std::string& id_hash) override;
  Result<int> purge_sessions(std::chrono::system_clock::time_point idle_before) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
