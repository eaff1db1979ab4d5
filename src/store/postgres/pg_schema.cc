#include "store/postgres/pg_schema.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace utbyte::store::postgres {
namespace {

// Migration N (1-based) takes the database from version N-1 to N. Append new migrations; never
// edit one that has shipped. The tables mirror the SQLite schema (store/sqlite/schema.cc) column
// for column, so both stores read the same way; differences are PostgreSQL idioms: BIGINT
// identity columns instead of rowids, BOOLEAN flags, and a plpgsql trigger for append-only.
// Dates stay 'YYYY-MM-DD' text, compared as text exactly as in SQLite.
// The register tables have no foreign keys: they are only ever replaced as a whole by
// `register generate` (TRUNCATE + COPY), and per-row FK checks would slow that bulk load.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE register_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE person (
  personnummer      TEXT PRIMARY KEY CHECK (length(personnummer) = 12),
  fornamn           TEXT NOT NULL,
  efternamn         TEXT NOT NULL,
  fodelsedatum      TEXT NOT NULL,
  kon               TEXT NOT NULL CHECK (kon IN ('KVINNA', 'MAN')),
  samordningsnummer BOOLEAN NOT NULL,
  skyddad_identitet BOOLEAN NOT NULL,
  avliden           TEXT,
  utdelningsadress  TEXT NOT NULL,
  postnummer        TEXT NOT NULL,
  postort           TEXT NOT NULL
);

CREATE TABLE beslut (
  personnummer    TEXT NOT NULL,
  informationstyp TEXT NOT NULL,
  from_datum      TEXT NOT NULL,
  beslut_id       TEXT NOT NULL,
  myndighet       TEXT NOT NULL CHECK (myndighet IN ('FK', 'PM')),
  beslutsdatum    TEXT NOT NULL,
  tom_datum       TEXT,
  omfattning      TEXT NOT NULL,
  belopp          BIGINT,
  beloppsperiod   TEXT CHECK (beloppsperiod IN ('DAG', 'MANAD', 'AR')),
  status          TEXT NOT NULL CHECK (status IN ('BEVILJAD', 'AVSLAG', 'UPPHORD', 'SPARRAD')),
  beskrivning     TEXT NOT NULL,
  PRIMARY KEY (personnummer, informationstyp, from_datum, beslut_id)
);

CREATE TABLE utbetalning (
  personnummer      TEXT NOT NULL,
  utbetalningsdatum TEXT NOT NULL,
  informationstyp   TEXT NOT NULL,
  utbetalnings_id   TEXT NOT NULL,
  myndighet         TEXT NOT NULL CHECK (myndighet IN ('FK', 'PM')),
  foretag           TEXT NOT NULL,
  period_from       TEXT NOT NULL,
  period_tom        TEXT NOT NULL,
  bruttobelopp      BIGINT NOT NULL,
  skatteavdrag      BIGINT NOT NULL,
  nettobelopp       BIGINT NOT NULL,
  beloppstyp        TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('PRELIMINAR', 'UTBETALD')),
  PRIMARY KEY (personnummer, utbetalningsdatum, informationstyp, utbetalnings_id)
);
CREATE INDEX utbetalning_preliminar ON utbetalning (utbetalningsdatum) WHERE status = 'PRELIMINAR';

