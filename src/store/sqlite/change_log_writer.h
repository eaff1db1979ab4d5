#pragma once

#include "core/result.h"
#include "store/leka_store.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// Appends rows to the register's change log (register_andring) through one prepared statement.
// Whoever changes the register writes the change here in the same transaction, so that the log
// and the register never disagree: the LEKA daily run reads what changed from this log only.
// The connection must outlive the writer; the caller owns the transaction.
class ChangeLogWriter {
 public:
  static Result<ChangeLogWriter> create(Connection& conn);

  // `change.seq` is ignored: the database numbers rows in insertion order.
  Status append(const RegisterChange& change);

 private:
  explicit ChangeLogWriter(Statement insert) : insert_(std::move(insert)) {}
  Statement insert_;
};

}  // namespace utbyte::store::sqlite
