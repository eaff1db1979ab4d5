#include "store/sqlite/sqlite_store.h"

#include <span>

#include <algorithm>
#include <bitset>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "store/audit_chain.h"
#include "store/record_codes.h"
#include "store/sqlite/eioa_store.h"
#include "store/sqlite/leka_store.h"
#include "store/sqlite/order_store.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/user_store.h"
#include "store/sqlite/window_store.h"

namespace utbyte::store {
namespace {

using sqlite::Connection;
using sqlite::ResetOnExit;
using sqlite::Statement;
using sqlite::Transaction;

constexpr std::size_t kTypeCount = static_cast<std::size_t>(InformationType::kPersonuppgifter) + 1;
using TypeSet = std::bitset<kTypeCount>;

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(
      ErrorCode::kStoreError,
      fmt::format("Registret innehåller ett ogiltigt värde i {}: '{}'", what, value.substr(0, 40)));
}

Result<Date> column_date(const Statement& stmt, int column, std::string_view what) {
  auto date = domain::parse_date(stmt.column_text(column));
  if (!date.ok()) return corrupt(what, stmt.column_text(column));
  return *date;
}

Result<std::optional<Date>> column_optional_date(const Statement& stmt, int column,
                                                 std::string_view what) {
  if (stmt.column_is_null(column)) return std::optional<Date>{};
  auto date = column_date(stmt, column, what);
  if (!date.ok()) return date.error();
  return std::optional<Date>{*date};
}

TypeSet to_type_set(std::span<const InformationType> types) {
  TypeSet set;
  for (auto t : types) set.set(static_cast<std::size_t>(t));
  return set;
}

// One read connection with its statements prepared once.
struct ReadConnection {
  Connection conn;
  Statement person;
  Statement decisions;
  Statement payments;
  Statement meta;
  Statement audit_read;

  static Result<std::unique_ptr<ReadConnection>> open(const std::string& path) {
    auto conn = Connection::open(path, /*create=*/false);
    if (!conn.ok()) return conn.error();
    // A reader never writes: make an accidental write fail loudly instead of taking the lock.
    if (Status s = conn->exec("PRAGMA query_only=ON"); !s.ok()) return s.error();
    auto person = conn->prepare(
        "SELECT personnummer, fornamn, efternamn, fodelsedatum, kon, samordningsnummer, "
        "skyddad_identitet, avliden, utdelningsadress, postnummer, postort "
        "FROM person WHERE personnummer = ?1");
    if (!person.ok()) return person.error();
    // Every decision of the person overlapping the range; the type filter and the ordering by
    // enum order are applied in C++ (a person has few rows, and the primary key serves the scan).
    auto decisions = conn->prepare(
        "SELECT informationstyp, from_datum, beslut_id, myndighet, beslutsdatum, tom_datum, "
        "omfattning, belopp, beloppsperiod, status, beskrivning FROM beslut "
        "WHERE personnummer = ?1 AND from_datum <= ?3 AND (tom_datum IS NULL OR tom_datum >= ?2)");
    if (!decisions.ok()) return decisions.error();
    auto payments = conn->prepare(
        "SELECT utbetalningsdatum, informationstyp, utbetalnings_id, myndighet, foretag, "
        "period_from, period_tom, bruttobelopp, skatteavdrag, nettobelopp, beloppstyp, status "
        "FROM utbetalning WHERE personnummer = ?1 AND utbetalningsdatum BETWEEN ?2 AND ?3");
    if (!payments.ok()) return payments.error();
    auto meta = conn->prepare("SELECT key, value FROM register_meta");
    if (!meta.ok()) return meta.error();
    auto audit_read = conn->prepare(
        "SELECT sekvens, tidpunkt, transaktions_id, aktors_id, organisationsnummer, anvandare, "
        "tjanst, personnummer, informationstyper, rattslig_grund, utfall, prev_hash, hash "
        "FROM audit_logg WHERE sekvens > ?1 ORDER BY sekvens LIMIT ?2");
    if (!audit_read.ok()) return audit_read.error();
    return std::make_unique<ReadConnection>(ReadConnection{
        std::move(conn).value(), std::move(person).value(), std::move(decisions).value(),
        std::move(payments).value(), std::move(meta).value(), std::move(audit_read).value()});
  }
};

// A fixed-size pool of read connections. SQLite connections opened NOMUTEX must be used by one
// thread at a time; the pool hands each out exclusively and returns it on scope exit.
class ReadPool {
 public:
  class Lease {
   public:
    Lease(ReadPool* pool, ReadConnection* conn) : pool_(pool), conn_(conn) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->release(conn_); }
    ReadConnection* operator->() const { return conn_; }

