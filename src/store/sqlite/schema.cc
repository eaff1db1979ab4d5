#include "store/sqlite/schema.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace utbyte::store::sqlite {
namespace {

// Migration N (1-based) takes the database from user_version N-1 to N. Append new migrations;
// never edit one that has shipped.
//
// Register tables are WITHOUT ROWID and clustered on personnummer first: every query of the
// register is "one person", so the primary key doubles as the lookup index (decisions by
// (personnummer, informationstyp), payments by (personnummer, utbetalningsdatum)) and the bulk
// generator can append in key order without building secondary indexes.
// Enums are stored as their wire strings so the file is readable with the sqlite3 shell.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE register_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person (
  personnummer      TEXT PRIMARY KEY CHECK (length(personnummer) = 12),
  fornamn           TEXT NOT NULL,
  efternamn         TEXT NOT NULL,
  fodelsedatum      TEXT NOT NULL,
  kon               TEXT NOT NULL CHECK (kon IN ('KVINNA', 'MAN')),
  samordningsnummer INTEGER NOT NULL CHECK (samordningsnummer IN (0, 1)),
  skyddad_identitet INTEGER NOT NULL CHECK (skyddad_identitet IN (0, 1)),
  avliden           TEXT,
  utdelningsadress  TEXT NOT NULL,
  postnummer        TEXT NOT NULL,
  postort           TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE beslut (
  personnummer    TEXT NOT NULL REFERENCES person (personnummer) ON DELETE CASCADE,
  informationstyp TEXT NOT NULL,
  from_datum      TEXT NOT NULL,
  beslut_id       TEXT NOT NULL,
  myndighet       TEXT NOT NULL CHECK (myndighet IN ('FK', 'PM')),
  beslutsdatum    TEXT NOT NULL,
  tom_datum       TEXT,
  omfattning      TEXT NOT NULL,
  belopp          INTEGER,
  beloppsperiod   TEXT CHECK (beloppsperiod IN ('DAG', 'MANAD', 'AR')),
  status          TEXT NOT NULL CHECK (status IN ('BEVILJAD', 'AVSLAG', 'UPPHORD', 'SPARRAD')),
  beskrivning     TEXT NOT NULL,
  PRIMARY KEY (personnummer, informationstyp, from_datum, beslut_id)
) WITHOUT ROWID;

CREATE TABLE utbetalning (
  personnummer      TEXT NOT NULL REFERENCES person (personnummer) ON DELETE CASCADE,
  utbetalningsdatum TEXT NOT NULL,
  informationstyp   TEXT NOT NULL,
  utbetalnings_id   TEXT NOT NULL,
  myndighet         TEXT NOT NULL CHECK (myndighet IN ('FK', 'PM')),
  foretag           TEXT NOT NULL,
  period_from       TEXT NOT NULL,
  period_tom        TEXT NOT NULL,
  bruttobelopp      INTEGER NOT NULL,
  skatteavdrag      INTEGER NOT NULL,
  nettobelopp       INTEGER NOT NULL,
  beloppstyp        TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('PRELIMINAR', 'UTBETALD')),
  PRIMARY KEY (personnummer, utbetalningsdatum, informationstyp, utbetalnings_id)
) WITHOUT ROWID;

-- The disclosure log. sekvens is assigned by the writer (previous + 1) so that a gap left by a
-- deleted row is visible to verify().
CREATE TABLE audit_logg (
  sekvens             INTEGER PRIMARY KEY,
  tidpunkt            TEXT NOT NULL,
  transaktions_id     TEXT NOT NULL,
  aktors_id           TEXT NOT NULL,
  organisationsnummer TEXT NOT NULL,
  anvandare           TEXT NOT NULL,
  tjanst              TEXT NOT NULL,
  personnummer        TEXT NOT NULL,
  informationstyper   TEXT NOT NULL,
  rattslig_grund      TEXT NOT NULL,
  utfall              TEXT NOT NULL,
  prev_hash           TEXT NOT NULL,
  hash                TEXT NOT NULL
);
CREATE INDEX audit_logg_personnummer ON audit_logg (personnummer, sekvens);

