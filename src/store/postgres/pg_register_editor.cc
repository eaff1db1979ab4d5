#include "store/postgres/pg_register_editor.h"

#include <fmt/format.h>

#include "store/postgres/pg_schema.h"
#include "store/record_codes.h"

namespace utbyte::store::postgres {
namespace {

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError, fmt::format("Registret innehåller ett ogiltigt "
                                                        "värde i {}: '{}'",
                                                        what, value.substr(0, 40)));
}

Result<Date> date_at(const Rows& r, int i, int column, std::string_view what) {
  auto date = domain::parse_date(r.text(i, column));
  if (!date.ok()) return corrupt(what, r.text(i, column));
  return *date;
}

Params decision_key(const StoredDecision& d) {
  Params p;
  p.add(d.personnummer)
      .add(domain::to_string(d.decision.type))
      .add(domain::format_date(d.decision.from))
      .add(d.decision.beslut_id);
  return p;
}

Params payment_key(const PreliminaryPayment& p) {
  Params params;
  params.add(p.personnummer)
      .add(domain::format_date(p.utbetalningsdatum))
      .add(domain::to_string(p.type))
      .add(p.utbetalnings_id);
  return params;
}

}  // namespace

Result<std::unique_ptr<PgRegisterEditor>> PgRegisterEditor::open(const std::string& url) {
  auto conn = Connection::open(url);
  if (!conn.ok()) return conn.error();
  if (Status s = migrate(**conn); !s.ok()) return s.error();
  auto tx = Transaction::begin(**conn);
  if (!tx.ok()) return tx.error();
  if (Status s = (*conn)->exec("LOCK TABLE register_andring IN EXCLUSIVE MODE"); !s.ok()) {
    return s.error();
  }
  auto last = (*conn)->query_int("SELECT coalesce(max(seq), 0) FROM register_andring");
  if (!last.ok()) return last.error();
  return std::unique_ptr<PgRegisterEditor>(
      new PgRegisterEditor(std::move(conn).value(), std::move(tx).value(), *last));
}

