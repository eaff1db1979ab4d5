#include "lefi/answer_json.h"

#include "domain/date.h"
#include "store/record_codes.h"

namespace utbyte::lefi {
namespace {

using domain::format_date;
using json = nlohmann::ordered_json;

}  // namespace

json to_json(const store::PersonRecord& person) {
  json out = {
      {"personnummer", person.personnummer},
      {"fornamn", person.fornamn},
      {"efternamn", person.efternamn},
      {"fodelsedatum", format_date(person.fodelsedatum)},
      {"kon", store::kon_code(person.kon)},
      {"samordningsnummer", person.samordningsnummer},
      {"skyddadIdentitet", person.skyddad_identitet},
      {"avliden", person.avliden.has_value()},
  };
  if (person.avliden) out["avlidenDatum"] = format_date(*person.avliden);
  // Skyddade personuppgifter: the address is never disclosed, whatever the agreement says.
  if (!person.skyddad_identitet) {
    out["adress"] = {{"utdelningsadress", person.adress.utdelningsadress},
                     {"postnummer", person.adress.postnummer},
                     {"postort", person.adress.postort}};
  }
  return out;
}

json to_json(const store::DecisionRecord& d) {
  json out = {
      {"beslutsId", d.beslut_id},
      {"beslutsdatum", format_date(d.beslutsdatum)},
      {"fromDatum", format_date(d.from)},
      {"status", store::to_string(d.status)},
  };
  if (d.tom) out["tomDatum"] = format_date(*d.tom);
  if (!d.omfattning.empty()) out["omfattning"] = d.omfattning;
  if (d.belopp) out["belopp"] = *d.belopp;
  if (d.period) out["beloppsperiod"] = store::to_string(*d.period);
  if (!d.beskrivning.empty()) out["beskrivning"] = d.beskrivning;
  return out;
}

json to_json(const store::PaymentRecord& p) {
  return {
      {"utbetalningsId", p.utbetalnings_id},
      {"utbetalningsdatum", format_date(p.utbetalningsdatum)},
      {"foretag", p.foretag},
      {"myndighet", domain::to_string(p.myndighet)},
      {"informationstyp", domain::to_string(p.type)},
      {"periodFrom", format_date(p.period_from)},
      {"periodTom", format_date(p.period_tom)},
      {"bruttobelopp", p.bruttobelopp},
      {"skatteavdrag", p.skatteavdrag},
      {"nettobelopp", p.nettobelopp},
      {"beloppstyp", p.beloppstyp},
      {"status", store::to_string(p.status)},
  };
}

json meddelande(std::string_view kod, std::string text) {
  return {{"kod", kod}, {"text", std::move(text)}};
}

json meddelande(std::string_view kod, std::string text, domain::InformationType type) {
  json out = meddelande(kod, std::move(text));
  out["informationstyp"] = domain::to_string(type);
  return out;
}

}  // namespace utbyte::lefi