-- Append-only. Whoever drops these triggers to rewrite history still breaks the hash chain,
-- which verify() reports.
CREATE TRIGGER audit_logg_no_update BEFORE UPDATE ON audit_logg
BEGIN
  SELECT RAISE(ABORT, 'audit_logg är append-only: UPDATE är inte tillåtet');
END;
CREATE TRIGGER audit_logg_no_delete BEFORE DELETE ON audit_logg
BEGIN
  SELECT RAISE(ABORT, 'audit_logg är append-only: DELETE är inte tillåtet');
END;
)sql";

// Service windows announced by the operator (`utbyte windows add`). Times in Unix seconds;
// tjanster is the services list encoded like audit informationstyper.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE servicefonster (
  nummer    INTEGER PRIMARY KEY AUTOINCREMENT,
  start     INTEGER NOT NULL,
  slut      INTEGER NOT NULL CHECK (slut > start),
  orsak     TEXT NOT NULL,
  tjanster  TEXT NOT NULL,
  skapad    TEXT NOT NULL
);
CREATE INDEX servicefonster_slut ON servicefonster (slut);
)sql";

// The Massfråga order queue (LEFI Asynkron v10, store/order_store.h). Times are Unix
// milliseconds. An order's counters are kept in its row so that status polls read one row
// instead of counting up to 100 000 lines. Lines are answered in place (svar on the line's row):
// "answer only if still VANTAR" is then a single conditional UPDATE, which is what makes a second
// answer for a line impossible. The partial index holds only unanswered lines, with the lease, so
// a claim reads index entries of work still to do and never the answered bulk.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE bestallning (
  nummer              INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  aktors_id           TEXT NOT NULL,
  organisationsnummer TEXT NOT NULL,
  klientreferens      TEXT,
  informationstyper   TEXT NOT NULL,
  from_datum          TEXT NOT NULL,
  tom_datum           TEXT NOT NULL,
  rattslig_grund      TEXT NOT NULL,
  mottagen            INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('MOTTAGEN', 'PAGAR', 'KLAR', 'FEL')),
  klar                INTEGER,
  felmeddelande       TEXT NOT NULL DEFAULT '',
  antal               INTEGER NOT NULL,
  giltiga             INTEGER NOT NULL,
  besvarade           INTEGER NOT NULL DEFAULT 0,
  kvitterade          INTEGER NOT NULL DEFAULT 0
);
-- Idempotent resubmission: one order per (actor, client reference), enforced by the database so
-- that concurrent submissions, even from several processes, cannot both insert.
CREATE UNIQUE INDEX bestallning_klientreferens ON bestallning (aktors_id, klientreferens)
  WHERE klientreferens IS NOT NULL;
CREATE INDEX bestallning_klar ON bestallning (klar) WHERE klar IS NOT NULL;

CREATE TABLE bestallning_rad (
  bestallning   INTEGER NOT NULL REFERENCES bestallning (nummer) ON DELETE CASCADE,
  rad           INTEGER NOT NULL,
  personnummer  TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('VANTAR', 'BESVARAD', 'OGILTIG', 'AVBRUTEN')),
  felkod        TEXT NOT NULL DEFAULT '',
  felmeddelande TEXT NOT NULL DEFAULT '',
  lease_slut    INTEGER,
  arbetare      TEXT,
  utfall        TEXT CHECK (utfall IN ('UTLAMNAT', 'PERSON_SAKNAS')),
  svar          TEXT,
  besvarad      INTEGER,
  kvitterad     INTEGER,
  PRIMARY KEY (bestallning, rad)
);
CREATE INDEX bestallning_rad_vantar ON bestallning_rad (bestallning, rad, lease_slut)
  WHERE status = 'VANTAR';
)sql";