   private:
    ReadPool* pool_;
    ReadConnection* conn_;
  };

  Status init(const std::string& path, std::size_t size) {
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
      auto conn = ReadConnection::open(path);
      if (!conn.ok()) return conn.status();
      free_.push_back(conn->get());
      all_.push_back(std::move(conn).value());
    }
    return Status::ok_status();
  }

  Lease acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !free_.empty(); });
    ReadConnection* conn = free_.back();
    free_.pop_back();
    return Lease(this, conn);
  }

 private:
  void release(ReadConnection* conn) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(conn);
    }
    available_.notify_one();
  }

  std::vector<std::unique_ptr<ReadConnection>> all_;  // owns; constant after init()
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<ReadConnection*> free_;  // guarded by mutex_
};

Result<AuditEntry> read_audit_row(const Statement& stmt) {
  AuditEntry entry;
  entry.sekvens = stmt.column_int64(0);
  AuditEvent& e = entry.event;
  e.tidpunkt = stmt.column_string(1);
  e.transaktions_id = stmt.column_string(2);
  e.aktors_id = stmt.column_string(3);
  e.organisationsnummer = stmt.column_string(4);
  e.anvandare = stmt.column_string(5);
  e.tjanst = stmt.column_string(6);
  e.personnummer = stmt.column_string(7);
  auto types = decode_string_list(stmt.column_text(8));
  if (!types) {
    // Kept verbatim so verify() reports a hash mismatch for this sekvens rather than failing.
    e.informationstyper = {stmt.column_string(8)};
  } else {
    e.informationstyper = std::move(*types);
  }
  e.rattslig_grund = stmt.column_string(9);
  e.utfall = stmt.column_string(10);
  entry.prev_hash = stmt.column_string(11);
  entry.hash = stmt.column_string(12);
  return entry;
}

class SqliteStore final : public Store, public RegisterStore, public AuditStore {
 public:
  SqliteStore(Connection writer, Statement last_audit, Statement find_audit, Statement insert_audit)
      : writer_(std::move(writer)),
        last_audit_(std::move(last_audit)),
        find_audit_(std::move(find_audit)),
        insert_audit_(std::move(insert_audit)) {}

  Status init_readers(const std::string& path, std::size_t count) {
    return readers_.init(path, count);
  }

  Status init_windows(const std::string& path) {
    auto windows = sqlite::SqliteWindowStore::open(path);
    if (!windows.ok()) return windows.error();
    windows_ = std::move(windows).value();
    return {};
  }

  Status init_orders(const std::string& path) {
    auto orders = sqlite::SqliteOrderStore::open(path);
    if (!orders.ok()) return orders.error();
    orders_ = std::move(orders).value();
    return {};
  }

  Status init_eioa(const std::string& path) {
    auto eioa = sqlite::SqliteEioaStore::open(path);
    if (!eioa.ok()) return eioa.error();
    eioa_ = std::move(eioa).value();
    return {};
  }

  Status init_users(const std::string& path) {
    auto users = sqlite::SqliteUserStore::open(path);
    if (!users.ok()) return users.error();
    users_ = std::move(users).value();
    return {};
  }

  Status init_leka(const std::string& path) {
    auto leka = sqlite::SqliteLekaStore::open(path);
    if (!leka.ok()) return leka.error();
    leka_ = std::move(leka).value();
    return {};
  }

  // Store
  RegisterStore& registry() override { return *this; }
  AuditStore& audit() override { return *this; }
  WindowStore& windows() override { return *windows_; }
  OrderStore& orders() override { return *orders_; }
  LekaStore& leka() override { return *leka_; }
  EioaStore& eioa() override { return *eioa_; }
  UserStore& users() override { return *users_; }

