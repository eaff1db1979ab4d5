#include "platform/soap/soap_routes.h"

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

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

// How the answers of one call are finished: the header of an answer (an SHS2 reply label, SSEK's
// reply header), whether faults carry it too (SSEK), and what to do with an answer's body once it
// is known (SSEK remembers it under the TxId).
struct Finish {
  std::string reply_header;
  bool header_on_faults = false;
  std::function<void(const std::string& body)> on_answer;
};

// A handler's final outcome as the HTTP answer.
http::Response render(SoapOutcome outcome, const Finish& finish,
                      const std::string& transaktions_id) {
  if (outcome.fault) {
    outcome.fault->transaktions_id = transaktions_id;
    if (finish.header_on_faults) outcome.fault->header_xml = finish.reply_header;
    http::Response response = soap_fault_response(*outcome.fault);
    if (outcome.retry_after) {
      response.status = http_status(outcome.fault->code);
      response.headers.emplace_back("Retry-After", sla::retry_after_header(*outcome.retry_after));
    }
    return response;
  }
  http::Response response = soap_response(outcome.payload_xml, finish.reply_header);
  if (finish.on_answer) finish.on_answer(response.body);
  return response;
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

// Checks the label, when there is one, against the endpoint and the caller; every problem is
// listed. Without a label `out` stays empty: the message is plain SOAP (seed 002's example of an
// SHS2 call carries none).
std::optional<SoapFault> check_label(const SoapEndpoint& endpoint, const ActorRegistry& actors,
                                     const http::Request& request,
                                     const std::vector<xmlNode*>& headers,
                                     std::optional<ShsLabel>* out) {
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
  if (label_node == nullptr) return std::nullopt;
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

// SSEK's checks and TxId (ssek_binding.h). Returns the answer when the call ends here: a fault,
// or the answer a resent message got the first time.
std::optional<http::Response> check_ssek(const SsekBinding& binding, http::Request& request,
                                         const Agreement& agreement, xml::XmlDocument& document,
                                         const SoapEnvelope& envelope, Finish& finish) {
  auto message =
      check_ssek_message(binding, request, agreement, document, envelope.headers, envelope.payload);
  if (!message.ok()) return fault_response(ssek_fault(message.error(), nullptr), request);
  finish.reply_header = write_ssek_reply_header(message->header);
  finish.header_on_faults = true;
  const std::string& tx_id = message->header.tx_id;
  if (tx_id.empty()) return std::nullopt;
  const std::string& sender = message->header.sender.id;
  if (auto earlier = binding.tx_log->find(sender, tx_id, message->digest)) {
    if (!earlier->same_message) {
      return fault_response(
          ssek_fault(make_error(ErrorCode::kSsekTxIdReused,
                                fmt::format("ssek:TxId {} har redan använts för ett annat "
                                            "meddelande; varje meddelande ska ha ett eget TxId",
                                            tx_id)),
                     &message->header),
          request);
    }
    http::Response again;
    again.content_type = std::string(kSoapContentType);
    again.body = std::move(earlier->answer);
    return again;
  }
  finish.on_answer = [log = binding.tx_log, sender, tx_id, digest = std::move(message->digest)](
                         const std::string& body) { log->remember(sender, tx_id, digest, body); };
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
        (endpoint.shs2 && xml::is_element(header, kShsLabelNamespace, "shs.label")) ||
        (endpoint.ssek && ssek_understands(header));
    if (!understood && must_understand(header)) {
      return fault_response(
          make_error(ErrorCode::kSoapMustUnderstand,
                     fmt::format("Huvudet {{{}}}{} förstås inte av tjänsten",
                                 xml::namespace_uri(header), xml::local_name(header))),
          request);
    }
  }

  Finish finish;
  std::optional<ShsLabel> label;
  if (endpoint.shs2) {
    if (auto fault = check_label(endpoint, actors, request, envelope->headers, &label)) {
      return fault_response(std::move(*fault), request);
    }
    if (label) {
      finish.reply_header = write_shs_label(make_reply_label(
          *label, http::now_iso8601(), new_transaction_id(), new_transaction_id()));
    }
  }
  if (endpoint.ssek) {
    if (auto done = check_ssek(*endpoint.ssek, request, agreement, *document, *envelope, finish)) {
      return std::move(*done);
    }
  }

  const SoapCall call{request, agreement, *document, envelope->payload, label ? &*label : nullptr};
  SoapOutcome outcome = handler(call);
  if (!outcome.later) return render(std::move(outcome), finish, request.transaktions_id);
  // The request, envelope and call die with this frame; what finishes the answer travels by value.
  http::Response pending;
  pending.deferred = [later = std::move(outcome.later), finish = std::move(finish),
                      transaktions_id = request.transaktions_id](http::Responder respond) {
    later([respond = std::move(respond), finish, transaktions_id](SoapOutcome final_outcome) {
      respond(render(std::move(final_outcome), finish, transaktions_id));
    });
  };
  return pending;
}

}  // namespace

