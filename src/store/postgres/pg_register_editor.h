#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_connection.h"
#include "store/register_writers.h"

namespace utbyte::store::postgres {

// RegisterEditor for PostgreSQL: one transaction that first locks register_andring in
// EXCLUSIVE mode (readers go on; a second `register advance` waits), then numbers the change
// log from its current maximum, so numbers are gap-free and a reader never sees a lower number
// commit after a higher one.
class PgRegisterEditor final : public RegisterEditor {
 public:
  static Result<std::unique_ptr<PgRegisterEditor>> open(const std::string& url);

  Status insert_person(const PersonRecord& person) override;
  Status insert_decision(const std::string& personnummer, const DecisionRecord& d) override;
  Status insert_payment(const std::string& personnummer, const PaymentRecord& p) override;
  Status put_meta(const std::string& key, const std::string& value) override;

  Result<std::optional<Date>> as_of() override;
  Result<std::vector<StoredDecision>> live_decisions(Date since) override;
  Result<std::vector<PreliminaryPayment>> preliminary_payments() override;
  Status mark_paid(const PreliminaryPayment& payment) override;
  Status delete_payment(const PreliminaryPayment& payment) override;
  Status set_decision_tom(const StoredDecision& decision, Date tom) override;
  Status set_decision_status(const StoredDecision& decision, BeslutStatus status) override;
  Result<bool> mark_died(const std::string& personnummer, Date day) override;
  Status append_change(const RegisterChange& change) override;
  Status commit() override;

 private:
  PgRegisterEditor(std::unique_ptr<Connection> conn, Transaction tx, std::int64_t last_seq)
      : conn_(std::move(conn)), tx_(std::move(tx)), last_seq_(last_seq) {}

  std::unique_ptr<Connection> conn_;
  Transaction tx_;  // declared after conn_: rolls back before the connection closes
  std::int64_t last_seq_;
};

}  // namespace utbyte::store::postgres
