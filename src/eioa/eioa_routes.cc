#include "eioa/eioa_routes.h"

#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/logging.h"
#include "platform/soap/soap_routes.h"
#include "platform/versions.h"

namespace utbyte::eioa {
namespace {

namespace soap = platform::soap;
namespace xml = platform::xml;

void log_refusal(const std::string& transaktions_id, ErrorCode code) {
  platform::log_info(
      "eioa_avvisad",
      {{"transaktionsId", transaktions_id}, {"felkod", felkod(code)}, {"antalFel", 1}});
}

// True when `accepted` has the same signed content as the stored version `stored_xml`: the same
// digest over the canonical notification without its signature (signature.h). A stored version
// that cannot be read is never "the same": the resend is then stored, not throttled.
bool same_signed_content(const std::string& stored_xml, const xml::XmlDocument& accepted) {
  const std::string digest = signed_content_digest(accepted.root());
  if (digest.empty()) return false;
  auto stored = xml::parse_xml(stored_xml, anmalan_xml_limits());
  return stored.ok() && signed_content_digest(stored->root()) == digest;
}

// For an id already stored: the owner's check (before any budget is spent on a send that would
// be refused anyway) and the identical-resend budget. save() repeats the owner's check inside
// its transaction, where it is atomic; this one only answers early.
std::optional<soap::SoapOutcome> check_stored_id(const EioaDependencies& deps,
                                                 const soap::SoapCall& call,
                                                 const store::EioaVersion& version,
                                                 const xml::XmlDocument& document) {
  auto stored = deps.store.find(version.id);
  if (!stored.ok()) return soap::SoapOutcome::failed(stored.error());
  if (!stored->has_value()) return std::nullopt;
  const store::EioaCurrent& current = **stored;
  const store::EioaIdentity identity{current.agare_orgnr, current.senaste.personnummer,
                                     current.senaste.assistent_personnummer};
  if (Status s = store::check_resend(identity, version); !s.ok()) {
    log_refusal(call.request.transaktions_id, s.code());
    return soap::SoapOutcome::failed(s.error());
  }
  if (deps.gate == nullptr || !same_signed_content(current.senaste.xml, document)) {
    return std::nullopt;
  }
  platform::sla::GateDecision decision =
      deps.gate->admit(omsandning_profile(), version.leverantor_orgnr + "|" + version.id);
  if (decision.admitted()) return std::nullopt;
  log_refusal(call.request.transaktions_id,
              decision.refusal ? decision.refusal->code : ErrorCode::kRateLimited);
  return soap::SoapOutcome::refused_by_gate(decision);
}

soap::SoapOutcome receive(const EioaDependencies& deps, const soap::SoapCall& call) {
  AnmalanCheck check = deps.validator->check_element(call.payload, deps.today());
  if (!check.accepted) {
    platform::log_info("eioa_avvisad",
                       {{"transaktionsId", call.request.transaktions_id},
                        {"felkod", felkod(check.problems.empty() ? ErrorCode::kInternal
                                                                 : check.problems.front().code)},
                        {"antalFel", check.problems.size()}});
    return soap::SoapOutcome::failed(check.fault());
  }
  const AcceptedAnmalan& accepted = *check.accepted;
  const std::string& tx_id = call.request.transaktions_id;

  store::EioaVersion version;
  version.id = accepted.anmalan.id;
  version.tx_id = tx_id;
  version.leverantor_orgnr = call.request.peer ? call.request.peer->organisationsnummer : "";
  version.anordnare_orgnr = accepted.anmalan.assistansanordnare.organisationsnummer;
  version.personnummer = accepted.anmalan.person_som_har_assistans.personnummer;
  version.assistent_personnummer = accepted.anmalan.assistent.personnummer;
  version.signerare = accepted.signer.subject;
  version.kanal = call.label ? "SHS2" : "SOAP";
  version.mottagen_ms = deps.now_ms();
  version.xml = accepted.document.to_string();
  if (auto refused = check_stored_id(deps, call, version, accepted.document)) return *refused;
  // Committed before the answer: a tx-id promises that FK has the notification.
  auto saved = deps.store.save(version);
  if (!saved.ok()) {
    if (saved.error().code == ErrorCode::kEioaIdOwnedByOtherVendor ||
        saved.error().code == ErrorCode::kEioaPersonChanged) {
      log_refusal(tx_id, saved.error().code);  // lost a race with another instance's send
    }
    return soap::SoapOutcome::failed(saved.error());
  }

  store::AuditEvent event;
  event.tidpunkt = platform::http::now_iso8601();
  event.transaktions_id = tx_id;
  event.aktors_id = call.agreement.aktors_id;
  event.organisationsnummer = version.leverantor_orgnr;
  event.tjanst = std::string(kAuditTjanst);
  event.personnummer = version.personnummer;
  event.informationstyper = {"ANMALAN_ASSISTENT"};
  event.rattslig_grund = call.agreement.rattslig_grund;
  event.utfall = saved->manuell_hantering ? "MOTTAGEN_MANUELL_HANTERING" : "MOTTAGEN";
  if (auto audited = deps.audit.append(event); !audited.ok()) {
    return soap::SoapOutcome::failed(audited.error());
  }
  platform::log_info("eioa_mottagen", {{"transaktionsId", tx_id},
                                       {"id", version.id},
                                       {"version", saved->antal_versioner},
                                       {"manuellHantering", saved->manuell_hantering},
                                       {"kanal", version.kanal}});
  return soap::SoapOutcome::answer(svar_xml(tx_id));
}

}  // namespace

platform::sla::GateProfile omsandning_profile() {
  return {std::string(platform::sla::kServiceEioa), platform::sla::ServiceClass::kEioaOmsandning,
          std::string(platform::kApiEioaAnmalan), 1};
}

std::string svar_xml(std::string_view tx_id) {
  return fmt::format(R"(<SkickaAnmalanFranArbetsgivareResponse xmlns="{}"><tx-id>{}</tx-id>)"
                     "</SkickaAnmalanFranArbetsgivareResponse>",
                     kSvarNamespace, soap::xml_escape(tx_id));
}

void add_eioa_routes(platform::pipeline::PartnerPipeline& pipeline, EioaDependencies deps) {
  if (deps.gate == nullptr) deps.gate = pipeline.gate();
  auto shared = std::make_shared<const EioaDependencies>(std::move(deps));
  for (const bool shs2 : {false, true}) {
    soap::SoapEndpoint endpoint;
    endpoint.path = std::string(shs2 ? kShs2Path : kWsPath);
    endpoint.tjanst = std::string(platform::kTjanstEioa);
    endpoint.gate = {std::string(platform::sla::kServiceEioa), platform::sla::ServiceClass::kEioa,
                     std::string(platform::kApiEioaAnmalan), 1};
    endpoint.max_body = kMaxEioaBodyBytes;
    endpoint.soap_action = std::string(kSoapAction);
    endpoint.payload_namespace = std::string(kAnmalanNamespace);
    endpoint.limits = anmalan_xml_limits();
    endpoint.shs2 = shs2;
    endpoint.shs_product = std::string(kProdukt);
    endpoint.shs_recipient = std::string(kFkOrganisationsnummer);
    if (!shs2) {  // the WSDL describes the web service; SHS2 adds the label (docs/eioa.md)
      endpoint.wsdl = shared->contracts.wsdl;
      endpoint.schemas = shared->contracts.schemas;
    }
    soap::add_soap_endpoint(pipeline, std::move(endpoint), [shared](const soap::SoapCall& call) {
      return receive(*shared, call);
    });
  }
}

}  // namespace utbyte::eioa
