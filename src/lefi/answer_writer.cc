#include "lefi/answer_writer.h"

#include "domain/date.h"
#include "store/record_codes.h"

namespace utbyte::lefi {

using domain::format_date;

namespace {

void write_query_echo(JsonWriter& w, const LefiQuery& query) {
  w.key("fraga").begin_object().member("personnummer",
                                       std::string_view(query.personnummer.digits()));
  w.key("informationstyper").begin_array();
  for (auto t : query.informationstyper) w.value(domain::to_string(t));
  w.end_array()
      .member("fromDatum", std::string_view(format_date(query.range.from)))
      .member("tomDatum", std::string_view(format_date(query.range.tom)))
      .end_object();
}

}  // namespace

std::string render_v9_json(const LefiAnswer& a) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(out);
  w.begin_object()
      .member("transaktionsId", std::string_view(a.transaktions_id))
      .member("version", kLefiVersion)
      .member("tidpunkt", std::string_view(a.tidpunkt))
      .member("syntetiskaUppgifter", a.syntetiska_uppgifter);
  write_query_echo(w, a.fraga);
  write_answer_tail(w, a, write_payment);
  return out;
}

void write_answer_tail(JsonWriter& w, const LefiAnswer& a, PaymentWriter payment) {
  if (a.personuppgifter) {
    w.key("personuppgifter");
    write_person(w, *a.personuppgifter);
  }
  w.key("formaner").begin_array();
  for (const auto& f : a.formaner) write_forman(w, f);
  w.end_array();
  if (a.utbetalningar) {
    w.key("utbetalningar").begin_array();
    for (const auto& p : *a.utbetalningar) payment(w, p);
    w.end_array();
  }
  w.key("meddelanden").begin_array();
  for (const auto& m : a.meddelanden) write_meddelande(w, m);
  w.end_array().end_object();
}

void write_person(JsonWriter& w, const store::PersonRecord& person) {
  w.begin_object()
      .member("personnummer", std::string_view(person.personnummer))
      .member("fornamn", std::string_view(person.fornamn))
      .member("efternamn", std::string_view(person.efternamn))
      .member("fodelsedatum", std::string_view(format_date(person.fodelsedatum)))
      .member("kon", store::kon_code(person.kon))
      .member("samordningsnummer", person.samordningsnummer)
      .member("skyddadIdentitet", person.skyddad_identitet)
      .member("avliden", person.avliden.has_value());
  if (person.avliden) w.member("avlidenDatum", std::string_view(format_date(*person.avliden)));
  // Skyddade personuppgifter: the address is never disclosed, whatever the agreement says.
  if (!person.skyddad_identitet) {
    w.key("adress")
        .begin_object()
        .member("utdelningsadress", std::string_view(person.adress.utdelningsadress))
        .member("postnummer", std::string_view(person.adress.postnummer))
        .member("postort", std::string_view(person.adress.postort))
        .end_object();
  }
  w.end_object();
}

void write_forman(JsonWriter& w, const Forman& f) {
  const auto& info = domain::info(f.informationstyp);
  w.begin_object()
      .member("informationstyp", info.code)
      .member("benamning", info.name)
      .member("myndighet", domain::to_string(f.myndighet));
  w.key("beslut").begin_array();
  for (const auto& d : f.beslut) write_decision(w, d);
  w.end_array().end_object();
}

void write_decision(JsonWriter& w, const store::DecisionRecord& d) {
  w.begin_object()
      .member("beslutsId", std::string_view(d.beslut_id))
      .member("beslutsdatum", std::string_view(format_date(d.beslutsdatum)))
      .member("fromDatum", std::string_view(format_date(d.from)));
  if (d.tom) w.member("tomDatum", std::string_view(format_date(*d.tom)));
  w.member("status", store::to_string(d.status));
  if (!d.omfattning.empty()) w.member("omfattning", std::string_view(d.omfattning));
  if (d.belopp) w.member("belopp", *d.belopp);
  if (d.period) w.member("beloppsperiod", store::to_string(*d.period));
  if (!d.beskrivning.empty()) w.member("beskrivning", std::string_view(d.beskrivning));
  w.end_object();
}

namespace {

// A payment as v9 writes it; v8 had no utbetalningsId and no myndighet.
void write_payment_object(JsonWriter& w, const store::PaymentRecord& p, bool v9) {
  w.begin_object();
  if (v9) w.member("utbetalningsId", std::string_view(p.utbetalnings_id));
  w.member("utbetalningsdatum", std::string_view(format_date(p.utbetalningsdatum)))
      .member("foretag", std::string_view(p.foretag));
  if (v9) w.member("myndighet", domain::to_string(p.myndighet));
  w.member("informationstyp", domain::to_string(p.type))
      .member("periodFrom", std::string_view(format_date(p.period_from)))
      .member("periodTom", std::string_view(format_date(p.period_tom)))
      .member("bruttobelopp", p.bruttobelopp)
      .member("skatteavdrag", p.skatteavdrag)
      .member("nettobelopp", p.nettobelopp)
      .member("beloppstyp", std::string_view(p.beloppstyp))
      .member("status", store::to_string(p.status))
      .end_object();
}

}  // namespace

void write_payment(JsonWriter& w, const store::PaymentRecord& p) {
  write_payment_object(w, p, /*v9=*/true);
}

void write_payment_v8(JsonWriter& w, const store::PaymentRecord& p) {
  write_payment_object(w, p, /*v9=*/false);
}

void write_meddelande(JsonWriter& w, const Meddelande& m) {
  w.begin_object().member("kod", to_string(m.kod)).member("text", std::string_view(m.text));
  if (m.informationstyp) w.member("informationstyp", domain::to_string(*m.informationstyp));
  w.end_object();
}

}  // namespace utbyte::lefi
