#include "store/postgres/pg_audit_store.h"

#include <fmt/format.h>

#include "store/audit_chain.h"

namespace utbyte::store::postgres {
namespace {

// pg_advisory_xact_lock key of the chain's tail ("utbyte-a").
constexpr std::int64_t kAuditLock = 0x7574627974652d61;

constexpr std::string_view kReadSql =
    "SELECT sekvens, tidpunkt, transaktions_id, aktors_id, organisationsnummer, anvandare, "
    "tjanst, personnummer, informationstyper, rattslig_grund, utfall, prev_hash, hash "
    "FROM audit_logg WHERE sekvens > $1 ORDER BY sekvens LIMIT $2";

Result<AuditEntry> read_entry(const Rows& r, int i) {
  AuditEntry e;
  e.sekvens = r.int64(i, 0);
  e.event.tidpunkt = r.string(i, 1);
  e.event.transaktions_id = r.string(i, 2);
  e.event.aktors_id = r.string(i, 3);
  e.event.organisationsnummer = r.string(i, 4);
  e.event.anvandare = r.string(i, 5);
  e.event.tjanst = r.string(i, 6);
  e.event.personnummer = r.string(i, 7);
  auto types = decode_string_list(r.text(i, 8));
  if (!types) {
    return make_error(
        ErrorCode::kStoreError,
        fmt::format("audit_logg sekvens {} har trasiga informationstyper", e.sekvens));
  }
  e.event.informationstyper = std::move(*types);
  e.event.rattslig_grund = r.string(i, 9);
  e.event.utfall = r.string(i, 10);
  e.prev_hash = r.string(i, 11);
  e.hash = r.string(i, 12);
  return e;
}

}  // namespace

Result<std::int64_t> PgAuditStore::append(const AuditEvent& event) {
  auto appended = append_batch(std::span<const AuditEvent>(&event, 1));
  if (!appended.ok()) return appended.error();
  return appended->front();
}

Result<std::vector<std::int64_t>> PgAuditStore::append_batch(std::span<const AuditEvent> events) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  if (auto locked = c.query("SELECT pg_advisory_xact_lock($1)", Params().add(kAuditLock));
      !locked.ok()) {
    return locked.error();
  }
  std::int64_t sekvens = 0;
  std::string prev_hash = kGenesisHash;
  {
    auto tail = c.query("SELECT sekvens, hash FROM audit_logg ORDER BY sekvens DESC LIMIT 1");
    if (!tail.ok()) return tail.error();
    if (!tail->empty()) {
      sekvens = tail->int64(0, 0);
      prev_hash = tail->string(0, 1);
    }
  }
  std::vector<std::int64_t> out;
  out.reserve(events.size());
  for (const AuditEvent& event : events) {
    auto found = c.query("SELECT sekvens FROM audit_logg WHERE transaktions_id = $1 LIMIT 1",
                         Params().add(event.transaktions_id));
    if (!found.ok()) return found.error();
    if (!found->empty()) {  // already recorded (a retried disclosure)
      out.push_back(found->int64(0, 0));
      continue;
    }
    std::string hash = audit_hash(prev_hash, event);
    if (hash.empty()) return make_error(ErrorCode::kCryptoError, "SHA-256 misslyckades");
    auto inserted = c.query(
        "INSERT INTO audit_logg (sekvens, tidpunkt, transaktions_id, aktors_id, "
        "organisationsnummer, anvandare, tjanst, personnummer, informationstyper, rattslig_grund, "
        "utfall, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        Params()
            .add(++sekvens)
            .add(event.tidpunkt)
            .add(event.transaktions_id)
            .add(event.aktors_id)
            .add(event.organisationsnummer)
            .add(event.anvandare)
            .add(event.tjanst)
            .add(event.personnummer)
            .add(encode_string_list(event.informationstyper))
            .add(event.rattslig_grund)
            .add(event.utfall)
            .add(prev_hash)
            .add(hash));
    if (!inserted.ok()) return inserted.error();
    prev_hash = std::move(hash);
    out.push_back(sekvens);
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return out;
}

Result<std::vector<AuditEntry>> PgAuditStore::read(std::int64_t after, int limit) {
  std::vector<AuditEntry> out;
  if (limit <= 0) return out;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(kReadSql, Params().add(after).add(std::int64_t{limit}));
  if (!rows.ok()) return rows.error();
  for (int i = 0; i < rows->size(); ++i) {
    auto entry = read_entry(*rows, i);
    if (!entry.ok()) return entry.error();
    out.push_back(std::move(entry).value());
  }
  return out;
}

Result<AuditVerification> PgAuditStore::verify() {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  // One snapshot for the whole walk while appends continue; read in pages to bound memory.
  auto tx = Transaction::begin(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!tx.ok()) return tx.error();
  constexpr std::int64_t kPage = 10000;
  AuditVerification result;
  std::int64_t expected = 1;
  std::int64_t after = 0;
  std::string prev_hash = kGenesisHash;
  for (;;) {
    auto rows = c.query(kReadSql, Params().add(after).add(kPage));
    if (!rows.ok()) return rows.error();
    for (int i = 0; i < rows->size(); ++i) {
      auto entry = read_entry(*rows, i);
      if (!entry.ok()) return entry.error();
      ++result.entries;
      const AuditEntry& e = *entry;
      after = e.sekvens;
      if (result.first_broken) continue;  // keep counting entries
      if (e.sekvens != expected) {
        result.first_broken = e.sekvens;
        result.reason =
            fmt::format("sekvens {} saknas (nästa post har sekvens {})", expected, e.sekvens);
      } else if (e.prev_hash != prev_hash) {
        result.first_broken = e.sekvens;
        result.reason = "prev_hash pekar inte på föregående posts hash";
      } else if (audit_hash(e.prev_hash, e.event) != e.hash) {
        result.first_broken = e.sekvens;
        result.reason = "hashen stämmer inte med postens innehåll (posten har ändrats)";
      }
      expected = e.sekvens + 1;
      prev_hash = e.hash;
    }
    if (rows->size() < kPage) break;
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return result;
}

}  // namespace utbyte::store::postgres
