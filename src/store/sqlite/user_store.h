#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/sqlite/sqlite_db.h"
#include "store/user_store.h"

namespace utbyte::store::sqlite {

// UserStore on its own connection: logins and page views are a few per second at most, so one
// serialised connection is plenty and keeps the audit writer's lock out of the way.
class SqliteUserStore final : public UserStore {
 public:
  // `path` must already be migrated. Errors: kStoreError.
  static Result<std::unique_ptr<SqliteUserStore>> open(const std::string& path);
  explicit SqliteUserStore(Connection conn) : conn_(std::move(conn)) {}

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
  Result<std::int64_t> changes();

  std::mutex mutex_;
  Connection conn_;  // guarded by mutex_
};

}  // namespace utbyte::store::sqlite
