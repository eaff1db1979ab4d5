#include "lefi/lefi_answer.h"

#include <algorithm>

namespace utbyte::lefi {

std::string_view to_string(MeddelandeKod kod) {
  switch (kod) {
    case MeddelandeKod::kSyntetiskaUppgifter:
      return "SYNTETISKA_UPPGIFTER";
    case MeddelandeKod::kInformationstypEjTillaten:
      return "INFORMATIONSTYP_EJ_TILLATEN";
    case MeddelandeKod::kPersonSaknas:
      return "PERSON_SAKNAS";
    case MeddelandeKod::kAvliden:
      return "AVLIDEN";
    case MeddelandeKod::kSkyddadIdentitet:
      return "SKYDDAD_IDENTITET";
    case MeddelandeKod::kSamordningsnummer:
      return "SAMORDNINGSNUMMER";
    case MeddelandeKod::kFormanSparrad:
      return "FORMAN_SPARRAD";
  }
  return "OKAND";
}

bool LefiAnswer::has(MeddelandeKod kod) const {
  return std::any_of(meddelanden.begin(), meddelanden.end(),
                     [kod](const Meddelande& m) { return m.kod == kod; });
}

}  // namespace utbyte::lefi
