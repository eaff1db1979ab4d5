#include "ssbtek/ssbtek_routes.h"

#include "platform/http/error_response.h"
#include "platform/logging.h"
#include "platform/soap/soap_routes.h"
#include "platform/versions.h"
#include "ssbtek/ssbtek_xml.h"

namespace utbyte::ssbtek {

namespace soap = platform::soap;

namespace {

// The SOAP outcome of a composed answer, logged without personal data.
soap::SoapOutcome outcome_of(const Result<SsbtekAnswer>& answer) {
  if (!answer.ok()) return soap::SoapOutcome::failed(answer.error());
  int missing = 0;
  for (const auto& person : answer->personer) {
    for (const auto& block : person.blocks) {
      missing += block.result.status == BlockStatus::kBesvarad ||
                         block.result.status == BlockStatus::kIngaUppgifter
                     ? 0
                     : 1;
    }
  }
  platform::log_info("ssbtek_svar", {{"transaktionsId", answer->transaktions_id},
                                     {"personer", answer->personer.size()},
                                     {"komplett", answer->komplett},
                                     {"blockUtanSvar", missing}});
  return soap::SoapOutcome::answer(write_answer(*answer));
}

}  // namespace

void add_ssbtek_routes(platform::pipeline::PartnerPipeline& pipeline, SsbtekService& service,
                       std::function<domain::Date()> today,
                       const platform::xml::XsdValidator* schema,
                       const ServedContracts& contracts) {
  const auto handler = [&service, today, schema](const soap::SoapCall& call) {
    if (schema != nullptr) {
      auto problems = schema->validate_element(call.payload);
      if (!problems.empty()) {
        return soap::SoapOutcome::failed(soap::SoapFault::from_problems(
            ErrorCode::kSchemaViolation, "Frågan följer inte schemat", std::move(problems)));
      }
    }
    auto query = parse_request(call.payload, today());
    if (!query.ok()) return soap::SoapOutcome::failed(query.error());
    SsbtekRequester requester{call.request.transaktions_id,
                              call.request.peer ? call.request.peer->organisationsnummer : ""};
    // The sources answer on their own time: no thread of the server waits for them.
    return soap::SoapOutcome::deferred(
        [&service, query = std::move(query).value(), agreement = call.agreement,
         requester = std::move(requester)](soap::SoapResponder respond) {
          service.answer_async(query, agreement, requester,
                               [respond = std::move(respond)](Result<SsbtekAnswer> answer) {
                                 respond(outcome_of(answer));
                               });
        });
  };
  for (const bool shs2 : {false, true}) {
    soap::SoapEndpoint endpoint;
    endpoint.path = std::string(shs2 ? kShs2Path : kWsPath);
    endpoint.tjanst = std::string(platform::kTjanstSsbtek);
    endpoint.gate = {std::string(platform::sla::kServiceSsbtek),
                     platform::sla::ServiceClass::kSsbtek, std::string(platform::kApiSsbtek), 1};
    endpoint.soap_action = std::string(kSoapAction);
    endpoint.payload_namespace = std::string(kSsbtekNamespace);
    endpoint.limits.max_bytes = 64 << 10;
    endpoint.limits.drop_blanks = true;
    endpoint.shs2 = shs2;
    endpoint.shs_product = std::string(kProdukt);
    endpoint.wsdl = contracts.wsdl;
    endpoint.schemas = contracts.schemas;
    soap::add_soap_endpoint(pipeline, std::move(endpoint), handler);
  }
}

}  // namespace utbyte::ssbtek
