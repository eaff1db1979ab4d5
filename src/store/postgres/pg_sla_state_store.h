#pragma once

#include "store/postgres/pg_pool.h"
#include "store/sla_state_store.h"

namespace utbyte::store::postgres {

// SLA state in PostgreSQL: each decision is one call of the sla_admit() function (pg_schema.cc),
// serialised per (actor, class) by an advisory transaction lock, so the limits hold for all
// instances together.
class PgSlaStateStore final : public SlaStateStore {
 public:
  explicit PgSlaStateStore(ConnectionPool& pool) : pool_(pool) {}
  Result<SharedAdmission> admit(const std::string& key, const std::string& klass,
                                const SharedSlaLimits& limits, std::int64_t lease_ms) override;
  Status release(std::int64_t ticket) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
