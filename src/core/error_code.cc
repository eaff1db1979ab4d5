#include "core/error_code.h"

#include <array>

namespace utbyte {
namespace {

struct ErrorInfo {
  ErrorCode code;
  std::string_view felkod;
  int http_status;
};

// The single table from code to wire representation. Order follows the enum.
constexpr std::array kErrors = {
    ErrorInfo{ErrorCode::kOk, "OK", 200},
    ErrorInfo{ErrorCode::kMalformedJson, "FELAKTIG_JSON", 400},
    ErrorInfo{ErrorCode::kInvalidRequest, "OGILTIG_FRAGA", 400},
    ErrorInfo{ErrorCode::kInvalidPersonnummer, "OGILTIGT_PERSONNUMMER", 400},
    ErrorInfo{ErrorCode::kInvalidOrganisationsnummer, "OGILTIGT_ORGANISATIONSNUMMER", 400},
    ErrorInfo{ErrorCode::kInvalidDate, "OGILTIGT_DATUM", 400},
    ErrorInfo{ErrorCode::kInvalidDateRange, "OGILTIGT_DATUMINTERVALL", 400},
    ErrorInfo{ErrorCode::kUnknownInformationType, "OKAND_INFORMATIONSTYP", 400},
    ErrorInfo{ErrorCode::kMissingInformationType, "INFORMATIONSTYP_SAKNAS", 400},
    ErrorInfo{ErrorCode::kInvalidAktorsId, "OGILTIGT_AKTORSID", 400},
    ErrorInfo{ErrorCode::kClientCertificateMissing, "KLIENTCERTIFIKAT_SAKNAS", 401},
    ErrorInfo{ErrorCode::kClientCertificateInvalid, "KLIENTCERTIFIKAT_OGILTIGT", 401},
    ErrorInfo{ErrorCode::kActorNotPermitted, "AKTOR_EJ_BEHORIG", 403},
    ErrorInfo{ErrorCode::kInformationTypeNotPermitted, "INFORMATIONSTYP_EJ_TILLATEN", 403},
    ErrorInfo{ErrorCode::kNotFound, "RESURS_SAKNAS", 404},
    ErrorInfo{ErrorCode::kMethodNotAllowed, "METOD_EJ_TILLATEN", 405},
    ErrorInfo{ErrorCode::kPayloadTooLarge, "FOR_STOR_FRAGA", 413},
    ErrorInfo{ErrorCode::kUnsupportedMediaType, "FEL_CONTENT_TYPE", 415},
    ErrorInfo{ErrorCode::kVersionGone, "VERSIONEN_UPPHORD", 410},
    ErrorInfo{ErrorCode::kServiceNotCovered, "TJANST_EJ_I_AVTALET", 403},
    ErrorInfo{ErrorCode::kRateLimited, "KAPACITETSGRANS_OVERSKRIDEN", 429},
    ErrorInfo{ErrorCode::kServiceUnavailable, "TJANSTEN_EJ_TILLGANGLIG", 503},
    ErrorInfo{ErrorCode::kServerBusy, "SERVERN_UPPTAGEN", 503},
    ErrorInfo{ErrorCode::kXmlMalformed, "FELAKTIG_XML", 400},
    ErrorInfo{ErrorCode::kXmlForbiddenConstruct, "OTILLATEN_XML_KONSTRUKTION", 400},
    ErrorInfo{ErrorCode::kXmlLimitExceeded, "XML_GRANS_OVERSKRIDEN", 400},
    ErrorInfo{ErrorCode::kSchemaViolation, "SCHEMAFEL", 400},
    ErrorInfo{ErrorCode::kSoapMalformed, "FELAKTIGT_SOAP_KUVERT", 400},
    ErrorInfo{ErrorCode::kSoapActionMismatch, "FEL_SOAPACTION", 400},
    ErrorInfo{ErrorCode::kSoapMustUnderstand, "SOAP_HUVUD_OKANT", 400},
    ErrorInfo{ErrorCode::kSoapOperationUnknown, "OKAND_SOAP_OPERATION", 400},
    ErrorInfo{ErrorCode::kShsLabelInvalid, "OGILTIG_SHS_ETIKETT", 400},
    ErrorInfo{ErrorCode::kSsekHeaderInvalid, "OGILTIGT_SSEK_HUVUD", 400},
    ErrorInfo{ErrorCode::kSsekSenderUnknown, "SSEK_OKAND_AVSANDARE", 403},
    ErrorInfo{ErrorCode::kSsekReceiverUnknown, "SSEK_OKAND_MOTTAGARE", 400},
    ErrorInfo{ErrorCode::kSsekTxIdReused, "SSEK_TXID_ANVAND", 409},
    ErrorInfo{ErrorCode::kSignatureMissing, "SIGNATUR_SAKNAS", 400},
    ErrorInfo{ErrorCode::kSignatureInvalid, "SIGNATUR_OGILTIG", 400},
    ErrorInfo{ErrorCode::kSignerNotTrusted, "SIGNERARE_EJ_BETRODD", 400},
    ErrorInfo{ErrorCode::kSigningTextMismatch, "SIGNERINGSTEXT_FELAKTIG", 400},
    ErrorInfo{ErrorCode::kAssistantUnderAge, "ASSISTENT_UNDER_18_AR", 400},
    ErrorInfo{ErrorCode::kAssistantIsAssistedPerson, "ASSISTENT_AR_BRUKAREN", 400},
    ErrorInfo{ErrorCode::kInconsistentDates, "INKONSEKVENTA_DATUM", 400},
    ErrorInfo{ErrorCode::kEioaIdOwnedByOtherVendor, "EIOA_ID_TILLHOR_ANNAN", 409},
    ErrorInfo{ErrorCode::kEioaPersonChanged, "EIOA_PERSON_ANDRAD", 409},
    ErrorInfo{ErrorCode::kAcknowledgementAhead, "KVITTENS_EFTER_LEVERERAT", 400},
    ErrorInfo{ErrorCode::kInformationTypeNotSubscribable, "INFORMATIONSTYP_EJ_PRENUMERERBAR", 400},
    ErrorInfo{ErrorCode::kUnknownSource, "OKAND_KALLA", 400},
    ErrorInfo{ErrorCode::kUserExists, "ANVANDARE_FINNS", 409},
    ErrorInfo{ErrorCode::kLoginFailed, "INLOGGNING_MISSLYCKADES", 401},
    ErrorInfo{ErrorCode::kSessionMissing, "SESSION_SAKNAS", 401},
    ErrorInfo{ErrorCode::kCsrfTokenInvalid, "CSRF_TOKEN_OGILTIGT", 403},
    ErrorInfo{ErrorCode::kInternal, "INTERNT_FEL", 500},
    ErrorInfo{ErrorCode::kIoError, "IO_FEL", 500},
    ErrorInfo{ErrorCode::kStoreError, "LAGRINGSFEL", 500},
    ErrorInfo{ErrorCode::kStorageFull, "LAGRINGEN_FULL", 503},
    ErrorInfo{ErrorCode::kCryptoError, "KRYPTOFEL", 500},
    ErrorInfo{ErrorCode::kConfigError, "KONFIGURATIONSFEL", 500},
};

constexpr bool table_matches_enum() {
  for (std::size_t i = 0; i < kErrors.size(); ++i) {
    if (static_cast<std::size_t>(kErrors[i].code) != i) return false;
  }
  return true;
}
static_assert(table_matches_enum(), "kErrors must list every ErrorCode in enum order");

const ErrorInfo& info(ErrorCode code) {
  const auto index = static_cast<std::size_t>(code);
  return index < kErrors.size() ? kErrors[index]
                                : kErrors[static_cast<std::size_t>(ErrorCode::kInternal)];
}

}  // namespace

std::string_view felkod(ErrorCode code) { return info(code).felkod; }

int http_status(ErrorCode code) { return info(code).http_status; }

}  // namespace utbyte