  // RegisterStore
  Result<std::optional<PersonRecord>> find_person(const std::string& personnummer) override {
    auto lease = readers_.acquire();
    Statement& stmt = lease->person;
    ResetOnExit reset(stmt);
    stmt.bind(1, personnummer);
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return std::optional<PersonRecord>{};
    PersonRecord p;
    p.personnummer = stmt.column_string(0);
    p.fornamn = stmt.column_string(1);
    p.efternamn = stmt.column_string(2);
    auto born = column_date(stmt, 3, "person.fodelsedatum");
    if (!born.ok()) return born.error();
    p.fodelsedatum = *born;
    auto kon = parse_kon(stmt.column_text(4));
    if (!kon) return corrupt("person.kon", stmt.column_text(4));
    p.kon = *kon;
    p.samordningsnummer = stmt.column_int64(5) != 0;
    p.skyddad_identitet = stmt.column_int64(6) != 0;
    auto died = column_optional_date(stmt, 7, "person.avliden");
    if (!died.ok()) return died.error();
    p.avliden = *died;
    p.adress.utdelningsadress = stmt.column_string(8);
    p.adress.postnummer = stmt.column_string(9);
    p.adress.postort = stmt.column_string(10);
    return std::optional<PersonRecord>{std::move(p)};
  }

