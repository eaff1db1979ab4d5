#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/eioa_store.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// EioaStore on its own connection. Its commits use synchronous=FULL: the answer with a tx-id
// promises the vendor that FK has the notification, so it must survive an OS crash as well as
// kill -9 (see SqliteOrderStore for the WAL reasoning).
class SqliteEioaStore final : public EioaStore {
 public:
  // `path` must already be migrated. Errors: kStoreError.
  static Result<std::unique_ptr<SqliteEioaStore>> open(const std::string& path);
  explicit SqliteEioaStore(Connection conn) : conn_(std::move(conn)) {}

  Result<EioaCurrent> save(const EioaVersion& version) override;
  Result<std::optional<EioaCurrent>> find(const std::string& id) override;
  Result<std::vector<EioaVersion>> history(const std::string& id) override;
  Result<std::vector<EioaCurrent>> list(int limit) override;
  Result<std::int64_t> count_versions() override;

 private:
  Result<std::optional<EioaCurrent>> find_locked(const std::string& id);

  std::mutex mutex_;
  Connection conn_;  // guarded by mutex_
};

}  // namespace utbyte::store::sqlite
