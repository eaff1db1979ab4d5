#include "store/postgres/pg_register_store.h"

#include <algorithm>
#include <bitset>
#include <cstdlib>

#include <fmt/format.h>

#include "store/record_codes.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::size_t kTypeCount = static_cast<std::size_t>(InformationType::kPersonuppgifter) + 1;
using TypeSet = std::bitset<kTypeCount>;

TypeSet to_type_set(std::span<const InformationType> types) {
  TypeSet set;
  for (auto t : types) set.set(static_cast<std::size_t>(t));
  return set;
}

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(
      ErrorCode::kStoreError,
      fmt::format("Registret innehåller ett ogiltigt värde i {}: '{}'", what, value.substr(0, 40)));
}

Result<Date> date_at(const Rows& rows, int row, int column, std::string_view what) {
  auto date = domain::parse_date(rows.text(row, column));
  if (!date.ok()) return corrupt(what, rows.text(row, column));
  return *date;
}

Result<std::optional<Date>> optional_date_at(const Rows& rows, int row, int column,
                                             std::string_view what) {
  if (rows.is_null(row, column)) return std::optional<Date>{};
  auto date = date_at(rows, row, column, what);
  if (!date.ok()) return date.error();
  return std::optional<Date>{*date};
}

}  // namespace

Result<std::optional<PersonRecord>> PgRegisterStore::find_person(const std::string& personnummer) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT personnummer, fornamn, efternamn, fodelsedatum, kon, samordningsnummer, "
      "skyddad_identitet, avliden, utdelningsadress, postnummer, postort "
      "FROM person WHERE personnummer = $1",
      Params().add(personnummer));
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<PersonRecord>{};
  const Rows& r = *rows;
  PersonRecord p;
  p.personnummer = r.string(0, 0);
  p.fornamn = r.string(0, 1);
  p.efternamn = r.string(0, 2);
  auto born = date_at(r, 0, 3, "person.fodelsedatum");
  if (!born.ok()) return born.error();
  p.fodelsedatum = *born;
  auto kon = parse_kon(r.text(0, 4));
  if (!kon) return corrupt("person.kon", r.text(0, 4));
  p.kon = *kon;
  p.samordningsnummer = r.boolean(0, 5);
  p.skyddad_identitet = r.boolean(0, 6);
  auto died = optional_date_at(r, 0, 7, "person.avliden");
  if (!died.ok()) return died.error();
  p.avliden = *died;
  p.adress.utdelningsadress = r.string(0, 8);
  p.adress.postnummer = r.string(0, 9);
  p.adress.postort = r.string(0, 10);
  return std::optional<PersonRecord>{std::move(p)};
}

Result<std::vector<DecisionRecord>> PgRegisterStore::find_decisions(
    const std::string& personnummer, std::span<const InformationType> types,
    domain::DateRange range) {
  const TypeSet wanted = to_type_set(types);
  std::vector<DecisionRecord> out;
  if (wanted.none()) return out;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // As in SQLite: every decision overlapping the range; type filter and order in C++.
  auto rows = (*conn)->query(
      "SELECT informationstyp, from_datum, beslut_id, myndighet, beslutsdatum, tom_datum, "
      "omfattning, belopp, beloppsperiod, status, beskrivning FROM beslut "
      "WHERE personnummer = $1 AND from_datum <= $3 AND (tom_datum IS NULL OR tom_datum >= $2)",
      Params()
          .add(personnummer)
          .add(domain::format_date(range.from))
          .add(domain::format_date(range.tom)));
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  for (int i = 0; i < r.size(); ++i) {
    auto type = domain::parse_information_type(r.text(i, 0));
    if (!type) return corrupt("beslut.informationstyp", r.text(i, 0));
    if (!wanted.test(static_cast<std::size_t>(*type))) continue;
    DecisionRecord d;
    d.type = *type;
    auto from = date_at(r, i, 1, "beslut.from_datum");
    if (!from.ok()) return from.error();
    d.from = *from;
    d.beslut_id = r.string(i, 2);
    auto myndighet = parse_myndighet(r.text(i, 3));
    if (!myndighet) return corrupt("beslut.myndighet", r.text(i, 3));
    d.myndighet = *myndighet;
    auto decided = date_at(r, i, 4, "beslut.beslutsdatum");
    if (!decided.ok()) return decided.error();
    d.beslutsdatum = *decided;
    auto tom = optional_date_at(r, i, 5, "beslut.tom_datum");
    if (!tom.ok()) return tom.error();
    d.tom = *tom;
    d.omfattning = r.string(i, 6);
    d.belopp = r.optional_int64(i, 7);
    if (!r.is_null(i, 8)) {
      auto period = parse_beloppsperiod(r.text(i, 8));
      if (!period) return corrupt("beslut.beloppsperiod", r.text(i, 8));
      d.period = *period;
    }
    auto status = parse_beslut_status(r.text(i, 9));
    if (!status) return corrupt("beslut.status", r.text(i, 9));
    d.status = *status;
    d.beskrivning = r.string(i, 10);
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const DecisionRecord& a, const DecisionRecord& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.from != b.from) return a.from < b.from;
    return a.beslut_id < b.beslut_id;
  });
  return out;
}

