#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/register_writers.h"
#include "store/sqlite/register_writer.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// RegisterLoader for a SQLite file: one IMMEDIATE transaction with bulk-load settings (rollback
// journal instead of WAL, so each page is written once; no foreign key checks, the rows are
// consistent by construction). The normal settings are restored when the loader ends.
class SqliteRegisterLoader final : public RegisterLoader {
 public:
  static Result<std::unique_ptr<SqliteRegisterLoader>> open(const std::string& path);
  ~SqliteRegisterLoader() override;

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
  Status commit() override;

 private:
  explicit SqliteRegisterLoader(Connection conn) : conn_(std::move(conn)) {}
  Status begin();
  Status restore_settings();

  Connection conn_;
  std::optional<Transaction> tx_;
  std::optional<RegisterWriter> writer_;
};

}  // namespace utbyte::store::sqlite
