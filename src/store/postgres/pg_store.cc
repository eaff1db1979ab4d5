#include "store/postgres/pg_store.h"

#include "store/postgres/pg_audit_store.h"
#include "store/postgres/pg_eioa_store.h"
#include "store/postgres/pg_leka_store.h"
#include "store/postgres/pg_order_store.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_register_store.h"
#include "store/postgres/pg_schema.h"
#include "store/postgres/pg_sla_state_store.h"
#include "store/postgres/pg_user_store.h"
#include "store/postgres/pg_window_store.h"

namespace utbyte::store {
namespace {

using namespace postgres;

// One pool, every store on it. Members are declared after the pool they refer to, so they are
// destroyed before it.
class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& url, std::size_t connections)
      : pool_(url, connections),
        registry_(pool_),
        audit_(pool_),
        windows_(pool_),
        orders_(pool_),
        leka_(pool_),
        eioa_(pool_),
        users_(pool_),
        sla_(pool_) {}

  ConnectionPool& pool() { return pool_; }

  RegisterStore& registry() override { return registry_; }
  AuditStore& audit() override { return audit_; }
  WindowStore& windows() override { return windows_; }
  OrderStore& orders() override { return orders_; }
  LekaStore& leka() override { return leka_; }
  EioaStore& eioa() override { return eioa_; }
  UserStore& users() override { return users_; }
  SlaStateStore* shared_sla() override { return &sla_; }

 private:
  ConnectionPool pool_;
  PgRegisterStore registry_;
  PgAuditStore audit_;
  PgWindowStore windows_;
  PgOrderStore orders_;
  PgLekaStore leka_;
  PgEioaStore eioa_;
  PgUserStore users_;
  PgSlaStateStore sla_;
};

}  // namespace

Result<StorePtr> open_postgres_store(const std::string& url, const PostgresStoreOptions& options) {
  auto store = std::make_unique<PostgresStore>(url, options.connections);
  {
    auto conn = store->pool().acquire();
    if (!conn.ok()) return conn.error();
    if (Status s = migrate(**conn); !s.ok()) return s.error();
  }
  return StorePtr(std::move(store));
}

}  // namespace utbyte::store
