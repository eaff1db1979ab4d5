#include "store/sqlite/register_editor.h"

#include <fmt/format.h>

#include "store/record_codes.h"
#include "store/sqlite/schema.h"

namespace utbyte::store::sqlite {
namespace {

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError, fmt::format("Registret innehåller ett ogiltigt "
                                                        "värde i {}: '{}'",
                                                        what, value.substr(0, 40)));
}

Result<Date> date_column(const Statement& stmt, int column, std::string_view what) {
  auto date = domain::parse_date(stmt.column_text(column));
  if (!date.ok()) return corrupt(what, stmt.column_text(column));
  return *date;
}

void bind_decision_key(Statement& stmt, const StoredDecision& d) {
  stmt.bind(1, d.personnummer);
  stmt.bind(2, domain::to_string(d.decision.type));
  stmt.bind(3, domain::format_date(d.decision.from));
  stmt.bind(4, d.decision.beslut_id);
}

void bind_payment_key(Statement& stmt, const PreliminaryPayment& p) {
  stmt.bind(1, p.personnummer);
  stmt.bind(2, domain::format_date(p.utbetalningsdatum));
  stmt.bind(3, domain::to_string(p.type));
  stmt.bind(4, p.utbetalnings_id);
}

}  // namespace

struct SqliteRegisterEditor::Statements {
  Statement pay;
  Statement set_tom;
  Statement set_status;
  Statement delete_payment;
  Statement died;
};

SqliteRegisterEditor::SqliteRegisterEditor(Connection conn) : conn_(std::move(conn)) {}

SqliteRegisterEditor::~SqliteRegisterEditor() {
  stmts_.reset();
  writer_.reset();
  log_.reset();
  tx_.reset();  // rolls back unless committed
}

Result<std::unique_ptr<SqliteRegisterEditor>> SqliteRegisterEditor::open(const std::string& path) {
  auto conn = Connection::open(path, /*create=*/false);
  if (!conn.ok()) return conn.error();
  if (Status s = migrate(*conn); !s.ok()) return s.error();
  auto editor =
      std::unique_ptr<SqliteRegisterEditor>(new SqliteRegisterEditor(std::move(conn).value()));
  if (Status s = editor->begin(); !s.ok()) return s.error();
  return editor;
}

Status SqliteRegisterEditor::begin() {
  auto tx = Transaction::begin(conn_, "IMMEDIATE");
  if (!tx.ok()) return tx.status();
  tx_.emplace(std::move(tx).value());
  auto writer = RegisterWriter::create(conn_);
  if (!writer.ok()) return writer.status();
  writer_.emplace(std::move(writer).value());
  auto log = ChangeLogWriter::create(conn_);
  if (!log.ok()) return log.status();
  log_.emplace(std::move(log).value());
  const char* sql[] = {
      "UPDATE utbetalning SET status = 'UTBETALD' WHERE personnummer = ?1 AND "
      "utbetalningsdatum = ?2 AND informationstyp = ?3 AND utbetalnings_id = ?4",
      "UPDATE beslut SET tom_datum = ?5 WHERE personnummer = ?1 AND "
      "informationstyp = ?2 AND from_datum = ?3 AND beslut_id = ?4",
      "UPDATE beslut SET status = ?5 WHERE personnummer = ?1 AND "
      "informationstyp = ?2 AND from_datum = ?3 AND beslut_id = ?4",
      "DELETE FROM utbetalning WHERE personnummer = ?1 AND utbetalningsdatum = ?2 AND "
      "informationstyp = ?3 AND utbetalnings_id = ?4",
      "UPDATE person SET avliden = ?2 WHERE personnummer = ?1 AND avliden IS NULL",
  };
  std::vector<Statement> prepared;
  for (const char* text : sql) {
    auto stmt = conn_.prepare(text);
    if (!stmt.ok()) return stmt.status();
    prepared.push_back(std::move(stmt).value());
  }
  stmts_ = std::make_unique<Statements>(Statements{std::move(prepared[0]), std::move(prepared[1]),
                                                   std::move(prepared[2]), std::move(prepared[3]),
                                                   std::move(prepared[4])});
  return Status::ok_status();
}

Result<std::optional<Date>> SqliteRegisterEditor::as_of() {
  auto meta = conn_.prepare("SELECT value FROM register_meta WHERE key = 'as_of'");
  if (!meta.ok()) return meta.error();
  auto row = meta->step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Date>{};
  auto parsed = domain::parse_date(meta->column_text(0));
  if (!parsed.ok()) return std::optional<Date>{};
  return std::optional<Date>{*parsed};
}

