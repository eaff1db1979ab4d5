#include "store/postgres/pg_eioa_store.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::string_view kVersionColumns =
    "v.id, v.version, v.tx_id, v.leverantor_orgnr, v.anordnare_orgnr, v.personnummer, "
    "v.assistent_personnummer, v.signerare, v.kanal, v.mottagen, v.xml";

EioaVersion read_version(const Rows& r, int i, int first) {
  EioaVersion v;
  v.id = r.string(i, first);
  v.version = static_cast<int>(r.int64(i, first + 1));
  v.tx_id = r.string(i, first + 2);
  v.leverantor_orgnr = r.string(i, first + 3);
  v.anordnare_orgnr = r.string(i, first + 4);
  v.personnummer = r.string(i, first + 5);
  v.assistent_personnummer = r.string(i, first + 6);
  v.signerare = r.string(i, first + 7);
  v.kanal = r.string(i, first + 8);
  v.mottagen_ms = r.int64(i, first + 9);
  v.xml = r.string(i, first + 10);
  return v;
}

std::string current_select() {
  return "SELECT a.antal_versioner, a.manuell_hantering, a.forst_mottagen, "
         "(SELECT f.leverantor_orgnr FROM eioa_version f WHERE f.id = a.id AND f.version = 1), " +
         std::string(kVersionColumns) +
         " FROM eioa_anmalan a JOIN eioa_version v ON v.id = a.id AND v.version = "
         "a.antal_versioner";
}

EioaCurrent read_current(const Rows& r, int i) {
  EioaCurrent c;
  c.antal_versioner = static_cast<int>(r.int64(i, 0));
  c.manuell_hantering = r.boolean(i, 1);
  c.forst_mottagen_ms = r.int64(i, 2);
  c.agare_orgnr = r.string(i, 3);
  c.senaste = read_version(r, i, 4);
  return c;
}

Result<std::optional<EioaCurrent>> find_current(Connection& c, const std::string& id) {
  auto rows = c.query(current_select() + " WHERE a.id = $1", Params().add(id));
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<EioaCurrent>{};
  return std::optional<EioaCurrent>{read_current(*rows, 0)};
}

}  // namespace

Result<EioaCurrent> PgEioaStore::save(const EioaVersion& version) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  auto number = c.query_int(
      "INSERT INTO eioa_anmalan (id, antal_versioner, manuell_hantering, forst_mottagen, "
      "senast_mottagen) VALUES ($1, 1, false, $2, $2) "
      "ON CONFLICT (id) DO UPDATE SET antal_versioner = eioa_anmalan.antal_versioner + 1, "
      "manuell_hantering = true, senast_mottagen = excluded.senast_mottagen "
      "RETURNING antal_versioner",
      Params().add(version.id).add(version.mottagen_ms));
  if (!number.ok()) return number.error();
  // The check runs after the upsert on purpose: the upsert holds the id's row lock until this
  // transaction ends, and waited for any concurrent first send of the id to commit. This
  // statement (READ COMMITTED: a fresh snapshot) therefore sees that version 1, so of two vendors
  // sending a new id at once exactly one owns it. A refusal returns before the commit; the
  // transaction's destructor rolls the counter back.
  if (*number > 1) {
    auto stored = c.query(
        "SELECT (SELECT f.leverantor_orgnr FROM eioa_version f WHERE f.id = $1 AND f.version = 1), "
        "v.personnummer, v.assistent_personnummer FROM eioa_version v "
        "WHERE v.id = $1 AND v.version = $2",
        Params().add(version.id).add(*number - 1));
    if (!stored.ok()) return stored.error();
    if (stored->empty()) {
      return make_error(ErrorCode::kStoreError, "Anmälans tidigare version saknas");
    }
    const EioaIdentity identity{stored->string(0, 0), stored->string(0, 1), stored->string(0, 2)};
    if (Status s = check_resend(identity, version); !s.ok()) return s.error();
  }
  auto inserted = c.query(
      "INSERT INTO eioa_version (id, version, tx_id, leverantor_orgnr, anordnare_orgnr, "
      "personnummer, assistent_personnummer, signerare, kanal, mottagen, xml) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      Params()
          .add(version.id)
          .add(*number)
          .add(version.tx_id)
          .add(version.leverantor_orgnr)
          .add(version.anordnare_orgnr)
          .add(version.personnummer)
          .add(version.assistent_personnummer)
          .add(version.signerare)
          .add(version.kanal)
          .add(version.mottagen_ms)
          .add(version.xml));
  if (!inserted.ok()) return inserted.error();
  auto current = find_current(c, version.id);
  if (!current.ok()) return current.error();
  if (Status s = tx->commit(); !s.ok()) return s.error();
  if (!*current) return make_error(ErrorCode::kStoreError, "Sparad anmälan kunde inte läsas");
  return std::move(**current);
}

Result<std::optional<EioaCurrent>> PgEioaStore::find(const std::string& id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return find_current(**conn, id);
}

Result<std::vector<EioaVersion>> PgEioaStore::history(const std::string& id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("SELECT " + std::string(kVersionColumns) +
                                 " FROM eioa_version v WHERE v.id = $1 ORDER BY v.version",
                             Params().add(id));
  if (!rows.ok()) return rows.error();
  std::vector<EioaVersion> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(read_version(*rows, i, 0));
  return out;
}

Result<std::vector<EioaCurrent>> PgEioaStore::list(int limit) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(current_select() + " ORDER BY a.senast_mottagen DESC, a.id LIMIT $1",
                             Params().add(std::int64_t{limit}));
  if (!rows.ok()) return rows.error();
  std::vector<EioaCurrent> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(read_current(*rows, i));
  return out;
}

Result<std::int64_t> PgEioaStore::count_versions() {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return (*conn)->query_int("SELECT count(*) FROM eioa_version");
}

}  // namespace utbyte::store::postgres