Status PgRegisterEditor::insert_person(const PersonRecord& p) {
  Params params;
  params.add(p.personnummer)
      .add(p.fornamn)
      .add(p.efternamn)
      .add(domain::format_date(p.fodelsedatum))
      .add(kon_code(p.kon))
      .add(p.samordningsnummer)
      .add(p.skyddad_identitet);
  if (p.avliden) {
    params.add(domain::format_date(*p.avliden));
  } else {
    params.add_null();
  }
  params.add(p.adress.utdelningsadress).add(p.adress.postnummer).add(p.adress.postort);
  return conn_
      ->query(
          "INSERT INTO person (personnummer, fornamn, efternamn, fodelsedatum, kon, "
          "samordningsnummer, skyddad_identitet, avliden, utdelningsadress, postnummer, postort) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          params)
      .status();
}

Status PgRegisterEditor::insert_decision(const std::string& personnummer, const DecisionRecord& d) {
  Params params;
  params.add(personnummer)
      .add(domain::to_string(d.type))
      .add(domain::format_date(d.from))
      .add(d.beslut_id)
      .add(domain::to_string(d.myndighet))
      .add(domain::format_date(d.beslutsdatum));
  if (d.tom) {
    params.add(domain::format_date(*d.tom));
  } else {
    params.add_null();
  }
  params.add(d.omfattning).add(d.belopp);
  if (d.period) {
    params.add(to_string(*d.period));
  } else {
    params.add_null();
  }
  params.add(to_string(d.status)).add(d.beskrivning);
  return conn_
      ->query(
          "INSERT INTO beslut (personnummer, informationstyp, from_datum, beslut_id, myndighet, "
          "beslutsdatum, tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          params)
      .status();
}

Status PgRegisterEditor::insert_payment(const std::string& personnummer, const PaymentRecord& p) {
  return conn_
      ->query(
          "INSERT INTO utbetalning (personnummer, utbetalningsdatum, informationstyp, "
          "utbetalnings_id, myndighet, foretag, period_from, period_tom, bruttobelopp, "
          "skatteavdrag, nettobelopp, beloppstyp, status) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          Params()
              .add(personnummer)
              .add(domain::format_date(p.utbetalningsdatum))
              .add(domain::to_string(p.type))
              .add(p.utbetalnings_id)
              .add(domain::to_string(p.myndighet))
              .add(p.foretag)
              .add(domain::format_date(p.period_from))
              .add(domain::format_date(p.period_tom))
              .add(p.bruttobelopp)
              .add(p.skatteavdrag)
              .add(p.nettobelopp)
              .add(p.beloppstyp)
              .add(to_string(p.status)))
      .status();
}

Status PgRegisterEditor::put_meta(const std::string& key, const std::string& value) {
  return conn_
      ->query(
          "INSERT INTO register_meta (key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          Params().add(key).add(value))
      .status();
}

Result<std::optional<Date>> PgRegisterEditor::as_of() {
  auto rows = conn_->query("SELECT value FROM register_meta WHERE key = 'as_of'");
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<Date>{};
  auto parsed = domain::parse_date(rows->text(0, 0));
  if (!parsed.ok()) return std::optional<Date>{};
  return std::optional<Date>{*parsed};
}

Result<std::vector<StoredDecision>> PgRegisterEditor::live_decisions(Date since) {
  auto rows = conn_->query(
      "SELECT personnummer, informationstyp, from_datum, beslut_id, myndighet, beslutsdatum, "
      "tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning FROM beslut "
      "WHERE status IN ('BEVILJAD', 'SPARRAD') AND (tom_datum IS NULL OR tom_datum >= $1) "
      "ORDER BY personnummer, informationstyp, from_datum, beslut_id",
      Params().add(domain::format_date(since)));
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  std::vector<StoredDecision> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    StoredDecision a;
    a.personnummer = r.string(i, 0);
    DecisionRecord& d = a.decision;
    auto type = domain::parse_information_type(r.text(i, 1));
    if (!type) return corrupt("beslut.informationstyp", r.text(i, 1));
    d.type = *type;
    auto from = date_at(r, i, 2, "beslut.from_datum");
    if (!from.ok()) return from.error();
    d.from = *from;
    d.beslut_id = r.string(i, 3);
    auto myndighet = parse_myndighet(r.text(i, 4));
    if (!myndighet) return corrupt("beslut.myndighet", r.text(i, 4));
    d.myndighet = *myndighet;
    auto decided = date_at(r, i, 5, "beslut.beslutsdatum");
    if (!decided.ok()) return decided.error();
    d.beslutsdatum = *decided;
    if (!r.is_null(i, 6)) {
      auto tom = date_at(r, i, 6, "beslut.tom_datum");
      if (!tom.ok()) return tom.error();
      d.tom = *tom;
    }
    d.omfattning = r.string(i, 7);
    d.belopp = r.optional_int64(i, 8);
    if (!r.is_null(i, 9)) d.period = parse_beloppsperiod(r.text(i, 9));
    auto status = parse_beslut_status(r.text(i, 10));
    if (!status) return corrupt("beslut.status", r.text(i, 10));
    d.status = *status;
    d.beskrivning = r.string(i, 11);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<PreliminaryPayment>> PgRegisterEditor::preliminary_payments() {
  auto rows = conn_->query(
      "SELECT personnummer, utbetalningsdatum, period_from, informationstyp, myndighet, "
      "utbetalnings_id FROM utbetalning WHERE status = 'PRELIMINAR' "
      "ORDER BY utbetalningsdatum, personnummer, informationstyp, utbetalnings_id");
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  std::vector<PreliminaryPayment> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    PreliminaryPayment p;
    p.personnummer = r.string(i, 0);
    auto paid = date_at(r, i, 1, "utbetalning.utbetalningsdatum");
    if (!paid.ok()) return paid.error();
    p.utbetalningsdatum = *paid;
    auto from = date_at(r, i, 2, "utbetalning.period_from");
    if (!from.ok()) return from.error();
    p.period_from = *from;
    auto type = domain::parse_information_type(r.text(i, 3));
    if (!type) return corrupt("utbetalning.informationstyp", r.text(i, 3));
    p.type = *type;
    auto myndighet = parse_myndighet(r.text(i, 4));
    if (!myndighet) return corrupt("utbetalning.myndighet", r.text(i, 4));
    p.myndighet = *myndighet;
    p.utbetalnings_id = r.string(i, 5);
    out.push_back(std::move(p));
  }
  return out;
}

Status PgRegisterEditor::mark_paid(const PreliminaryPayment& payment) {
  return conn_
      ->query(
          "UPDATE utbetalning SET status = 'UTBETALD' WHERE personnummer = $1 AND "
          "utbetalningsdatum = $2 AND informationstyp = $3 AND utbetalnings_id = $4",
          payment_key(payment))
      .status();
}

Status PgRegisterEditor::delete_payment(const PreliminaryPayment& payment) {
  return conn_
      ->query(
          "DELETE FROM utbetalning WHERE personnummer = $1 AND utbetalningsdatum = $2 AND "
          "informationstyp = $3 AND utbetalnings_id = $4",
          payment_key(payment))
      .status();
}

Status PgRegisterEditor::set_decision_tom(const StoredDecision& decision, Date tom) {
  return conn_
      ->query(
          "UPDATE beslut SET tom_datum = $5 WHERE personnummer = $1 AND informationstyp = $2 "
          "AND from_datum = $3 AND beslut_id = $4",
          decision_key(decision).add(domain::format_date(tom)))
      .status();
}

Status PgRegisterEditor::set_decision_status(const StoredDecision& decision, BeslutStatus status) {
  return conn_
      ->query(
          "UPDATE beslut SET status = $5 WHERE personnummer = $1 AND informationstyp = $2 "
          "AND from_datum = $3 AND beslut_id = $4",
          decision_key(decision).add(to_string(status)))
      .status();
}

Result<bool> PgRegisterEditor::mark_died(const std::string& personnummer, Date day) {
  auto rows =
      conn_->query("UPDATE person SET avliden = $2 WHERE personnummer = $1 AND avliden IS NULL",
                   Params().add(personnummer).add(domain::format_date(day)));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

Status PgRegisterEditor::append_change(const RegisterChange& change) {
  return conn_
      ->query(
          "INSERT INTO register_andring (seq, personnummer, informationstyp, myndighet, "
          "handelse, handelsedatum, referens) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          Params()
              .add(++last_seq_)
              .add(change.personnummer)
              .add(domain::to_string(change.informationstyp))
              .add(domain::to_string(change.myndighet))
              .add(to_string(change.handelse))
              .add(domain::format_date(change.handelsedatum))
              .add(change.referens))
      .status();
}

Status PgRegisterEditor::commit() { return tx_.commit(); }

}  // namespace utbyte::store::postgres
