#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "domain/date.h"
#include "eioa/anmalan_validator.h"
#include "eioa/contracts.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/soap/shs_label.h"
#include "store/store.h"

namespace utbyte::eioa {

// The SOAP web service (WSDL on ?wsdl) and the SHS2 address of seed 002 (docs/decisions.md E2).
inline constexpr std::string_view kWsPath = "/ws/FK.EIOA.AnmalanArbetsgivare";
inline constexpr std::string_view kShs2Path = "/shs2/FK.EIOA.AnmalanArbetsgivare";
// The test environment's address (seed 002: shsext.forsakringskassan.se:8020/shs2/…ext), served
// in test mode in front of kShs2Path.
inline constexpr std::string_view kShs2TestPath = "/shs2/FK.EIOA.AnmalanArbetsgivare.ext";
// The SHS product type and the receiving node (Försäkringskassan, 202100-5521).
inline constexpr std::string_view kProdukt = "FK.EIOA.AnmalanArbetsgivare";
inline constexpr std::string_view kFkOrganisationsnummer = platform::soap::kFkOrganisationsnummer;
inline constexpr std::string_view kSoapAction =
    "urn:shs:emottagning:SkickaAnmalanFranArbetsgivare:1";
// The audit log's service name for an accepted notification.
inline constexpr std::string_view kAuditTjanst = "EIOA.ANMALAN.V1";
// HTTP body limit of both addresses (their route profile); the XML inside is limited to
// kMaxAnmalanBytes and answered with a SOAP fault above that.
inline constexpr std::size_t kMaxEioaBodyBytes = 1 << 20;

struct EioaDependencies {
  std::shared_ptr<const AnmalanValidator> validator;
  store::EioaStore& store;
  store::AuditStore& audit;
  std::function<std::int64_t()> now_ms;
  std::function<domain::Date()> today;
  ServedContracts contracts;
  // Counts identical resends (class EIOA_OMSANDNING); set by add_eioa_routes() from the
  // pipeline. Null: no bound (unit tests without a gate).
  platform::sla::ServiceGate* gate = nullptr;
};

// The gate profile an identical resend spends, keyed on the vendor and the notification's id.
platform::sla::GateProfile omsandning_profile();

// Installs both endpoints on the partner pipeline (service EIOA, class EIOA, major 1). Each
// request: agreement covering EIOA and the gate (pipeline) → SOAP envelope (and SHS label on
// /shs2) → XSD → rules → signature; all problems in one fault, nothing stored on any failure.
// Then, for an id already stored (docs/decisions.md E13–E15): another vendor's send is refused
// (EIOA_ID_TILLHOR_ANNAN), another person or assistant too (EIOA_PERSON_ANDRAD), and a resend
// whose signed content equals the current version's spends the gate's EIOA_OMSANDNING budget
// (429 KAPACITETSGRANS_OVERSKRIDEN with Retry-After beyond it). An accepted notification is
// committed to the store and audited before the answer (SkickaAnmalanFranArbetsgivareResponse
// with the tx-id = the request's transaction id).
void add_eioa_routes(platform::pipeline::PartnerPipeline& pipeline, EioaDependencies deps);

// The answer's payload element for `tx_id`.
std::string svar_xml(std::string_view tx_id);

}  // namespace utbyte::eioa
