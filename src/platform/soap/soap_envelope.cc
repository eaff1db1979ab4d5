#include "platform/soap/soap_envelope.h"

#include <fmt/format.h>

#include "platform/http/error_response.h"

namespace utbyte::platform::soap {
namespace {

using xml::is_element;
using xml::namespace_uri;

Error malformed(std::string message) {
  return make_error(ErrorCode::kSoapMalformed, std::move(message));
}

bool is_blank(const xmlNode* node) {
  if (node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE) return false;
  for (const xmlChar* c = node->content; c && *c; ++c) {
    if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') return false;
  }
  return true;
}

bool ignorable(const xmlNode* node) {
  return node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE || is_blank(node);
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<SoapEnvelope> parse_soap_envelope(const xml::XmlDocument& doc) {
  const xmlNode* root = doc.root();
  if (xml::local_name(root) == "Envelope" && namespace_uri(root) == kSoap12Namespace) {
    return malformed("SOAP 1.2 stöds inte; använd SOAP 1.1 (" + std::string(kSoap11Namespace) +
                     ")");
  }
  if (!is_element(root, kSoap11Namespace, "Envelope")) {
    return malformed(fmt::format("Rotelementet ska vara Envelope i namnrymden {}, inte {{{}}}{}",
                                 kSoap11Namespace, namespace_uri(root), xml::local_name(root)));
  }
  SoapEnvelope envelope;
  const xmlNode* body = nullptr;
  for (const xmlNode* child = root->children; child; child = child->next) {
    if (ignorable(child)) continue;
    if (is_element(child, kSoap11Namespace, "Header") && body == nullptr &&
        envelope.headers.empty()) {
      envelope.headers = xml::child_elements(child);
      continue;
    }
    if (is_element(child, kSoap11Namespace, "Body") && body == nullptr) {
      body = child;
      continue;
    }
    return malformed(fmt::format("Oväntat innehåll i soap:Envelope: {}",
                                 child->type == XML_ELEMENT_NODE
                                     ? std::string(xml::local_name(child))
                                     : std::string("text")));
  }
  if (body == nullptr) return malformed("soap:Envelope saknar soap:Body");
  for (xmlNode* child = body->children; child; child = child->next) {
    if (ignorable(child)) continue;
    if (child->type != XML_ELEMENT_NODE) return malformed("soap:Body innehåller text");
    if (envelope.payload != nullptr) {
      return malformed("soap:Body ska innehålla exakt ett element");
    }
    envelope.payload = child;
  }
  if (envelope.payload == nullptr) return malformed("soap:Body är tom");
  return envelope;
}

SoapFault SoapFault::from_error(const Error& error) {
  SoapFault fault;
  fault.code = error.code;
  fault.faultstring = error.message;
  fault.problems.push_back({error.code, error.message, ""});
  return fault;
}

SoapFault SoapFault::from_problems(ErrorCode code, std::string faultstring,
                                   xml::Problems problems) {
  SoapFault fault;
  fault.code = code;
  fault.faultstring = std::move(faultstring);
  fault.problems = std::move(problems);
  if (fault.problems.empty()) fault.problems.push_back({code, fault.faultstring, ""});
  return fault;
}

std::string write_soap_envelope(std::string_view payload_xml, std::string_view header_xml) {
  std::string out =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n"
      R"(<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">)";
  if (!header_xml.empty()) {
    out += "<soapenv:Header>";
    out += header_xml;
    out += "</soapenv:Header>";
  }
  out += "<soapenv:Body>";
  out += payload_xml;
  out += "</soapenv:Body></soapenv:Envelope>\n";
  return out;
}

std::string write_soap_fault(const SoapFault& fault) {
  std::string detail = fmt::format(R"(<fel:Fel xmlns:fel="{}"><fel:felkod>{}</fel:felkod>)",
                                   kFaultDetailNamespace, felkod(fault.code));
  if (!fault.transaktions_id.empty()) {
    detail += fmt::format("<fel:transaktionsId>{}</fel:transaktionsId>",
                          xml_escape(fault.transaktions_id));
  }
  for (const auto& problem : fault.problems) {
    detail += fmt::format("<fel:problem><fel:kod>{}</fel:kod><fel:meddelande>{}</fel:meddelande>",
                          felkod(problem.code), xml_escape(problem.message));
    if (!problem.location.empty()) {
      detail += fmt::format("<fel:plats>{}</fel:plats>", xml_escape(problem.location));
    }
    detail += "</fel:problem>";
  }
  detail += "</fel:Fel>";
  std::string faultcode;
  if (!fault.faultcode_local.empty()) {
    faultcode =
        fmt::format(R"(<faultcode xmlns:fc="{}">fc:{}</faultcode>)",
                    xml_escape(fault.faultcode_namespace), xml_escape(fault.faultcode_local));
  } else {
    faultcode = fmt::format("<faultcode>soapenv:{}</faultcode>",
                            fault.code == ErrorCode::kSoapMustUnderstand ? "MustUnderstand"
                            : fault.is_server_fault()                    ? "Server"
                                                                         : "Client");
  }
  const std::string body =
      fmt::format(R"(<soapenv:Fault>{}<faultstring xml:lang="sv">{}</faultstring>)"
                  "<detail>{}</detail></soapenv:Fault>",
                  faultcode, xml_escape(fault.faultstring), detail);
  return write_soap_envelope(body, fault.header_xml);
}

http::Response soap_response(std::string_view payload_xml, std::string_view header_xml) {
  http::Response response;
  response.status = 200;
  response.content_type = std::string(kSoapContentType);
  response.body = write_soap_envelope(payload_xml, header_xml);
  return response;
}

http::Response soap_fault_response(const SoapFault& fault) {
  // Faults inside the server say no more to the partner than the REST body does.
  SoapFault shown = fault;
  shown.faultstring =
      http::public_error_message(make_error(fault.code, fault.faultstring), fault.transaktions_id);
  for (auto& problem : shown.problems) {
    problem.message = http::public_error_message(make_error(problem.code, problem.message),
                                                 fault.transaktions_id);
  }
  http::Response response;
  response.status = 500;
  response.content_type = std::string(kSoapContentType);
  response.body = write_soap_fault(shown);
  response.headers.emplace_back("X-Felkod", std::string(felkod(fault.code)));
  return response;
}

}  // namespace utbyte::platform::soap
