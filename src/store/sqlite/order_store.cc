#include "store/sqlite/order_store.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "store/audit_chain.h"
#include "store/column_codecs.h"

namespace utbyte::store::sqlite {

struct SqliteOrderStore::Statements {
  // writer_
  Statement find_by_reference;
  Statement insert_order;
  Statement insert_line;
  Statement select_work;
  Statement lease_line;
  Statement order_number;
  Statement answer_line;
  Statement count_answered;
  Statement acknowledge_lines;
  Statement count_acknowledged;
  Statement find_for_writer;
  Statement fail_order;
  Statement abort_lines;
  Statement purge_lines;
  Statement purge_orders;
  // reader_
  Statement find_order;
  Statement page;
};

namespace {

// Column list of every order lookup, read by read_order().
constexpr std::string_view kOrderColumns =
    "SELECT nummer, id, aktors_id, organisationsnummer, klientreferens, informationstyper, "
    "from_datum, tom_datum, rattslig_grund, mottagen, status, klar, felmeddelande, antal, "
    "giltiga, besvarade, kvitterade FROM bestallning ";

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError,
                    fmt::format("Beställningskön innehåller ett ogiltigt värde i {}: '{}'", what,
                                value.substr(0, 40)));
}

Result<std::vector<domain::InformationType>> decode_types(std::string_view text) {
  auto types = decode_type_list(text);
  if (!types) return corrupt("bestallning.informationstyper", text);
  return std::move(*types);
}

Result<domain::DateRange> read_period(const Statement& stmt, int from_column) {
  auto from = domain::parse_date(stmt.column_text(from_column));
  if (!from.ok()) return corrupt("bestallning.from_datum", stmt.column_text(from_column));
  auto tom = domain::parse_date(stmt.column_text(from_column + 1));
  if (!tom.ok()) return corrupt("bestallning.tom_datum", stmt.column_text(from_column + 1));
  return domain::DateRange{*from, *tom};
}

struct StoredOrder {
  std::int64_t nummer = 0;
  Order order;
};

// One row selected with UTBYTE_ORDER_COLUMNS.
Result<StoredOrder> read_order(const Statement& stmt) {
  StoredOrder stored;
  stored.nummer = stmt.column_int64(0);
  Order& o = stored.order;
  o.id = stmt.column_string(1);
  o.request.aktors_id = stmt.column_string(2);
  o.request.organisationsnummer = stmt.column_string(3);
  o.request.klientreferens = stmt.column_string(4);  // NULL reads as empty
  auto types = decode_types(stmt.column_text(5));
  if (!types.ok()) return types.error();
  o.request.informationstyper = std::move(types).value();
  auto period = read_period(stmt, 6);
  if (!period.ok()) return period.error();
  o.request.period = *period;
  o.request.rattslig_grund = stmt.column_string(8);
  o.request.mottagen_ms = stmt.column_int64(9);
  auto status = parse_order_status(stmt.column_text(10));
  if (!status) return corrupt("bestallning.status", stmt.column_text(10));
  o.status = *status;
  if (!stmt.column_is_null(11)) o.klar_ms = stmt.column_int64(11);
  o.felmeddelande = stmt.column_string(12);
  OrderCounts& c = o.counts;
  c.total = stmt.column_int64(13);
  c.valid = stmt.column_int64(14);
  c.invalid = c.total - c.valid;
  c.answered = stmt.column_int64(15);
  c.remaining = o.status == OrderStatus::kFel ? 0 : c.valid - c.answered;
  c.acknowledged = stmt.column_int64(16);
  return stored;
}

// Runs a lookup bound by the caller; nullopt when it returns no row.
Result<std::optional<StoredOrder>> fetch_order(Statement& stmt) {
  ResetOnExit reset(stmt);
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<StoredOrder>{};
  auto order = read_order(stmt);
  if (!order.ok()) return order.error();
  return std::optional<StoredOrder>{std::move(order).value()};
}

Result<std::optional<StoredOrder>> find_owned(Statement& stmt, std::string_view aktors_id,
                                              std::string_view id) {
  stmt.bind(1, id);
  stmt.bind(2, aktors_id);
  return fetch_order(stmt);
}

}  // namespace

