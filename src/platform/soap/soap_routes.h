#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/actors.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/soap/shs_label.h"
#include "platform/soap/soap_envelope.h"
#include "platform/soap/ssek_binding.h"
#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {

// One SOAP 1.1 endpoint on the platform Router.
struct SoapEndpoint {
  std::string path;                 // e.g. "/ws/FK.EIOA.AnmalanArbetsgivare"
  std::string tjanst;               // the agreement's service, e.g. kTjanstEioa
  platform::sla::GateProfile gate;  // service window, SLA class, version entry
  std::size_t max_body = 0;         // HTTP body limit; 0: the server's --max-body
  std::string soap_action;          // accepted SOAPAction besides an absent or empty one
  // The namespace of the body's element: with soap_action, what names the operation at a door.
  std::string payload_namespace;
  xml::XmlLimits limits;  // for the whole envelope
  // SHS2: an SHS label in soap:Header, when there is one, is checked (sequence-type request,
  // transfer-type synch, product == shs_product, to == shs_recipient when given, sender ==
  // the certificate's organisation in production mode) and the answer carries the reply label;
  // without one the message is handled as plain SOAP (seed 002's example has none).
  bool shs2 = false;
  std::string shs_product;
  std::string shs_recipient;
  // SSEK 2.0 (binding SSEK) when set: the ssek:SSEK header is required and checked, a
  // WS-Security signature verified, and a message resent under its TxId answered as before
  // (ssek_binding.h); the answer carries SSEK's reply header, a fault SSEK's fault code.
  std::shared_ptr<const SsekBinding> ssek;
  // Served on GET <path>?wsdl when not empty; every "{{ADRESS}}" is replaced by
  // https://<Host header><path>, so clients call the address they fetched the WSDL from.
  std::string wsdl;
  // Schemas the WSDL imports, served on GET <path>?xsd=<name> (names as the WSDL writes them
  // after "{{ADRESS}}?xsd=").
  std::map<std::string, std::string, std::less<>> schemas;
};

// What a handler gets: the authorised caller and the parsed request. Borrowed for the call.
struct SoapCall {
  const http::Request& request;
  const Agreement& agreement;
  const xml::XmlDocument& document;  // the whole envelope
  xmlNode* payload;                  // the body's element
  const ShsLabel* label;             // SHS2 with a label only, else nullptr
};

struct SoapOutcome;
// Takes a deferred handler's final outcome; callable once, from any thread.
using SoapResponder = std::function<void(SoapOutcome)>;

// A handler's answer: the payload element of the response (serialised, no declaration), or a
// fault, or — for a handler that waits on other services without holding a thread — `later`,
// which is called once with the SoapResponder that takes the final outcome.
struct SoapOutcome {
  std::string payload_xml;
  std::optional<SoapFault> fault;
  std::function<void(SoapResponder)> later;
  // With `fault`: a refusal by the gate that only the service could ask for, because its key
  // needs the parsed request (an E-IOA notification's id). Answered as the pipeline answers the
  // gate's own refusals (decisions R3): the error's HTTP status (429) and this Retry-After.
  std::optional<std::chrono::milliseconds> retry_after;

  static SoapOutcome answer(std::string payload_xml) {
    return {std::move(payload_xml), {}, {}, {}};
  }
  static SoapOutcome failed(SoapFault fault) { return {{}, std::move(fault), {}, {}}; }
  static SoapOutcome failed(const Error& error) { return failed(SoapFault::from_error(error)); }
  static SoapOutcome deferred(std::function<void(SoapResponder)> start) {
    return {{}, {}, std::move(start), {}};
  }
  // `decision` must be a refusal of ServiceGate::admit().
  static SoapOutcome refused_by_gate(const sla::GateDecision& decision);
};

using SoapHandler = std::function<SoapOutcome(const SoapCall&)>;

// Installs POST <path> on the partner pipeline (binding SOAP or SHS2), and GET <path>?wsdl,
// GET <path>?xsd=NAME as public routes. The pipeline authorises (kActorNotPermitted,
// kServiceNotCovered), governs and checks Content-Type text/xml (kUnsupportedMediaType), each
// refusal a SOAP fault with the error's HTTP status. Then, here: SOAPAction
// (kSoapActionMismatch) → envelope parsed within the limits (kXml*, kSoapMalformed) → headers
// with mustUnderstand="1" that the endpoint does not understand (kSoapMustUnderstand) → SHS
// label when present (kShsLabelInvalid, kActorNotPermitted) → handler; each of these failures is a
// SOAP fault with HTTP 500, as SOAP 1.1 requires. Every fault carries the request's transaction id.
void add_soap_endpoint(pipeline::PartnerPipeline& pipeline, SoapEndpoint endpoint,
                       SoapHandler handler);

// `wsdl` with "{{ADRESS}}" replaced by https://<host><path> (host from the request).
std::string wsdl_for(std::string_view wsdl, std::string_view path, const http::Request& request);

// POST `path` as a door (PartnerPipeline::install_door) in front of the SOAP endpoints at
// `targets` (installed before): a request goes to the endpoint whose SOAPAction it names or,
// with an absent or empty SOAPAction, whose payload_namespace its body's element has (the
// envelope is parsed for that, within the default XML limits). Neither found:
// kSoapOperationUnknown as a SOAP fault (HTTP 500), before any agreement is looked at.
void add_soap_door(pipeline::PartnerPipeline& pipeline, std::string path, pipeline::Binding binding,
                   std::vector<std::string> targets);
inline void add_soap_door(pipeline::PartnerPipeline& pipeline, std::string path, bool shs2,
                          std::vector<std::string> targets) {
  add_soap_door(pipeline, std::move(path),
                shs2 ? pipeline::Binding::kShs2 : pipeline::Binding::kSoap, std::move(targets));
}

// A WSDL and the schemas it imports, as a SoapEndpoint serves them.
struct ServedContract {
  std::string wsdl;  // imports rewritten to "{{ADRESS}}?xsd=<file>"
  std::map<std::string, std::string, std::less<>> schemas;
};

// GET `path`?wsdl (the WSDL with the address filled in, see wsdl_for) and GET `path`?xsd=<file>
// as public routes: a service description discloses nothing. Another GET is 405.
void add_wsdl_routes(pipeline::PartnerPipeline& pipeline, const std::string& path,
                     ServedContract contract);

// Reads `contracts_dir`/wsdl/`wsdl_file` and the `schema_files` from `contracts_dir`/xsd/, and
// points the WSDL's imports (schemaLocation="../xsd/<file>") at the endpoint's ?xsd=<file>.
// A missing WSDL gives an empty one (nothing is served on ?wsdl); a missing schema is left out.
ServedContract load_served_contract(const std::filesystem::path& contracts_dir,
                                    std::string_view wsdl_file,
                                    std::initializer_list<std::string_view> schema_files);

}  // namespace utbyte::platform::soap