  Result<std::vector<DecisionRecord>> find_decisions(const std::string& personnummer,
                                                     std::span<const InformationType> types,
                                                     domain::DateRange range) override {
    const TypeSet wanted = to_type_set(types);
    std::vector<DecisionRecord> out;
    if (wanted.none()) return out;
    auto lease = readers_.acquire();
    Statement& stmt = lease->decisions;
    ResetOnExit reset(stmt);
    stmt.bind(1, personnummer);
    stmt.bind(2, domain::format_date(range.from));
    stmt.bind(3, domain::format_date(range.tom));
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto type = domain::parse_information_type(stmt.column_text(0));
      if (!type) return corrupt("beslut.informationstyp", stmt.column_text(0));
      if (!wanted.test(static_cast<std::size_t>(*type))) continue;
      DecisionRecord d;
      d.type = *type;
      auto from = column_date(stmt, 1, "beslut.from_datum");
      if (!from.ok()) return from.error();
      d.from = *from;
      d.beslut_id = stmt.column_string(2);
      auto myndighet = parse_myndighet(stmt.column_text(3));
      if (!myndighet) return corrupt("beslut.myndighet", stmt.column_text(3));
      d.myndighet = *myndighet;
      auto decided = column_date(stmt, 4, "beslut.beslutsdatum");
      if (!decided.ok()) return decided.error();
      d.beslutsdatum = *decided;
      auto tom = column_optional_date(stmt, 5, "beslut.tom_datum");
      if (!tom.ok()) return tom.error();
      d.tom = *tom;
      d.omfattning = stmt.column_string(6);
      if (!stmt.column_is_null(7)) d.belopp = stmt.column_int64(7);
      if (!stmt.column_is_null(8)) {
        auto period = parse_beloppsperiod(stmt.column_text(8));
        if (!period) return corrupt("beslut.beloppsperiod", stmt.column_text(8));
        d.period = *period;
      }
      auto status = parse_beslut_status(stmt.column_text(9));
      if (!status) return corrupt("beslut.status", stmt.column_text(9));
      d.status = *status;
      d.beskrivning = stmt.column_string(10);
      out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const DecisionRecord& a, const DecisionRecord& b) {
      if (a.type != b.type) return a.type < b.type;
      if (a.from != b.from) return a.from < b.from;
      return a.beslut_id < b.beslut_id;
    });
    return out;
  }

  Result<std::vector<PaymentRecord>> find_payments(const std::string& personnummer,
                                                   std::span<const InformationType> types,
                                                   domain::DateRange range) override {
    const TypeSet wanted = to_type_set(types);
    std::vector<PaymentRecord> out;
    if (wanted.none()) return out;
    auto lease = readers_.acquire();
    Statement& stmt = lease->payments;
    ResetOnExit reset(stmt);
    stmt.bind(1, personnummer);
    stmt.bind(2, domain::format_date(range.from));
    stmt.bind(3, domain::format_date(range.tom));
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto type = domain::parse_information_type(stmt.column_text(1));
      if (!type) return corrupt("utbetalning.informationstyp", stmt.column_text(1));
      if (!wanted.test(static_cast<std::size_t>(*type))) continue;
      PaymentRecord p;
      p.type = *type;
      auto paid = column_date(stmt, 0, "utbetalning.utbetalningsdatum");
      if (!paid.ok()) return paid.error();
      p.utbetalningsdatum = *paid;
      p.utbetalnings_id = stmt.column_string(2);
      auto myndighet = parse_myndighet(stmt.column_text(3));
      if (!myndighet) return corrupt("utbetalning.myndighet", stmt.column_text(3));
      p.myndighet = *myndighet;
      p.foretag = stmt.column_string(4);
      auto from = column_date(stmt, 5, "utbetalning.period_from");
      if (!from.ok()) return from.error();
      p.period_from = *from;
      auto tom = column_date(stmt, 6, "utbetalning.period_tom");
      if (!tom.ok()) return tom.error();
      p.period_tom = *tom;
      p.bruttobelopp = stmt.column_int64(7);
      p.skatteavdrag = stmt.column_int64(8);
      p.nettobelopp = stmt.column_int64(9);
      p.beloppstyp = stmt.column_string(10);
      auto status = parse_utbetalning_status(stmt.column_text(11));
      if (!status) return corrupt("utbetalning.status", stmt.column_text(11));
      p.status = *status;
      out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const PaymentRecord& a, const PaymentRecord& b) {
      if (a.utbetalningsdatum != b.utbetalningsdatum) {
        return a.utbetalningsdatum < b.utbetalningsdatum;
      }
      if (a.type != b.type) return a.type < b.type;
      return a.utbetalnings_id < b.utbetalnings_id;
    });
    return out;
  }

  Result<RegisterInfo> register_info() override {
    auto lease = readers_.acquire();
    Statement& stmt = lease->meta;
    ResetOnExit reset(stmt);
    RegisterInfo info;
    bool found = false;
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      found = true;
      const std::string_view key = stmt.column_text(0);
      const std::string value = stmt.column_string(1);
      if (key == "synthetic") {
        info.synthetic = value == "1" || value == "true";
      } else if (key == "persons") {
        info.persons = std::strtoll(value.c_str(), nullptr, 10);
      } else if (key == "seed") {
        info.seed = std::strtoull(value.c_str(), nullptr, 10);
      } else if (key == "generated_at") {
        info.generated_at = value;
      } else if (key == "as_of") {
        auto date = domain::parse_date(value);
        if (!date.ok()) return corrupt("register_meta.as_of", value);
        info.as_of = *date;
      }
    }
    if (!found) {
      return make_error(ErrorCode::kStoreError,
                        "Databasen innehåller inget register (register_meta är tom); skapa det "
                        "med 'utbyte register generate'");
    }
    return info;
  }

  // AuditStore
  Result<std::int64_t> append(const AuditEvent& event) override {
    auto appended = append_batch(std::span<const AuditEvent>(&event, 1));
    if (!appended.ok()) return appended.error();
    return appended->front();
  }

  Result<std::vector<std::int64_t>> append_batch(std::span<const AuditEvent> events) override {
    std::lock_guard lock(append_mutex_);
    // IMMEDIATE takes the write lock before reading the tail, so another process appending to
    // the same file cannot link to the same predecessor.
    auto tx = Transaction::begin(writer_, "IMMEDIATE");
    if (!tx.ok()) return tx.error();
    std::int64_t sekvens = 0;
    std::string prev_hash = kGenesisHash;
    {
      ResetOnExit reset(last_audit_);
      auto row = last_audit_.step();
      if (!row.ok()) return row.error();
      if (*row) {
        sekvens = last_audit_.column_int64(0);
        prev_hash = last_audit_.column_string(1);
      }
    }
    std::vector<std::int64_t> out;
    out.reserve(events.size());
    for (const AuditEvent& event : events) {
      {
        ResetOnExit reset(find_audit_);
        find_audit_.bind(1, event.transaktions_id);
        auto found = find_audit_.step();
        if (!found.ok()) return found.error();
        if (*found) {  // already recorded
          out.push_back(find_audit_.column_int64(0));
          continue;
        }
      }
      std::string hash = audit_hash(prev_hash, event);
      if (hash.empty()) return make_error(ErrorCode::kCryptoError, "SHA-256 misslyckades");
      Statement& ins = insert_audit_;
      ins.bind(1, ++sekvens);
      ins.bind(2, event.tidpunkt);
      ins.bind(3, event.transaktions_id);
      ins.bind(4, event.aktors_id);
      ins.bind(5, event.organisationsnummer);
      ins.bind(6, event.anvandare);
      ins.bind(7, event.tjanst);
      ins.bind(8, event.personnummer);
      ins.bind(9, encode_string_list(event.informationstyper));
      ins.bind(10, event.rattslig_grund);
      ins.bind(11, event.utfall);
      ins.bind(12, prev_hash);
      ins.bind(13, hash);
      if (Status s = ins.run(); !s.ok()) {
        ins.reset();
        return s.error();
      }
      prev_hash = std::move(hash);
      out.push_back(sekvens);
    }
    if (Status s = tx->commit(); !s.ok()) return s.error();
    return out;
  }

  Result<std::vector<AuditEntry>> read(std::int64_t after, int limit) override {
    std::vector<AuditEntry> out;
    if (limit <= 0) return out;
    auto lease = readers_.acquire();
    Statement& stmt = lease->audit_read;
    ResetOnExit reset(stmt);
    stmt.bind(1, after);
    stmt.bind(2, std::int64_t{limit});
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto entry = read_audit_row(stmt);
      if (!entry.ok()) return entry.error();
      out.push_back(std::move(entry).value());
    }
    return out;
  }

  Result<AuditVerification> verify() override {
    auto lease = readers_.acquire();
    // One read transaction: the walk sees a single consistent snapshot while appends continue.
    auto tx = Transaction::begin(lease->conn, "DEFERRED");
    if (!tx.ok()) return tx.error();
    Statement& stmt = lease->audit_read;
    ResetOnExit reset(stmt);
    stmt.bind(1, std::int64_t{0});
    stmt.bind(2, std::int64_t{-1});  // no limit
    AuditVerification result;
    std::int64_t expected = 1;
    std::string prev_hash = kGenesisHash;
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto entry = read_audit_row(stmt);
      if (!entry.ok()) return entry.error();
      ++result.entries;
      if (result.first_broken) continue;  // keep counting entries
      const AuditEntry& e = *entry;
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
    return result;
  }

 private:
  ReadPool readers_;
  std::unique_ptr<sqlite::SqliteWindowStore> windows_;
  std::unique_ptr<sqlite::SqliteOrderStore> orders_;
  std::unique_ptr<sqlite::SqliteLekaStore> leka_;
  std::unique_ptr<sqlite::SqliteEioaStore> eioa_;
  std::unique_ptr<sqlite::SqliteUserStore> users_;
  std::mutex append_mutex_;
  Connection writer_;       // guarded by append_mutex_
  Statement last_audit_;    // guarded by append_mutex_
  Statement find_audit_;    // guarded by append_mutex_
  Statement insert_audit_;  // guarded by append_mutex_
};

}  // namespace

