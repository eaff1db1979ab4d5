#include "lefi/legacy/legacy_lefi.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/personnummer.h"
#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"
#include "store/record_codes.h"

namespace utbyte::lefi::legacy {
namespace {

namespace xml = platform::xml;
using platform::soap::xml_escape;

constexpr std::string_view kPrefix = "lf";

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

// <lf:name>escaped text</lf:name>
void element(std::string& out, std::string_view name, std::string_view text) {
  out += fmt::format("<{0}:{1}>{2}</{0}:{1}>", kPrefix, name, xml_escape(text));
}

void element(std::string& out, std::string_view name, std::int64_t value) {
  out += fmt::format("<{0}:{1}>{2}</{0}:{1}>", kPrefix, name, value);
}

void element(std::string& out, std::string_view name, bool value) {
  element(out, name, std::string_view(value ? "true" : "false"));
}

void open(std::string& out, std::string_view name) { out += fmt::format("<{}:{}>", kPrefix, name); }
void close(std::string& out, std::string_view name) {
  out += fmt::format("</{}:{}>", kPrefix, name);
}

void write_person(std::string& out, const store::PersonRecord& person) {
  open(out, "person");
  element(out, "personnummer", person.personnummer);
  element(out, "fornamn", person.fornamn);
  element(out, "efternamn", person.efternamn);
  element(out, "fodelsedatum", domain::format_date(person.fodelsedatum));
  element(out, "kon", store::kon_code(person.kon));
  element(out, "samordningsnummer", person.samordningsnummer);
  element(out, "skyddadIdentitet", person.skyddad_identitet);
  if (person.avliden) element(out, "avliden", domain::format_date(*person.avliden));
  // Skyddade personuppgifter: the address is never disclosed, whatever the agreement says.
  if (!person.skyddad_identitet) {
    open(out, "adress");
    element(out, "utdelningsadress", person.adress.utdelningsadress);
    element(out, "postnummer", person.adress.postnummer);
    element(out, "postort", person.adress.postort);
    close(out, "adress");
  }
  close(out, "person");
}

void write_forman(std::string& out, const Forman& forman) {
  const auto& info = domain::info(forman.informationstyp);
  open(out, "forman");
  element(out, "informationstyp", info.code);
  element(out, "benamning", info.name);
  element(out, "myndighet", domain::to_string(forman.myndighet));
  for (const store::DecisionRecord& d : forman.beslut) {
    open(out, "beslut");
    element(out, "beslutsId", d.beslut_id);
    element(out, "beslutsdatum", domain::format_date(d.beslutsdatum));
    element(out, "fromDatum", domain::format_date(d.from));
    if (d.tom) element(out, "tomDatum", domain::format_date(*d.tom));
    element(out, "status", store::to_string(d.status));
    if (!d.omfattning.empty()) element(out, "omfattning", d.omfattning);
    if (d.belopp) element(out, "belopp", *d.belopp);
    if (d.period) element(out, "beloppsperiod", store::to_string(*d.period));
    if (!d.beskrivning.empty()) element(out, "beskrivning", d.beskrivning);
    close(out, "beslut");
  }
  close(out, "forman");
}

void write_payment(std::string& out, const store::PaymentRecord& p, const LegacyVersion& version) {
  open(out, "utbetalning");
  element(out, "informationstyp", domain::to_string(p.type));
  element(out, "foretag", p.foretag);
  element(out, "utbetalningsdatum", domain::format_date(p.utbetalningsdatum));
  element(out, "periodFrom", domain::format_date(p.period_from));
  element(out, "periodTom", domain::format_date(p.period_tom));
  element(out, "bruttobelopp", p.bruttobelopp);
  element(out, "skatteavdrag", p.skatteavdrag);
  element(out, "nettobelopp", p.nettobelopp);
  if (version.payment_status) {
    element(out, "beloppstyp", p.beloppstyp);
    element(out, "status", store::to_string(p.status));
  }
  close(out, "utbetalning");
}

}  // namespace

Result<LefiQuery> read_legacy_query(const xmlNode* payload, const LegacyVersion& version,
                                    domain::Date today) {
  if (!xml::is_element(payload, version.xml_namespace, kQuestionElement)) {
    return invalid(
        fmt::format("Frågan ska vara {{{}}}{}", version.xml_namespace, kQuestionElement));
  }
  // The scope goes through the rules every LEFI query shares (parse_query_scope), so a mistake
  // is answered as v9 answers it.
  nlohmann::json scope = {{"informationstyper", nlohmann::json::array()}};
  std::string personnummer;
  bool has_personnummer = false;
  for (const xmlNode* child : xml::child_elements(payload)) {
    const std::string_view name = xml::local_name(child);
    if (xml::namespace_uri(child) != version.xml_namespace) {
      return invalid(fmt::format("Okänt element {{{}}}{}", xml::namespace_uri(child), name));
    }
    const std::string text = xml::text_of(child);
    if (name == "informationstyp") {
      if (text == domain::to_string(domain::InformationType::kUtbetalning) && !version.payments) {
        return make_error(
            ErrorCode::kUnknownInformationType,
            fmt::format("UTBETALNING finns från version 6, inte i version {}", version.major));
      }
      scope["informationstyper"].push_back(text);
    } else if (name == "personnummer" || name == "fromDatum" || name == "tomDatum") {
      const bool repeated = name == "personnummer" ? has_personnummer : scope.contains(name);
      if (repeated) return invalid(fmt::format("{} får anges en gång", name));
      if (name == "personnummer") {
        personnummer = text;
        has_personnummer = true;
      } else {
        scope[std::string(name)] = text;
      }
    } else {
      return invalid(fmt::format("Okänt element {}", name));
    }
  }
  if (!has_personnummer) return invalid("personnummer saknas");
  auto pnr = domain::parse_personnummer(personnummer);
  if (!pnr.ok()) return pnr.error();
  auto checked = parse_query_scope(scope, today);
  if (!checked.ok()) return checked.error();
  return LefiQuery{*pnr, std::move(checked->informationstyper), checked->range};
}

std::string render_legacy_answer(const LefiAnswer& answer, const LegacyVersion& version) {
  std::string out;
  out.reserve(4096);
  out += fmt::format("<{0}:{1} xmlns:{0}=\"{2}\">", kPrefix, kAnswerElement, version.xml_namespace);
  element(out, "transaktionsId", answer.transaktions_id);
  element(out, "tidpunkt", answer.tidpunkt);
  element(out, "version", version.version);
  element(out, "syntetiskaUppgifter", answer.syntetiska_uppgifter);
  for (const Meddelande& m : answer.meddelanden) {
    open(out, "meddelande");
    element(out, "kod", to_string(m.kod));
    element(out, "text", m.text);
    if (m.informationstyp) element(out, "informationstyp", domain::to_string(*m.informationstyp));
    close(out, "meddelande");
  }
  if (answer.personuppgifter) write_person(out, *answer.personuppgifter);
  for (const Forman& forman : answer.formaner) write_forman(out, forman);
  if (version.payments && answer.utbetalningar) {
    for (const store::PaymentRecord& p : *answer.utbetalningar) write_payment(out, p, version);
  }
  close(out, kAnswerElement);
  return out;
}

std::string write_legacy_query(const LefiQuery& query, const LegacyVersion& version) {
  std::string out =
      fmt::format("<{0}:{1} xmlns:{0}=\"{2}\">", kPrefix, kQuestionElement, version.xml_namespace);
  element(out, "personnummer", query.personnummer.digits());
  for (const domain::InformationType type : query.informationstyper) {
    element(out, "informationstyp", domain::to_string(type));
  }
  element(out, "fromDatum", domain::format_date(query.range.from));
  element(out, "tomDatum", domain::format_date(query.range.tom));
  close(out, kQuestionElement);
  return out;
}

}  // namespace utbyte::lefi::legacy
