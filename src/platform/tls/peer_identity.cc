#include "platform/tls/peer_identity.h"

#include <array>
#include <memory>
#include <string_view>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include "domain/organisationsnummer.h"

namespace utbyte::platform::tls {
namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

Error crypto_error(std::string_view what) {
  std::array<char, 256> buf{};
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return make_error(ErrorCode::kCryptoError, std::string(what));
  ERR_error_string_n(code, buf.data(), buf.size());
  return make_error(ErrorCode::kCryptoError, fmt::format("{}: {}", what, buf.data()));
}

Error invalid_certificate(std::string_view why) {
  return make_error(ErrorCode::kClientCertificateInvalid,
                    fmt::format("Klientcertifikatet kan inte användas: {}", why));
}

// Stores the UTF-8 value of the first subject entry with `nid` in `out`; false if absent.
bool subject_entry(X509_NAME* name, int nid, std::string& out) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return false;
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    ERR_clear_error();
    return false;
  }
  out.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return true;
}

bool is_upper_alpha(std::string_view s) {
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// The candidate organisation number inside an organizationIdentifier value, or "" when the
// value is not one of the two ETSI EN 319 412-1 forms that carry a Swedish organisation number:
// "NTRSE-" + the number (the national trade register) or "VATSE-SE" + the number + "01".
std::string from_organization_identifier(std::string_view value) {
  if (value.size() < 7 || value[5] != '-' || !is_upper_alpha(value.substr(0, 5))) return {};
  const std::string_view scheme = value.substr(0, 5);
  const std::string_view id = value.substr(6);
  if (scheme == "NTRSE") return std::string(id);
  if (scheme == "VATSE" && id.size() == 14 && id.substr(0, 2) == "SE" && id.substr(12) == "01") {
    return std::string(id.substr(2, 10));
  }
  return {};
}

int entries(X509_NAME* name, int nid) {
  int count = 0;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ++count;
  }
  return count;
}

// The candidate organisation number inside a serialNumber value.
std::string from_serial_number(std::string_view value) {
  if (value.size() == 12 && value.substr(0, 2) == "16") value.remove_prefix(2);
  return std::string(value);
}

}  // namespace

Result<std::string> certificate_fingerprint_sha256(X509* cert) {
  if (cert == nullptr) return make_error(ErrorCode::kCryptoError, "no certificate");
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), md.data(), &length) != 1) {
    return crypto_error("X509_digest");
  }
  std::string hex;
  hex.reserve(length * 2);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0x0f];
  }
  return hex;
}

Result<std::string> certificate_subject_rfc2253(X509* cert) {
  if (cert == nullptr) return make_error(ErrorCode::kCryptoError, "no certificate");
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio) return crypto_error("BIO_new");
  // RFC 2253 order and escaping, but UTF-8 kept as is (like `-nameopt RFC2253,-esc_msb`).
  const unsigned long flags = XN_FLAG_RFC2253 & ~static_cast<unsigned long>(ASN1_STRFLGS_ESC_MSB);
  if (X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, flags) < 0) {
    return crypto_error("X509_NAME_print_ex");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

Result<PeerIdentity> peer_identity_from_certificate(X509* cert) {
  if (cert == nullptr) {
    return make_error(ErrorCode::kClientCertificateMissing, "Klientcertifikat saknas");
  }
  X509_NAME* name = X509_get_subject_name(cert);
  if (name == nullptr) return invalid_certificate("subjekt saknas");

  PeerIdentity identity;
  // One organisation, stated once: two values of a field, or an organizationIdentifier and a
  // serialNumber naming two organisations, are ambiguous and refused, never resolved by order.
  if (entries(name, NID_organizationIdentifier) > 1 || entries(name, NID_serialNumber) > 1) {
    return invalid_certificate(
        "subjektet har mer än ett organizationIdentifier eller serialNumber (tvetydigt)");
  }
  std::string serial;
  const bool has_serial = subject_entry(name, NID_serialNumber, serial);
  std::string value;
  std::string candidate;
  std::string source;
  if (subject_entry(name, NID_organizationIdentifier, value)) {
    // The field made for the organisation decides; a foreign or malformed one is not replaced
    // by whatever serialNumber says.
    candidate = from_organization_identifier(value);
    source = "organizationIdentifier";
    if (candidate.empty()) {
      return invalid_certificate(fmt::format(
          "organizationIdentifier {} är inte ett svenskt organisationsnummer (NTRSE-NNNNNNNNNN)",
          value.substr(0, 64)));
    }
  } else if (has_serial) {
    candidate = from_serial_number(serial);
    source = "serialNumber";
  }
  if (candidate.empty()) {
    return invalid_certificate(
        "subjektet har inget organisationsnummer (organizationIdentifier eller serialNumber)");
  }
  auto nr = domain::parse_organisationsnummer(candidate);
  if (!nr.ok())
    return invalid_certificate(fmt::format("{} i subjektet: {}", source, nr.error().message));
  if (has_serial && source == "organizationIdentifier") {
    // A serialNumber that is another organisation's number makes the subject ambiguous; one that
    // is no organisation number (a SITHS HSA-id, say) is not about the organisation.
    auto other = domain::parse_organisationsnummer(from_serial_number(serial));
    if (other.ok() && other->digits() != nr->digits()) {
      return invalid_certificate(fmt::format(
          "organizationIdentifier ({}) och serialNumber ({}) anger olika organisationer",
          nr->digits(), other->digits()));
    }
  }
  identity.organisationsnummer = nr->digits();

  subject_entry(name, NID_commonName, identity.common_name);
  subject_entry(name, NID_organizationName, identity.organisation);

  auto subject = certificate_subject_rfc2253(cert);
  if (!subject.ok()) return subject.error();
  identity.subject = std::move(subject).value();

  auto fingerprint = certificate_fingerprint_sha256(cert);
  if (!fingerprint.ok()) return fingerprint.error();
  identity.fingerprint_sha256 = std::move(fingerprint).value();
  return identity;
}

}  // namespace utbyte::platform::tls
