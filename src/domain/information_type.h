#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace utbyte::domain {

// The authority that owns a benefit in the register.
enum class Myndighet { kFK, kPM };

std::string_view to_string(Myndighet m);

// The information types a LEFI query can ask for: one per benefit of FK or PM, plus payments
// and personal data. Wire names are UPPER_SNAKE without å/ä/ö (see contracts/openapi).
enum class InformationType {
  // Försäkringskassan
  kAktivitetsstod,
  kArbetsskadelivranta,
  kBarnbidrag,
  kBostadsbidrag,
  kDagpenningTotalforsvarspliktiga,
  kForaldrapenning,
  kForsakringstillhorighet,
  kGraviditetspenning,
  kMerkostnadsersattning,
  kNarstaendepenning,
  kOmvardnadsbidrag,
  kRehabiliteringsersattning,
  kSgi,
  kSjukAktivitetsersattning,
  kSjukpenning,
  kSmittbararersattning,
  kTillfalligForaldrapenning,
  kUnderhallsstod,
  kYrkesskadelivranta,
  // Pensionsmyndigheten
  kAlderspension,
  kBostadstillagg,
  kEfterlevandepension,
  kIntjanande,
  kLevnadsintyg,
  kPensionsprognos,
  // Not a benefit
  kUtbetalning,
  kPersonuppgifter,
};

struct InformationTypeInfo {
  InformationType type;
  std::string_view code;  // wire name, e.g. "SJUKPENNING"
  std::string_view name;  // Swedish display name, e.g. "Sjukpenning"
  Myndighet owner;        // usual owner; a decision may name another (bostadstillägg with SA)
  bool is_benefit;        // false for UTBETALNING and PERSONUPPGIFTER
};

// Every information type, in enum order.
std::span<const InformationTypeInfo> all_information_types();

const InformationTypeInfo& info(InformationType type);
std::string_view to_string(InformationType type);
std::optional<InformationType> parse_information_type(std::string_view code);

}  // namespace utbyte::domain
