#pragma once

#include <string>

#include "core/result.h"
#include "store/records.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// Inserts register rows through statements prepared once and reused, so that a bulk load inside
// one transaction costs one bind + step per row. Used by the synthetic generator and by tests.
// The connection must outlive the writer; the caller owns the transaction.
class RegisterWriter {
 public:
  static Result<RegisterWriter> create(Connection& conn);

  Status insert_person(const PersonRecord& person);
  Status insert_decision(const std::string& personnummer, const DecisionRecord& decision);
  Status insert_payment(const std::string& personnummer, const PaymentRecord& payment);
  // Inserts or replaces one register_meta row.
  Status put_meta(const std::string& key, const std::string& value);

 private:
  RegisterWriter(Statement person, Statement decision, Statement payment, Statement meta)
      : person_(std::move(person)),
        decision_(std::move(decision)),
        payment_(std::move(payment)),
        meta_(std::move(meta)) {}
  Statement person_;
  Statement decision_;
  Statement payment_;
  Statement meta_;
};

}  // namespace utbyte::store::sqlite
