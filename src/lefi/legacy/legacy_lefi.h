#pragma once

// LEFI Online's SOAP generations 5, 6 and 7 (HamtaFormansinformation; seed 001 publishes them at
// /ws, /shs2 and /ssek/FK.EXA.Lefi.Fraga). The question is read into the v9 query model and
// checked by the same rules; the answer is rendered from the one typed answer (LefiAnswer), so
// every generation discloses exactly what v9 would, in its own shape (docs/lefi-soap.md).

#include <span>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/result.h"
#include "domain/date.h"
#include "lefi/lefi_answer.h"
#include "lefi/lefi_query.h"

namespace utbyte::lefi::legacy {

// One generation and what sets it apart.
struct LegacyVersion {
  int major = 0;
  std::string_view version;        // the newest minor/patch of the major, e.g. "7.3.0"
  std::string_view xml_namespace;  // of the question and the answer
  std::string_view soap_action;
  std::string_view xsd_file;    // in contracts/xsd
  std::string_view tjanst;      // what the audit log names, e.g. "LEFI.HAMTAFORMANSINFORMATION.V7"
  bool payments = false;        // `utbetalning` in the answer, UTBETALNING in the question (v6+)
  bool payment_status = false;  // `beloppstyp` and `status` of each payment (v7: preliminary ones)
};

inline constexpr LegacyVersion kLegacyVersions[] = {
    {5, "5.4.0", "urn:utbyte:lefi:hamtaformansinformation:5",
     "urn:utbyte:lefi:hamtaformansinformation:5#HamtaFormansinformation",
     "lefi_hamta_formansinformation_v5.xsd", "LEFI.HAMTAFORMANSINFORMATION.V5", false, false},
    {6, "6.2.1", "urn:utbyte:lefi:hamtaformansinformation:6",
     "urn:utbyte:lefi:hamtaformansinformation:6#HamtaFormansinformation",
     "lefi_hamta_formansinformation_v6.xsd", "LEFI.HAMTAFORMANSINFORMATION.V6", true, false},
    {7, "7.3.0", "urn:utbyte:lefi:hamtaformansinformation:7",
     "urn:utbyte:lefi:hamtaformansinformation:7#HamtaFormansinformation",
     "lefi_hamta_formansinformation_v7.xsd", "LEFI.HAMTAFORMANSINFORMATION.V7", true, true},
};

inline constexpr std::string_view kQuestionElement = "HamtaFormansinformation";
inline constexpr std::string_view kAnswerElement = "HamtaFormansinformationSvar";

// The question in `payload` ({namespace}HamtaFormansinformation: personnummer, informationstyp
// 1..n, fromDatum, tomDatum), checked with v9's rules and error codes (kInvalidPersonnummer,
// kMissingInformationType, kUnknownInformationType, kInvalidDate, kInvalidDateRange,
// kInvalidRequest for a missing or repeated field or another element). UTBETALNING before v6 is
// kUnknownInformationType: that generation has no payments.
Result<LefiQuery> read_legacy_query(const xmlNode* payload, const LegacyVersion& version,
                                    domain::Date today);

// The answer element ({namespace}HamtaFormansinformationSvar), without an XML declaration.
std::string render_legacy_answer(const LefiAnswer& answer, const LegacyVersion& version);

// The question as a client writes it (the CLI, tests).
std::string write_legacy_query(const LefiQuery& query, const LegacyVersion& version);

}  // namespace utbyte::lefi::legacy
