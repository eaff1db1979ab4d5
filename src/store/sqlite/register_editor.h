#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/register_writers.h"
#include "store/sqlite/change_log_writer.h"
#include "store/sqlite/register_writer.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// RegisterEditor for a SQLite file: one IMMEDIATE transaction (the file's write lock) from open
// to commit; the change log is numbered by SQLite's rowid in insertion order.
class SqliteRegisterEditor final : public RegisterEditor {
 public:
  // Errors: kStoreError; a missing file is not created.
  static Result<std::unique_ptr<SqliteRegisterEditor>> open(const std::string& path);
  ~SqliteRegisterEditor() override;

  Status insert_person(const PersonRecord& person) override {
    return writer_->insert_person(person);
  }
  Status insert_decision(const std::string& personnummer, const DecisionRecord& d) override {
    return writer_->insert_decision(personnummer, d);
  }
  Status insert_payment(const std::string& personnummer, const PaymentRecord& p) override {
    return writer_->insert_payment(personnummer, p);
  }
  Status put_meta(const std::string& key, const std::string& value) override {
    return writer_->put_meta(key, value);
  }

  Result<std::optional<Date>> as_of() override;
  Result<std::vector<StoredDecision>> live_decisions(Date since) override;
  Result<std::vector<PreliminaryPayment>> preliminary_payments() override;
  Status mark_paid(const PreliminaryPayment& payment) override;
  Status delete_payment(const PreliminaryPayment& payment) override;
  Status set_decision_tom(const StoredDecision& decision, Date tom) override;
  Status set_decision_status(const StoredDecision& decision, BeslutStatus status) override;
  Result<bool> mark_died(const std::string& personnummer, Date day) override;
  Status append_change(const RegisterChange& change) override { return log_->append(change); }
  Status commit() override;

 private:
  struct Statements;
  explicit SqliteRegisterEditor(Connection conn);
  Status begin();

  Connection conn_;
  std::optional<Transaction> tx_;
  std::optional<RegisterWriter> writer_;
  std::optional<ChangeLogWriter> log_;
  std::unique_ptr<Statements> stmts_;
};

}  // namespace utbyte::store::sqlite
