#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "domain/date.h"
#include "eioa/anmalan.h"
#include "eioa/signature.h"
#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xsd_validator.h"

namespace utbyte::eioa {

// A notification as a file or as a SOAP body may be at most this large.
inline constexpr std::size_t kMaxAnmalanBytes = 256 << 10;
// Bounds on one element of a notification or of the envelope around it, decided from the bytes
// before libxml2 parses them (docs/decisions.md E16). A notification needs at most 4 attributes
// and 7 children on one element, and its longest text is the signer certificate (~1 KB of
// base64); an envelope's header (an SHS label) needs under 10 of each.
inline constexpr int kMaxAnmalanAttributes = 32;
inline constexpr std::size_t kMaxAnmalanChildren = 64;
inline constexpr std::size_t kMaxAnmalanTextBytes = 64 << 10;

// The XML limits of a notification and of the SOAP envelope it arrives in: kMaxAnmalan*, and
// the parser's defaults for depth (64) and elements (100 000).
platform::xml::XmlLimits anmalan_xml_limits();

// A notification that passed every check.
struct AcceptedAnmalan {
  platform::xml::XmlDocument document;  // the notification as its own document, as verified
  Anmalan anmalan;
  Signer signer;
};

// The outcome of checking one notification: accepted, or every problem found.
struct AnmalanCheck {
  std::optional<AcceptedAnmalan> accepted;
  platform::xml::Problems problems;

  // The SOAP fault for a refused notification: its code is the first problem's, the
  // faultstring counts them, the detail lists them all.
  platform::soap::SoapFault fault() const;
};

// The one validation path of E-IOA, shared by the server and `utbyte eioa validera`: XML limits
// → XSD → business rules (when the XSD passed) → signature (always, when the root is a
// notification). Immutable after load(); check*() are safe from many threads.
class AnmalanValidator {
 public:
  // Loads the notification XSD from `contracts_dir`/xsd and the trusted signing CA.
  // Errors: kConfigError.
  static Result<AnmalanValidator> load(const std::filesystem::path& contracts_dir,
                                       const std::filesystem::path& signing_ca_pem);

  // A notification received as the payload element of a SOAP body (copied into its own
  // document first: its signature covers the notification, not the envelope).
  AnmalanCheck check_element(const xmlNode* payload, domain::Date today) const;
  // A notification file (CLI).
  AnmalanCheck check_text(std::string_view text, domain::Date today) const;
  // A parsed notification document.
  AnmalanCheck check(platform::xml::XmlDocument document, domain::Date today) const;

 private:
  AnmalanValidator(platform::xml::XsdValidator xsd, SignatureVerifier signatures)
      : xsd_(std::move(xsd)), signatures_(std::move(signatures)) {}

  platform::xml::XsdValidator xsd_;
  SignatureVerifier signatures_;
};

}  // namespace utbyte::eioa