-- The disclosure log: sekvens is previous + 1, assigned under an advisory lock (pg_store.cc).
CREATE TABLE audit_logg (
  sekvens             BIGINT PRIMARY KEY,
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
CREATE INDEX audit_logg_transaktion ON audit_logg (transaktions_id);

CREATE FUNCTION audit_logg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logg är append-only: % är inte tillåtet', TG_OP;
END $$;
CREATE TRIGGER audit_logg_no_change BEFORE UPDATE OR DELETE ON audit_logg
  FOR EACH ROW EXECUTE FUNCTION audit_logg_append_only();
CREATE TRIGGER audit_logg_no_truncate BEFORE TRUNCATE ON audit_logg
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logg_append_only();

CREATE TABLE servicefonster (
  nummer    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  start     BIGINT NOT NULL,
  slut      BIGINT NOT NULL CHECK (slut > start),
  orsak     TEXT NOT NULL,
  tjanster  TEXT NOT NULL,
  skapad    TEXT NOT NULL
);

CREATE TABLE bestallning (
  nummer              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  aktors_id           TEXT NOT NULL,
  organisationsnummer TEXT NOT NULL,
  klientreferens      TEXT,
  informationstyper   TEXT NOT NULL,
  from_datum          TEXT NOT NULL,
  tom_datum           TEXT NOT NULL,
  rattslig_grund      TEXT NOT NULL,
  mottagen            BIGINT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('MOTTAGEN', 'PAGAR', 'KLAR', 'FEL')),
  klar                BIGINT,
  felmeddelande       TEXT NOT NULL DEFAULT '',
  antal               BIGINT NOT NULL,
  giltiga             BIGINT NOT NULL,
  besvarade           BIGINT NOT NULL DEFAULT 0,
  kvitterade          BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX bestallning_klientreferens ON bestallning (aktors_id, klientreferens)
  WHERE klientreferens IS NOT NULL;
CREATE INDEX bestallning_klar ON bestallning (klar) WHERE klar IS NOT NULL;

CREATE TABLE bestallning_rad (
  bestallning   BIGINT NOT NULL REFERENCES bestallning (nummer) ON DELETE CASCADE,
  rad           BIGINT NOT NULL,
  personnummer  TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('VANTAR', 'BESVARAD', 'OGILTIG', 'AVBRUTEN')),
  felkod        TEXT NOT NULL DEFAULT '',
  felmeddelande TEXT NOT NULL DEFAULT '',
  lease_slut    BIGINT,
  arbetare      TEXT,
  utfall        TEXT CHECK (utfall IN ('UTLAMNAT', 'PERSON_SAKNAS')),
  svar          TEXT,
  besvarad      BIGINT,
  kvitterad     BIGINT,
  PRIMARY KEY (bestallning, rad)
);
CREATE INDEX bestallning_rad_vantar ON bestallning_rad (bestallning, rad)
  WHERE status = 'VANTAR';

CREATE TABLE register_andring (
  seq             BIGINT PRIMARY KEY,
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
);

