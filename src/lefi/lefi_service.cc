#include "lefi/lefi_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/date.h"
#include "lefi/answer_json.h"
#include "platform/http/error_response.h"

namespace utbyte::lefi {
namespace {

using domain::InformationType;
using json = nlohmann::ordered_json;

json query_echo(const LefiQuery& query) {
  json types = json::array();
  for (auto t : query.informationstyper) types.push_back(domain::to_string(t));
  return {{"personnummer", query.personnummer.digits()},
          {"informationstyper", std::move(types)},
          {"fromDatum", domain::format_date(query.range.from)},
          {"tomDatum", domain::format_date(query.range.tom)}};
}

std::vector<std::string> type_codes(const std::vector<InformationType>& types) {
  std::vector<std::string> codes;
  codes.reserve(types.size());
  for (auto t : types) codes.emplace_back(domain::to_string(t));
  return codes;
}

// `formaner`: one entry per requested benefit type with decisions, in the order asked for.
json group_by_benefit(const std::vector<InformationType>& benefit_types,
                      const std::vector<store::DecisionRecord>& decisions, json& meddelanden) {
  json formaner = json::array();
  for (InformationType type : benefit_types) {
    json beslut = json::array();
    std::optional<domain::Myndighet> myndighet;
    bool blocked = false;
    for (const auto& d : decisions) {
      if (d.type != type) continue;
      if (!myndighet) myndighet = d.myndighet;
      blocked = blocked || d.status == store::BeslutStatus::kSparrad;
      beslut.push_back(to_json(d));
    }
    if (beslut.empty()) continue;
    const auto& info = domain::info(type);
    formaner.push_back({{"informationstyp", info.code},
                        {"benamning", info.name},
                        {"myndighet", domain::to_string(*myndighet)},
                        {"beslut", std::move(beslut)}});
    if (blocked) {
      meddelanden.push_back(meddelande(
          "FORMAN_SPARRAD",
          fmt::format("{} är spärrad under perioden, se beslutens status", info.name), type));
    }
  }
  return formaner;
}

}  // namespace

Result<json> LefiService::answer(const LefiQuery& query, const platform::Agreement& agreement,
                                 const Requester& requester) {
  std::vector<InformationType> permitted;
  std::vector<InformationType> dropped;
  for (InformationType t : query.informationstyper) {
    (agreement.informationstyper.contains(t) ? permitted : dropped).push_back(t);
  }
  if (permitted.empty()) {
    return make_error(ErrorCode::kInformationTypeNotPermitted,
                      "Avtalet medger ingen av de efterfrågade informationstyperna");
  }

  auto& registry = store_.registry();
  auto info = registry.register_info();
  if (!info.ok()) return info.error();
  auto person = registry.find_person(query.personnummer.digits());
  if (!person.ok()) return person.error();

  json meddelanden = json::array();
  if (info->synthetic) {
    meddelanden.push_back(meddelande(
        "SYNTETISKA_UPPGIFTER",
        "Svaret kommer från ett syntetiskt testregister; inga uppgifter rör verkliga personer"));
  }
  for (InformationType t : dropped) {
    meddelanden.push_back(meddelande("INFORMATIONSTYP_EJ_TILLATEN",
                                     fmt::format("Avtalet medger inte informationstypen {}",
                                                 domain::info(t).name),
                                     t));
  }

  const auto allows = [&](InformationType t) {
    return std::find(permitted.begin(), permitted.end(), t) != permitted.end();
  };
  json answer = {{"transaktionsId", requester.transaktions_id},
                 {"version", kLefiVersion},
                 {"tidpunkt", platform::http::now_iso8601()},
                 {"syntetiskaUppgifter", info->synthetic},
                 {"fraga", query_echo(query)}};
  json formaner = json::array();
  // Present only when UTBETALNING was asked for and permitted: an answer holds requested types.
  std::optional<json> utbetalningar;

  const auto& found = *person;
  if (!found) {
    meddelanden.push_back(meddelande("PERSON_SAKNAS", "Personen finns inte i registret"));
  } else {
    if (found->avliden) {
      meddelanden.push_back(meddelande(
          "AVLIDEN", fmt::format("Personen avled {}", domain::format_date(*found->avliden))));
    }
    if (found->skyddad_identitet) {
      meddelanden.push_back(meddelande(
          "SKYDDAD_IDENTITET", "Personen har skyddade personuppgifter; adress lämnas inte ut"));
    }
    if (found->samordningsnummer) {
      meddelanden.push_back(meddelande("SAMORDNINGSNUMMER",
                                       "Personen har samordningsnummer och är inte folkbokförd"));
    }

    std::vector<InformationType> benefits;
    std::copy_if(permitted.begin(), permitted.end(), std::back_inserter(benefits),
                 [](InformationType t) { return domain::info(t).is_benefit; });
    if (!benefits.empty()) {
      auto decisions = registry.find_decisions(found->personnummer, benefits, query.range);
      if (!decisions.ok()) return decisions.error();
      formaner = group_by_benefit(benefits, *decisions, meddelanden);
    }

    if (allows(InformationType::kUtbetalning)) {
      // Payments of the benefits asked for; with no benefit asked for, of every benefit the
      // agreement covers.
      std::vector<InformationType> paid = benefits;
      if (paid.empty()) {
        for (InformationType t : agreement.informationstyper) {
          if (domain::info(t).is_benefit) paid.push_back(t);
        }
      }
      auto payments = registry.find_payments(found->personnummer, paid, query.range);
      if (!payments.ok()) return payments.error();
      utbetalningar = json::array();
      for (const auto& p : *payments) utbetalningar->push_back(to_json(p));
    }
    if (allows(InformationType::kPersonuppgifter)) answer["personuppgifter"] = to_json(*found);
  }
  answer["formaner"] = std::move(formaner);
  if (allows(InformationType::kUtbetalning)) {
    answer["utbetalningar"] = utbetalningar ? std::move(*utbetalningar) : json::array();
  }
  answer["meddelanden"] = std::move(meddelanden);

  // Audit before disclosure: an answer that cannot be audited is not sent.
  store::AuditEvent event;
  event.tidpunkt = answer["tidpunkt"].get<std::string>();
  event.transaktions_id = requester.transaktions_id;
  event.aktors_id = agreement.aktors_id;
  event.organisationsnummer = requester.organisationsnummer;
  event.anvandare = requester.anvandare;
  event.tjanst = std::string(requester.tjanst);
  event.personnummer = query.personnummer.digits();
  event.informationstyper = type_codes(permitted);
  event.rattslig_grund = agreement.rattslig_grund;
  event.utfall = found ? "UTLAMNAT" : "PERSON_SAKNAS";
  auto audited = store_.audit().append(event);
  if (!audited.ok()) return audited.error();
  return answer;
}

}  // namespace utbyte::lefi
