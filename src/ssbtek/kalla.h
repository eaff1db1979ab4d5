#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace utbyte::ssbtek {

// The sources (källor) an SSBTEK answer is composed of, in the order the answer lists them.
// Wire names are UPPER_SNAKE ASCII; FK_PM is Försäkringskassan/Pensionsmyndigheten via LEFI.
enum class Kalla {
  kAkassa,
  kArbetsformedlingen,
  kCsn,
  kFkPm,
  kMigrationsverket,
  kSkatteverket,
  kTransportstyrelsen,
};

inline constexpr std::array kAllaKallor = {Kalla::kAkassa,
                                           Kalla::kArbetsformedlingen,
                                           Kalla::kCsn,
                                           Kalla::kFkPm,
                                           Kalla::kMigrationsverket,
                                           Kalla::kSkatteverket,
                                           Kalla::kTransportstyrelsen};

// The sources reached over HTTP(S) through an adapter: every source but FK_PM, which is answered
// in-process by the LEFI query logic.
inline constexpr std::array kExternaKallor = {Kalla::kAkassa,       Kalla::kArbetsformedlingen,
                                              Kalla::kCsn,          Kalla::kMigrationsverket,
                                              Kalla::kSkatteverket, Kalla::kTransportstyrelsen};

// "AKASSA", "ARBETSFORMEDLINGEN", "CSN", "FK_PM", "MIGRATIONSVERKET", "SKATTEVERKET",
// "TRANSPORTSTYRELSEN".
std::string_view to_string(Kalla kalla);
// The agency's name for people, e.g. "Arbetsförmedlingen".
std::string_view display_name(Kalla kalla);
// The lower-case short name used in simulator paths and CLI options: "akassa", "af", "csn",
// "fkpm", "migrationsverket", "skatteverket", "transportstyrelsen".
std::string_view short_name(Kalla kalla);
// Accepts the wire name or the short name.
std::optional<Kalla> parse_kalla(std::string_view text);

// The status of one block of the answer.
enum class BlockStatus {
  kBesvarad,              // the source answered with data
  kIngaUppgifter,         // the source answered: it has nothing on the person for the period
  kKallaEjTillganglig,    // the source failed, refused or its circuit breaker is open
  kTidsgransOverskriden,  // no answer within the source's timeout or the overall deadline
};

// "BESVARAD", "INGA_UPPGIFTER", "KALLA_EJ_TILLGANGLIG", "TIDSGRANS_OVERSKRIDEN".
std::string_view to_string(BlockStatus status);

}  // namespace utbyte::ssbtek
