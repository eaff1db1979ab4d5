#include "ssbtek/ssbtek_routes.h"

#include "platform/http/error_response.h"
#include "platform/logging.h"
#include "platform/soap/soap_routes.h"
#include "ssbtek/ssbtek_xml.h"

namespace utbyte::ssbtek {

namespace soap = platform::soap;
namespace http = platform::http;

namespace {

// The shared SOAP layer answers every fault with 500 (SOAP 1.1 §6.2); SSBTEK's contract says a
// caller without the legal basis gets 403, so an authorisation fault keeps its own status.
http::Handler with_403_for_refused_actor(http::Handler handler) {
  return [handler = std::move(handler)](http::Request& request) {
    http::Response response = handler(request);
    if (response.status == 500) {
      for (const auto& [name, value] : response.headers) {
        if (name == "X-Felkod" && value == felkod(ErrorCode::kActorNotPermitted)) {
          response.status = http_status(ErrorCode::kActorNotPermitted);
        }
      }
    }
    return response;
  };
}

// GET <path>?xsd=<file>: the schemas the served WSDL imports, so that a SOAP client can resolve
// them from the address it fetched the WSDL from; anything else goes to `handler` (?wsdl).
http::Handler with_schemas(http::Handler handler,
                           std::map<std::string, std::string, std::less<>> schemas) {
  return [handler = std::move(handler), schemas = std::move(schemas)](http::Request& request) {
    const auto query = request.target.find("?xsd=");
    if (query == std::string::npos) return handler(request);
    const auto it = schemas.find(std::string_view(request.target).substr(query + 5));
    if (it == schemas.end()) {
      return http::error_response(make_error(ErrorCode::kNotFound, "Inget sådant schema"),
                                  request.transaktions_id);
    }
    http::Response response;
    response.content_type = "text/xml; charset=utf-8";
    response.body = it->second;
    return response;
  };
}

}  // namespace

void add_ssbtek_routes(http::Router& router, const platform::ActorRegistry& actors,
                       SsbtekService& service, std::function<domain::Date()> today,
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
    auto answer = service.answer(*query, call.agreement, requester);
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
  };
  for (const bool shs2 : {false, true}) {
    soap::SoapEndpoint endpoint;
    endpoint.path = std::string(shs2 ? kShs2Path : kWsPath);
    endpoint.tjanst = std::string(platform::kTjanstSsbtek);
    endpoint.soap_action = std::string(kSoapAction);
    endpoint.limits.max_bytes = 64 << 10;
    endpoint.limits.drop_blanks = true;
    endpoint.shs2 = shs2;
    endpoint.shs_product = std::string(kProdukt);
    endpoint.wsdl = contracts.wsdl;
    const std::string path = endpoint.path;
    soap::add_soap_endpoint(router, actors, std::move(endpoint), handler);
    router.decorate("POST", path, with_403_for_refused_actor);
    if (!contracts.wsdl.empty()) {
      router.decorate("GET", path, [&contracts = contracts.schemas](http::Handler handler) {
        return with_schemas(std::move(handler), contracts);
      });
    }
  }
}

}  // namespace utbyte::ssbtek