Result<std::vector<StoredDecision>> SqliteRegisterEditor::live_decisions(Date since) {
  // The primary key orders the rows by personnummer, type, from-date, beslut_id.
  auto stmt = conn_.prepare(
      "SELECT personnummer, informationstyp, from_datum, beslut_id, myndighet, beslutsdatum, "
      "tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning FROM beslut "
      "WHERE status IN ('BEVILJAD', 'SPARRAD') AND (tom_datum IS NULL OR tom_datum >= ?1)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, domain::format_date(since));
  std::vector<StoredDecision> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    StoredDecision a;
    a.personnummer = stmt->column_string(0);
    DecisionRecord& d = a.decision;
    auto type = domain::parse_information_type(stmt->column_text(1));
    if (!type) return corrupt("beslut.informationstyp", stmt->column_text(1));
    d.type = *type;
    auto from = date_column(*stmt, 2, "beslut.from_datum");
    if (!from.ok()) return from.error();
    d.from = *from;
    d.beslut_id = stmt->column_string(3);
    auto myndighet = parse_myndighet(stmt->column_text(4));
    if (!myndighet) return corrupt("beslut.myndighet", stmt->column_text(4));
    d.myndighet = *myndighet;
    auto decided = date_column(*stmt, 5, "beslut.beslutsdatum");
    if (!decided.ok()) return decided.error();
    d.beslutsdatum = *decided;
    if (!stmt->column_is_null(6)) {
      auto tom = date_column(*stmt, 6, "beslut.tom_datum");
      if (!tom.ok()) return tom.error();
      d.tom = *tom;
    }
    d.omfattning = stmt->column_string(7);
    if (!stmt->column_is_null(8)) d.belopp = stmt->column_int64(8);
    if (!stmt->column_is_null(9)) d.period = parse_beloppsperiod(stmt->column_text(9));
    auto status = parse_beslut_status(stmt->column_text(10));
    if (!status) return corrupt("beslut.status", stmt->column_text(10));
    d.status = *status;
    d.beskrivning = stmt->column_string(11);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<PreliminaryPayment>> SqliteRegisterEditor::preliminary_payments() {
  auto stmt = conn_.prepare(
      "SELECT personnummer, utbetalningsdatum, period_from, informationstyp, myndighet, "
      "utbetalnings_id FROM utbetalning WHERE status = 'PRELIMINAR' "
      "ORDER BY utbetalningsdatum, personnummer");
  if (!stmt.ok()) return stmt.error();
  std::vector<PreliminaryPayment> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    PreliminaryPayment p;
    p.personnummer = stmt->column_string(0);
    auto paid = date_column(*stmt, 1, "utbetalning.utbetalningsdatum");
    if (!paid.ok()) return paid.error();
    p.utbetalningsdatum = *paid;
    auto from = date_column(*stmt, 2, "utbetalning.period_from");
    if (!from.ok()) return from.error();
    p.period_from = *from;
    auto type = domain::parse_information_type(stmt->column_text(3));
    if (!type) return corrupt("utbetalning.informationstyp", stmt->column_text(3));
    p.type = *type;
    auto myndighet = parse_myndighet(stmt->column_text(4));
    if (!myndighet) return corrupt("utbetalning.myndighet", stmt->column_text(4));
    p.myndighet = *myndighet;
    p.utbetalnings_id = stmt->column_string(5);
    out.push_back(std::move(p));
  }
  return out;
}

Status SqliteRegisterEditor::mark_paid(const PreliminaryPayment& payment) {
  bind_payment_key(stmts_->pay, payment);
  return stmts_->pay.run();
}

Status SqliteRegisterEditor::delete_payment(const PreliminaryPayment& payment) {
  bind_payment_key(stmts_->delete_payment, payment);
  return stmts_->delete_payment.run();
}

Status SqliteRegisterEditor::set_decision_tom(const StoredDecision& decision, Date tom) {
  bind_decision_key(stmts_->set_tom, decision);
  stmts_->set_tom.bind(5, domain::format_date(tom));
  return stmts_->set_tom.run();
}

Status SqliteRegisterEditor::set_decision_status(const StoredDecision& decision,
                                                 BeslutStatus status) {
  bind_decision_key(stmts_->set_status, decision);
  stmts_->set_status.bind(5, to_string(status));
  return stmts_->set_status.run();
}

Result<bool> SqliteRegisterEditor::mark_died(const std::string& personnummer, Date day) {
  stmts_->died.bind(1, personnummer);
  stmts_->died.bind(2, domain::format_date(day));
  if (Status s = stmts_->died.run(); !s.ok()) return s.error();
  return sqlite3_changes(conn_.get()) > 0;
}

Status SqliteRegisterEditor::commit() {
  stmts_.reset();
  writer_.reset();
  log_.reset();
  Status s = tx_->commit();
  tx_.reset();
  return s;
}

}  // namespace utbyte::store::sqlite
