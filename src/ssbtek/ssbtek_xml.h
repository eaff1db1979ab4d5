#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "domain/date.h"
#include "ssbtek/ssbtek_query.h"

namespace utbyte::ssbtek {

// The SSBTEK messages (contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd). Our own namespace: FK
// publishes SSBTEK's schemas only on request (docs/decisions.md B2).
inline constexpr std::string_view kSsbtekNamespace = "urn:utbyte:ssbtek:ekonomisktbistand:1";
inline constexpr std::string_view kRequestElement = "HamtaUppgifterEkonomisktBistand";
inline constexpr std::string_view kAnswerElement = "HamtaUppgifterEkonomisktBistandSvar";

// Reads the request element (the SOAP body's payload). Unknown or repeated elements are
// refused. Errors (Swedish messages naming the element): kInvalidRequest (wrong element,
// missing/extra child, bad arendereferens, sokande = medsokande), kInvalidPersonnummer,
// kInvalidDate, kInvalidDateRange (check_period), kUnknownSource.
Result<SsbtekQuery> parse_request(const xmlNode* payload, domain::Date today);

// What a client asks; the textual form of SsbtekQuery.
struct RequestFields {
  std::string sokande;
  std::string medsokande;  // "" when none
  std::string from;
  std::string tom;
  std::vector<std::string> kallor;  // wire or short names; empty: all
  std::string arendereferens;
};

// The request element as XML text (no declaration), for a SOAP body.
std::string write_request(const RequestFields& fields);

// The answer element as XML text (no declaration), for a SOAP body.
std::string write_answer(const SsbtekAnswer& answer);

// The answer element read back into JSON, the shape docs/ssbtek.md shows for
// `utbyte ssbtek fraga --format json`: {"transaktionsId", "tidpunkt", "arendereferens",
// "fromDatum", "tomDatum", "komplett", "syntetiskaUppgifter", "personer": [{"roll",
// "personnummer", "block": [{"kalla", "status", "simulator", "svarstidMs", "forsok",
// "meddelande"?, "uppgifter"?}]}]}. Errors: kInvalidRequest when it is not an answer element.
Result<nlohmann::json> answer_to_json(const xmlNode* answer);

}  // namespace utbyte::ssbtek
