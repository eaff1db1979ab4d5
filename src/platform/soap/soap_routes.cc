#include "platform/soap/soap_routes.h"

#include <memory>

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/http/query_params.h"
#include "platform/transaction_id.h"

namespace utbyte::platform::soap {
namespace {

http::Response fault_response(SoapFault fault, const http::Request& request) {
  fault.transaktions_id = request.transaktions_id;
  return soap_fault_response(fault);
}

// A handler's final outcome as the HTTP answer: a fault, or the payload (with the SHS2 reply
// label to `label`).
http::Response render(SoapOutcome outcome, bool shs2, const ShsLabel& label,
                      const std::string& transaktions_id) {
  if (outcome.fault) {
    outcome.fault->transaktions_id = transaktions_id;
    return soap_fault_response(*outcome.fault);
  }
  if (!shs2) return soap_response(outcome.payload_xml);
  const ShsLabel reply =
      make_reply_label(label, http::now_iso8601(), new_transaction_id(), new_transaction_id());
  return soap_response(outcome.payload_xml, write_shs_label(reply));
}

http::Response fault_response(const Error& error, const http::Request& request) {
  return fault_response(SoapFault::from_error(error), request);
}

std::string_view unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

bool must_understand(const xmlNode* header) {
  for (const xmlAttr* attr = header->properties; attr; attr = attr->next) {
    if (attr->ns && attr->ns->href &&
        std::string_view(reinterpret_cast<const char*>(attr->ns->href)) == kSoap11Namespace &&
        std::string_view(reinterpret_cast<const char*>(attr->name)) == "mustUnderstand") {
      const std::string value = xml::text_of(reinterpret_cast<const xmlNode*>(attr));
      return value == "1" || value == "true";
    }
  }
  return false;
}

// Checks the label against the endpoint and the caller; every problem is listed.
std::optional<SoapFault> check_label(const SoapEndpoint& endpoint, const ActorRegistry& actors,
                                     const http::Request& request,
                                     const std::vector<xmlNode*>& headers, ShsLabel* out) {
  xml::Problems problems;
  const xmlNode* label_node = nullptr;
  for (const xmlNode* header : headers) {
    if (xml::is_element(header, kShsLabelNamespace, "shs.label")) {
      if (label_node != nullptr) {
        problems.push_back({ErrorCode::kShsLabelInvalid, "Mer än en SHS-etikett", "soap:Header"});
      }
      label_node = header;
    }
  }
  if (label_node == nullptr) {
    return SoapFault::from_problems(
        ErrorCode::kShsLabelInvalid, "SHS-etikett saknas",
        {{ErrorCode::kShsLabelInvalid,
          fmt::format("SHS2 kräver en shs.label (namnrymd {}) i soap:Header", kShsLabelNamespace),
          "soap:Header"}});
  }
  auto label = parse_shs_label(label_node, &problems);
  if (label.ok()) {
    if (label->sequence_type != "request") {
      problems.push_back({ErrorCode::kShsLabelInvalid,
                          "Tjänsten är synkron: sequence-type ska vara request",
                          "shs.label/@sequence-type"});
    }
    if (label->transfer_type != "synch") {
      problems.push_back({ErrorCode::kShsLabelInvalid,
                          "Tjänsten är synkron: transfer-type ska vara synch",
                          "shs.label/@transfer-type"});
    }
    if (label->product != endpoint.shs_product) {
      problems.push_back({ErrorCode::kShsLabelInvalid,
                          fmt::format("product ska vara {}", endpoint.shs_product),
                          "shs.label/product"});
    }
    if (!endpoint.shs_recipient.empty() && !label->to.empty() &&
        label->to.substr(0, label->to.find('.')) != endpoint.shs_recipient) {
      problems.push_back(
          {ErrorCode::kShsLabelInvalid,
           fmt::format("to ska vara mottagarens organisationsnummer {}", endpoint.shs_recipient),
           "shs.label/to"});
    }
    // In production the SHS node that sends must be the one the certificate names.
    if (actors.mode() == Mode::kProduction && request.peer != nullptr &&
        label->sender().substr(0, label->sender().find('.')) != request.peer->organisationsnummer) {
      problems.push_back({ErrorCode::kActorNotPermitted,
                          "Avsändaren i SHS-etiketten är inte certifikatets organisation",
                          "shs.label/from"});
    }
  }
  if (!problems.empty()) {
    const ErrorCode code =
        problems.size() == 1 ? problems.front().code : ErrorCode::kShsLabelInvalid;
    return SoapFault::from_problems(code, "SHS-etiketten är ogiltig", std::move(problems));
  }
  *out = std::move(label).value();
  return std::nullopt;
}

http::Response handle(const SoapEndpoint& endpoint, const ActorRegistry& actors,
                      const SoapHandler& handler, http::Request& request,
                      const Agreement& agreement) {
  const auto action = request.headers.find("soapaction");
  if (action != request.headers.end()) {
    const std::string_view value = unquoted(action->second);
    if (!value.empty() && value != endpoint.soap_action) {
      return fault_response(
          make_error(ErrorCode::kSoapActionMismatch,
                     fmt::format("SOAPAction ska vara \"{}\" eller tom", endpoint.soap_action)),
          request);
    }
  }

  auto document = xml::parse_xml(request.body, endpoint.limits);
  if (!document.ok()) return fault_response(document.error(), request);
  auto envelope = parse_soap_envelope(*document);
  if (!envelope.ok()) return fault_response(envelope.error(), request);

  for (const xmlNode* header : envelope->headers) {
    const bool understood =
        endpoint.shs2 && xml::is_element(header, kShsLabelNamespace, "shs.label");
    if (!understood && must_understand(header)) {
      return fault_response(
          make_error(ErrorCode::kSoapMustUnderstand,
                     fmt::format("Huvudet {{{}}}{} förstås inte av tjänsten",
                                 xml::namespace_uri(header), xml::local_name(header))),
          request);
    }
  }

  ShsLabel label;
  if (endpoint.shs2) {
    if (auto fault = check_label(endpoint, actors, request, envelope->headers, &label)) {
      return fault_response(std::move(*fault), request);
    }
  }

  const SoapCall call{request, agreement, *document, envelope->payload,
                      endpoint.shs2 ? &label : nullptr};
  SoapOutcome outcome = handler(call);
  if (!outcome.later)
    return render(std::move(outcome), endpoint.shs2, label, request.transaktions_id);
  // The request, envelope and call die with this frame; the label and id travel by value.
  http::Response pending;
  pending.deferred = [later = std::move(outcome.later), shs2 = endpoint.shs2,
                      label = std::move(label),
                      transaktions_id = request.transaktions_id](http::Responder respond) {
    later([respond = std::move(respond), shs2, label, transaktions_id](SoapOutcome final_outcome) {
      respond(render(std::move(final_outcome), shs2, label, transaktions_id));
    });
  };
  return pending;
}

}  // namespace

std::string wsdl_for(const SoapEndpoint& endpoint, const http::Request& request) {
  std::string host(request.header("host"));
  // The Host header is the client's; keep only characters a host[:port] can have.
  std::erase_if(host, [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
             c == '[' || c == ']');
  });
  if (host.empty()) host = "localhost";
  const std::string address = "https://" + host + endpoint.path;
  std::string text = endpoint.wsdl;
  const std::string marker = "{{ADRESS}}";
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos)) {
    text.replace(pos, marker.size(), address);
    pos += address.size();
  }
  return text;
}

