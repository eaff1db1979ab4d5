#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/eioa_store.h"
#include "store/leka_store.h"
#include "store/order_store.h"
#include "store/records.h"
#include "store/sla_state_store.h"
#include "store/user_store.h"

namespace utbyte::store {

// Read access to the benefit register (FK's and PM's parts). Implementations are safe to call
// from many threads at once.
class RegisterStore {
 public:
  virtual ~RegisterStore() = default;

  // The person, or nullopt when the register has no such person. Errors: kStoreError.
  virtual Result<std::optional<PersonRecord>> find_person(const std::string& personnummer) = 0;

  // Decisions of the given benefit types whose validity [from, tom] overlaps `range`, ordered by
  // type, then from-date, then beslut_id.
  virtual Result<std::vector<DecisionRecord>> find_decisions(const std::string& personnummer,
                                                             std::span<const InformationType> types,
                                                             domain::DateRange range) = 0;

  // Payments of the given benefit types whose utbetalningsdatum lies in `range`, ordered by
  // utbetalningsdatum, then type, then utbetalnings_id.
  virtual Result<std::vector<PaymentRecord>> find_payments(const std::string& personnummer,
                                                           std::span<const InformationType> types,
                                                           domain::DateRange range) = 0;

  virtual Result<RegisterInfo> register_info() = 0;
};

// The append-only, hash-chained disclosure log. Appends are serialised; safe from many threads.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends one entry, linking it to the previous one, and returns its sequence number.
  // Idempotent per transaktions_id: when an entry with the same id is already in the log,
  // nothing is appended and that entry's sequence number is returned — a disclosure retried
  // after a crash (a mass-order row answered again) is recorded once.
  virtual Result<std::int64_t> append(const AuditEvent& event) = 0;

  // Appends several entries in one transaction (all or none), with the same idempotency; returns
  // their sequence numbers in order. For batch work such as mass orders.
  virtual Result<std::vector<std::int64_t>> append_batch(std::span<const AuditEvent> events) = 0;

  // Entries with sekvens > after, at most `limit`, in order.
  virtual Result<std::vector<AuditEntry>> read(std::int64_t after, int limit) = 0;

  // Recomputes the whole chain.
  virtual Result<AuditVerification> verify() = 0;
};

// Operator-managed service windows, shared by every instance using the same database.
class WindowStore {
 public:
  virtual ~WindowStore() = default;
  // Stores the window and returns it with its id. Errors: kStoreError.
  virtual Result<ServiceWindowRecord> add(const ServiceWindowRecord& window) = 0;
  // Every window, ordered by start.
  virtual Result<std::vector<ServiceWindowRecord>> list() = 0;
  // False when no window has that id.
  virtual Result<bool> remove(const std::string& id) = 0;
};

// One database holding the register, the audit log, the service windows and the Massfråga
// order queue.
class Store {
 public:
  virtual ~Store() = default;
  virtual RegisterStore& registry() = 0;
  virtual AuditStore& audit() = 0;
  virtual WindowStore& windows() = 0;
  virtual OrderStore& orders() = 0;
  virtual LekaStore& leka() = 0;
  virtual EioaStore& eioa() = 0;
  virtual UserStore& users() = 0;
  // SLA state shared with other instances, or nullptr when this store serves one process only
  // (SQLite): the server then counts in process.
  virtual SlaStateStore* shared_sla() { return nullptr; }
};

using StorePtr = std::unique_ptr<Store>;

// Opens (creating if needed, and migrating to the current schema) a SQLite database file.
// Errors: kStoreError naming the file.
Result<StorePtr> open_sqlite_store(const std::string& path);

// Opens the store a --db value names: "postgresql://…" or "postgres://…" (a libpq URI; several
// instances may share it), "sqlite:FILE", or a plain path (SQLite, the embedded default).
// Migrates the schema first. Errors: kStoreError naming the file or the password-masked URL.
Result<StorePtr> open_store(const std::string& spec);

// As open_store(), for commands that read an existing database: a SQLite file that does not
// exist is kIoError "'FILE' finns inte" instead of a new empty database.
Result<StorePtr> open_existing_store(const std::string& spec);

// True when `spec` names a PostgreSQL database rather than a SQLite file.
bool is_postgres_spec(const std::string& spec);

// The SQLite file of a "sqlite:FILE" or plain-path spec (the spec itself otherwise).
std::string sqlite_path(const std::string& spec);

// The spec as it may be printed or logged: a URL's password replaced by "***".
std::string masked_spec(const std::string& spec);

}  // namespace utbyte::store
