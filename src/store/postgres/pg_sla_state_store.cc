#include "store/postgres/pg_sla_state_store.h"

namespace utbyte::store::postgres {

Result<SharedAdmission> PgSlaStateStore::admit(const std::string& key, const std::string& klass,
                                               const SharedSlaLimits& limits,
                                               std::int64_t lease_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT antagen, grans, vanta_ms, biljett FROM sla_admit($1, $2, $3, $4, $5, $6, $7, $8)",
      Params()
          .add(key)
          .add(klass)
          .add(limits.per_second)
          .add(limits.per_minute)
          .add(limits.per_hour)
          .add(limits.min_gap_ms)
          .add(limits.max_concurrent)
          .add(lease_ms));
  if (!rows.ok()) return rows.error();
  SharedAdmission out;
  if (rows->empty()) return out;
  out.admitted = rows->boolean(0, 0);
  out.refused_by = rows->string(0, 1);
  out.retry_after_ms = rows->optional_int64(0, 2).value_or(0);
  out.ticket = rows->optional_int64(0, 3).value_or(0);
  return out;
}

Status PgSlaStateStore::release(std::int64_t ticket) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return (*conn)->query("SELECT sla_release($1)", Params().add(ticket)).status();
}

}  // namespace utbyte::store::postgres