CREATE TABLE leka_prenumeration (
  nummer              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  aktors_id           TEXT NOT NULL,
  organisationsnummer TEXT NOT NULL,
  personnummer        TEXT NOT NULL,
  informationstyper   TEXT NOT NULL,
  from_datum          TEXT NOT NULL,
  skapad              BIGINT NOT NULL,
  andring_seq         BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX leka_prenumeration_nyckel
  ON leka_prenumeration (aktors_id, personnummer, informationstyper);
CREATE INDEX leka_prenumeration_person ON leka_prenumeration (personnummer);
CREATE INDEX leka_prenumeration_aktor ON leka_prenumeration (aktors_id, nummer);

-- One row per actor: the notification counter (senaste_sekvens) and both cursors. Every writer
-- of an actor's feed locks this row first (SELECT … FOR UPDATE), which serialises the actor's
-- sequence numbers across instances without a gap.
CREATE TABLE leka_aktor (
  aktors_id       TEXT PRIMARY KEY,
  senaste_sekvens BIGINT NOT NULL DEFAULT 0,
  levererad_tom   BIGINT NOT NULL DEFAULT 0,
  kvitterad_tom   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE leka_avisering (
  aktors_id        TEXT NOT NULL,
  sekvens          BIGINT NOT NULL,
  id               TEXT NOT NULL,
  prenumeration_id TEXT NOT NULL,
  personnummer     TEXT NOT NULL,
  informationstyp  TEXT NOT NULL,
  handelse         TEXT NOT NULL,
  skapad           BIGINT NOT NULL,
  kvitterad        BIGINT,
  innehall         TEXT NOT NULL,
  PRIMARY KEY (aktors_id, sekvens)
);
CREATE INDEX leka_avisering_kvitterad ON leka_avisering (kvitterad) WHERE kvitterad IS NOT NULL;

CREATE TABLE eioa_anmalan (
  id                TEXT PRIMARY KEY,
  antal_versioner   INTEGER NOT NULL CHECK (antal_versioner >= 1),
  manuell_hantering BOOLEAN NOT NULL,
  forst_mottagen    BIGINT NOT NULL,
  senast_mottagen   BIGINT NOT NULL
);
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
  mottagen               BIGINT NOT NULL,
  xml                    TEXT NOT NULL,
  PRIMARY KEY (id, version)
);

-- SLA capacity shared by every instance (platform/sla/shared_admission.h): the admissions of
-- the last hour per (actor, class), and the tickets of answers still running. A ticket has a
-- lease: an instance killed mid-answer stops holding its "thread" when the lease runs out.
-- Times are the database's clock in Unix milliseconds, so instances need not agree on time.
CREATE TABLE sla_antagning (
  aktor TEXT NOT NULL,
  klass TEXT NOT NULL,
  tid   BIGINT NOT NULL
);
CREATE INDEX sla_antagning_nyckel ON sla_antagning (aktor, klass, tid);
CREATE TABLE sla_nyckel (
  aktor       TEXT NOT NULL,
  klass       TEXT NOT NULL,
  senast_slut BIGINT,
  PRIMARY KEY (aktor, klass)
);
CREATE TABLE sla_biljett (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  aktor      TEXT NOT NULL,
  klass      TEXT NOT NULL,
  lease_slut BIGINT NOT NULL
);
CREATE INDEX sla_biljett_nyckel ON sla_biljett (aktor, klass);

-- One admission decision in one round trip, serialised per (actor, class) by an advisory
-- transaction lock: windows [t, t + 1 s / 60 s / 3600 s) as SlaGovernor counts them, the gap
-- from the latest answer's end, and live tickets. SAMTIDIGA is reported first, otherwise the
-- limit with the longest wait.
CREATE FUNCTION sla_admit(p_aktor text, p_klass text, p_per_s int, p_per_m int, p_per_h int,
                          p_gap_ms bigint, p_max int, p_lease_ms bigint,
                          OUT antagen boolean, OUT grans text, OUT vanta_ms bigint,
                          OUT biljett bigint)
LANGUAGE plpgsql AS $$
DECLARE
  nu bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  n1 bigint; n60 bigint; n3600 bigint; f1 bigint; f60 bigint; f3600 bigint;
  aktiva bigint; slut bigint; w bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('utbyte-sla'), hashtext(p_aktor || '|' || p_klass));
  DELETE FROM sla_antagning WHERE aktor = p_aktor AND klass = p_klass AND tid <= nu - 3600000;
  DELETE FROM sla_biljett WHERE aktor = p_aktor AND klass = p_klass AND lease_slut <= nu;
  SELECT count(*) FILTER (WHERE tid > nu - 1000), min(tid) FILTER (WHERE tid > nu - 1000),
         count(*) FILTER (WHERE tid > nu - 60000), min(tid) FILTER (WHERE tid > nu - 60000),
         count(*), min(tid)
    INTO n1, f1, n60, f60, n3600, f3600
    FROM sla_antagning WHERE aktor = p_aktor AND klass = p_klass;
  SELECT count(*) INTO aktiva FROM sla_biljett WHERE aktor = p_aktor AND klass = p_klass;
  SELECT senast_slut INTO slut FROM sla_nyckel WHERE aktor = p_aktor AND klass = p_klass;
  antagen := false;
  vanta_ms := 0;
  IF p_max > 0 AND aktiva >= p_max THEN
    grans := 'SAMTIDIGA';
    vanta_ms := greatest(p_gap_ms, 1);
    RETURN;
  END IF;
  IF p_per_s > 0 AND n1 >= p_per_s THEN
    w := f1 + 1000 - nu;
    IF w > vanta_ms THEN vanta_ms := w; grans := 'PER_SEKUND'; END IF;
  END IF;
  IF p_per_m > 0 AND n60 >= p_per_m THEN
    w := f60 + 60000 - nu;
    IF w > vanta_ms THEN vanta_ms := w; grans := 'PER_MINUT'; END IF;
  END IF;
  IF p_per_h > 0 AND n3600 >= p_per_h THEN
    w := f3600 + 3600000 - nu;
    IF w > vanta_ms THEN vanta_ms := w; grans := 'PER_TIMME'; END IF;
  END IF;
  IF p_gap_ms > 0 AND slut IS NOT NULL AND nu < slut + p_gap_ms THEN
    w := slut + p_gap_ms - nu;
    IF w > vanta_ms THEN vanta_ms := w; grans := 'MELLANRUM'; END IF;
  END IF;
  IF grans IS NOT NULL THEN
    vanta_ms := greatest(vanta_ms, 1);
    RETURN;
  END IF;
  INSERT INTO sla_antagning (aktor, klass, tid) VALUES (p_aktor, p_klass, nu);
  INSERT INTO sla_biljett (aktor, klass, lease_slut) VALUES (p_aktor, p_klass, nu + p_lease_ms)
    RETURNING id INTO biljett;
  antagen := true;