void add_soap_endpoint(pipeline::PartnerPipeline& pipeline, SoapEndpoint endpoint,
                       SoapHandler handler) {
  auto shared = std::make_shared<const SoapEndpoint>(std::move(endpoint));
  auto shared_handler = std::make_shared<const SoapHandler>(std::move(handler));
  pipeline::RouteProfile profile;
  profile.tjanst = shared->tjanst;
  profile.binding = shared->shs2 ? pipeline::Binding::kShs2 : pipeline::Binding::kSoap;
  profile.gate = shared->gate;
  profile.max_body = shared->max_body;
  profile.body = pipeline::BodyRule::kSoapXml;
  const ActorRegistry& actors = pipeline.actors();
  pipeline.install(
      {"POST", shared->path, std::move(profile),
       [shared, shared_handler, &actors](http::Request& request, const Agreement& agreement) {
         return handle(*shared, actors, *shared_handler, request, agreement);
       }});
  if (!shared->wsdl.empty()) {
    // The service description discloses nothing: any holder of a trusted certificate may read
    // it, as integrators fetch it before their agreement is in place.
    pipeline.install_public("GET", shared->path, [shared](http::Request& request) {
      auto params = http::QueryParams::parse(request.target, {"wsdl", "WSDL", "xsd"});
      if (!params) return http::error_response(params.error(), request.transaktions_id);
      if (const std::string* name = params->find("xsd")) {
        const auto schema = shared->schemas.find(*name);
        if (schema == shared->schemas.end()) {
          return http::error_response(
              make_error(ErrorCode::kNotFound, "Det finns inget sådant schema"),
              request.transaktions_id);
        }
        http::Response response;
        response.content_type = "text/xml; charset=utf-8";
        response.body = schema->second;
        return response;
      }
      if (!params->has("wsdl") && !params->has("WSDL")) {
        return http::error_response(
            make_error(ErrorCode::kMethodNotAllowed,
                       "Tjänsten anropas med POST; WSDL finns på " + shared->path + "?wsdl"),
            request.transaktions_id);
      }
      http::Response response;
      response.content_type = "text/xml; charset=utf-8";
      response.body = wsdl_for(*shared, request);
      return response;
    });
  }
}

}  // namespace utbyte::platform::soap
