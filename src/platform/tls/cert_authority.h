#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/result.h"

namespace utbyte::platform::tls {

// Owning pointers for the OpenSSL objects this API hands out.
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// The organisation number of the default development client: 556123-4567. A synthetic number
// often used in examples: group 5 (aktiebolag), third digit 6 (>= 2, a legal entity), and its
// Luhn check digit over 556123456 is 7. Development and tests only.
inline constexpr std::string_view kDevOrganisationsnummer = "5561234567";
inline constexpr std::string_view kDevOrganisationName = "Utbyte Testorganisation AB";
// The E-IOA test signer: one of Skatteverket's published test personnummer.
inline constexpr std::string_view kDevSignerPersonnummer = "201701012393";
inline constexpr std::string_view kDevSignerName = "Tolvan Testsson";

// File names inside a development PKI directory. The two CA keys are in a subdirectory of their
// own (mode 0700) that `serve` never reads, so the directory handed to the server can be copied
// to it without them and the subdirectory kept offline.
inline constexpr std::string_view kCaPrivateDir = "ca-private";
inline constexpr std::string_view kCaCertFile = "ca.pem";
inline constexpr std::string_view kCaKeyFile = "ca.key";  // in kCaPrivateDir
inline constexpr std::string_view kServerCertFile = "server.pem";
inline constexpr std::string_view kServerKeyFile = "server.key";
inline constexpr std::string_view kClientCertFile = "client.pem";
inline constexpr std::string_view kClientKeyFile = "client.key";
inline constexpr std::string_view kSigningCaCertFile = "signing-ca.pem";
inline constexpr std::string_view kSigningCaKeyFile = "signing-ca.key";  // in kCaPrivateDir
inline constexpr std::string_view kSignerCertFile = "signer.pem";
inline constexpr std::string_view kSignerKeyFile = "signer.key";

struct DevCertOptions {
  // The client certificate's organisation number: 10 digits or NNNNNN-NNNN, must pass
  // domain::parse_organisationsnummer().
  std::string organisationsnummer{kDevOrganisationsnummer};
  std::string organisation_name{kDevOrganisationName};
  // Subject alternative names of server.pem; CN is the first DNS name (or the first IP).
  std::vector<std::string> server_dns_names{"localhost"};
  std::vector<std::string> server_ip_addresses{"127.0.0.1", "::1"};
  // False: refuse when a CA (ca.pem, ca.key, signing-ca.pem or signing-ca.key) already exists
  // in the directory, so that a live CA is never replaced by accident.
  bool overwrite = false;
};

// One certificate and its key as written to disk.
struct IssuedCertificate {
  std::filesystem::path certificate;  // PEM, mode 0644
  std::filesystem::path private_key;  // unencrypted PKCS#8 PEM, mode 0600
  std::string subject;                // RFC 2253, UTF-8
  std::string fingerprint_sha256;     // lower-case hex of the DER certificate
};

// What init_dev_certs() wrote.
struct CertificateSet {
  std::filesystem::path dir;
  IssuedCertificate ca;          // self-signed TLS CA, CN "utbyte dev CA", 10 years
  IssuedCertificate server;      // serverAuth, SAN from the options, 2 years
  IssuedCertificate client;      // clientAuth, organisation identity, 2 years
  IssuedCertificate signing_ca;  // separate self-signed CA for E-IOA signatures, 10 years
  IssuedCertificate signer;      // digitalSignature + nonRepudiation, a test person, 2 years
  std::string client_organisationsnummer;  // 10 digits
};

// Creates `dir` if needed and writes a complete development PKI into it (file names above):
// ECDSA P-256 keys, X.509 v3, SHA-256 signatures, random 128-bit serial numbers, notBefore one
// hour in the past. The client certificate's subject is C=SE, O=<name>, CN=<name>,
// serialNumber=<orgnr>, organizationIdentifier=NTRSE-<orgnr>. Every file is replaced atomically
// (written beside it, then renamed); ca.pem is written last.
// Errors: kInvalidOrganisationsnummer, kConfigError (bad option), kIoError naming the file
// (including "CA already exists" without overwrite), kCryptoError with OpenSSL's reason.
Result<CertificateSet> init_dev_certs(const std::filesystem::path& dir,
                                      const DevCertOptions& options = {});

// The extended key usage of an issued partner certificate: clientAuth (client.pem's), or
// serverAuth only, as the Expisoft and SITHS server certificates FK's partners connect with.
enum class PartnerKeyUsage { kClientAuth, kServerAuth };

// The key of an issued certificate: ECDSA P-256 (the default), or RSA 2048 for partners whose
// tools sign only with RSA (WS-Security libraries such as xml-crypto).
enum class KeyType { kEcdsaP256, kRsa2048 };

// Issues one more client certificate (client.pem's profile, EKU `usage`) from the CA in `ca_dir`
// (ca.pem, and ca.key in its ca-private/ or, in an operator's own layout, beside ca.pem) and writes
// <out_prefix>.pem and <out_prefix>.key, replacing them if they exist; refuses to write over the
// CA's own files. The validity is capped at the CA's notAfter.
Result<IssuedCertificate> issue_client_certificate(
    const std::filesystem::path& ca_dir, const std::filesystem::path& out_prefix,
    std::string_view organisationsnummer, std::string_view organisation_name = kDevOrganisationName,
    PartnerKeyUsage usage = PartnerKeyUsage::kClientAuth, KeyType key_type = KeyType::kEcdsaP256);

// Reads the first PEM certificate / the PEM private key in `file` (never prompts for a
// password: encrypted keys fail). Errors: kIoError naming the file, kCryptoError.
Result<X509Ptr> load_certificate(const std::filesystem::path& file);
// A DER certificate in base64 (whitespace allowed), as XML signatures carry one
// (ds:X509Certificate, wsse:BinarySecurityToken). Null when it is not one.
X509Ptr parse_base64_certificate(std::string_view base64);
Result<EvpPkeyPtr> load_private_key(const std::filesystem::path& file);

}  // namespace utbyte::platform::tls
