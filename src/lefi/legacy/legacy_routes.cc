#include "lefi/legacy/legacy_routes.h"

#include <fmt/format.h>

#include "platform/soap/soap_routes.h"
#include "platform/versions.h"

namespace utbyte::lefi::legacy {
namespace {

namespace pipeline = platform::pipeline;
namespace soap = platform::soap;

// The three addresses of each generation, and their bindings.
struct Address {
  std::string_view path;
  pipeline::Binding binding;
};
constexpr Address kAddresses[] = {{kWsPath, pipeline::Binding::kSoap},
                                  {kShs2Path, pipeline::Binding::kShs2},
                                  {kSsekPath, pipeline::Binding::kSsek}};

std::string endpoint_path(std::string_view address, int major) {
  return fmt::format("{}/v{}", address, major);
}

// One generation's handler: schema (when there is one) → question → LefiService → answer.
soap::SoapHandler handler(LefiService& lefi, std::function<domain::Date()> today,
                          const LegacyVersion& version, const platform::xml::XsdValidator* schema) {
  return [&lefi, today = std::move(today), &version, schema](const soap::SoapCall& call) {
    if (schema != nullptr) {
      auto problems = schema->validate_element(call.payload);
      if (!problems.empty()) {
        return soap::SoapOutcome::failed(soap::SoapFault::from_problems(
            ErrorCode::kSchemaViolation, "Frågan följer inte schemat", std::move(problems)));
      }
    }
    auto query = read_legacy_query(call.payload, version, today());
    if (!query.ok()) return soap::SoapOutcome::failed(query.error());
    const Requester requester{call.request.transaktions_id,
                              call.request.peer ? call.request.peer->organisationsnummer : "", "",
                              version.tjanst};
    auto answer = lefi.answer(*query, call.agreement, requester);
    if (!answer.ok()) return soap::SoapOutcome::failed(answer.error());
    return soap::SoapOutcome::answer(render_legacy_answer(*answer, version));
  };
}

}  // namespace

Result<std::unique_ptr<LegacyLefi>> LegacyLefi::install(
    pipeline::PartnerPipeline& pipeline, LefiService& lefi, std::function<domain::Date()> today,
    const std::filesystem::path& contracts_dir,
    std::shared_ptr<const soap::WsSecurityVerifier> ssek_signatures) {
  auto legacy = std::make_unique<LegacyLefi>();
  for (const LegacyVersion& version : kLegacyVersions) {
    const auto file = contracts_dir / "xsd" / version.xsd_file;
    std::error_code ec;
    if (contracts_dir.empty() || !std::filesystem::exists(file, ec)) {
      legacy->schemas_.emplace_back();
      legacy->summary_ += fmt::format("lefi v{}: {} saknas; frågor kontrolleras utan schema\n",
                                      version.major, file.string());
      continue;
    }
    auto schema = platform::xml::XsdValidator::load(file);
    if (!schema.ok()) return schema.error();
    legacy->schemas_.emplace_back(std::move(schema).value());
  }
  const soap::ServedContract served =
      soap::load_served_contract(contracts_dir, "EXAHamtaFormansinformation.wsdl",
                                 {kLegacyVersions[0].xsd_file, kLegacyVersions[1].xsd_file,
                                  kLegacyVersions[2].xsd_file, "soap_fel_v1.xsd"});

  auto ssek = std::make_shared<soap::SsekBinding>();
  ssek->receiver = std::string(soap::kFkOrganisationsnummer);
  ssek->signatures = std::move(ssek_signatures);
  ssek->tx_log = std::make_shared<soap::SsekTxLog>();
  for (const Address& address : kAddresses) {
    std::vector<std::string> versions;
    for (std::size_t i = 0; i < std::size(kLegacyVersions); ++i) {
      const LegacyVersion& version = kLegacyVersions[i];
      soap::SoapEndpoint endpoint;
      endpoint.path = endpoint_path(address.path, version.major);
      endpoint.tjanst = std::string(platform::kTjanstLefi);
      endpoint.gate = {std::string(platform::sla::kServiceLefiOnline),
                       platform::sla::ServiceClass::kOnline,
                       std::string(platform::kApiLefiHamtaFormansinformation), version.major};
      endpoint.soap_action = std::string(version.soap_action);
      endpoint.payload_namespace = std::string(version.xml_namespace);
      // Room for a WS-Security header (certificate and signature, a few KiB) on SSEK.
      endpoint.max_body = 64 << 10;
      endpoint.limits.max_bytes = 64 << 10;
      endpoint.limits.drop_blanks = true;
      endpoint.shs2 = address.binding == pipeline::Binding::kShs2;
      endpoint.shs_product = std::string(kProdukt);
      endpoint.shs_recipient = std::string(soap::kFkOrganisationsnummer);
      if (address.binding == pipeline::Binding::kSsek) endpoint.ssek = ssek;
      versions.push_back(endpoint.path);
      const auto& schema = legacy->schemas_[i];
      soap::add_soap_endpoint(pipeline, std::move(endpoint),
                              handler(lefi, today, version, schema ? &*schema : nullptr));
    }
    soap::add_soap_door(pipeline, std::string(address.path), address.binding, std::move(versions));
  }
  legacy->summary_ += fmt::format(
      "LEFI v5–7 (SOAP): {}, {} och {} (SSEK{}); /ws och /shs2 tar emot varje "
      "SOAP-tjänst\n",
      kWsPath, kShs2Path, kSsekPath,
      ssek->signatures ? ", signaturer kontrolleras" : ", utan signerings-CA");
  // The WSDL describes the web service at the product's address (SHS2 adds the label).
  if (!served.wsdl.empty()) soap::add_wsdl_routes(pipeline, std::string(kWsPath), served);
  const soap::ServedContract served_ssek = soap::load_served_contract(
      contracts_dir, "fkExaLefiHamtaFormansinformation_v4.wsdl",
      {kLegacyVersions[0].xsd_file, kLegacyVersions[1].xsd_file, kLegacyVersions[2].xsd_file,
       "ssek_2006_05_10.xsd", "soap_fel_v1.xsd"});
  if (!served_ssek.wsdl.empty()) {
    soap::add_wsdl_routes(pipeline, std::string(kSsekPath), served_ssek);
  }
  return legacy;
}

}  // namespace utbyte::lefi::legacy
