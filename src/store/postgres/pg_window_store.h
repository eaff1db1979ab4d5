#pragma once

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace utbyte::store::postgres {

// Service windows on PostgreSQL: every instance sees the operator's windows.
class PgWindowStore final : public WindowStore {
 public:
  explicit PgWindowStore(ConnectionPool& pool) : pool_(pool) {}
  Result<ServiceWindowRecord> add(const ServiceWindowRecord& window) override;
  Result<std::vector<ServiceWindowRecord>> list() override;
  Result<bool> remove(const std::string& id) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