Result<StorePtr> open_sqlite_store(const std::string& path, const SqliteStoreOptions& options) {
  auto writer = sqlite::Connection::open(path, /*create=*/true);
  if (!writer.ok()) return writer.error();
  if (Status s = sqlite::migrate(*writer); !s.ok()) return s.error();
  auto last = writer->prepare("SELECT sekvens, hash FROM audit_logg ORDER BY sekvens DESC LIMIT 1");
  if (!last.ok()) return last.error();
  auto insert = writer->prepare(
      "INSERT INTO audit_logg (sekvens, tidpunkt, transaktions_id, aktors_id, "
      "organisationsnummer, anvandare, tjanst, personnummer, informationstyper, rattslig_grund, "
      "utfall, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!insert.ok()) return insert.error();
  auto find = writer->prepare("SELECT sekvens FROM audit_logg WHERE transaktions_id = ?1 LIMIT 1");
  if (!find.ok()) return find.error();
  auto store = std::make_unique<SqliteStore>(std::move(writer).value(), std::move(last).value(),
                                             std::move(find).value(), std::move(insert).value());
  if (Status s = store->init_readers(path, options.read_connections); !s.ok()) return s.error();
  if (Status s = store->init_windows(path); !s.ok()) return s.error();
  if (Status s = store->init_orders(path); !s.ok()) return s.error();
  if (Status s = store->init_leka(path); !s.ok()) return s.error();
  if (Status s = store->init_eioa(path); !s.ok()) return s.error();
  if (Status s = store->init_users(path); !s.ok()) return s.error();
  return StorePtr(std::move(store));
}

Result<StorePtr> open_sqlite_store(const std::string& path) {
  return open_sqlite_store(path, SqliteStoreOptions{});
}

}  // namespace utbyte::store