SoapOutcome SoapOutcome::refused_by_gate(const sla::GateDecision& decision) {
  SoapOutcome outcome = failed(decision.refusal.value_or(
      make_error(ErrorCode::kInternal, "Grinden avvisade utan angivet fel")));
  outcome.retry_after = decision.retry_after.value_or(std::chrono::milliseconds(1000));
  return outcome;
}

std::string wsdl_for(std::string_view wsdl, std::string_view path, const http::Request& request) {
  std::string host(request.header("host"));
  // The Host header is the client's; keep only characters a host[:port] can have.
  std::erase_if(host, [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
             c == '[' || c == ']');
  });
  if (host.empty()) host = "localhost";
  const std::string address = "https://" + host + std::string(path);
  std::string text(wsdl);
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
  profile.binding = shared->ssek   ? pipeline::Binding::kSsek
                    : shared->shs2 ? pipeline::Binding::kShs2
                                   : pipeline::Binding::kSoap;
  profile.gate = shared->gate;
  profile.max_body = shared->max_body;
  profile.body = pipeline::BodyRule::kSoapXml;
  profile.soap_action = shared->soap_action;
  profile.payload_namespace = shared->payload_namespace;
  const ActorRegistry& actors = pipeline.actors();
  pipeline.install(
      {"POST", shared->path, std::move(profile),
       [shared, shared_handler, &actors](http::Request& request, const Agreement& agreement) {
         return handle(*shared, actors, *shared_handler, request, agreement);
       }});
  if (!shared->wsdl.empty()) {
    add_wsdl_routes(pipeline, shared->path, {shared->wsdl, shared->schemas});
  }
}

void add_wsdl_routes(pipeline::PartnerPipeline& pipeline, const std::string& path,
                     ServedContract contract) {
  auto shared = std::make_shared<const ServedContract>(std::move(contract));
  // The service description discloses nothing: any holder of a trusted certificate may read
  // it, as integrators fetch it before their agreement is in place.
  pipeline.install_public("GET", path, [shared, path](http::Request& request) {
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
                     "Tjänsten anropas med POST; WSDL finns på " + path + "?wsdl"),
          request.transaktions_id);
    }
    http::Response response;
    response.content_type = "text/xml; charset=utf-8";
    response.body = wsdl_for(shared->wsdl, path, request);
    return response;
  });
}

void add_soap_door(pipeline::PartnerPipeline& pipeline, std::string path, pipeline::Binding binding,
                   std::vector<std::string> targets) {
  struct Operation {
    std::string pattern;
    std::string soap_action;
    std::string payload_namespace;
  };
  std::vector<Operation> operations;
  for (const std::string& target : targets) {
    if (const auto* profile = pipeline.profile_of("POST", target)) {
      operations.push_back({target, profile->soap_action, profile->payload_namespace});
    }
  }
  auto select = [operations = std::move(operations),
                 path](const http::Request& request) -> Result<std::string> {
    const std::string_view action = unquoted(request.header("soapaction"));
    if (!action.empty()) {
      for (const Operation& operation : operations) {
        if (operation.soap_action == action) return operation.pattern;
      }
      return make_error(ErrorCode::kSoapOperationUnknown,
                        fmt::format("Ingen tjänst på {} har SOAPAction \"{}\"", path, action));
    }
    // The router has bounded the body already (the largest limit of the targets); depth and
    // element count keep the defaults, and the target parses again within its own limits.
    xml::XmlLimits limits;
    limits.max_bytes = request.body.size();
    auto document = xml::parse_xml(request.body, limits);
    if (!document.ok()) return document.error();
    auto envelope = parse_soap_envelope(*document);
    if (!envelope.ok()) return envelope.error();
    const std::string_view ns = xml::namespace_uri(envelope->payload);
    for (const Operation& operation : operations) {
      if (!operation.payload_namespace.empty() && operation.payload_namespace == ns) {
        return operation.pattern;
      }
    }
    return make_error(ErrorCode::kSoapOperationUnknown,
                      fmt::format("Ingen tjänst på {} tar emot {{{}}}{}", path, ns,
                                  xml::local_name(envelope->payload)));
  };
  pipeline.install_door("POST", std::move(path), binding, std::move(targets), std::move(select));
}

ServedContract load_served_contract(const std::filesystem::path& contracts_dir,
                                    std::string_view wsdl_file,
                                    std::initializer_list<std::string_view> schema_files) {
  const auto read = [](const std::filesystem::path& file) -> std::optional<std::string> {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  ServedContract served;
  auto wsdl = read(contracts_dir / "wsdl" / wsdl_file);
  if (!wsdl) return served;
  served.wsdl = std::move(*wsdl);
  const std::string from = "schemaLocation=\"../xsd/";
  const std::string to = "schemaLocation=\"{{ADRESS}}?xsd=";
  for (auto pos = served.wsdl.find(from); pos != std::string::npos;
       pos = served.wsdl.find(from, pos + to.size())) {
    served.wsdl.replace(pos, from.size(), to);
  }
  for (const std::string_view file : schema_files) {
    if (auto xsd = read(contracts_dir / "xsd" / file))
      served.schemas.emplace(file, std::move(*xsd));
  }
  return served;
}

}  // namespace utbyte::platform::soap
