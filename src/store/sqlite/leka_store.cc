#include "store/sqlite/leka_store.h"

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "store/record_codes.h"

namespace utbyte::store::sqlite {
namespace {

constexpr std::string_view kSubscriptionColumns =
    "nummer, id, aktors_id, organisationsnummer, personnummer, informationstyper, from_datum, "
    "skapad, andring_seq";

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError,
                    fmt::format("LEKA-tabellerna innehåller ett ogiltigt värde i {}: '{}'", what,
                                value.substr(0, 40)));
}

Result<Subscription> read_subscription(const Statement& stmt) {
  Subscription s;
  s.nummer = stmt.column_int64(0);
  s.id = stmt.column_string(1);
  s.aktors_id = stmt.column_string(2);
  s.organisationsnummer = stmt.column_string(3);
  s.personnummer = stmt.column_string(4);
  auto types = decode_types(stmt.column_text(5));
  if (!types) return corrupt("leka_prenumeration.informationstyper", stmt.column_text(5));
  s.informationstyper = std::move(*types);
  auto from = domain::parse_date(stmt.column_text(6));
  if (!from.ok()) return corrupt("leka_prenumeration.from_datum", stmt.column_text(6));
  s.from_datum = *from;
  s.skapad_ms = stmt.column_int64(7);
  s.andring_seq = stmt.column_int64(8);
  return s;
}

// Runs a SELECT of kSubscriptionColumns to the end.
Status read_subscriptions(Statement& stmt, std::vector<Subscription>& out) {
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return Status::ok_status();
    auto s = read_subscription(stmt);
    if (!s.ok()) return s.error();
    out.push_back(std::move(s).value());
  }
}

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct SqliteLekaStore::Statements {
  // writer_
  Statement find_same;
  Statement insert_subscription;
  Statement last_change;
  Statement ensure_actor;
  Statement actor_state;
  Statement set_actor_sequence;
  Statement insert_notification;
  Statement get_mark;
  Statement set_mark;
  Statement delete_subscription;
  Statement page;
  Statement set_delivered;
  Statement set_acknowledged;
  Statement mark_acknowledged;
  Statement purge;
  // reader_
  Statement find;
  Statement list;
  Statement by_person;
  Statement changes;
};