END $$;

-- The answer of a ticket was sent: free its thread, start the gap (by the database's clock).
CREATE FUNCTION sla_release(p_biljett bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  nu bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  a text; k text;
BEGIN
  DELETE FROM sla_biljett WHERE id = p_biljett RETURNING aktor, klass INTO a, k;
  IF a IS NULL THEN
    RETURN;  -- its lease ran out and admit() swept it
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('utbyte-sla'), hashtext(a || '|' || k));
  INSERT INTO sla_nyckel (aktor, klass, senast_slut) VALUES (a, k, nu)
    ON CONFLICT (aktor, klass)
    DO UPDATE SET senast_slut = greatest(sla_nyckel.senast_slut, excluded.senast_slut);
END $$;
)sql";

// Web interface users and sessions (store/user_store.h), as the SQLite store's migration 7.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE webb_anvandare (
  aktors_id     TEXT NOT NULL,
  anvandarnamn  TEXT NOT NULL,
  namn          TEXT NOT NULL,
  losenord_hash TEXT NOT NULL,
  behorighet    TEXT NOT NULL,
  aktiv         BOOLEAN NOT NULL,
  skapad        BIGINT NOT NULL,
  PRIMARY KEY (aktors_id, anvandarnamn)
);

CREATE TABLE webb_session (
  id_hash      TEXT PRIMARY KEY,
  aktors_id    TEXT NOT NULL,
  anvandarnamn TEXT NOT NULL,
  csrf_token   TEXT NOT NULL,
  skapad       BIGINT NOT NULL,
  senast_aktiv BIGINT NOT NULL,
  FOREIGN KEY (aktors_id, anvandarnamn) REFERENCES webb_anvandare (aktors_id, anvandarnamn)
    ON DELETE CASCADE
);
CREATE INDEX webb_session_anvandare ON webb_session (aktors_id, anvandarnamn);
CREATE INDEX webb_session_senast_aktiv ON webb_session (senast_aktiv);
)sql";

// As SQLite's migration 8: a service window's kind.
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE servicefonster ADD COLUMN typ TEXT NOT NULL DEFAULT 'ENSTAKA'
  CHECK (typ IN ('ENSTAKA', 'AKUT', 'VECKOVIS'));
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {kMigration1, kMigration2,
                                                                      kMigration3};

// pg_advisory_xact_lock key of the migration ("utbyte-m").
constexpr std::int64_t kMigrationLock = 0x7574627974652d6d;

}  // namespace

Status migrate(Connection& conn) {
  auto tx = Transaction::begin(conn);
  if (!tx.ok()) return tx.error();
  if (Status s = conn.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLock));
      !s.ok()) {
    return s;
  }
  if (Status s =
          conn.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      !s.ok()) {
    return s;
  }
  auto current = conn.query_int("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!current.ok()) return current.error();
  if (*current > kSchemaVersion) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("{} har schemaversion {}, den här utbyte förstår högst {}",
                                  conn.masked_url(), *current, kSchemaVersion));
  }
  for (auto version = *current; version < kSchemaVersion; ++version) {
    if (Status s = conn.exec(kMigrations[static_cast<std::size_t>(version)]); !s.ok()) return s;
    auto recorded =
        conn.query("INSERT INTO schema_version (version) VALUES ($1)", Params().add(version + 1));
    if (!recorded.ok()) return recorded.error();
  }
  return tx->commit();
}

}  // namespace utbyte::store::postgres
