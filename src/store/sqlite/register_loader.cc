#include "store/sqlite/register_loader.h"

#include "store/sqlite/schema.h"

namespace utbyte::store::sqlite {

Result<std::unique_ptr<SqliteRegisterLoader>> SqliteRegisterLoader::open(const std::string& path) {
  auto conn = Connection::open(path, /*create=*/true);
  if (!conn.ok()) return conn.error();
  if (Status s = migrate(*conn); !s.ok()) return s.error();
  auto loader =
      std::unique_ptr<SqliteRegisterLoader>(new SqliteRegisterLoader(std::move(conn).value()));
  if (Status s = loader->begin(); !s.ok()) return s.error();
  return loader;
}

Status SqliteRegisterLoader::begin() {
  if (Status s = conn_.exec("PRAGMA foreign_keys=OFF; PRAGMA journal_mode=DELETE; "
                            "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; "
                            "PRAGMA temp_store=MEMORY;");
      !s.ok()) {
    return s;
  }
  auto tx = Transaction::begin(conn_, "IMMEDIATE");
  if (!tx.ok()) return tx.status();
  tx_.emplace(std::move(tx).value());
  if (Status s = conn_.exec("DELETE FROM utbetalning; DELETE FROM beslut; DELETE FROM person; "
                            "DELETE FROM register_meta;");
      !s.ok()) {
    return s;
  }
  auto writer = RegisterWriter::create(conn_);
  if (!writer.ok()) return writer.status();
  writer_.emplace(std::move(writer).value());
  return Status::ok_status();
}

Status SqliteRegisterLoader::restore_settings() {
  return conn_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

Status SqliteRegisterLoader::commit() {
  writer_.reset();  // finalize the statements before the journal mode changes
  Status committed = tx_ ? tx_->commit() : Status::ok_status();
  tx_.reset();
  Status restored = restore_settings();
  return committed.ok() ? restored : committed;
}

SqliteRegisterLoader::~SqliteRegisterLoader() {
  if (tx_) {
    writer_.reset();
    tx_.reset();  // rolls back
    (void)restore_settings();
  }
}

}  // namespace utbyte::store::sqlite