Result<std::vector<PaymentRecord>> PgRegisterStore::find_payments(
    const std::string& personnummer, std::span<const InformationType> types,
    domain::DateRange range) {
  const TypeSet wanted = to_type_set(types);
  std::vector<PaymentRecord> out;
  if (wanted.none()) return out;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT utbetalningsdatum, informationstyp, utbetalnings_id, myndighet, foretag, "
      "period_from, period_tom, bruttobelopp, skatteavdrag, nettobelopp, beloppstyp, status "
      "FROM utbetalning WHERE personnummer = $1 AND utbetalningsdatum BETWEEN $2 AND $3",
      Params()
          .add(personnummer)
          .add(domain::format_date(range.from))
          .add(domain::format_date(range.tom)));
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  for (int i = 0; i < r.size(); ++i) {
    auto type = domain::parse_information_type(r.text(i, 1));
    if (!type) return corrupt("utbetalning.informationstyp", r.text(i, 1));
    if (!wanted.test(static_cast<std::size_t>(*type))) continue;
    PaymentRecord p;
    p.type = *type;
    auto paid = date_at(r, i, 0, "utbetalning.utbetalningsdatum");
    if (!paid.ok()) return paid.error();
    p.utbetalningsdatum = *paid;
    p.utbetalnings_id = r.string(i, 2);
    auto myndighet = parse_myndighet(r.text(i, 3));
    if (!myndighet) return corrupt("utbetalning.myndighet", r.text(i, 3));
    p.myndighet = *myndighet;
    p.foretag = r.string(i, 4);
    auto from = date_at(r, i, 5, "utbetalning.period_from");
    if (!from.ok()) return from.error();
    p.period_from = *from;
    auto tom = date_at(r, i, 6, "utbetalning.period_tom");
    if (!tom.ok()) return tom.error();
    p.period_tom = *tom;
    p.bruttobelopp = r.int64(i, 7);
    p.skatteavdrag = r.int64(i, 8);
    p.nettobelopp = r.int64(i, 9);
    p.beloppstyp = r.string(i, 10);
    auto status = parse_utbetalning_status(r.text(i, 11));
    if (!status) return corrupt("utbetalning.status", r.text(i, 11));
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

Result<RegisterInfo> PgRegisterStore::register_info() {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("SELECT key, value FROM register_meta");
  if (!rows.ok()) return rows.error();
  if (rows->empty()) {
    return make_error(ErrorCode::kStoreError,
                      "Databasen innehåller inget register (register_meta är tom); skapa det "
                      "med 'utbyte register generate'");
  }
  RegisterInfo info;
  for (int i = 0; i < rows->size(); ++i) {
    const std::string_view key = rows->text(i, 0);
    const std::string value = rows->string(i, 1);
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
  return info;
}

}  // namespace utbyte::store::postgres
