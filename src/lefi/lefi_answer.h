#pragma once

// The answer to one LEFI Online query as plain values: what LefiService compiled and audited.
// Every binding renders this one model (REST v9 and v8 JSON, the web UI's Visa page, SSBTEK's
// FK/PM block, the v9 text Massfråga stores), so no binding reads another's output back and none
// can disclose more than the audited answer holds.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/information_type.h"
#include "lefi/lefi_query.h"
#include "store/records.h"

namespace utbyte::lefi {

// The version of the LEFI Förmånsinformation contract this service implements.
inline constexpr std::string_view kLefiVersion = "9.0.2";

// The special messages (meddelanden) of an answer. Wire names: see to_string.
enum class MeddelandeKod {
  kSyntetiskaUppgifter,        // the register is synthetic
  kInformationstypEjTillaten,  // a type asked for is outside the agreement and was dropped
  kPersonSaknas,               // the register has no such person
  kAvliden,                    // the person is deceased
  kSkyddadIdentitet,           // protected personal data: the address is left out
  kSamordningsnummer,          // coordination number, not folkbokförd
  kFormanSparrad,              // a benefit has a blocked decision in the period
};

// "SYNTETISKA_UPPGIFTER", "INFORMATIONSTYP_EJ_TILLATEN", "PERSON_SAKNAS", "AVLIDEN",
// "SKYDDAD_IDENTITET", "SAMORDNINGSNUMMER", "FORMAN_SPARRAD".
std::string_view to_string(MeddelandeKod kod);

struct Meddelande {
  MeddelandeKod kod = MeddelandeKod::kSyntetiskaUppgifter;
  std::string text;  // Swedish
  std::optional<domain::InformationType> informationstyp;
};

// One benefit asked for, with its decisions in the period. Its display name is
// domain::info(informationstyp).name.
struct Forman {
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  domain::Myndighet myndighet = domain::Myndighet::kFK;  // of the benefit's first decision
  std::vector<store::DecisionRecord> beslut;             // never empty, in register order
};

struct LefiAnswer {
  std::string transaktions_id;
  std::string tidpunkt;  // ISO 8601 UTC with milliseconds, the time audited
  bool syntetiska_uppgifter = false;
  LefiQuery fraga;  // the query as asked, types outside the agreement included
  // When PERSONUPPGIFTER was asked for and permitted and the person exists. For a person with
  // skyddad identitet the address is empty: it is never disclosed, whatever the agreement says.
  std::optional<store::PersonRecord> personuppgifter;
  // The benefits asked for and permitted that have decisions in the period, in the order asked.
  std::vector<Forman> formaner;
  // Present exactly when UTBETALNING was asked for and permitted (possibly empty).
  std::optional<std::vector<store::PaymentRecord>> utbetalningar;
  std::vector<Meddelande> meddelanden;  // in the order the answer states them

  bool has(MeddelandeKod kod) const;
};

}  // namespace utbyte::lefi