Result<std::unique_ptr<SqliteLekaStore>> SqliteLekaStore::open(const std::string& path) {
  auto writer = Connection::open(path, /*create=*/false);
  if (!writer.ok()) return writer.error();
  if (Status s = writer->exec("PRAGMA synchronous=FULL"); !s.ok()) return s.error();
  auto reader = Connection::open(path, /*create=*/false);
  if (!reader.ok()) return reader.error();
  if (Status s = reader->exec("PRAGMA query_only=ON"); !s.ok()) return s.error();

  const std::string cols(kSubscriptionColumns);
  std::vector<std::pair<Connection*, std::string>> sql = {
      {&*writer, "SELECT " + cols +
                     " FROM leka_prenumeration WHERE aktors_id = ?1 AND personnummer = ?2 AND "
                     "informationstyper = ?3"},
      {&*writer,
       "INSERT INTO leka_prenumeration (id, aktors_id, organisationsnummer, personnummer, "
       "informationstyper, from_datum, skapad, andring_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
       "?8) ON CONFLICT DO NOTHING RETURNING nummer"},
      {&*writer, "SELECT coalesce(max(seq), 0) FROM register_andring"},
      {&*writer, "INSERT INTO leka_aktor (aktors_id) VALUES (?1) ON CONFLICT DO NOTHING"},
      {&*writer,
       "SELECT senaste_sekvens, levererad_tom, kvitterad_tom FROM leka_aktor WHERE aktors_id = ?1"},
      {&*writer, "UPDATE leka_aktor SET senaste_sekvens = ?2 WHERE aktors_id = ?1"},
      {&*writer,
       "INSERT INTO leka_avisering (aktors_id, sekvens, id, prenumeration_id, personnummer, "
       "informationstyp, handelse, skapad, innehall) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
      {&*writer, "SELECT value FROM leka_meta WHERE key = 'hogvattenmarke'"},
      {&*writer,
       "INSERT INTO leka_meta (key, value) VALUES ('hogvattenmarke', ?1) "
       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
      {&*writer,
       "DELETE FROM leka_prenumeration WHERE aktors_id = ?1 AND id = ?2 RETURNING nummer"},
      {&*writer,
       "SELECT sekvens, personnummer, informationstyp, innehall FROM leka_avisering "
       "WHERE aktors_id = ?1 AND sekvens >= ?2 ORDER BY sekvens LIMIT ?3"},
      {&*writer,
       "UPDATE leka_aktor SET levererad_tom = max(levererad_tom, ?2) WHERE aktors_id = ?1"},
      {&*writer, "UPDATE leka_aktor SET kvitterad_tom = ?2 WHERE aktors_id = ?1"},
      {&*writer,
       "UPDATE leka_avisering SET kvitterad = ?4 WHERE aktors_id = ?1 AND sekvens > ?2 AND "
       "sekvens <= ?3"},
      {&*writer, "DELETE FROM leka_avisering WHERE kvitterad IS NOT NULL AND kvitterad < ?1"},
      {&*reader, "SELECT " + cols + " FROM leka_prenumeration WHERE id = ?1 AND aktors_id = ?2"},
      {&*reader, "SELECT " + cols +
                     " FROM leka_prenumeration WHERE aktors_id = ?1 AND nummer > ?2 AND "
                     "(?3 IS NULL OR personnummer = ?3) ORDER BY nummer LIMIT ?4"},
      {&*reader, "SELECT " + cols + " FROM leka_prenumeration WHERE personnummer = ?1"},
      {&*reader,
       "SELECT seq, personnummer, informationstyp, myndighet, handelse, handelsedatum, referens "
       "FROM register_andring WHERE seq > ?1 ORDER BY seq LIMIT ?2"},
  };
  std::vector<Statement> prepared;
  for (const auto& [conn, text] : sql) {
    auto stmt = conn->prepare(text);
    if (!stmt.ok()) return stmt.error();
    prepared.push_back(std::move(stmt).value());
  }
  auto take = [&prepared, i = std::size_t{0}]() mutable { return std::move(prepared[i++]); };
  auto stmts = std::unique_ptr<Statements>(
      new Statements{take(), take(), take(), take(), take(), take(), take(), take(), take(), take(),
                     take(), take(), take(), take(), take(), take(), take(), take(), take()});
  return std::make_unique<SqliteLekaStore>(std::move(writer).value(), std::move(reader).value(),
                                           std::move(stmts));
}

SqliteLekaStore::SqliteLekaStore(Connection writer, Connection reader,
                                 std::unique_ptr<Statements> statements)
    : writer_(std::move(writer)), reader_(std::move(reader)), stmts_(std::move(statements)) {}

SqliteLekaStore::~SqliteLekaStore() = default;

Result<std::optional<Subscription>> SqliteLekaStore::find_same(const Subscription& wanted) {
  std::lock_guard lock(write_mutex_);
  Statement& stmt = stmts_->find_same;
  ResetOnExit reset(stmt);
  stmt.bind(1, wanted.aktors_id);
  stmt.bind(2, wanted.personnummer);
  stmt.bind(3, encode_types(wanted.informationstyper));
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Subscription>{};
  auto s = read_subscription(stmt);
  if (!s.ok()) return s.error();
  return std::optional<Subscription>{std::move(s).value()};
}

Result<CreatedSubscription> SqliteLekaStore::create(
    const Subscription& subscription, std::span<const NotificationDraft> first_delivery) {
  std::lock_guard lock(write_mutex_);
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  std::int64_t last_change = 0;
  {
    Statement& stmt = stmts_->last_change;
    ResetOnExit reset(stmt);
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    last_change = stmt.column_int64(0);
  }
  CreatedSubscription out;
  out.subscription = subscription;
  out.subscription.andring_seq = last_change;
  {
    Statement& stmt = stmts_->insert_subscription;
    ResetOnExit reset(stmt);
    stmt.bind(1, subscription.id);
    stmt.bind(2, subscription.aktors_id);
    stmt.bind(3, subscription.organisationsnummer);
    stmt.bind(4, subscription.personnummer);
    stmt.bind(5, encode_types(subscription.informationstyper));
    stmt.bind(6, domain::format_date(subscription.from_datum));
    stmt.bind(7, subscription.skapad_ms);
    stmt.bind(8, last_change);
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    out.created = *row;
    if (out.created) out.subscription.nummer = stmt.column_int64(0);
  }
  if (!out.created) {
    Statement& stmt = stmts_->find_same;
    ResetOnExit reset(stmt);
    stmt.bind(1, subscription.aktors_id);
    stmt.bind(2, subscription.personnummer);
    stmt.bind(3, encode_types(subscription.informationstyper));
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) {
      return make_error(ErrorCode::kStoreError, "Prenumerationens id är redan upptaget");
    }
    auto existing = read_subscription(stmt);
    if (!existing.ok()) return existing.error();
    out.subscription = std::move(existing).value();
    return out;
  }
  if (Status s = insert_drafts(first_delivery, subscription.skapad_ms); !s.ok()) return s.error();
  if (Status s = tx->commit(); !s.ok()) return s.error();
  out.forsta_leverans = static_cast<int>(first_delivery.size());
  return out;
}

Result<std::int64_t> SqliteLekaStore::create_bulk(std::span<const Subscription> subscriptions) {
  std::lock_guard lock(write_mutex_);
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  std::int64_t inserted = 0;
  Statement& stmt = stmts_->insert_subscription;
  for (const Subscription& s : subscriptions) {
    ResetOnExit reset(stmt);
    stmt.bind(1, s.id);
    stmt.bind(2, s.aktors_id);
    stmt.bind(3, s.organisationsnummer);
    stmt.bind(4, s.personnummer);
    stmt.bind(5, encode_types(s.informationstyper));
    stmt.bind(6, domain::format_date(s.from_datum));
    stmt.bind(7, s.skapad_ms);
    stmt.bind(8, s.andring_seq);
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (*row) ++inserted;
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return inserted;
}

Result<std::optional<Subscription>> SqliteLekaStore::find(std::string_view aktors_id,
                                                          std::string_view id) {
  std::lock_guard lock(read_mutex_);
  Statement& stmt = stmts_->find;
  ResetOnExit reset(stmt);
  stmt.bind(1, id);
  stmt.bind(2, aktors_id);
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Subscription>{};
  auto s = read_subscription(stmt);
  if (!s.ok()) return s.error();
  return std::optional<Subscription>{std::move(s).value()};
}

Result<SubscriptionPage> SqliteLekaStore::list(std::string_view aktors_id,
                                               std::optional<std::string> personnummer,
                                               std::int64_t after_nummer, int limit) {
  std::lock_guard lock(read_mutex_);
  Statement& stmt = stmts_->list;
  ResetOnExit reset(stmt);
  stmt.bind(1, aktors_id);
  stmt.bind(2, after_nummer);
  if (personnummer) {
    stmt.bind(3, *personnummer);
  } else {
    stmt.bind_null(3);
  }
  // One more than asked tells whether there is a next page.
  stmt.bind(4, std::int64_t{limit} + 1);
  SubscriptionPage page;
  if (Status s = read_subscriptions(stmt, page.items); !s.ok()) return s.error();
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().nummer;
  }
  return page;
}

Result<bool> SqliteLekaStore::remove(std::string_view aktors_id, std::string_view id) {
  std::lock_guard lock(write_mutex_);
  Statement& stmt = stmts_->delete_subscription;
  ResetOnExit reset(stmt);
  stmt.bind(1, aktors_id);
  stmt.bind(2, id);
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  const bool removed = *row;
  // Step to the end so that the DELETE completes before the reset.
  while (*row) {
    row = stmt.step();
    if (!row.ok()) return row.error();
  }
  return removed;
}

Result<std::vector<Subscription>> SqliteLekaStore::all_of(std::string_view aktors_id) {
  std::lock_guard lock(read_mutex_);
  Statement& stmt = stmts_->list;
  ResetOnExit reset(stmt);
  stmt.bind(1, aktors_id);
  stmt.bind(2, std::int64_t{0});
  stmt.bind_null(3);
  stmt.bind(4, std::int64_t{-1});
  std::vector<Subscription> out;
  if (Status s = read_subscriptions(stmt, out); !s.ok()) return s.error();
  return out;
}

Result<std::vector<Subscription>> SqliteLekaStore::for_persons(
    std::span<const std::string> persons) {
  std::lock_guard lock(read_mutex_);
  // One read transaction for the whole lookup: a consistent view and no per-statement locking.
  auto tx = Transaction::begin(reader_, "DEFERRED");
  if (!tx.ok()) return tx.error();
  std::vector<Subscription> out;
  Statement& stmt = stmts_->by_person;
  for (const std::string& pnr : persons) {
    ResetOnExit reset(stmt);
    stmt.bind(1, pnr);
    if (Status s = read_subscriptions(stmt, out); !s.ok()) return s.error();
  }
  return out;
}

Status SqliteLekaStore::insert_drafts(std::span<const NotificationDraft> drafts,
                                      std::int64_t now_ms) {
  // Each actor's counter is read once and written back once per transaction.
  std::map<std::string, std::int64_t, std::less<>> next;
  for (const NotificationDraft& d : drafts) {
    auto it = next.find(d.aktors_id);
    if (it == next.end()) {
      Statement& ensure = stmts_->ensure_actor;
      ensure.bind(1, d.aktors_id);
      if (Status s = ensure.run(); !s.ok()) return s;
      Statement& state = stmts_->actor_state;
      ResetOnExit reset(state);
      state.bind(1, d.aktors_id);
      auto row = state.step();
      if (!row.ok()) return row.error();
      it = next.emplace(d.aktors_id, state.column_int64(0)).first;
    }
    const std::int64_t sekvens = ++it->second;
    Statement& ins = stmts_->insert_notification;
    ins.bind(1, d.aktors_id);
    ins.bind(2, sekvens);
    ins.bind(3, d.avisering_id);
    ins.bind(4, d.prenumeration_id);
    ins.bind(5, d.personnummer);
    ins.bind(6, domain::to_string(d.informationstyp));
    ins.bind(7, to_string(d.handelse));
    ins.bind(8, now_ms);
    ins.bind(9, d.innehall);
    if (Status s = ins.run(); !s.ok()) {
      ins.reset();
      return s;
    }
  }
  for (const auto& [aktor, last] : next) {
    Statement& set = stmts_->set_actor_sequence;
    set.bind(1, aktor);
    set.bind(2, last);
    if (Status s = set.run(); !s.ok()) return s;
  }
  return Status::ok_status();
}

Result<std::int64_t> SqliteLekaStore::read_mark() {
  Statement& stmt = stmts_->get_mark;
  ResetOnExit reset(stmt);
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  if (!*row) return std::int64_t{0};
  return std::strtoll(stmt.column_string(0).c_str(), nullptr, 10);
}

Result<bool> SqliteLekaStore::append(std::span<const NotificationDraft> drafts,
                                     std::optional<std::int64_t> expected_mark,
                                     std::int64_t new_mark) {
  std::lock_guard lock(write_mutex_);
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  if (expected_mark) {
    // Under the write lock: a second daily run (another process) that read the same mark
    // finds it moved and writes nothing, so no change is notified twice.
    auto mark = read_mark();
    if (!mark.ok()) return mark.error();
    if (*mark != *expected_mark) return false;
  }
  if (Status s = insert_drafts(drafts, system_now_ms()); !s.ok()) return s.error();
  if (expected_mark) {
    Statement& set = stmts_->set_mark;
    set.bind(1, std::to_string(new_mark));
    if (Status s = set.run(); !s.ok()) return s.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::int64_t> SqliteLekaStore::high_water_mark() {
  std::lock_guard lock(write_mutex_);
  return read_mark();
}

Result<std::vector<RegisterChange>> SqliteLekaStore::changes_after(std::int64_t after_seq,
                                                                   int limit) {
  std::lock_guard lock(read_mutex_);
  Statement& stmt = stmts_->changes;
  ResetOnExit reset(stmt);
  stmt.bind(1, after_seq);
  stmt.bind(2, std::int64_t{limit});
  std::vector<RegisterChange> out;
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    RegisterChange c;
    c.seq = stmt.column_int64(0);
    c.personnummer = stmt.column_string(1);
    auto type = domain::parse_information_type(stmt.column_text(2));
    if (!type) return corrupt("register_andring.informationstyp", stmt.column_text(2));
    c.informationstyp = *type;
    auto myndighet = parse_myndighet(stmt.column_text(3));
    if (!myndighet) return corrupt("register_andring.myndighet", stmt.column_text(3));
    c.myndighet = *myndighet;
    auto handelse = parse_handelse(stmt.column_text(4));
    if (!handelse) return corrupt("register_andring.handelse", stmt.column_text(4));
    c.handelse = *handelse;
    auto date = domain::parse_date(stmt.column_text(5));
    if (!date.ok()) return corrupt("register_andring.handelsedatum", stmt.column_text(5));
    c.handelsedatum = *date;
    c.referens = stmt.column_string(6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<NotificationPage> SqliteLekaStore::notifications(std::string_view aktors_id,
                                                        std::optional<std::int64_t> from_sekvens,
                                                        int limit) {
  std::lock_guard lock(write_mutex_);
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  NotificationPage page;
  {
    Statement& state = stmts_->actor_state;
    ResetOnExit reset(state);
    state.bind(1, aktors_id);
    auto row = state.step();
    if (!row.ok()) return row.error();
    if (!*row) return page;  // nothing was ever queued for this actor
    page.senaste_sekvens = state.column_int64(0);
    page.kvitterad_tom = state.column_int64(2);
  }
  {
    Statement& stmt = stmts_->page;
    ResetOnExit reset(stmt);
    stmt.bind(1, aktors_id);
    stmt.bind(2, from_sekvens.value_or(page.kvitterad_tom + 1));
    stmt.bind(3, std::int64_t{limit});
    for (;;) {
      auto row = stmt.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      StoredNotification n;
      n.sekvens = stmt.column_int64(0);
      n.personnummer = stmt.column_string(1);
      auto type = domain::parse_information_type(stmt.column_text(2));
      if (!type) return corrupt("leka_avisering.informationstyp", stmt.column_text(2));
      n.informationstyp = *type;
      n.innehall = stmt.column_string(3);
      page.items.push_back(std::move(n));
    }
  }
  if (!page.items.empty()) {
    Statement& set = stmts_->set_delivered;
    set.bind(1, aktors_id);
    set.bind(2, page.items.back().sekvens);
    if (Status s = set.run(); !s.ok()) return s.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return page;
}

Result<std::int64_t> SqliteLekaStore::acknowledge(std::string_view aktors_id,
                                                  std::int64_t tom_sekvens, std::int64_t now_ms) {
  std::lock_guard lock(write_mutex_);
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  std::int64_t delivered = 0;
  std::int64_t acknowledged = 0;
  {
    Statement& state = stmts_->actor_state;
    ResetOnExit reset(state);
    state.bind(1, aktors_id);
    auto row = state.step();
    if (!row.ok()) return row.error();
    if (*row) {
      delivered = state.column_int64(1);
      acknowledged = state.column_int64(2);
    }
  }
  if (tom_sekvens > delivered) {
    return make_error(ErrorCode::kAcknowledgementAhead,
                      fmt::format("tomSekvens {} är större än den senast levererade aviseringen "
                                  "({}); kvittera bara aviseringar som hämtats",
                                  tom_sekvens, delivered));
  }
  if (tom_sekvens <= acknowledged) return acknowledged;  // already acknowledged: idempotent
  {
    Statement& mark = stmts_->mark_acknowledged;
    mark.bind(1, aktors_id);
    mark.bind(2, acknowledged);
    mark.bind(3, tom_sekvens);
    mark.bind(4, now_ms);
    if (Status s = mark.run(); !s.ok()) return s.error();
    Statement& set = stmts_->set_acknowledged;
    set.bind(1, aktors_id);
    set.bind(2, tom_sekvens);
    if (Status s = set.run(); !s.ok()) return s.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return tom_sekvens;
}

Result<std::int64_t> SqliteLekaStore::purge(std::int64_t older_than_ms) {
  std::lock_guard lock(write_mutex_);
  Statement& stmt = stmts_->purge;
  stmt.bind(1, older_than_ms);
  if (Status s = stmt.run(); !s.ok()) return s.error();
  return static_cast<std::int64_t>(sqlite3_changes(writer_.get()));
}

}  // namespace utbyte::store::sqlite
