#include "store/sqlite/change_log_writer.h"

#include "store/record_codes.h"

namespace utbyte::store::sqlite {

Result<ChangeLogWriter> ChangeLogWriter::create(Connection& conn) {
  auto insert = conn.prepare(
      "INSERT INTO register_andring (personnummer, informationstyp, myndighet, handelse, "
      "handelsedatum, referens) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.error();
  return ChangeLogWriter(std::move(insert).value());
}

Status ChangeLogWriter::append(const RegisterChange& change) {
  insert_.bind(1, change.personnummer);
  insert_.bind(2, domain::to_string(change.informationstyp));
  insert_.bind(3, domain::to_string(change.myndighet));
  insert_.bind(4, to_string(change.handelse));
  insert_.bind(5, domain::format_date(change.handelsedatum));
  insert_.bind(6, change.referens);
  Status s = insert_.run();
  if (!s.ok()) insert_.reset();
  return s;
}

}  // namespace utbyte::store::sqlite
