#include "eioa/eioa_routes.h"

#include <memory>

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/logging.h"
#include "platform/soap/soap_routes.h"
#include "platform/versions.h"

namespace utbyte::eioa {
namespace {

namespace soap = platform::soap;

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
  // Committed before the answer: a tx-id promises that FK has the notification.
  auto saved = deps.store.save(version);
  if (!saved.ok()) return soap::SoapOutcome::failed(saved.error());

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

std::string svar_xml(std::string_view tx_id) {
  return fmt::format(R"(<SkickaAnmalanFranArbetsgivareResponse xmlns="{}"><tx-id>{}</tx-id>)"
                     "</SkickaAnmalanFranArbetsgivareResponse>",
                     kSvarNamespace, soap::xml_escape(tx_id));
}

void add_eioa_routes(platform::pipeline::PartnerPipeline& pipeline, EioaDependencies deps) {
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
    endpoint.limits.max_bytes = kMaxAnmalanBytes;
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
