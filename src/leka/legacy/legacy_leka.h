#pragma once

// LEKA's SOAP generations 5, 6 and 7 (seed 000: "Inlämningsadress för versionerna 5, 6 och 7",
// /ws and /shs2). Five operations per generation — register, check and remove subscriptions,
// fetch and acknowledge notifications — each with a body namespace of its own, so FK's shared
// doors find it by SOAPAction or by namespace. Questions are read with v9's rules and error codes;
// answers are rendered from the same store and feed as v9 (docs/leka.md, "LEKA v5–7 (SOAP)").

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/result.h"
#include "domain/date.h"
#include "leka/leka_service.h"
#include "leka/subscription_request.h"
#include "store/leka_store.h"

namespace utbyte::leka::legacy {

// One generation and what sets it apart.
struct LegacyLekaVersion {
  int major = 0;
  std::string_view xsd_file;              // in contracts/xsd: imports the five operations' schemas
  std::string_view tjanst_prenumeration;  // the audit log's name, e.g. "LEKA.PRENUMERATION.V7"
  std::string_view tjanst_avisering;      // e.g. "LEKA.AVISERING.V7"
  bool payments = false;  // UTBETALNING may be subscribed, notifications carry `utbetalning` (v6+)
  bool payment_status = false;  // each `utbetalning` has `beloppstyp` and `status` (v7)
};

inline constexpr LegacyLekaVersion kLegacyLekaVersions[] = {
    {5, "leka_kundavisering_v5.xsd", "LEKA.PRENUMERATION.V5", "LEKA.AVISERING.V5", false, false},
    {6, "leka_kundavisering_v6.xsd", "LEKA.PRENUMERATION.V6", "LEKA.AVISERING.V6", true, false},
    {7, "leka_kundavisering_v7.xsd", "LEKA.PRENUMERATION.V7", "LEKA.AVISERING.V7", true, true},
};

enum class Operation {
  kRegistreraPrenumeration,
  kKontrolleraPrenumeration,
  kAvregistreraPrenumeration,
  kHamtaAviseringar,
  kKvitteraAviseringar,
};

inline constexpr Operation kOperations[] = {
    Operation::kRegistreraPrenumeration, Operation::kKontrolleraPrenumeration,
    Operation::kAvregistreraPrenumeration, Operation::kHamtaAviseringar,
    Operation::kKvitteraAviseringar};

// "RegistreraPrenumeration": the question's element and the operation's name in the WSDL.
std::string_view operation_name(Operation operation);
// The answer's element: the name and "Svar".
std::string answer_element(Operation operation);
// "urn:utbyte:leka:registreraprenumeration:7": the namespace of the question and the answer.
std::string operation_namespace(Operation operation, int major);
// "<namespace>#RegistreraPrenumeration".
std::string soap_action(Operation operation, int major);
// The audit log's name of what `operation` does in `version`.
std::string_view tjanst_of(Operation operation, const LegacyLekaVersion& version);

// HamtaAviseringar's paging: as v9's ?fromSekvens=&antal=.
inline constexpr std::int64_t kDefaultAntal = 100;
inline constexpr std::int64_t kMaxAntal = 1000;
struct FeedQuestion {
  std::optional<std::int64_t> from_sekvens = std::nullopt;  // default: acknowledged + 1
  std::int64_t antal = kDefaultAntal;
};

// Reading the questions. Each checks that `payload` is the operation's element of the version's
// namespace and that its children are the operation's, once each unless repeatable; a wrong
// element, a missing or repeated field is kInvalidRequest, as a wrong JSON field is in v9.

// personnummer, informationstyp 1..n, fromDatum, checked by check_subscription (v9's rules and
// codes). UTBETALNING before v6 is kUnknownInformationType: that generation has no payments.
Result<SubscriptionRequest> read_registrera(const xmlNode* payload,
                                            const LegacyLekaVersion& version, domain::Date today);
// personnummer (kInvalidPersonnummer when it is not one).
Result<domain::Personnummer> read_kontrollera(const xmlNode* payload,
                                              const LegacyLekaVersion& version);
// prenumerationsId: 1–64 characters.
Result<std::string> read_avregistrera(const xmlNode* payload, const LegacyLekaVersion& version);
// fromSekvens? (an integer ≥ 1), antal? (1–1000, default 100).
Result<FeedQuestion> read_hamta(const xmlNode* payload, const LegacyLekaVersion& version);
// tomSekvens (an integer ≥ 0).
Result<std::int64_t> read_kvittera(const xmlNode* payload, const LegacyLekaVersion& version);

// The answers, each its operation's answer element without an XML declaration.
std::string render_registrera(const store::CreatedSubscription& created,
                              const LegacyLekaVersion& version);
std::string render_kontrollera(std::span<const store::Subscription> subscriptions,
                               const LegacyLekaVersion& version);
std::string render_avregistrera(std::string_view prenumerations_id,
                                const LegacyLekaVersion& version);
// Each delivered notification's stored JSON as typed elements (payments only when the version
// has them; v7 with beloppstyp and status), and one meddelande per withheld type. Errors:
// kInternal for a stored notification that is not the JSON this server writes.
Result<std::string> render_hamta(const FeedPage& page, const LegacyLekaVersion& version);
std::string render_kvittera(std::int64_t kvitterad_tom, const LegacyLekaVersion& version);

// The questions as a client writes them (tests, examples).
std::string write_registrera(std::string_view personnummer,
                             std::span<const std::string_view> informationstyper,
                             std::string_view from_datum, const LegacyLekaVersion& version);
std::string write_kontrollera(std::string_view personnummer, const LegacyLekaVersion& version);
std::string write_avregistrera(std::string_view prenumerations_id,
                               const LegacyLekaVersion& version);
std::string write_hamta(const FeedQuestion& question, const LegacyLekaVersion& version);
std::string write_kvittera(std::int64_t tom_sekvens, const LegacyLekaVersion& version);

}  // namespace utbyte::leka::legacy
