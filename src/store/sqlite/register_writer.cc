#include "store/sqlite/register_writer.h"

#include "domain/date.h"
#include "store/record_codes.h"

namespace utbyte::store::sqlite {

namespace {

// format_date() without fmt: the bulk generator formats tens of millions of dates.
struct DateText {
  char text[10];
  std::string_view view() const { return {text, sizeof text}; }
};

DateText format_date(Date date) {
  DateText out;
  int y = static_cast<int>(date.year());
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  for (int i = 3; i >= 0; --i, y /= 10) out.text[i] = static_cast<char>('0' + y % 10);
  out.text[4] = '-';
  out.text[5] = static_cast<char>('0' + m / 10);
  out.text[6] = static_cast<char>('0' + m % 10);
  out.text[7] = '-';
  out.text[8] = static_cast<char>('0' + d / 10);
  out.text[9] = static_cast<char>('0' + d % 10);
  return out;
}

}  // namespace

Result<RegisterWriter> RegisterWriter::create(Connection& conn) {
  auto person = conn.prepare(
      "INSERT INTO person (personnummer, fornamn, efternamn, fodelsedatum, kon, "
      "samordningsnummer, skyddad_identitet, avliden, utdelningsadress, postnummer, postort) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!person.ok()) return person.error();
  auto decision = conn.prepare(
      "INSERT INTO beslut (personnummer, informationstyp, from_datum, beslut_id, myndighet, "
      "beslutsdatum, tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!decision.ok()) return decision.error();
  auto payment = conn.prepare(
      "INSERT INTO utbetalning (personnummer, utbetalningsdatum, informationstyp, "
      "utbetalnings_id, myndighet, foretag, period_from, period_tom, bruttobelopp, skatteavdrag, "
      "nettobelopp, beloppstyp, status) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!payment.ok()) return payment.error();
  auto meta = conn.prepare("INSERT OR REPLACE INTO register_meta (key, value) VALUES (?1, ?2)");
  if (!meta.ok()) return meta.error();
  return RegisterWriter(std::move(person).value(), std::move(decision).value(),
                        std::move(payment).value(), std::move(meta).value());
}

Status RegisterWriter::insert_person(const PersonRecord& p) {
  person_.bind(1, p.personnummer);
  person_.bind(2, p.fornamn);
  person_.bind(3, p.efternamn);
  person_.bind(4, format_date(p.fodelsedatum).view());
  person_.bind(5, kon_code(p.kon));
  person_.bind(6, std::int64_t{p.samordningsnummer ? 1 : 0});
  person_.bind(7, std::int64_t{p.skyddad_identitet ? 1 : 0});
  if (p.avliden) {
    person_.bind(8, format_date(*p.avliden).view());
  } else {
    person_.bind_null(8);
  }
  person_.bind(9, p.adress.utdelningsadress);
  person_.bind(10, p.adress.postnummer);
  person_.bind(11, p.adress.postort);
  return person_.run();
}

Status RegisterWriter::insert_decision(const std::string& personnummer, const DecisionRecord& d) {
  decision_.bind(1, personnummer);
  decision_.bind(2, domain::to_string(d.type));
  decision_.bind(3, format_date(d.from).view());
  decision_.bind(4, d.beslut_id);
  decision_.bind(5, domain::to_string(d.myndighet));
  decision_.bind(6, format_date(d.beslutsdatum).view());
  if (d.tom) {
    decision_.bind(7, format_date(*d.tom).view());
  } else {
    decision_.bind_null(7);
  }
  decision_.bind(8, d.omfattning);
  decision_.bind(9, d.belopp);
  if (d.period) {
    decision_.bind(10, to_string(*d.period));
  } else {
    decision_.bind_null(10);
  }
  decision_.bind(11, to_string(d.status));
  decision_.bind(12, d.beskrivning);
  return decision_.run();
}

Status RegisterWriter::insert_payment(const std::string& personnummer, const PaymentRecord& p) {
  payment_.bind(1, personnummer);
  payment_.bind(2, format_date(p.utbetalningsdatum).view());
  payment_.bind(3, domain::to_string(p.type));
  payment_.bind(4, p.utbetalnings_id);
  payment_.bind(5, domain::to_string(p.myndighet));
  payment_.bind(6, p.foretag);
  payment_.bind(7, format_date(p.period_from).view());
  payment_.bind(8, format_date(p.period_tom).view());
  payment_.bind(9, p.bruttobelopp);
  payment_.bind(10, p.skatteavdrag);
  payment_.bind(11, p.nettobelopp);
  payment_.bind(12, p.beloppstyp);
  payment_.bind(13, to_string(p.status));
  return payment_.run();
}

Status RegisterWriter::put_meta(const std::string& key, const std::string& value) {
  meta_.bind(1, key);
  meta_.bind(2, value);
  return meta_.run();
}

}  // namespace utbyte::store::sqlite
