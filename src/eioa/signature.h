#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/x509_vfy.h>

#include "core/result.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::eioa {

// Försäkringskassan's fixed signing text (seed 002: shown at signing, nothing may be added or
// changed). FK's wording is not public; this is utbyte's stand-in, to be replaced word for word
// when FK's is known. It is signed as the content of <ds:Object Id="signeringstext"> inside the
// signature, so what the organiser saw is bound to what was sent (docs/decisions.md E6).
inline constexpr std::string_view kSigneringstext =
    "Jag intygar på heder och samvete att uppgifterna i denna anmälan om personlig assistent är "
    "riktiga och fullständiga. Jag är medveten om att Försäkringskassan kan kontrollera "
    "uppgifterna och att oriktiga uppgifter kan leda till återkrav och straffansvar.";
inline constexpr std::string_view kSigneringstextId = "signeringstext";

// Who signed, from the verified signer certificate.
struct Signer {
  std::string subject;  // RFC 2253
  std::string common_name;
  std::string personnummer;  // subject serialNumber (BankID-style), "" when absent
};

// Checks the organiser's signature of a notification document against one trusted signing CA.
// Immutable after load(); verify() is safe from many threads (each call has its own xmlsec
// context and keys manager).
class SignatureVerifier {
 public:
  // Reads the trusted CA (PEM). Errors: kConfigError naming the file.
  static Result<SignatureVerifier> load(const std::filesystem::path& trusted_ca_pem);

  // Verifies `doc` (the notification as its own document: the signature's URI="" means the
  // whole document). Requires exactly one ds:Signature, the last child of the root, with two
  // references: URI="" with exactly the enveloped-signature and a canonicalisation transform,
  // and URI="#signeringstext" to the ds:Object inside the signature holding kSigneringstext
  // exactly; one X509 certificate in KeyInfo, chaining to the trusted CA; SHA-256 digests and
  // ECDSA/RSA-SHA256 only. Problems (appended to `problems`, every one found):
  //   kSignatureMissing, kSignatureInvalid (structure, digest or signature value, wrong key),
  //   kSignerNotTrusted, kSigningTextMismatch.
  // Returns the signer when the signature is valid.
  std::optional<Signer> verify(platform::xml::XmlDocument& doc,
                               platform::xml::Problems* problems) const;

 private:
  class KeysManagerPool;
  SignatureVerifier(std::shared_ptr<KeysManagerPool> keys, std::shared_ptr<X509_STORE> store)
      : keys_(std::move(keys)), store_(std::move(store)) {}

  // xmlsec keys managers trusting the signing CA, one per concurrent verify() (building one
  // costs ~0.1 s: xmlsec loads OpenSSL's default CA paths into each).
  std::shared_ptr<KeysManagerPool> keys_;
  std::shared_ptr<X509_STORE> store_;  // for OpenSSL's chain check; read-only after load
};

// What the organiser's signature says the notification's content is: the transforms, digest
// method and DigestValue of the reference URI="" of the root's ds:Signature, i.e. a SHA-256 over
// the canonical notification without its signature (comments and the signature itself do not
// count). Empty when there is no such reference. For documents whose signature verified, equal
// values mean the same canonical content, whoever signed it and when (docs/decisions.md E15).
std::string signed_content_digest(const xmlNode* root);

// Signs a notification document in place as a test organiser would: an enveloped XML-DSig
// signature (exclusive c14n, SHA-256, ECDSA or RSA by the key's type) over the whole document and
// over kSigneringstext in a ds:Object, with the signer certificate in KeyInfo/X509Data.
// Errors: kSignatureInvalid when the document is already signed, kIoError/kCryptoError for the
// key or certificate, kCryptoError when xmlsec fails.
Status sign_anmalan(platform::xml::XmlDocument& doc, const std::filesystem::path& key_pem,
                    const std::filesystem::path& cert_pem);

}  // namespace utbyte::eioa