// Audit appends are idempotent per transaction id (a mass-order row re-answered after a crash
// keeps its one audit entry), so the id must be found quickly.
constexpr std::string_view kMigration4 = R"sql(
CREATE INDEX audit_logg_transaktion ON audit_logg (transaktions_id);
)sql";

// LEKA (store/leka_store.h, docs/leka.md). register_andring is the register's change log, written
// by `register advance` in the transaction of the change itself; the daily run reads it after its
// high-water mark (leka_meta 'hogvattenmarke'). A subscription's types are stored sorted and
// comma-joined so that "same actor, person and types" is one UNIQUE key (idempotent
// registration); the daily run finds subscriptions by personnummer. Notifications are numbered
// per actor without gaps (leka_aktor.senaste_sekvens is the counter, bumped in the inserting
// transaction) and stored already rendered, so a re-delivery is byte-identical. Times are Unix
// milliseconds. andring_seq: the change-log seq a subscription's first delivery already covers.
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE register_andring (
  seq             INTEGER PRIMARY KEY,
  personnummer    TEXT NOT NULL,
  informationstyp TEXT NOT NULL,
  myndighet       TEXT NOT NULL CHECK (myndighet IN ('FK', 'PM')),
  handelse        TEXT NOT NULL,
  handelsedatum   TEXT NOT NULL,
  referens        TEXT NOT NULL
);

