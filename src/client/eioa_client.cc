#include "client/eioa_client.h"

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/soap/shs_label.h"
#include "platform/soap/soap_envelope.h"
#include "platform/transaction_id.h"
#include "platform/xml/xml_document.h"

namespace utbyte::client {
namespace {

namespace soap = platform::soap;
namespace xml = platform::xml;

constexpr std::string_view kSvarNamespace = "urn:shs:emottagning:SkickaAnmalanFranArbetsgivare:1";

// The file's text without an XML declaration, which may not appear inside a SOAP body.
std::string_view without_declaration(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  if (text.starts_with("<?xml")) {
    const auto end = text.find("?>");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  return text;
}

}  // namespace

std::string eioa_request_envelope(std::string_view anmalan_xml, const EioaSendOptions& options) {
  std::string header;
  if (options.kanal == EioaKanal::kShs2) {
    soap::ShsLabel label;
    label.tx_id = platform::new_transaction_id();
    label.corr_id = options.corr_id.empty() ? platform::new_transaction_id() : options.corr_id;
    label.transfer_type = "synch";
    label.sequence_type = "request";
    label.status = options.status;
    label.from = options.from_orgnr;
    label.to = options.to_orgnr;
    label.product = options.product;
    label.datetime = platform::http::now_iso8601();
    label.content_id = platform::new_transaction_id();
    header = soap::write_shs_label(label);
  }
  return soap::write_soap_envelope(without_declaration(anmalan_xml), header);
}

Result<EioaSendResult> send_anmalan(HttpsClient& http, std::string_view anmalan_xml,
                                    const EioaSendOptions& options) {
  auto answer = http.request("POST", options.path, eioa_request_envelope(anmalan_xml, options),
                             std::string(soap::kSoapContentType));
  if (!answer.ok()) return answer.error();
  EioaSendResult result;
  result.http_status = answer->status;
  result.body = answer->body;
  auto doc = xml::parse_xml(answer->body);
  auto envelope =
      doc.ok() ? soap::parse_soap_envelope(*doc) : Result<soap::SoapEnvelope>(doc.error());
  if (!envelope.ok()) {
    return make_error(ErrorCode::kInvalidRequest,
                      fmt::format("Svaret (HTTP {}) är inte ett SOAP-svar: {}", answer->status,
                                  answer->body.substr(0, 300)));
  }
  const xmlNode* payload = envelope->payload;
  if (xml::is_element(payload, kSvarNamespace, "SkickaAnmalanFranArbetsgivareResponse")) {
    result.tx_id = xml::text_of(xml::find_child(payload, kSvarNamespace, "tx-id"));
    return result;
  }
  if (xml::is_element(payload, soap::kSoap11Namespace, "Fault")) {
    result.faultstring = xml::text_of(xml::find_child(payload, "", "faultstring"));
    const xmlNode* fel =
        xml::find_child(xml::find_child(payload, "", "detail"), soap::kFaultDetailNamespace, "Fel");
    result.felkod = xml::text_of(xml::find_child(fel, soap::kFaultDetailNamespace, "felkod"));
    for (const xmlNode* p : xml::child_elements(fel)) {
      if (!xml::is_element(p, soap::kFaultDetailNamespace, "problem")) continue;
      xml::Problem problem;
      problem.message = xml::text_of(xml::find_child(p, soap::kFaultDetailNamespace, "meddelande"));
      problem.location = xml::text_of(xml::find_child(p, soap::kFaultDetailNamespace, "plats"));
      result.problems.push_back(std::move(problem));
      result.problem_codes.push_back(
          xml::text_of(xml::find_child(p, soap::kFaultDetailNamespace, "kod")));
    }
    return result;
  }
  return make_error(
      ErrorCode::kInvalidRequest,
      fmt::format("Oväntat svar (HTTP {}): {}", answer->status, answer->body.substr(0, 300)));
}

}  // namespace utbyte::client
