#include "lefi/lefi_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/date.h"
#include "platform/http/error_response.h"

namespace utbyte::lefi {
namespace {

using domain::InformationType;

std::vector<std::string> type_codes(const std::vector<InformationType>& types) {
  std::vector<std::string> codes;
  codes.reserve(types.size());
  for (auto t : types) codes.emplace_back(domain::to_string(t));
  return codes;
}

// `formaner`: one entry per requested benefit type with decisions, in the order asked for, and
// FORMAN_SPARRAD for each one with a blocked decision. Decisions come ordered by type from the
// store, but the order asked for may differ.
std::vector<Forman> group_formaner(const std::vector<InformationType>& benefit_types,
                                   std::vector<store::DecisionRecord> decisions,
                                   std::vector<Meddelande>& meddelanden) {
  std::vector<Forman> formaner;
  for (InformationType type : benefit_types) {
    Forman forman{type, domain::Myndighet::kFK, {}};
    bool blocked = false;
    for (auto& d : decisions) {
      if (d.type != type) continue;
      if (forman.beslut.empty()) forman.myndighet = d.myndighet;
      blocked = blocked || d.status == store::BeslutStatus::kSparrad;
      forman.beslut.push_back(std::move(d));
    }
    if (forman.beslut.empty()) continue;
    formaner.push_back(std::move(forman));
    if (blocked) {
      meddelanden.push_back({MeddelandeKod::kFormanSparrad,
                             fmt::format("{} är spärrad under perioden, se beslutens status",
                                         domain::info(type).name),
                             type});
    }
  }
  return formaner;
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

Result<LefiAnswer> LefiService::answer(const LefiQuery& query, const platform::Agreement& agreement,
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
        {MeddelandeKod::kSyntetiskaUppgifter,
         "Svaret kommer från ett syntetiskt testregister; inga uppgifter rör verkliga personer",
         std::nullopt});
  }
  for (InformationType t : dropped) {
    meddelanden.push_back(
        {MeddelandeKod::kInformationstypEjTillaten,
         fmt::format("Avtalet medger inte informationstypen {}", domain::info(t).name), t});
  }

  LefiAnswer result;
  result.transaktions_id = requester.transaktions_id;
  result.tidpunkt = platform::http::now_iso8601();
  result.syntetiska_uppgifter = *synthetic;
  result.fraga = query;

  if (!found) {
    meddelanden.push_back(
        {MeddelandeKod::kPersonSaknas, "Personen finns inte i registret", std::nullopt});
    if (allows(InformationType::kUtbetalning)) result.utbetalningar.emplace();
  } else {
    if (found->avliden) {
      meddelanden.push_back({MeddelandeKod::kAvliden,
                             fmt::format("Personen avled {}", domain::format_date(*found->avliden)),
                             std::nullopt});
    }
    if (found->skyddad_identitet) {
      meddelanden.push_back({MeddelandeKod::kSkyddadIdentitet,
                             "Personen har skyddade personuppgifter; adress lämnas inte ut",
                             std::nullopt});
    }
    if (found->samordningsnummer) {
      meddelanden.push_back({MeddelandeKod::kSamordningsnummer,
                             "Personen har samordningsnummer och är inte folkbokförd",
                             std::nullopt});
    }
    if (allows(InformationType::kPersonuppgifter)) {
      result.personuppgifter = *found;
      // Skyddade personuppgifter: the address is never disclosed, so it never enters the answer
      // any binding renders.
      if (found->skyddad_identitet) result.personuppgifter->adress = {};
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
    result.formaner = group_formaner(benefits, std::move(decisions), meddelanden);

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
      result.utbetalningar = std::move(payments).value();
    }
  }
  result.meddelanden = std::move(meddelanden);

  // Audit before disclosure: an answer that cannot be audited is not sent.
  store::AuditEvent event;
  event.tidpunkt = result.tidpunkt;
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
    return result;
  }
  auto audited = store_.audit().append(event);
  if (!audited.ok()) return audited.error();
  return result;
}

}  // namespace utbyte::lefi
