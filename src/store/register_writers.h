#pragma once

// Write access to the benefit register, for the two programs that write it: the synthetic
// generator (RegisterLoader: replace the whole register) and `register advance`
// (RegisterEditor: change rows and log every change). Both backends implement them, so
// store/synthetic/ is written once for SQLite and PostgreSQL. Each object is one open
// transaction: nothing is visible to readers before commit(), and destroying it without
// commit() rolls everything back.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/leka_store.h"
#include "store/records.h"

namespace utbyte::store {

// Inserts register rows.
class RegisterSink {
 public:
  virtual ~RegisterSink() = default;
  virtual Status insert_person(const PersonRecord& person) = 0;
  virtual Status insert_decision(const std::string& personnummer,
                                 const DecisionRecord& decision) = 0;
  virtual Status insert_payment(const std::string& personnummer, const PaymentRecord& payment) = 0;
  // Inserts or replaces one register_meta row.
  virtual Status put_meta(const std::string& key, const std::string& value) = 0;
};

// Replaces the register: opening one empties the register tables (persons, decisions,
// payments, meta) inside its transaction; the audit log and every other table are kept.
class RegisterLoader : public RegisterSink {
 public:
  virtual Status commit() = 0;
};

// A decision as `register advance` holds it.
struct StoredDecision {
  std::string personnummer;
  DecisionRecord decision;
};

// A preliminary payment waiting for its day (the columns advance needs).
struct PreliminaryPayment {
  std::string personnummer;
  Date utbetalningsdatum{};
  Date period_from{};
  InformationType type = InformationType::kSjukpenning;
  Myndighet myndighet = Myndighet::kFK;
  std::string utbetalnings_id;
};

// Changes register rows in place and appends to the change log (register_andring), all in one
// transaction, so that the log and the register never disagree. The editor holds the register's
// write lock from open to commit: change-log numbers are gap-free and in commit order.
class RegisterEditor : public RegisterSink {
 public:
  // register_meta.as_of, nullopt when the database holds no register.
  virtual Result<std::optional<Date>> as_of() = 0;
  // BEVILJAD or SPARRAD decisions not ended before `since`, ordered by personnummer, type,
  // from-date, beslut_id.
  virtual Result<std::vector<StoredDecision>> live_decisions(Date since) = 0;
  // PRELIMINAR payments ordered by utbetalningsdatum, then personnummer.
  virtual Result<std::vector<PreliminaryPayment>> preliminary_payments() = 0;

  virtual Status mark_paid(const PreliminaryPayment& payment) = 0;
  virtual Status delete_payment(const PreliminaryPayment& payment) = 0;
  virtual Status set_decision_tom(const StoredDecision& decision, Date tom) = 0;
  virtual Status set_decision_status(const StoredDecision& decision, BeslutStatus status) = 0;
  // Sets the date of death unless already set; false when nothing changed (dead or unknown).
  virtual Result<bool> mark_died(const std::string& personnummer, Date day) = 0;
  // `change.seq` is ignored: the store numbers the log.
  virtual Status append_change(const RegisterChange& change) = 0;

  virtual Status commit() = 0;
};

// For a --db spec as open_store() takes (store.h). The SQLite file is created when missing.
Result<std::unique_ptr<RegisterLoader>> open_register_loader(const std::string& spec);
// Errors: kStoreError when the database cannot be opened (a missing SQLite file is not created).
Result<std::unique_ptr<RegisterEditor>> open_register_editor(const std::string& spec);

}  // namespace utbyte::store
