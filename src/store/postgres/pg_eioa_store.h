#pragma once

#include "store/eioa_store.h"
#include "store/postgres/pg_pool.h"

namespace utbyte::store::postgres {

// Received E-IOA notifications on PostgreSQL. save() bumps the id's version counter with an
// atomic upsert, whose row lock orders two instances receiving the same id at once: each gets
// its own version number, and the one that commits last is the current one (latest wins). A
// resend is checked (owner, persons) after the upsert, under that row lock, so the check and the
// insert are one step for every instance.
class PgEioaStore final : public EioaStore {
 public:
  explicit PgEioaStore(ConnectionPool& pool) : pool_(pool) {}

  Result<EioaCurrent> save(const EioaVersion& version) override;
  Result<std::optional<EioaCurrent>> find(const std::string& id) override;
  Result<std::vector<EioaVersion>> history(const std::string& id) override;
  Result<std::vector<EioaCurrent>> list(int limit) override;
  Result<std::int64_t> count_versions() override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
