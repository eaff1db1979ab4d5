#include "domain/information_type.h"

#include <array>

namespace utbyte::domain {
namespace {

using enum InformationType;
constexpr Myndighet FK = Myndighet::kFK;
constexpr Myndighet PM = Myndighet::kPM;

constexpr std::array kTypes = {
    InformationTypeInfo{kAktivitetsstod, "AKTIVITETSSTOD", "Aktivitetsstöd", FK, true},
    InformationTypeInfo{kArbetsskadelivranta, "ARBETSSKADELIVRANTA", "Arbetsskadelivränta", FK,
                        true},
    InformationTypeInfo{kBarnbidrag, "BARNBIDRAG", "Barnbidrag", FK, true},
    InformationTypeInfo{kBostadsbidrag, "BOSTADSBIDRAG", "Bostadsbidrag", FK, true},
    InformationTypeInfo{kDagpenningTotalforsvarspliktiga, "DAGPENNING_TOTALFORSVARSPLIKTIGA",
                        "Dagpenning till totalförsvarspliktiga", FK, true},
    InformationTypeInfo{kForaldrapenning, "FORALDRAPENNING", "Föräldrapenning", FK, true},
    InformationTypeInfo{kForsakringstillhorighet, "FORSAKRINGSTILLHORIGHET",
                        "Försäkringstillhörighet", FK, true},
    InformationTypeInfo{kGraviditetspenning, "GRAVIDITETSPENNING", "Graviditetspenning", FK, true},
    InformationTypeInfo{kMerkostnadsersattning, "MERKOSTNADSERSATTNING",
                        "Merkostnadsersättning (tidigare handikappersättning)", FK, true},
    InformationTypeInfo{kNarstaendepenning, "NARSTAENDEPENNING", "Närståendepenning", FK, true},
    InformationTypeInfo{kOmvardnadsbidrag, "OMVARDNADSBIDRAG",
                        "Omvårdnadsbidrag (tidigare vårdbidrag)", FK, true},
    InformationTypeInfo{kRehabiliteringsersattning, "REHABILITERINGSERSATTNING",
                        "Rehabiliteringsersättning", FK, true},
    InformationTypeInfo{kSgi, "SGI", "Sjukpenninggrundande inkomst", FK, true},
    InformationTypeInfo{kSjukAktivitetsersattning, "SJUK_AKTIVITETSERSATTNING",
                        "Sjukersättning och aktivitetsersättning", FK, true},
    InformationTypeInfo{kSjukpenning, "SJUKPENNING", "Sjukpenning", FK, true},
    InformationTypeInfo{kSmittbararersattning, "SMITTBARARERSATTNING", "Smittbärarersättning", FK,
                        true},
    InformationTypeInfo{kTillfalligForaldrapenning, "TILLFALLIG_FORALDRAPENNING",
                        "Tillfällig föräldrapenning", FK, true},
    InformationTypeInfo{kUnderhallsstod, "UNDERHALLSSTOD", "Underhållsstöd", FK, true},
    InformationTypeInfo{kYrkesskadelivranta, "YRKESSKADELIVRANTA", "Yrkesskadelivränta", FK, true},
    InformationTypeInfo{kAlderspension, "ALDERSPENSION", "Ålderspension", PM, true},
    InformationTypeInfo{kBostadstillagg, "BOSTADSTILLAGG", "Bostadstillägg", PM, true},
    InformationTypeInfo{kEfterlevandepension, "EFTERLEVANDEPENSION", "Efterlevandepension", PM,
                        true},
    InformationTypeInfo{kIntjanande, "INTJANANDE", "Intjänande av pensionsrätt", PM, true},
    InformationTypeInfo{kLevnadsintyg, "LEVNADSINTYG", "Levnadsintyg", PM, true},
    InformationTypeInfo{kPensionsprognos, "PENSIONSPROGNOS", "Pensionsprognos", PM, true},
    InformationTypeInfo{kUtbetalning, "UTBETALNING", "Utbetalning", FK, false},
    InformationTypeInfo{kPersonuppgifter, "PERSONUPPGIFTER", "Personuppgifter", FK, false},
};

constexpr bool table_matches_enum() {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (static_cast<std::size_t>(kTypes[i].type) != i) return false;
  }
  return kTypes.size() == static_cast<std::size_t>(kPersonuppgifter) + 1;
}
static_assert(table_matches_enum(), "kTypes must list every InformationType in enum order");

}  // namespace

std::string_view to_string(Myndighet m) { return m == Myndighet::kFK ? "FK" : "PM"; }

std::span<const InformationTypeInfo> all_information_types() { return kTypes; }

const InformationTypeInfo& info(InformationType type) {
  return kTypes[static_cast<std::size_t>(type)];
}

std::string_view to_string(InformationType type) { return info(type).code; }

std::optional<InformationType> parse_information_type(std::string_view code) {
  for (const auto& t : kTypes) {
    if (t.code == code) return t.type;
  }
  return std::nullopt;
}

}  // namespace utbyte::domain
