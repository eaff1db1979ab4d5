#include "lefi/lefi_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "domain/date.h"
#include "lefi/answer_writer.h"
#include "platform/http/error_response.h"

namespace utbyte::lefi {
namespace {

using domain::InformationType;

void write_query_echo(JsonWriter& w, const LefiQuery& query) {
  w.key("fraga").begin_object().member("personnummer",
                                       std::string_view(query.personnummer.digits()));
  w.key("informationstyper").begin_array();
  for (auto t : query.informationstyper) w.value(domain::to_string(t));
  w.end_array()
      .member("fromDatum", std::string_view(domain::format_date(query.range.from)))
      .member("tomDatum", std::string_view(domain::format_date(query.range.tom)))
      .end_object();
}

std::vector<std::string> type_codes(const std::vector<InformationType>& types) {
  std::vector<std::string> codes;
  codes.reserve(types.size());
  for (auto t : types) codes.emplace_back(domain::to_string(t));
  return codes;
}

// `formaner`: one entry per requested benefit type with decisions, in the order asked for.
// Decisions come ordered by type from the store, but the order asked for may differ.
void write_formaner(JsonWriter& w, const std::vector<InformationType>& benefit_types,
                    const std::vector<store::DecisionRecord>& decisions,
                    std::vector<Meddelande>& meddelanden) {
  w.key("formaner").begin_array();
  for (InformationType type : benefit_types) {
    const auto first = std::find_if(decisions.begin(), decisions.end(),
                                    [type](const auto& d) { return d.type == type; });
    if (first == decisions.end()) continue;
    const auto& info = domain::info(type);
    w.begin_object()
        .member("informationstyp", info.code)
        .member("benamning", info.name)
        .member("myndighet", domain::to_string(first->myndighet));
    w.key("beslut").begin_array();
    bool blocked = false;
    for (auto it = first; it != decisions.end(); ++it) {
      if (it->type != type) continue;
      blocked = blocked || it->status == store::BeslutStatus::kSparrad;
      write_decision(w, *it);
    }
    w.end_array().end_object();
    if (blocked) {
      meddelanden.push_back(
          {"FORMAN_SPARRAD",
           fmt::format("{} är spärrad under perioden, se beslutens status", info.name), type});
    }
  }
  w.end_array();
}

}  // namespace

Result<bool> LefiService::register_is_synthetic() {
  const int known = synthetic_.load(std::memory_order_relaxed);
  if (known >= 0) return known == 1;
  auto info = store_.registry().register_info();
  if (!info.ok()) return info.error();
  synthetic_.store(info->synthetic ? 1 : 0, std::memory_order_relaxed);
  return info->synthetic;
}

Result<std::string> LefiService::answer(const LefiQuery& query,
                                        const platform::Agreement& agreement,
                                        const Requester& requester, store::AnswerOutcome* outcome) {
  std::vector<InformationType> permitted;
  std::vector<InformationType> dropped;
  for (InformationType t : query.informationstyper) {
    (agreement.informationstyper.contains(t) ? permitted : dropped).push_back(t);
  }
  if (permitted.empty()) {
    return make_error(ErrorCode::kInformationTypeNotPermitted,
                      "Avtalet medger ingen av de efterfrågade informationstyperna");
  }
  const auto allows = [&](InformationType t) {
    return std::find(permitted.begin(), permitted.end(), t) != permitted.end();
  };

  auto& registry = store_.registry();
  auto synthetic = register_is_synthetic();
  if (!synthetic.ok()) return synthetic.error();
  auto person = registry.find_person(query.personnummer.digits());
  if (!person.ok()) return person.error();
  const auto& found = *person;

  std::vector<Meddelande> meddelanden;
  if (*synthetic) {
    meddelanden.push_back(
        {"SYNTETISKA_UPPGIFTER",
         "Svaret kommer från ett syntetiskt testregister; inga uppgifter rör verkliga personer",
         std::nullopt});
  }
  for (InformationType t : dropped) {
    meddelanden.push_back(
        {"INFORMATIONSTYP_EJ_TILLATEN",
         fmt::format("Avtalet medger inte informationstypen {}", domain::info(t).name), t});
  }

  const std::string tidpunkt = platform::http::now_iso8601();
  std::string out;
  out.reserve(4096);
  JsonWriter w(out);
  w.begin_object()
      .member("transaktionsId", std::string_view(requester.transaktions_id))
      .member("version", kLefiVersion)
      .member("tidpunkt", std::string_view(tidpunkt))
      .member("syntetiskaUppgifter", *synthetic);
  write_query_echo(w, query);

  if (!found) {
    meddelanden.push_back({"PERSON_SAKNAS", "Personen finns inte i registret", std::nullopt});
    w.key("formaner").begin_array().end_array();
    if (allows(InformationType::kUtbetalning)) w.key("utbetalningar").begin_array().end_array();
  } else {
    if (found->avliden) {
      meddelanden.push_back({"AVLIDEN",
                             fmt::format("Personen avled {}", domain::format_date(*found->avliden)),
                             std::nullopt});
    }
    if (found->skyddad_identitet) {
      meddelanden.push_back({"SKYDDAD_IDENTITET",
                             "Personen har skyddade personuppgifter; adress lämnas inte ut",
                             std::nullopt});
    }
    if (found->samordningsnummer) {
      meddelanden.push_back({"SAMORDNINGSNUMMER",
                             "Personen har samordningsnummer och är inte folkbokförd",
                             std::nullopt});
    }
    if (allows(InformationType::kPersonuppgifter)) {
      w.key("personuppgifter");
      write_person(w, *found);
    }

    std::vector<InformationType> benefits;
    std::copy_if(permitted.begin(), permitted.end(), std::back_inserter(benefits),
                 [](InformationType t) { return domain::info(t).is_benefit; });
    std::vector<store::DecisionRecord> decisions;
    if (!benefits.empty()) {
      auto found_decisions = registry.find_decisions(found->personnummer, benefits, query.range);
      if (!found_decisions.ok()) return found_decisions.error();
      decisions = std::move(found_decisions).value();
    }
    write_formaner(w, benefits, decisions, meddelanden);

    // Present only when UTBETALNING was asked for and permitted: an answer holds requested
    // types. Payments of the benefits asked for; with none asked for, of every benefit the
    // agreement covers.
    if (allows(InformationType::kUtbetalning)) {
      std::vector<InformationType> paid = benefits;
      if (paid.empty()) {
        for (InformationType t : agreement.informationstyper) {
          if (domain::info(t).is_benefit) paid.push_back(t);
        }
      }
      auto payments = registry.find_payments(found->personnummer, paid, query.range);
      if (!payments.ok()) return payments.error();
      w.key("utbetalningar").begin_array();
      for (const auto& p : *payments) write_payment(w, p);
      w.end_array();
    }
  }
  w.key("meddelanden").begin_array();
  for (const auto& m : meddelanden) write_meddelande(w, m);
  w.end_array().end_object();

  // Audit before disclosure: an answer that cannot be audited is not sent.
  store::AuditEvent event;
  event.tidpunkt = tidpunkt;
  event.transaktions_id = requester.transaktions_id;
  event.aktors_id = agreement.aktors_id;
  event.organisationsnummer = requester.organisationsnummer;
  event.anvandare = requester.anvandare;
  event.tjanst = std::string(requester.tjanst);
  event.personnummer = query.personnummer.digits();
  event.informationstyper = type_codes(permitted);
  event.rattslig_grund = agreement.rattslig_grund;
  const auto utfall = found ? store::AnswerOutcome::kUtlamnat : store::AnswerOutcome::kPersonSaknas;
  event.utfall = std::string(store::to_string(utfall));
  if (outcome != nullptr) *outcome = utfall;
  if (requester.deferred_audit != nullptr) {
    requester.deferred_audit->push_back(std::move(event));
    return out;
  }
  auto audited = store_.audit().append(event);
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace utbyte::lefi
