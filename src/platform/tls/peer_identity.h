#pragma once

#include <string>

#include <openssl/x509.h>

#include "core/result.h"

namespace utbyte::platform::tls {

// Who is at the other end of a mutual-TLS connection, as stated by its client certificate.
struct PeerIdentity {
  std::string organisationsnummer;  // 10 digits, validated
  std::string common_name;          // subject CN, UTF-8 ("" when absent)
  std::string organisation;         // subject O, UTF-8 ("" when absent)
  std::string subject;              // the whole subject, one line, RFC 2253 order, UTF-8
  std::string fingerprint_sha256;   // SHA-256 of the DER certificate, lower-case hex, no colons
};

// Reads the organisation number from the certificate subject:
//  1. organizationIdentifier (OID 2.5.4.97, ETSI EN 319 412-1) when present: "NTRSE-" + the
//     number, or the VAT number "VATSE-SE" + the number + "01"; any other value (a foreign
//     registry, another prefix) is refused, not replaced by serialNumber;
//  2. otherwise serialNumber (OID 2.5.4.5), either 10 digits, NNNNNN-NNNN, or the 12-digit form
//     with the "16" prefix that some Swedish CAs use.
// Ambiguous subjects are refused: two values of either field, or a serialNumber that is another
// organisation's number than organizationIdentifier's (one that is no organisation number, such
// as a SITHS HSA-id, is ignored). The number must pass domain::parse_organisationsnummer(). Does
// not verify the chain: that is the TLS layer's job. Errors: kClientCertificateMissing for a null
// certificate, kClientCertificateInvalid (Swedish message) when no single valid organisation
// number is found, kCryptoError when OpenSSL fails.
Result<PeerIdentity> peer_identity_from_certificate(X509* cert);

// SHA-256 over the DER encoding of `cert`, lower-case hex without separators (64 characters).
Result<std::string> certificate_fingerprint_sha256(X509* cert);

// The subject of `cert` on one line in RFC 2253 form, with UTF-8 characters kept unescaped.
Result<std::string> certificate_subject_rfc2253(X509* cert);

}  // namespace utbyte::platform::tls
