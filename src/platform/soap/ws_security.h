#pragma once

// WS-Security 1.0 XML signatures on SOAP messages (OASIS Web Services Security: SOAP Message
// Security 1.0 and the X.509 Token Profile), as SSEK 2.0 signs messages: a wsse:Security header
// holding the signer's certificate (a wsse:BinarySecurityToken, or ds:X509Data in the
// signature's KeyInfo) and a ds:Signature whose references cover soap:Body by its Id.

#include <filesystem>
#include <memory>
#include <string_view>

#include <libxml/tree.h>
#include <openssl/x509_vfy.h>

#include "core/result.h"
#include "platform/tls/peer_identity.h"
#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {

inline constexpr std::string_view kWsseNamespace =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr std::string_view kWsuNamespace =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

// True when `node` is {kWsseNamespace}Security.
bool is_ws_security_header(const xmlNode* node);

// Verifies signed SOAP messages against the CA that issues partner certificates. Immutable
// after load(); verify() is safe from many threads.
class WsSecurityVerifier {
 public:
  // Reads the trusted CA certificates (PEM, one or more). Errors: kConfigError naming the file.
  static Result<WsSecurityVerifier> load(const std::filesystem::path& trusted_ca_pem);

  // Verifies the signature in `security` (a wsse:Security header of the envelope in `doc`):
  // exactly one ds:Signature; exclusive or inclusive c14n, SHA-256 digests, RSA- or
  // ECDSA-SHA256; references only to elements of this message by Id or wsu:Id (each Id unique
  // in the message), one of them to `body`, the envelope's soap:Body; the signer certificate,
  // from the wsse:BinarySecurityToken that KeyInfo's wsse:SecurityTokenReference names or from
  // KeyInfo's ds:X509Data, issued by the trusted CA and within its validity. Returns the
  // signer's identity (its organisation number read as the TLS peer's is). Errors:
  // kSignatureInvalid (structure, algorithm, digest or signature value), kSignerNotTrusted.
  Result<tls::PeerIdentity> verify(xml::XmlDocument& doc, xmlNode* security, xmlNode* body) const;

 private:
  explicit WsSecurityVerifier(std::shared_ptr<X509_STORE> store) : store_(std::move(store)) {}
  std::shared_ptr<X509_STORE> store_;  // read-only after load
};

// Signs a SOAP envelope in place as an SSEK client does: soap:Body gets wsu:Id="body"; a
// wsse:Security header (soap:mustUnderstand="1") holds the certificate as a
// wsse:BinarySecurityToken and a ds:Signature (exclusive c14n, SHA-256, RSA- or ECDSA-SHA256 by
// the key's type) over the Body, whose KeyInfo refers to the token. Errors: kSoapMalformed (not
// a SOAP 1.1 envelope, or already signed), kIoError/kCryptoError for the key or certificate.
Status sign_ws_security(xml::XmlDocument& doc, const std::filesystem::path& key_pem,
                        const std::filesystem::path& cert_pem);

}  // namespace utbyte::platform::soap
