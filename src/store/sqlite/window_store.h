#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace utbyte::store::sqlite {

// WindowStore on its own connection: windows are read a few times a minute and written by an
// operator, so they need neither the read pool nor the audit writer's lock.
class SqliteWindowStore final : public WindowStore {
 public:
  // `path` must already be migrated. Errors: kStoreError.
  static Result<std::unique_ptr<SqliteWindowStore>> open(const std::string& path);
  explicit SqliteWindowStore(Connection conn) : conn_(std::move(conn)) {}

  Result<ServiceWindowRecord> add(const ServiceWindowRecord& window) override;
  Result<std::vector<ServiceWindowRecord>> list() override;
  Result<bool> remove(const std::string& id) override;

 private:
  std::mutex mutex_;
  Connection conn_;  // guarded by mutex_
};

}  // namespace utbyte::store::sqlite
