#include "store/postgres/pg_register_loader.h"

#include "store/postgres/pg_schema.h"
#include "store/record_codes.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::size_t kFlushBytes = 8 << 20;

// 'YYYY-MM-DD' without fmt: the bulk load formats tens of millions of dates.
void append_date(std::string& out, Date date) {
  char text[10];
  int y = static_cast<int>(date.year());
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  for (int i = 3; i >= 0; --i, y /= 10) text[i] = static_cast<char>('0' + y % 10);
  text[4] = '-';
  text[5] = static_cast<char>('0' + m / 10);
  text[6] = static_cast<char>('0' + m % 10);
  text[7] = '-';
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  out.append(text, sizeof text);
}

void field(std::string& out, std::string_view value) {
  append_copy_field(out, value);
  out.push_back('\t');
}
void date_field(std::string& out, Date value) {
  append_date(out, value);
  out.push_back('\t');
}
void int_field(std::string& out, std::int64_t value) {
  out += std::to_string(value);
  out.push_back('\t');
}
void null_field(std::string& out) {
  append_copy_null(out);
  out.push_back('\t');
}
// Replaces the last field's tab by the end of the row.
void end_row(std::string& out) { out.back() = '\n'; }

}  // namespace

Result<std::unique_ptr<PgRegisterLoader>> PgRegisterLoader::open(const std::string& url) {
  auto conn = Connection::open(url);
  if (!conn.ok()) return conn.error();
  if (Status s = migrate(**conn); !s.ok()) return s.error();
  auto tx = Transaction::begin(**conn);
  if (!tx.ok()) return tx.error();
  // TRUNCATE takes an ACCESS EXCLUSIVE lock: queries of running instances wait for the commit
  // and then see the new register, never a half-loaded one.
  if (Status s = (*conn)->exec("TRUNCATE person, beslut, utbetalning, register_meta"); !s.ok()) {
    return s.error();
  }
  return std::unique_ptr<PgRegisterLoader>(
      new PgRegisterLoader(std::move(conn).value(), std::move(tx).value()));
}

Status PgRegisterLoader::insert_person(const PersonRecord& p) {
  std::string& out = persons_;
  field(out, p.personnummer);
  field(out, p.fornamn);
  field(out, p.efternamn);
  date_field(out, p.fodelsedatum);
  field(out, kon_code(p.kon));
  field(out, p.samordningsnummer ? "t" : "f");
  field(out, p.skyddad_identitet ? "t" : "f");
  if (p.avliden) {
    date_field(out, *p.avliden);
  } else {
    null_field(out);
  }
  field(out, p.adress.utdelningsadress);
  field(out, p.adress.postnummer);
  field(out, p.adress.postort);
  end_row(out);
  return flush_if_full();
}

Status PgRegisterLoader::insert_decision(const std::string& personnummer, const DecisionRecord& d) {
  std::string& out = decisions_;
  field(out, personnummer);
  field(out, domain::to_string(d.type));
  date_field(out, d.from);
  field(out, d.beslut_id);
  field(out, domain::to_string(d.myndighet));
  date_field(out, d.beslutsdatum);
  if (d.tom) {
    date_field(out, *d.tom);
  } else {
    null_field(out);
  }
  field(out, d.omfattning);
  if (d.belopp) {
    int_field(out, *d.belopp);
  } else {
    null_field(out);
  }
  if (d.period) {
    field(out, to_string(*d.period));
  } else {
    null_field(out);
  }
  field(out, to_string(d.status));
  field(out, d.beskrivning);
  end_row(out);
  return flush_if_full();
}

Status PgRegisterLoader::insert_payment(const std::string& personnummer, const PaymentRecord& p) {
  std::string& out = payments_;
  field(out, personnummer);
  date_field(out, p.utbetalningsdatum);
  field(out, domain::to_string(p.type));
  field(out, p.utbetalnings_id);
  field(out, domain::to_string(p.myndighet));
  field(out, p.foretag);
  date_field(out, p.period_from);
  date_field(out, p.period_tom);
  int_field(out, p.bruttobelopp);
  int_field(out, p.skatteavdrag);
  int_field(out, p.nettobelopp);
  field(out, p.beloppstyp);
  field(out, to_string(p.status));
  end_row(out);
  return flush_if_full();
}

Status PgRegisterLoader::put_meta(const std::string& key, const std::string& value) {
  return conn_
      ->query(
          "INSERT INTO register_meta (key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          Params().add(key).add(value))
      .status();
}

Status PgRegisterLoader::flush_if_full() {
  if (persons_.size() + decisions_.size() + payments_.size() < kFlushBytes) {
    return Status::ok_status();
  }
  return flush();
}

Status PgRegisterLoader::flush() {
  const std::pair<std::string*, std::string_view> tables[] = {
      {&persons_,
       "COPY person (personnummer, fornamn, efternamn, fodelsedatum, kon, samordningsnummer, "
       "skyddad_identitet, avliden, utdelningsadress, postnummer, postort) FROM STDIN"},
      {&decisions_,
       "COPY beslut (personnummer, informationstyp, from_datum, beslut_id, myndighet, "
       "beslutsdatum, tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning) "
       "FROM STDIN"},
      {&payments_,
       "COPY utbetalning (personnummer, utbetalningsdatum, informationstyp, utbetalnings_id, "
       "myndighet, foretag, period_from, period_tom, bruttobelopp, skatteavdrag, nettobelopp, "
       "beloppstyp, status) FROM STDIN"},
  };
  for (const auto& [buffer, sql] : tables) {
    if (buffer->empty()) continue;
    if (Status s = conn_->copy_in(sql, *buffer); !s.ok()) return s;
    buffer->clear();
  }
  return Status::ok_status();
}

Status PgRegisterLoader::commit() {
  if (Status s = flush(); !s.ok()) return s;
  if (Status s = tx_.commit(); !s.ok()) return s;
  // Fresh statistics, so the planner uses the primary keys from the first query on.
  return conn_->exec("ANALYZE person, beslut, utbetalning");
}

}  // namespace utbyte::store::postgres