Result<std::unique_ptr<SqliteOrderStore>> SqliteOrderStore::open(const std::string& path) {
  auto writer = Connection::open(path, /*create=*/false);
  if (!writer.ok()) return writer.error();
  // See the class comment: accepted orders and stored answers survive power loss too.
  if (Status s = writer->exec("PRAGMA synchronous=FULL"); !s.ok()) return s.error();
  auto reader = Connection::open(path, /*create=*/false);
  if (!reader.ok()) return reader.error();
  if (Status s = reader->exec("PRAGMA query_only=ON"); !s.ok()) return s.error();

  Connection& w = *writer;
  Connection& r = *reader;
  const std::string find_owned_sql =
      std::string(kOrderColumns) + "WHERE id = ?1 AND aktors_id = ?2";
  const std::array<std::pair<Connection*, std::string>, 17> sql = {{
      {&w, std::string(kOrderColumns) + "WHERE aktors_id = ?1 AND klientreferens = ?2"},
      {&w,
       "INSERT INTO bestallning (id, aktors_id, organisationsnummer, klientreferens, "
       "informationstyper, from_datum, tom_datum, rattslig_grund, mottagen, status, klar, antal, "
       "giltiga) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
      {&w,
       "INSERT INTO bestallning_rad (bestallning, rad, personnummer, status, felkod, "
       "felmeddelande) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      // The partial index bestallning_rad_vantar serves both the filter and the order.
      {&w,
       "SELECT r.bestallning, r.rad, r.personnummer, b.id, b.aktors_id, b.organisationsnummer, "
       "b.informationstyper, b.from_datum, b.tom_datum, b.rattslig_grund "
       "FROM bestallning_rad r JOIN bestallning b ON b.nummer = r.bestallning "
       "WHERE r.status = 'VANTAR' AND (r.lease_slut IS NULL OR r.lease_slut <= ?1) "
       "ORDER BY r.bestallning, r.rad LIMIT ?2"},
      {&w,
       "UPDATE bestallning_rad SET lease_slut = ?3, arbetare = ?4 "
       "WHERE bestallning = ?1 AND rad = ?2"},
      {&w, "SELECT nummer FROM bestallning WHERE id = ?1"},
      // The status condition is the once-only guarantee: a second answer changes no row.
      {&w,
       "UPDATE bestallning_rad SET status = 'BESVARAD', utfall = ?3, svar = ?4, besvarad = ?5, "
       "lease_slut = NULL, arbetare = NULL "
       "WHERE bestallning = ?1 AND rad = ?2 AND status = 'VANTAR'"},
      {&w,
       "UPDATE bestallning SET besvarade = besvarade + ?2, "
       "status = CASE WHEN besvarade + ?2 >= giltiga THEN 'KLAR' ELSE 'PAGAR' END, "
       "klar = CASE WHEN besvarade + ?2 >= giltiga THEN ?3 ELSE klar END "
       "WHERE nummer = ?1 AND status IN ('MOTTAGEN', 'PAGAR')"},
      {&w,
       "UPDATE bestallning_rad SET kvitterad = ?3 "
       "WHERE bestallning = ?1 AND rad <= ?2 AND kvitterad IS NULL AND status <> 'VANTAR'"},
      {&w, "UPDATE bestallning SET kvitterade = kvitterade + ?2 WHERE nummer = ?1"},
      {&w, find_owned_sql},
      {&w,
       "UPDATE bestallning SET status = 'FEL', klar = ?2, felmeddelande = ?3 "
       "WHERE id = ?1 AND status IN ('MOTTAGEN', 'PAGAR') RETURNING nummer"},
      {&w,
       "UPDATE bestallning_rad SET status = 'AVBRUTEN', felkod = 'BESTALLNING_AVBRUTEN', "
       "felmeddelande = ?2, lease_slut = NULL, arbetare = NULL "
       "WHERE bestallning = ?1 AND status = 'VANTAR'"},
      {&w,
       "DELETE FROM bestallning_rad WHERE bestallning IN "
       "(SELECT nummer FROM bestallning WHERE klar < ?1)"},
      {&w, "DELETE FROM bestallning WHERE klar < ?1"},
      {&r, find_owned_sql},
      {&r,
       "SELECT rad, personnummer, status, utfall, svar, felkod, felmeddelande, kvitterad "
       "FROM bestallning_rad WHERE bestallning = ?1 AND rad > ?2 ORDER BY rad LIMIT ?3"},
  }};
  std::vector<Statement> prepared;
  prepared.reserve(sql.size());
  for (const auto& [conn, text] : sql) {
    auto stmt = conn->prepare(text);
    if (!stmt.ok()) return stmt.error();
    prepared.push_back(std::move(stmt).value());
  }
  auto take = [&prepared, i = std::size_t{0}]() mutable { return std::move(prepared[i++]); };
  auto stmts = std::make_unique<Statements>(
      Statements{take(), take(), take(), take(), take(), take(), take(), take(), take(), take(),
                 take(), take(), take(), take(), take(), take(), take()});
  return std::make_unique<SqliteOrderStore>(std::move(writer).value(), std::move(reader).value(),
                                            std::move(stmts));
}

SqliteOrderStore::SqliteOrderStore(Connection writer, Connection reader,
                                   std::unique_ptr<Statements> statements)
    : writer_(std::move(writer)), reader_(std::move(reader)), stmts_(std::move(statements)) {}

SqliteOrderStore::~SqliteOrderStore() = default;

Result<CreatedOrder> SqliteOrderStore::create(const OrderRequest& request,
                                              std::span<const OrderLine> lines) {
  if (request.aktors_id.empty()) {
    return make_error(ErrorCode::kInvalidRequest, "Beställningen saknar aktorsId");
  }
  std::lock_guard lock(write_mutex_);
  // The IMMEDIATE transaction makes "look up the reference, then insert" atomic across processes;
  // a UNIQUE violation can then only come from a colliding random id, so try again with a new one.
  for (int attempt = 0;; ++attempt) {
    bool id_taken = false;
    auto created = try_create(request, lines, id_taken);
    if (created.ok() || !id_taken || attempt == 2) return created;
  }
}

Result<CreatedOrder> SqliteOrderStore::try_create(const OrderRequest& request,
                                                  std::span<const OrderLine> lines,
                                                  bool& id_taken) {
  Statements& s = *stmts_;
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  if (!request.klientreferens.empty()) {
    s.find_by_reference.bind(1, request.aktors_id);
    s.find_by_reference.bind(2, request.klientreferens);
    auto existing = fetch_order(s.find_by_reference);
    if (!existing.ok()) return existing.error();
    if (*existing) return CreatedOrder{std::move((*existing)->order), false};
  }
  auto id = new_order_id();
  if (!id.ok()) return id.error();

  std::int64_t valid = 0;
  for (const auto& line : lines) valid += line.felkod.empty() ? 1 : 0;
  // Nothing to answer: done on arrival, so status polls and purge treat it like any other order.
  const bool done = valid == 0;
  Order order;
  order.id = *id;
  order.request = request;
  order.status = done ? OrderStatus::kKlar : OrderStatus::kMottagen;
  if (done) order.klar_ms = request.mottagen_ms;
  order.counts.total = static_cast<std::int64_t>(lines.size());
  order.counts.valid = valid;
  order.counts.invalid = order.counts.total - valid;
  order.counts.remaining = valid;

  Statement& ins = s.insert_order;
  ins.bind(1, order.id);
  ins.bind(2, request.aktors_id);
  ins.bind(3, request.organisationsnummer);
  if (request.klientreferens.empty()) {
    ins.bind_null(4);  // NULLs are distinct in the unique index: no reference, no idempotency
  } else {
    ins.bind(4, request.klientreferens);
  }
  ins.bind(5, encode_type_list(request.informationstyper));
  ins.bind(6, domain::format_date(request.period.from));
  ins.bind(7, domain::format_date(request.period.tom));
  ins.bind(8, request.rattslig_grund);
  ins.bind(9, request.mottagen_ms);
  ins.bind(10, to_string(order.status));
  ins.bind(11, order.klar_ms);
  ins.bind(12, order.counts.total);
  ins.bind(13, valid);
  if (Status st = ins.run(); !st.ok()) {
    // Read before anything else runs on the connection (the rollback clears it).
    id_taken = sqlite3_extended_errcode(writer_.get()) == SQLITE_CONSTRAINT_UNIQUE;
    ins.reset();
    return st.error();
  }
  const std::int64_t nummer = sqlite3_last_insert_rowid(writer_.get());

  // One statement reused for every line, inside the one transaction: the bulk path.
  Statement& line_stmt = s.insert_line;
  std::int64_t rad = 0;
  for (const auto& line : lines) {
    line_stmt.bind(1, nummer);
    line_stmt.bind(2, ++rad);
    line_stmt.bind(3, line.personnummer);
    line_stmt.bind(
        4, to_string(line.felkod.empty() ? OrderRowStatus::kVantar : OrderRowStatus::kOgiltig));
    line_stmt.bind(5, line.felkod);
    line_stmt.bind(6, line.felmeddelande);
    if (Status st = line_stmt.run(); !st.ok()) {
      line_stmt.reset();
      return st.error();
    }
  }
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return CreatedOrder{std::move(order), true};
}

Result<std::optional<Order>> SqliteOrderStore::find(std::string_view aktors_id,
                                                    std::string_view id) {
  std::lock_guard lock(read_mutex_);
  auto stored = find_owned(stmts_->find_order, aktors_id, id);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<Order>{};
  return std::optional<Order>{std::move((*stored)->order)};
}

Result<std::vector<WorkItem>> SqliteOrderStore::claim(int max_items, std::string_view worker_id,
                                                      std::int64_t now_ms,
                                                      std::int64_t lease_until_ms) {
  std::vector<WorkItem> items;
  if (max_items <= 0) return items;
  std::lock_guard lock(write_mutex_);
  Statements& s = *stmts_;
  // IMMEDIATE: select and lease under the write lock, so two processes never lease one line.
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  std::vector<std::int64_t> numbers;
  {
    Statement& sel = s.select_work;
    ResetOnExit reset(sel);
    sel.bind(1, now_ms);
    sel.bind(2, std::int64_t{max_items});
    std::int64_t current = -1;
    for (;;) {
      auto row = sel.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      WorkItem item;
      const std::int64_t nummer = sel.column_int64(0);
      item.rad = sel.column_int64(1);
      item.personnummer = sel.column_string(2);
      if (nummer == current) {
        // Same order as the previous line (the usual case): copy its parameters, skip decoding.
        const WorkItem& prev = items.back();
        item.order_id = prev.order_id;
        item.aktors_id = prev.aktors_id;
        item.organisationsnummer = prev.organisationsnummer;
        item.informationstyper = prev.informationstyper;
        item.period = prev.period;
        item.rattslig_grund = prev.rattslig_grund;
      } else {
        current = nummer;
        item.order_id = sel.column_string(3);
        item.aktors_id = sel.column_string(4);
        item.organisationsnummer = sel.column_string(5);
        auto types = decode_types(sel.column_text(6));
        if (!types.ok()) return types.error();
        item.informationstyper = std::move(types).value();
        auto period = read_period(sel, 7);
        if (!period.ok()) return period.error();
        item.period = *period;
        item.rattslig_grund = sel.column_string(9);
      }
      numbers.push_back(nummer);
      items.push_back(std::move(item));
    }
  }
  // Leased after the scan: updating lease_slut moves entries of the index being scanned.
  Statement& lease = s.lease_line;
  for (std::size_t i = 0; i < items.size(); ++i) {
    lease.bind(1, numbers[i]);
    lease.bind(2, items[i].rad);
    lease.bind(3, lease_until_ms);
    lease.bind(4, worker_id);
    if (Status st = lease.run(); !st.ok()) {
      lease.reset();
      return st.error();
    }
  }
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return items;
}

Result<std::int64_t> SqliteOrderStore::complete(std::span<const CompletedItem> items,
                                                std::int64_t now_ms) {
  if (items.empty()) return std::int64_t{0};
  std::lock_guard lock(write_mutex_);
  Statements& s = *stmts_;
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  // order id -> (nummer, lines newly answered); a batch usually spans one or two orders.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>, std::less<>> orders;
  std::int64_t stored = 0;
  for (const auto& item : items) {
    auto it = orders.find(item.order_id);
    if (it == orders.end()) {
      Statement& num = s.order_number;
      ResetOnExit reset(num);
      num.bind(1, item.order_id);
      auto row = num.step();
      if (!row.ok()) return row.error();
      // Purged meanwhile (a lease far beyond the retention time): nothing to answer.
      const std::int64_t nummer = *row ? num.column_int64(0) : -1;
      it = orders.emplace(item.order_id, std::make_pair(nummer, std::int64_t{0})).first;
    }
    if (it->second.first < 0) continue;
    Statement& ans = s.answer_line;
    ans.bind(1, it->second.first);
    ans.bind(2, item.rad);
    ans.bind(3, to_string(item.utfall));
    ans.bind(4, item.svar);
    ans.bind(5, now_ms);
    if (Status st = ans.run(); !st.ok()) {
      ans.reset();
      return st.error();
    }
    if (sqlite3_changes64(writer_.get()) > 0) {
      ++it->second.second;
      ++stored;
    }
  }
  for (const auto& [id, counts] : orders) {
    const auto& [nummer, answered] = counts;
    if (answered == 0) continue;
    Statement& upd = s.count_answered;
    upd.bind(1, nummer);
    upd.bind(2, answered);
    upd.bind(3, now_ms);
    if (Status st = upd.run(); !st.ok()) {
      upd.reset();
      return st.error();
    }
  }
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return stored;
}

Result<std::optional<AnswerPage>> SqliteOrderStore::answers(std::string_view aktors_id,
                                                            std::string_view id,
                                                            std::int64_t after_row, int limit) {
  std::lock_guard lock(read_mutex_);
  Statements& s = *stmts_;
  // One read transaction: the order and its lines from the same snapshot.
  auto tx = Transaction::begin(reader_, "DEFERRED");
  if (!tx.ok()) return tx.error();
  auto stored = find_owned(s.find_order, aktors_id, id);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<AnswerPage>{};
  AnswerPage page;
  page.next_after_row = std::max<std::int64_t>(after_row, 0);
  if (limit > 0) {
    Statement& rows = s.page;
    ResetOnExit reset(rows);
    rows.bind(1, (*stored)->nummer);
    rows.bind(2, page.next_after_row);
    rows.bind(3, std::int64_t{limit});
    for (;;) {
      auto row = rows.step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto status = parse_order_row_status(rows.column_text(2));
      if (!status) return corrupt("bestallning_rad.status", rows.column_text(2));
      // Lines are answered out of order by parallel workers; stopping at the first open line
      // keeps "everything up to next_after_row is final", which makes the cursor safe.
      if (*status == OrderRowStatus::kVantar) break;
      OrderAnswer a;
      a.rad = rows.column_int64(0);
      a.personnummer = rows.column_string(1);
      a.status = *status;
      if (!rows.column_is_null(3)) {
        auto utfall = parse_answer_outcome(rows.column_text(3));
        if (!utfall) return corrupt("bestallning_rad.utfall", rows.column_text(3));
        a.utfall = *utfall;
      }
      a.svar = rows.column_string(4);
      a.felkod = rows.column_string(5);
      a.felmeddelande = rows.column_string(6);
      a.acknowledged = !rows.column_is_null(7);
      page.next_after_row = a.rad;
      page.answers.push_back(std::move(a));
    }
  }
  page.end = page.next_after_row >= (*stored)->order.counts.total;
  return std::optional<AnswerPage>{std::move(page)};
}

Result<std::optional<std::int64_t>> SqliteOrderStore::acknowledge(std::string_view aktors_id,
                                                                  std::string_view id,
                                                                  std::int64_t up_to_row,
                                                                  std::int64_t now_ms) {
  std::lock_guard lock(write_mutex_);
  Statements& s = *stmts_;
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  auto stored = find_owned(s.find_for_writer, aktors_id, id);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<std::int64_t>{};
  const std::int64_t nummer = (*stored)->nummer;
  Statement& ack = s.acknowledge_lines;
  ack.bind(1, nummer);
  ack.bind(2, up_to_row);
  ack.bind(3, now_ms);
  if (Status st = ack.run(); !st.ok()) {
    ack.reset();
    return st.error();
  }
  const std::int64_t marked = sqlite3_changes64(writer_.get());
  if (marked > 0) {
    Statement& count = s.count_acknowledged;
    count.bind(1, nummer);
    count.bind(2, marked);
    if (Status st = count.run(); !st.ok()) {
      count.reset();
      return st.error();
    }
  }
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return std::optional<std::int64_t>{marked};
}

Result<bool> SqliteOrderStore::fail(std::string_view id, std::string_view felmeddelande,
                                    std::int64_t now_ms) {
  std::lock_guard lock(write_mutex_);
  Statements& s = *stmts_;
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  std::int64_t nummer = 0;
  {
    Statement& f = s.fail_order;
    ResetOnExit reset(f);
    f.bind(1, id);
    f.bind(2, now_ms);
    f.bind(3, felmeddelande);
    auto row = f.step();
    if (!row.ok()) return row.error();
    if (!*row) return false;
    nummer = f.column_int64(0);
    // RETURNING rows must be stepped to the end before the change is complete.
    auto more = f.step();
    if (!more.ok()) return more.error();
  }
  Statement& abort = s.abort_lines;
  abort.bind(1, nummer);
  abort.bind(2, felmeddelande);
  if (Status st = abort.run(); !st.ok()) {
    abort.reset();
    return st.error();
  }
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return true;
}

Result<std::int64_t> SqliteOrderStore::purge(std::int64_t older_than_ms) {
  std::lock_guard lock(write_mutex_);
  Statements& s = *stmts_;
  auto tx = Transaction::begin(writer_, "IMMEDIATE");
  if (!tx.ok()) return tx.error();
  // Lines first, in one statement, rather than one cascade per order.
  s.purge_lines.bind(1, older_than_ms);
  if (Status st = s.purge_lines.run(); !st.ok()) {
    s.purge_lines.reset();
    return st.error();
  }
  s.purge_orders.bind(1, older_than_ms);
  if (Status st = s.purge_orders.run(); !st.ok()) {
    s.purge_orders.reset();
    return st.error();
  }
  const std::int64_t deleted = sqlite3_changes64(writer_.get());
  if (Status st = tx->commit(); !st.ok()) return st.error();
  return deleted;
}

}  // namespace utbyte::store::sqlite
