#pragma once

// What an SSEK endpoint adds to a SOAP endpoint (soap_routes.h): the ssek:SSEK header checked
// against the caller's certificate and Försäkringskassan, WS-Security signatures verified, and
// TxId making a resent message idempotent. Faults carry SSEK's fault codes where SSEK has one.

#include <memory>
#include <string>
#include <vector>

#include <libxml/tree.h>

#include "core/result.h"
#include "platform/actors.h"
#include "platform/http/message.h"
#include "platform/soap/soap_envelope.h"
#include "platform/soap/ssek_header.h"
#include "platform/soap/ssek_tx_log.h"
#include "platform/soap/ws_security.h"

namespace utbyte::platform::soap {

struct SsekBinding {
  std::string receiver;  // the ReceiverId (type ORGNR) a message must carry
  // Verifies signed messages; null when no CA was given: a signed message is then refused
  // (kSignerNotTrusted), as is every message of an agreement that requires signatures.
  std::shared_ptr<const WsSecurityVerifier> signatures;
  std::shared_ptr<SsekTxLog> tx_log;  // never null
};

// A message that passed the SSEK checks.
struct SsekMessage {
  SsekHeader header;
  std::string digest;  // of the body's element, for TxId idempotency
};

// Checks the envelope's SSEK parts, in this order: exactly one ssek:SSEK header
// (kSsekHeaderInvalid); SenderId of type ORGNR naming the organisation of the TLS client
// certificate (kSsekSenderUnknown); ReceiverId of type ORGNR equal to binding.receiver
// (kSsekReceiverUnknown); a wsse:Security signature when there is one (kSignatureInvalid,
// kSignerNotTrusted; the signer must be the sender's organisation) and when the agreement
// requires one (kSignatureMissing). The document is modified only by ID registration.
Result<SsekMessage> check_ssek_message(const SsekBinding& binding, const http::Request& request,
                                       const Agreement& agreement, xml::XmlDocument& doc,
                                       const std::vector<xmlNode*>& headers, xmlNode* payload);

// True for the headers an SSEK endpoint understands (ssek:SSEK, wsse:Security).
bool ssek_understands(const xmlNode* header);

// A fault from `error` with SSEK's fault code where SSEK has one (ssek:ReceiverIdUnknown,
// ssek:SenderIdUnknown, ssek:TxIdAlreadyReceived, ssek:MissingSSEKHeader; R34) and, when the
// header could be read, the reply header.
SoapFault ssek_fault(const Error& error, const SsekHeader* header);
SoapFault ssek_fault(SoapFault fault, const SsekHeader* header);

}  // namespace utbyte::platform::soap
