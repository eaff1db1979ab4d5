#include "lefi/answer_writer.h"

#include "domain/date.h"
#include "store/record_codes.h"

namespace utbyte::lefi {

using domain::format_date;

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

void write_payment(JsonWriter& w, const store::PaymentRecord& p) {
  w.begin_object()
      .member("utbetalningsId", std::string_view(p.utbetalnings_id))
      .member("utbetalningsdatum", std::string_view(format_date(p.utbetalningsdatum)))
      .member("foretag", std::string_view(p.foretag))
      .member("myndighet", domain::to_string(p.myndighet))
      .member("informationstyp", domain::to_string(p.type))
      .member("periodFrom", std::string_view(format_date(p.period_from)))
      .member("periodTom", std::string_view(format_date(p.period_tom)))
      .member("bruttobelopp", p.bruttobelopp)
      .member("skatteavdrag", p.skatteavdrag)
      .member("nettobelopp", p.nettobelopp)
      .member("beloppstyp", std::string_view(p.beloppstyp))
      .member("status", store::to_string(p.status))
      .end_object();
}

void write_meddelande(JsonWriter& w, const Meddelande& m) {
  w.begin_object().member("kod", m.kod).member("text", std::string_view(m.text));
  if (m.informationstyp) w.member("informationstyp", domain::to_string(*m.informationstyp));
  w.end_object();
}

}  // namespace utbyte::lefi