CREATE TABLE leka_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE leka_prenumeration (
  nummer              INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  aktors_id           TEXT NOT NULL,
  organisationsnummer TEXT NOT NULL,
  personnummer        TEXT NOT NULL,
  informationstyper   TEXT NOT NULL,
  from_datum          TEXT NOT NULL,
  skapad              INTEGER NOT NULL,
  andring_seq         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX leka_prenumeration_nyckel
  ON leka_prenumeration (aktors_id, personnummer, informationstyper);
CREATE INDEX leka_prenumeration_person ON leka_prenumeration (personnummer);
CREATE INDEX leka_prenumeration_aktor ON leka_prenumeration (aktors_id, nummer);

CREATE TABLE leka_aktor (
  aktors_id       TEXT PRIMARY KEY,
  senaste_sekvens INTEGER NOT NULL DEFAULT 0,
  levererad_tom   INTEGER NOT NULL DEFAULT 0,
  kvitterad_tom   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE leka_avisering (
  aktors_id        TEXT NOT NULL,
  sekvens          INTEGER NOT NULL,
  id               TEXT NOT NULL,
  prenumeration_id TEXT NOT NULL,
  personnummer     TEXT NOT NULL,
  informationstyp  TEXT NOT NULL,
  handelse         TEXT NOT NULL,
  skapad           INTEGER NOT NULL,
  kvitterad        INTEGER,
  innehall         TEXT NOT NULL,
  PRIMARY KEY (aktors_id, sekvens)
);
CREATE INDEX leka_avisering_kvitterad ON leka_avisering (kvitterad) WHERE kvitterad IS NOT NULL;

-- `register advance` pays out preliminary payments day by day; this index holds only those
-- (about one month of payments), so it never scans the paid history.
CREATE INDEX utbetalning_preliminar ON utbetalning (utbetalningsdatum) WHERE status = 'PRELIMINAR';
)sql";

// E-IOA (store/eioa_store.h, docs/eioa.md): every received version of a notification, exactly
// as it arrived, and per id the current one (latest wins; a resend sets manuell_hantering).
// Times are Unix milliseconds.
constexpr std::string_view kMigration6 = R"sql(
CREATE TABLE eioa_anmalan (
  id                TEXT PRIMARY KEY,
  antal_versioner   INTEGER NOT NULL CHECK (antal_versioner >= 1),
  manuell_hantering INTEGER NOT NULL CHECK (manuell_hantering IN (0, 1)),
  forst_mottagen    INTEGER NOT NULL,
  senast_mottagen   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX eioa_anmalan_senast ON eioa_anmalan (senast_mottagen);

CREATE TABLE eioa_version (
  id                     TEXT NOT NULL REFERENCES eioa_anmalan (id),
  version                INTEGER NOT NULL,
  tx_id                  TEXT NOT NULL UNIQUE,
  leverantor_orgnr       TEXT NOT NULL,
  anordnare_orgnr        TEXT NOT NULL,
  personnummer           TEXT NOT NULL,
  assistent_personnummer TEXT NOT NULL,
  signerare              TEXT NOT NULL,
  kanal                  TEXT NOT NULL CHECK (kanal IN ('SOAP', 'SHS2')),
  mottagen               INTEGER NOT NULL,
  xml                    TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
)sql";

// Web interface (store/user_store.h, docs/webui.md): users per organisation and their sessions.
// behorighet is a comma-separated list of information type codes; times are Unix milliseconds.
constexpr std::string_view kMigration7 = R"sql(
CREATE TABLE webb_anvandare (
  aktors_id     TEXT NOT NULL,
  anvandarnamn  TEXT NOT NULL,
  namn          TEXT NOT NULL,
  losenord_hash TEXT NOT NULL,
  behorighet    TEXT NOT NULL,
  aktiv         INTEGER NOT NULL CHECK (aktiv IN (0, 1)),
  skapad        INTEGER NOT NULL,
  PRIMARY KEY (aktors_id, anvandarnamn)
) WITHOUT ROWID;

CREATE TABLE webb_session (
  id_hash      TEXT PRIMARY KEY,
  aktors_id    TEXT NOT NULL,
  anvandarnamn TEXT NOT NULL,
  csrf_token   TEXT NOT NULL,
  skapad       INTEGER NOT NULL,
  senast_aktiv INTEGER NOT NULL,
  FOREIGN KEY (aktors_id, anvandarnamn) REFERENCES webb_anvandare (aktors_id, anvandarnamn)
    ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX webb_session_anvandare ON webb_session (aktors_id, anvandarnamn);
CREATE INDEX webb_session_senast_aktiv ON webb_session (senast_aktiv);
)sql";

// A service window's kind (store/records.h): weekly windows are scheduled by the operator
// instead of being built in (docs/decisions.md R27).
constexpr std::string_view kMigration8 = R"sql(
ALTER TABLE servicefonster ADD COLUMN typ TEXT NOT NULL DEFAULT 'ENSTAKA'
  CHECK (typ IN ('ENSTAKA', 'AKUT', 'VECKOVIS'));
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    kMigration1, kMigration2, kMigration3, kMigration4,
    kMigration5, kMigration6, kMigration7, kMigration8};

}  // namespace

Status migrate(Connection& conn) {
  auto version = conn.query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version == kSchemaVersion) return Status::ok_status();
  if (*version > kSchemaVersion) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("'{}' har schemaversion {}, den här utbyte förstår högst {}",
                                  conn.path(), *version, kSchemaVersion));
  }
  for (;;) {
    auto tx = Transaction::begin(conn, "IMMEDIATE");
    if (!tx.ok()) return tx.status();
    // Re-read under the write lock: another process may have migrated meanwhile.
    auto current = conn.query_int("PRAGMA user_version");
    if (!current.ok()) return current.status();
    if (*current >= kSchemaVersion) return tx->commit();
    const auto& sql = kMigrations[static_cast<std::size_t>(*current)];
    if (Status s = conn.exec(std::string(sql)); !s.ok()) return s;
    if (Status s = conn.exec(fmt::format("PRAGMA user_version={}", *current + 1)); !s.ok()) {
      return s;
    }
    if (Status s = tx->commit(); !s.ok()) return s;
  }
}

}  // namespace utbyte::store::sqlite
