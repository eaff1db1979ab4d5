#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_connection.h"
#include "store/register_writers.h"

namespace utbyte::store::postgres {

// RegisterLoader for PostgreSQL: one transaction that TRUNCATEs the register tables and streams
// the new rows with COPY (PQputCopyData). Rows are buffered per table and sent in chunks of a
// few MB, persons before decisions and payments.
class PgRegisterLoader final : public RegisterLoader {
 public:
  static Result<std::unique_ptr<PgRegisterLoader>> open(const std::string& url);

  Status insert_person(const PersonRecord& person) override;
  Status insert_decision(const std::string& personnummer, const DecisionRecord& d) override;
  Status insert_payment(const std::string& personnummer, const PaymentRecord& p) override;
  Status put_meta(const std::string& key, const std::string& value) override;
  Status commit() override;

 private:
  PgRegisterLoader(std::unique_ptr<Connection> conn, Transaction tx)
      : conn_(std::move(conn)), tx_(std::move(tx)) {}
  Status flush_if_full();
  Status flush();

  std::unique_ptr<Connection> conn_;
  Transaction tx_;  // declared after conn_: rolls back before the connection closes
  std::string persons_;
  std::string decisions_;
  std::string payments_;
};

}  // namespace utbyte::store::postgres
