#include "platform/soap/ssek_binding.h"

#include <openssl/sha.h>

#include <fmt/format.h>

#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {
namespace {

// SHA-256 (hex) of the payload element as serialised: the same message resent gives the same
// digest whatever else (a new signature or timestamp in the header) differs.
std::string payload_digest(xmlDoc* doc, xmlNode* payload) {
  xmlBufferPtr buffer = xmlBufferCreate();
  xmlNodeDump(buffer, doc, payload, 0, 0);
  unsigned char hash[SHA256_DIGEST_LENGTH];
  SHA256(xmlBufferContent(buffer), static_cast<std::size_t>(xmlBufferLength(buffer)), hash);
  xmlBufferFree(buffer);
  std::string hex;
  for (unsigned char byte : hash) hex += fmt::format("{:02x}", byte);
  return hex;
}

xmlNode* body_of(xmlNode* payload) { return payload ? payload->parent : nullptr; }

}  // namespace

bool ssek_understands(const xmlNode* header) {
  return is_ssek_header(header) || is_ws_security_header(header);
}

Result<SsekMessage> check_ssek_message(const SsekBinding& binding, const http::Request& request,
                                       const Agreement& agreement, xml::XmlDocument& doc,
                                       const std::vector<xmlNode*>& headers, xmlNode* payload) {
  const xmlNode* ssek = nullptr;
  xmlNode* security = nullptr;
  for (xmlNode* header : headers) {
    if (is_ssek_header(header)) {
      if (ssek != nullptr) {
        return make_error(ErrorCode::kSsekHeaderInvalid, "Mer än ett ssek:SSEK-huvud");
      }
      ssek = header;
    } else if (is_ws_security_header(header)) {
      if (security != nullptr) {
        return make_error(ErrorCode::kSignatureInvalid, "Mer än ett wsse:Security-huvud");
      }
      security = header;
    }
  }
  if (ssek == nullptr) {
    return make_error(ErrorCode::kSsekHeaderInvalid,
                      fmt::format("SSEK-huvudet saknas: soap:Header ska innehålla ssek:SSEK ({})",
                                  kSsekNamespace));
  }
  xml::Problems problems;
  auto header = parse_ssek_header(ssek, &problems);
  if (!header.ok()) {
    std::string message = "SSEK-huvudet är ogiltigt";
    for (const auto& p : problems) message += "; " + p.message;
    return make_error(ErrorCode::kSsekHeaderInvalid, std::move(message));
  }

  const std::string& organisation = request.peer ? request.peer->organisationsnummer : "";
  if (header->sender.type != kSsekOrgnr || header->sender.id != organisation) {
    return make_error(ErrorCode::kSsekSenderUnknown,
                      fmt::format("ssek:SenderId ska vara certifikatets organisationsnummer {} med "
                                  "ssek:Type=\"ORGNR\", inte {} ({})",
                                  organisation, header->sender.id, header->sender.type));
  }
  if (header->receiver.type != kSsekOrgnr || header->receiver.id != binding.receiver) {
    return make_error(ErrorCode::kSsekReceiverUnknown,
                      fmt::format("ssek:ReceiverId ska vara Försäkringskassans organisationsnummer "
                                  "{} med ssek:Type=\"ORGNR\"",
                                  binding.receiver));
  }

  if (security != nullptr) {
    if (!binding.signatures) {
      return make_error(ErrorCode::kSignerNotTrusted,
                        "Signerade meddelanden kan inte kontrolleras: servern har ingen betrodd CA "
                        "för signaturer");
    }
    auto signer = binding.signatures->verify(doc, security, body_of(payload));
    if (!signer.ok()) return signer.error();
    if (signer->organisationsnummer != organisation) {
      return make_error(ErrorCode::kSignerNotTrusted,
                        fmt::format("Meddelandet är signerat av organisation {}, inte av "
                                    "avsändaren {}",
                                    signer->organisationsnummer, organisation));
    }
  } else if (agreement.ssek_signatur) {
    return make_error(
        ErrorCode::kSignatureMissing,
        "Avtalet kräver signerade meddelanden: wsse:Security med ds:Signature saknas");
  }
  return SsekMessage{std::move(header).value(), payload_digest(doc.get(), payload)};
}

SoapFault ssek_fault(SoapFault fault, const SsekHeader* header) {
  std::string_view local;
  switch (fault.code) {
    case ErrorCode::kSsekReceiverUnknown:
      local = "ReceiverIdUnknown";
      break;
    case ErrorCode::kSsekSenderUnknown:
      local = "SenderIdUnknown";
      break;
    case ErrorCode::kSsekTxIdReused:
      local = "TxIdAlreadyReceived";
      break;
    case ErrorCode::kSsekHeaderInvalid:
      local = "MissingSSEKHeader";
      break;
    default:
      break;
  }
  if (!local.empty()) {
    fault.faultcode_namespace = std::string(kSsekNamespace);
    fault.faultcode_local = std::string(local);
  }
  if (header != nullptr) fault.header_xml = write_ssek_reply_header(*header);
  return fault;
}

SoapFault ssek_fault(const Error& error, const SsekHeader* header) {
  return ssek_fault(SoapFault::from_error(error), header);
}

}  // namespace utbyte::platform::soap
