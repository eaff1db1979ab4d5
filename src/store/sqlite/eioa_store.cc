#include "store/sqlite/eioa_store.h"

namespace utbyte::store::sqlite {
namespace {

constexpr const char* kVersionColumns =
    "v.id, v.version, v.tx_id, v.leverantor_orgnr, v.anordnare_orgnr, v.personnummer, "
    "v.assistent_personnummer, v.signerare, v.kanal, v.mottagen, v.xml";

EioaVersion read_version(const Statement& stmt, int first) {
  EioaVersion v;
  v.id = stmt.column_string(first);
  v.version = static_cast<int>(stmt.column_int64(first + 1));
  v.tx_id = stmt.column_string(first + 2);
  v.leverantor_orgnr = stmt.column_string(first + 3);
  v.anordnare_orgnr = stmt.column_string(first + 4);
  v.personnummer = stmt.column_string(first + 5);
  v.assistent_personnummer = stmt.column_string(first + 6);
  v.signerare = stmt.column_string(first + 7);
  v.kanal = stmt.column_string(first + 8);
  v.mottagen_ms = stmt.column_int64(first + 9);
  v.xml = stmt.column_string(first + 10);
  return v;
}

// Columns of eioa_anmalan, the owner (version 1's vendor), then the current version's columns.
const std::string& current_select() {
  static const std::string sql =
      std::string(
          "SELECT a.antal_versioner, a.manuell_hantering, a.forst_mottagen, "
          "(SELECT f.leverantor_orgnr FROM eioa_version f WHERE f.id = a.id AND "
          "f.version = 1), ") +
      kVersionColumns +
      " FROM eioa_anmalan a JOIN eioa_version v ON v.id = a.id AND v.version = a.antal_versioner";
  return sql;
}

EioaCurrent read_current(const Statement& stmt) {
  EioaCurrent c;
  c.antal_versioner = static_cast<int>(stmt.column_int64(0));
  c.manuell_hantering = stmt.column_int64(1) != 0;
  c.forst_mottagen_ms = stmt.column_int64(2);
  c.agare_orgnr = stmt.column_string(3);
  c.senaste = read_version(stmt, 4);
  return c;
}

}  // namespace

Result<std::unique_ptr<SqliteEioaStore>> SqliteEioaStore::open(const std::string& path) {
  auto conn = Connection::open(path, /*create=*/false);
  if (!conn.ok()) return conn.error();
  if (Status s = conn->exec("PRAGMA synchronous=FULL"); !s.ok()) return s.error();
  return std::make_unique<SqliteEioaStore>(std::move(conn).value());
}

Result<EioaCurrent> SqliteEioaStore::save(const EioaVersion& version) {
  std::lock_guard lock(mutex_);
  auto tx = Transaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto upsert = conn_.prepare(
      "INSERT INTO eioa_anmalan (id, antal_versioner, manuell_hantering, forst_mottagen, "
      "senast_mottagen) VALUES (?1, 1, 0, ?2, ?2) "
      "ON CONFLICT (id) DO UPDATE SET antal_versioner = antal_versioner + 1, "
      "manuell_hantering = 1, senast_mottagen = excluded.senast_mottagen "
      "RETURNING antal_versioner");
  if (!upsert.ok()) return upsert.error();
  upsert->bind(1, version.id);
  upsert->bind(2, version.mottagen_ms);
  auto row = upsert->step();
  if (!row.ok()) return row.error();
  if (!*row) return make_error(ErrorCode::kStoreError, "Anmälan kunde inte sparas");
  const std::int64_t number = upsert->column_int64(0);
  upsert->reset();
  // A resend is checked against what is stored inside this transaction, which BEGIN IMMEDIATE
  // started holding the database's write lock: no other writer (thread or process) can add a
  // version of the id between the check and the insert. A refusal returns before anything is
  // committed; the transaction's destructor rolls the counter back.
  if (number > 1) {
    auto stored = conn_.prepare(
        "SELECT (SELECT f.leverantor_orgnr FROM eioa_version f WHERE f.id = ?1 AND f.version = 1), "
        "c.personnummer, c.assistent_personnummer FROM eioa_version c "
        "WHERE c.id = ?1 AND c.version = ?2");
    if (!stored.ok()) return stored.error();
    stored->bind(1, version.id);
    stored->bind(2, number - 1);
    auto found = stored->step();
    if (!found.ok()) return found.error();
    if (!*found) return make_error(ErrorCode::kStoreError, "Anmälans tidigare version saknas");
    const EioaIdentity identity{stored->column_string(0), stored->column_string(1),
                                stored->column_string(2)};
    if (Status s = check_resend(identity, version); !s.ok()) return s.error();
  }

  auto insert = conn_.prepare(
      "INSERT INTO eioa_version (id, version, tx_id, leverantor_orgnr, anordnare_orgnr, "
      "personnummer, assistent_personnummer, signerare, kanal, mottagen, xml) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!insert.ok()) return insert.error();
  insert->bind(1, version.id);
  insert->bind(2, number);
  insert->bind(3, version.tx_id);
  insert->bind(4, version.leverantor_orgnr);
  insert->bind(5, version.anordnare_orgnr);
  insert->bind(6, version.personnummer);
  insert->bind(7, version.assistent_personnummer);
  insert->bind(8, version.signerare);
  insert->bind(9, version.kanal);
  insert->bind(10, version.mottagen_ms);
  insert->bind(11, version.xml);
  if (Status s = insert->run(); !s.ok()) return s.error();
  auto current = find_locked(version.id);
  if (!current.ok()) return current.error();
  if (Status s = tx->commit(); !s.ok()) return s.error();
  if (!*current) return make_error(ErrorCode::kStoreError, "Sparad anmälan kunde inte läsas");
  return std::move(**current);
}

Result<std::optional<EioaCurrent>> SqliteEioaStore::find_locked(const std::string& id) {
  auto stmt = conn_.prepare(current_select() + " WHERE a.id = ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<EioaCurrent>{};
  return std::optional<EioaCurrent>{read_current(*stmt)};
}

Result<std::optional<EioaCurrent>> SqliteEioaStore::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  return find_locked(id);
}

Result<std::vector<EioaVersion>> SqliteEioaStore::history(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(std::string("SELECT ") + kVersionColumns +
                            " FROM eioa_version v WHERE v.id = ?1 ORDER BY v.version");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  std::vector<EioaVersion> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back(read_version(*stmt, 0));
  }
  return out;
}

Result<std::vector<EioaCurrent>> SqliteEioaStore::list(int limit) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(current_select() + " ORDER BY a.senast_mottagen DESC, a.id LIMIT ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, std::int64_t{limit});
  std::vector<EioaCurrent> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back(read_current(*stmt));
  }
  return out;
}

Result<std::int64_t> SqliteEioaStore::count_versions() {
  std::lock_guard lock(mutex_);
  return conn_.query_int("SELECT count(*) FROM eioa_version");
}

}  // namespace utbyte::store::sqlite
