#pragma once

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace utbyte::store::postgres {

// The hash-chained disclosure log on PostgreSQL. Every append takes one transaction-scoped
// advisory lock before it reads the chain's tail, so appends from every instance form one chain:
// no two entries can link to the same predecessor, and sekvens has no gaps.
class PgAuditStore final : public AuditStore {
 public:
  explicit PgAuditStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::int64_t> append(const AuditEvent& event) override;
  Result<std::vector<std::int64_t>> append_batch(std::span<const AuditEvent> events) override;
  Result<std::vector<AuditEntry>> read(std::int64_t after, int limit) override;
  Result<AuditVerification> verify() override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
