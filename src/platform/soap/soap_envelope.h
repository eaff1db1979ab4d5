#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "platform/http/message.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::platform::soap {

inline constexpr std::string_view kSoap11Namespace = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12Namespace = "http://www.w3.org/2003/05/soap-envelope";
// The namespace of the problem list in a fault's detail (contracts/xsd/soap_fel_v1.xsd).
inline constexpr std::string_view kFaultDetailNamespace = "urn:utbyte:soap:fel:1";
// SOAP 1.1 over HTTP: text/xml, answers and faults alike.
inline constexpr std::string_view kSoapContentType = "text/xml; charset=utf-8";

// The parts of a parsed SOAP 1.1 envelope. The nodes are borrowed from the XmlDocument, which
// must outlive this value.
struct SoapEnvelope {
  std::vector<xmlNode*> headers;  // the element children of soap:Header, in order
  xmlNode* payload = nullptr;     // the single element child of soap:Body
};

// Splits a SOAP 1.1 envelope. Errors: kSoapMalformed (root is not soap:Envelope, SOAP 1.2
// namespace, no Body, Body without exactly one element, text or unknown elements beside
// Header/Body).
Result<SoapEnvelope> parse_soap_envelope(const xml::XmlDocument& doc);

// A SOAP 1.1 fault: soap:Client for problems with the request, soap:Server for ours. The
// detail carries the code of the whole fault and every problem (kod, meddelande, plats).
struct SoapFault {
  ErrorCode code = ErrorCode::kInternal;  // the fault's overall code (detail/felkod)
  std::string faultstring;                // Swedish, for humans
  xml::Problems problems;                 // at least one; the first is the main one
  std::string transaktions_id;
  // A faultcode of a SOAP profile instead of soap:Client/soap:Server, e.g. SSEK's
  // {http://schemas.ssek.org/ssek/2006-05-10/}ReceiverIdUnknown. Empty: SOAP's own.
  std::string faultcode_namespace;
  std::string faultcode_local;
  // Header elements of the fault envelope (serialised), e.g. SSEK's reply header.
  std::string header_xml;

  // A fault with one problem, from an Error.
  static SoapFault from_error(const Error& error);
  // A fault listing `problems`; `code` is the fault's overall code.
  static SoapFault from_problems(ErrorCode code, std::string faultstring, xml::Problems problems);

  bool is_server_fault() const { return http_status(code) >= 500; }
};

// An envelope around already-serialised payload (and header) elements. The payload must be
// well-formed XML without an XML declaration.
std::string write_soap_envelope(std::string_view payload_xml, std::string_view header_xml = {});

// The fault envelope:
//   <soap:Fault><faultcode>soap:Client</faultcode><faultstring xml:lang="sv">…</faultstring>
//   <detail><fel:Fel xmlns:fel="urn:utbyte:soap:fel:1"><fel:felkod/><fel:transaktionsId/>
//   <fel:problem><fel:kod/><fel:meddelande/><fel:plats/>?</fel:problem>+</fel:Fel></detail>
std::string write_soap_fault(const SoapFault& fault);

// HTTP answers: 200 with an envelope, or 500 with a fault (SOAP 1.1 section 6.2), both text/xml.
http::Response soap_response(std::string_view payload_xml, std::string_view header_xml = {});
http::Response soap_fault_response(const SoapFault& fault);

// Escapes text for XML character data and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace utbyte::platform::soap
