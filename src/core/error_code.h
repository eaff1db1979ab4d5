#pragma once

#include <string_view>

namespace utbyte {

// Stable error codes of every utbyte service. Each maps, in one table (error_code.cc), to the
// `felkod` string of the error body and to an HTTP status. Codes are part of the public contract:
// never renumber or rename one; add new ones at the end of their group.
enum class ErrorCode {
  kOk = 0,

  // 400: the request is malformed or breaks a validation rule.
  kMalformedJson,
  kInvalidRequest,
  kInvalidPersonnummer,
  kInvalidOrganisationsnummer,
  kInvalidDate,
  kInvalidDateRange,
  kUnknownInformationType,
  kMissingInformationType,
  kInvalidAktorsId,

  // 401/403/404/405/410/413/415: transport and authorisation.
  kClientCertificateMissing,
  kClientCertificateInvalid,
  kActorNotPermitted,
  kInformationTypeNotPermitted,
  kNotFound,
  kMethodNotAllowed,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kVersionGone,
  kServiceNotCovered,  // 403: the agreement does not cover the service the route belongs to

  // Operational: 429, 503, 500 and failures of local resources (files, database, crypto).
  kRateLimited,
  kServiceUnavailable,
  kServerBusy,  // 503: every worker is busy and the queue is full; retry after Retry-After

  // E-IOA and the shared XML/SOAP/SHS2 layer (400 unless noted; SOAP answers every fault with
  // HTTP 500 as SOAP 1.1 requires, the status here is for non-SOAP callers).
  kXmlMalformed,
  kXmlForbiddenConstruct,
  kXmlLimitExceeded,
  kSchemaViolation,
  kSoapMalformed,
  kSoapActionMismatch,
  kSoapMustUnderstand,
  kSoapOperationUnknown,  // at a shared address: no operation has that SOAPAction or element
  kShsLabelInvalid,
  kSsekHeaderInvalid,    // SSEK: ssek:SSEK missing or malformed
  kSsekSenderUnknown,    // SSEK: SenderId is not the certificate's organisation (403)
  kSsekReceiverUnknown,  // SSEK: ReceiverId is not Försäkringskassan
  kSsekTxIdReused,       // SSEK: a TxId already used for another message (409)
  kSignatureMissing,
  kSignatureInvalid,
  kSignerNotTrusted,
  kSigningTextMismatch,
  kAssistantUnderAge,
  kAssistantIsAssistedPerson,
  kInconsistentDates,
  // E-IOA ownership (docs/decisions.md E13, E14): 409, the request conflicts with what is stored.
  kEioaIdOwnedByOtherVendor,  // the id was first sent by another vendor (certificate organisation)
  kEioaPersonChanged,         // the id again with another person with assistance or assistant

  // LEKA (docs/leka.md), 400.
  kAcknowledgementAhead,
  kInformationTypeNotSubscribable,

  // SSBTEK (docs/ssbtek.md), 400.
  kUnknownSource,

  // Web interface (docs/webui.md).
  kUserExists,        // 409
  kLoginFailed,       // 401, one generic message for every cause
  kSessionMissing,    // 401, no session, expired or logged out
  kCsrfTokenInvalid,  // 403
  kInternal,
  kIoError,
  kStoreError,
  kStorageFull,  // the disk or a size limit is full: nothing was written
  kCryptoError,
  kConfigError,
};

// The `felkod` of the JSON error body, e.g. "OGILTIGT_PERSONNUMMER".
std::string_view felkod(ErrorCode code);

// The HTTP status that a request failing with `code` is answered with.
int http_status(ErrorCode code);

}  // namespace utbyte
