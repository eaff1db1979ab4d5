#include "platform/tls/cert_authority.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "domain/organisationsnummer.h"
#include "platform/tls/peer_identity.h"

namespace utbyte::platform::tls {
namespace {

namespace fs = std::filesystem;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct X509NameDeleter {
  void operator()(X509_NAME* name) const { X509_NAME_free(name); }
};
struct X509ExtensionDeleter {
  void operator()(X509_EXTENSION* ext) const { X509_EXTENSION_free(ext); }
};
struct GeneralNameDeleter {
  void operator()(GENERAL_NAME* name) const { GENERAL_NAME_free(name); }
};
struct GeneralNamesDeleter {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};
struct Asn1StringDeleter {
  void operator()(ASN1_STRING* s) const { ASN1_STRING_free(s); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;
using X509NamePtr = std::unique_ptr<X509_NAME, X509NameDeleter>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, X509ExtensionDeleter>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, GeneralNameDeleter>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, Asn1StringDeleter>;

constexpr int kCaValidityDays = 3652;     // 10 years
constexpr int kLeafValidityDays = 730;    // 2 years
constexpr long kClockSkewSeconds = 3600;  // notBefore backdated by one hour
constexpr std::size_t kSerialBytes = 16;  // 128-bit serial numbers
constexpr mode_t kKeyFileMode = 0600;
constexpr mode_t kCertFileMode = 0644;

constexpr std::string_view kCaCommonName = "utbyte dev CA";
constexpr std::string_view kSigningCaCommonName = "utbyte dev signing CA";
constexpr std::string_view kPkiOrganisation = "utbyte";

// A key string that wipes itself: PEM private keys pass through std::string on their way to disk.
class SecretString {
 public:
  SecretString() = default;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {}
  SecretString& operator=(SecretString&& other) noexcept {
    wipe();
    value_ = std::move(other.value_);
    return *this;
  }
  ~SecretString() { wipe(); }
  std::string& value() { return value_; }
  const std::string& value() const { return value_; }

 private:
  void wipe() {
    if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  }
  std::string value_;
};

Error crypto_error(std::string_view what) {
  // The most recent (innermost) reason is usually the useful one; drain the rest.
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return make_error(ErrorCode::kCryptoError, fmt::format("{} failed", what));
  std::array<char, 256> buf{};
  ERR_error_string_n(last, buf.data(), buf.size());
  return make_error(ErrorCode::kCryptoError, fmt::format("{} failed: {}", what, buf.data()));
}

Error io_error(const fs::path& file, std::string_view what, int error_number) {
  return make_error(ErrorCode::kIoError,
                    fmt::format("{} {}: {}", what, file.string(), std::strerror(error_number)));
}

// ---- keys, names, extensions ------------------------------------------------------------------

Result<EvpPkeyPtr> generate_key(KeyType type) {
  if (type == KeyType::kRsa2048) {
    EvpPkeyPtr key(EVP_RSA_gen(2048));
    if (!key) return crypto_error("RSA 2048 key generation");
    return key;
  }
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return crypto_error("EC P-256 key generation");
  return key;
}

// A positive random serial number of 128 bits (RFC 5280: at most 20 octets, non-zero).
Status set_random_serial(X509* cert) {
  std::array<unsigned char, kSerialBytes> bytes{};
  BignumPtr bn;
  do {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
      return crypto_error("RAND_bytes");
    }
    bn.reset(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    if (!bn) return crypto_error("BN_bin2bn");
  } while (BN_is_zero(bn.get()));
  if (BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return crypto_error("BN_to_ASN1_INTEGER");
  }
  return {};
}

struct NameEntry {
  int nid;
  std::string value;
};

Result<X509NamePtr> make_name(const std::vector<NameEntry>& entries) {
  X509NamePtr name(X509_NAME_new());
  if (!name) return crypto_error("X509_NAME_new");
  for (const auto& entry : entries) {
    // MBSTRING_UTF8: OpenSSL picks PrintableString where the attribute requires it (C,
    // serialNumber) and UTF8String otherwise.
    if (X509_NAME_add_entry_by_NID(name.get(), entry.nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(entry.value.data()),
                                   static_cast<int>(entry.value.size()), -1, 0) != 1) {
      return crypto_error(fmt::format("subject attribute {}", OBJ_nid2sn(entry.nid)));
    }
  }
  return name;
}

// Adds one extension from its OpenSSL configuration-string form ("critical,CA:TRUE").
Status add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  if (!ext) return crypto_error(fmt::format("extension {}", OBJ_nid2sn(nid)));
  if (X509_add_ext(cert, ext.get(), -1) != 1) return crypto_error("X509_add_ext");
  return {};
}

bool valid_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.substr(0, 2) == "*.") name.remove_prefix(2);
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0 || label > 63) return false;
      if (name[i - 1] == '-' || name[i - label] == '-') return false;
      label = 0;
      continue;
    }
    const char c = name[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
    ++label;
  }
  return true;
}

// Builds subjectAltName from typed values (never from a configuration string, so that a host
// name cannot smuggle in extra entries).
Result<GeneralNamesPtr> make_subject_alt_names(const std::vector<std::string>& dns_names,
                                               const std::vector<std::string>& ip_addresses) {
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return crypto_error("sk_GENERAL_NAME_new_null");
  for (const auto& dns : dns_names) {
    if (!valid_dns_name(dns)) {
      return make_error(ErrorCode::kConfigError, fmt::format("invalid DNS name '{}'", dns));
    }
    Asn1StringPtr ia5(ASN1_IA5STRING_new());
    if (!ia5 || ASN1_STRING_set(ia5.get(), dns.data(), static_cast<int>(dns.size())) != 1) {
      return crypto_error("ASN1_STRING_set");
    }
    GeneralNamePtr general(GENERAL_NAME_new());
    if (!general) return crypto_error("GENERAL_NAME_new");
    GENERAL_NAME_set0_value(general.get(), GEN_DNS, ia5.release());
    if (sk_GENERAL_NAME_push(names.get(), general.get()) <= 0) return crypto_error("push");
    general.release();
  }
  for (const auto& ip : ip_addresses) {
    Asn1StringPtr octets(a2i_IPADDRESS(ip.c_str()));
    if (!octets) {
      ERR_clear_error();
      return make_error(ErrorCode::kConfigError, fmt::format("invalid IP address '{}'", ip));
    }
    GeneralNamePtr general(GENERAL_NAME_new());
    if (!general) return crypto_error("GENERAL_NAME_new");
    GENERAL_NAME_set0_value(general.get(), GEN_IPADD, octets.release());
    if (sk_GENERAL_NAME_push(names.get(), general.get()) <= 0) return crypto_error("push");
    general.release();
  }
  return names;
}

// ---- certificate profiles ----------------------------------------------------------------------

// kPartnerServer: an organisation certificate with EKU serverAuth only, the kind FK's partners
// present (Expisoft and SITHS server certificates, seed 001).
enum class Profile { kCa, kServer, kClient, kPartnerServer, kSigner };

struct CertRequest {
  Profile profile;
  std::vector<NameEntry> subject;
  EVP_PKEY* subject_key;
  X509* issuer_cert;     // nullptr: self-signed
  EVP_PKEY* issuer_key;  // ignored when self-signed (subject_key signs)
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  KeyType key_type = KeyType::kEcdsaP256;
};

Result<X509Ptr> make_certificate(const CertRequest& req) {
  X509Ptr cert(X509_new());
  if (!cert) return crypto_error("X509_new");
  const bool self_signed = req.issuer_cert == nullptr;
  X509* issuer = self_signed ? cert.get() : req.issuer_cert;
  EVP_PKEY* signing_key = self_signed ? req.subject_key : req.issuer_key;

  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) return crypto_error("X509_set_version");
  if (auto s = set_random_serial(cert.get()); !s.ok()) return s.error();

  auto name = make_name(req.subject);
  if (!name.ok()) return name.error();
  if (X509_set_subject_name(cert.get(), name->get()) != 1) {
    return crypto_error("X509_set_subject_name");
  }
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1) {
    return crypto_error("X509_set_issuer_name");
  }

  const int days = req.profile == Profile::kCa ? kCaValidityDays : kLeafValidityDays;
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kClockSkewSeconds) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr) == nullptr) {
    return crypto_error("validity");
  }
  // A leaf never outlives its issuer.
  if (!self_signed &&
      ASN1_TIME_compare(X509_get0_notAfter(cert.get()), X509_get0_notAfter(issuer)) > 0) {
    if (X509_set1_notAfter(cert.get(), X509_get0_notAfter(issuer)) != 1) {
      return crypto_error("X509_set1_notAfter");
    }
  }
  if (X509_set_pubkey(cert.get(), req.subject_key) != 1) return crypto_error("X509_set_pubkey");

  struct Ext {
    int nid;
    const char* value;
  };
  std::vector<Ext> extensions;
  switch (req.profile) {
    case Profile::kCa:
      extensions = {{NID_basic_constraints, "critical,CA:TRUE"},
                    {NID_key_usage, "critical,keyCertSign,cRLSign"}};
      break;
    case Profile::kServer:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature"},
                    {NID_ext_key_usage, "serverAuth"}};
      break;
    case Profile::kClient:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature"},
                    {NID_ext_key_usage, "clientAuth"}};
      break;
    case Profile::kPartnerServer:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature"},
                    {NID_ext_key_usage, "serverAuth"}};
      break;
    case Profile::kSigner:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,nonRepudiation"}};
      break;
  }
  // The subject key identifier first: the authority key identifier of a self-signed
  // certificate is taken from it.
  extensions.push_back({NID_subject_key_identifier, "hash"});
  extensions.push_back({NID_authority_key_identifier, "keyid:always"});
  for (const auto& ext : extensions) {
    if (auto s = add_extension(cert.get(), issuer, ext.nid, ext.value); !s.ok()) return s.error();
  }
  if (!req.dns_names.empty() || !req.ip_addresses.empty()) {
    auto names = make_subject_alt_names(req.dns_names, req.ip_addresses);
    if (!names.ok()) return names.error();
    if (X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names->get(), 0, X509V3_ADD_DEFAULT) !=
        1) {
      return crypto_error("subjectAltName");
    }
  }

  if (X509_sign(cert.get(), signing_key, EVP_sha256()) <= 0) return crypto_error("X509_sign");
  return cert;
}

// ---- PEM and files -----------------------------------------------------------------------------

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

Result<std::string> certificate_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return crypto_error("PEM_write_bio_X509");
  return bio_contents(bio.get());
}

// Unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), through a memory BIO that is wiped when freed.
Result<SecretString> private_key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return crypto_error("PEM_write_bio_PKCS8PrivateKey");
  }
  SecretString pem;
  pem.value() = bio_contents(bio.get());
  return pem;
}

// Writes `data` to `file` with `mode` (whatever the umask), replacing it atomically: a
// temporary file beside it is written, synced and renamed over it.
Status write_file_atomically(const fs::path& file, std::string_view data, mode_t mode) {
  fs::path tmp = file;
  tmp += ".tmp";
  ::unlink(tmp.c_str());  // a stale temporary from an interrupted run
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return io_error(tmp, "cannot create", errno);
  auto fail = [&](std::string_view what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Status(io_error(file, what, saved));
  };
  if (::fchmod(fd, mode) != 0) return fail("cannot set the mode of");
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot sync");
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return io_error(file, "cannot close", saved);
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return io_error(file, "cannot rename a temporary file to", saved);
  }
  return {};
}

// A certificate and key generated in memory, ready to be written.
struct Generated {
  X509Ptr cert;
  EvpPkeyPtr key;
  std::string cert_pem;
  SecretString key_pem;
  IssuedCertificate info;
};

Result<Generated> generate(CertRequest req, const fs::path& cert_file, const fs::path& key_file) {
  Generated out;
  auto key = generate_key(req.key_type);
  if (!key.ok()) return key.error();
  out.key = std::move(key).value();
  req.subject_key = out.key.get();
  auto cert = make_certificate(req);
  if (!cert.ok()) return cert.error();
  out.cert = std::move(cert).value();

  auto cert_pem = certificate_pem(out.cert.get());
  if (!cert_pem.ok()) return cert_pem.error();
  out.cert_pem = std::move(cert_pem).value();
  auto key_pem = private_key_pem(out.key.get());
  if (!key_pem.ok()) return key_pem.error();
  out.key_pem = std::move(key_pem).value();

  auto subject = certificate_subject_rfc2253(out.cert.get());
  if (!subject.ok()) return subject.error();
  auto fingerprint = certificate_fingerprint_sha256(out.cert.get());
  if (!fingerprint.ok()) return fingerprint.error();
  out.info = IssuedCertificate{cert_file, key_file, std::move(subject).value(),
                               std::move(fingerprint).value()};
  return out;
}

// The key first: a certificate on disk always has its key beside it.
Status write_generated(const Generated& g) {
  if (auto s = write_file_atomically(g.info.private_key, g.key_pem.value(), kKeyFileMode);
      !s.ok()) {
    return s;
  }
  return write_file_atomically(g.info.certificate, g.cert_pem, kCertFileMode);
}

CertRequest client_request(const domain::Organisationsnummer& nr, std::string_view org_name,
                           X509* ca_cert, EVP_PKEY* ca_key,
                           PartnerKeyUsage usage = PartnerKeyUsage::kClientAuth) {
  return CertRequest{
      usage == PartnerKeyUsage::kServerAuth ? Profile::kPartnerServer : Profile::kClient,
      {{NID_countryName, "SE"},
       {NID_organizationName, std::string(org_name)},
       {NID_organizationIdentifier, "NTRSE-" + nr.digits()},
       {NID_serialNumber, nr.digits()},
       {NID_commonName, std::string(org_name)}},
      nullptr,
      ca_cert,
      ca_key,
      {},
      {}};
}

Result<std::string> checked_organisation_name(std::string_view name) {
  // X.520 ub-organization-name: 64 characters (counted in bytes here, a safe approximation).
  if (name.empty() || name.size() > 64) {
    return make_error(ErrorCode::kConfigError,
                      "the organisation name must have 1 to 64 characters");
  }
  return std::string(name);
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec_a;
  std::error_code ec_b;
  const fs::path ca = fs::weakly_canonical(a, ec_a);
  const fs::path cb = fs::weakly_canonical(b, ec_b);
  return !ec_a && !ec_b && ca == cb;
}

}  // namespace

Result<X509Ptr> load_certificate(const fs::path& file) {
  BioPtr bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) {
    const int saved = errno;
    ERR_clear_error();
    return io_error(file, "cannot read", saved);
  }
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return crypto_error(fmt::format("reading a PEM certificate from {}", file.string()));
  return cert;
}

Result<EvpPkeyPtr> load_private_key(const fs::path& file) {
  BioPtr bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) {
    const int saved = errno;
    ERR_clear_error();
    return io_error(file, "cannot read", saved);
  }
  // A password callback that gives none, so that OpenSSL never prompts on the terminal.
  pem_password_cb* no_password = [](char*, int, int, void*) { return 0; };
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  if (!key) return crypto_error(fmt::format("reading a PEM private key from {}", file.string()));
  return key;
}

Result<CertificateSet> init_dev_certs(const fs::path& dir, const DevCertOptions& options) {
  auto nr = domain::parse_organisationsnummer(options.organisationsnummer);
  if (!nr.ok()) return nr.error();
  auto org_name = checked_organisation_name(options.organisation_name);
  if (!org_name.ok()) return org_name.error();
  if (options.server_dns_names.empty() && options.server_ip_addresses.empty()) {
    return make_error(ErrorCode::kConfigError, "the server certificate needs a DNS name or an IP");
  }

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error(dir, "cannot create directory", ec.value());
  const fs::path private_dir = dir / kCaPrivateDir;
  if (!options.overwrite) {
    // ca.key beside ca.pem is where an earlier layout kept it.
    for (const fs::path& existing :
         {dir / kCaCertFile, dir / kCaKeyFile, dir / kSigningCaCertFile, dir / kSigningCaKeyFile,
          private_dir / kCaKeyFile, private_dir / kSigningCaKeyFile}) {
      if (fs::exists(fs::symlink_status(existing, ec))) {
        return make_error(ErrorCode::kIoError,
                          fmt::format("{} already exists: refusing to replace a CA (use --force "
                                      "to generate a new PKI and invalidate every certificate "
                                      "it issued)",
                                      existing.string()));
      }
    }
  }

  // Everything is generated in memory first; nothing is written unless all of it succeeded.
  // (A replaced PKI's keys from the earlier layout, beside ca.pem, are removed once it is written.)
  auto ca = generate(CertRequest{Profile::kCa,
                                 {{NID_countryName, "SE"},
                                  {NID_organizationName, std::string(kPkiOrganisation)},
                                  {NID_commonName, std::string(kCaCommonName)}},
                                 nullptr,
                                 nullptr,
                                 nullptr,
                                 {},
                                 {}},
                     dir / kCaCertFile, private_dir / kCaKeyFile);
  if (!ca.ok()) return ca.error();

  const std::string server_cn = options.server_dns_names.empty()
                                    ? options.server_ip_addresses.front()
                                    : options.server_dns_names.front();
  auto server = generate(CertRequest{Profile::kServer,
                                     {{NID_countryName, "SE"},
                                      {NID_organizationName, std::string(kPkiOrganisation)},
                                      {NID_commonName, server_cn}},
                                     nullptr,
                                     ca->cert.get(),
                                     ca->key.get(),
                                     options.server_dns_names,
                                     options.server_ip_addresses},
                         dir / kServerCertFile, dir / kServerKeyFile);
  if (!server.ok()) return server.error();

  auto client = generate(client_request(*nr, *org_name, ca->cert.get(), ca->key.get()),
                         dir / kClientCertFile, dir / kClientKeyFile);
  if (!client.ok()) return client.error();

  auto signing_ca = generate(CertRequest{Profile::kCa,
                                         {{NID_countryName, "SE"},
                                          {NID_organizationName, std::string(kPkiOrganisation)},
                                          {NID_commonName, std::string(kSigningCaCommonName)}},
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         {},
                                         {}},
                             dir / kSigningCaCertFile, private_dir / kSigningCaKeyFile);
  if (!signing_ca.ok()) return signing_ca.error();

  auto signer = generate(CertRequest{Profile::kSigner,
                                     {{NID_countryName, "SE"},
                                      {NID_serialNumber, std::string(kDevSignerPersonnummer)},
                                      {NID_commonName, std::string(kDevSignerName)}},
                                     nullptr,
                                     signing_ca->cert.get(),
                                     signing_ca->key.get(),
                                     {},
                                     {}},
                         dir / kSignerCertFile, dir / kSignerKeyFile);
  if (!signer.ok()) return signer.error();

  // Leaves first, the CAs last and ca.pem very last: an interrupted run leaves no ca.pem
  // behind, so it can simply be run again.
  fs::create_directories(private_dir, ec);
  if (!ec) fs::permissions(private_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return io_error(private_dir, "cannot create directory", ec.value());
  for (const Generated* g : {&*server, &*client, &*signer, &*signing_ca, &*ca}) {
    if (auto s = write_generated(*g); !s.ok()) return s.error();
  }

  for (auto stale : {kCaKeyFile, kSigningCaKeyFile}) fs::remove(dir / stale, ec);

  CertificateSet set;
  set.dir = dir;
  set.ca = ca->info;
  set.server = server->info;
  set.client = client->info;
  set.signing_ca = signing_ca->info;
  set.signer = signer->info;
  set.client_organisationsnummer = nr->digits();
  return set;
}

Result<IssuedCertificate> issue_client_certificate(const fs::path& ca_dir,
                                                   const fs::path& out_prefix,
                                                   std::string_view organisationsnummer,
                                                   std::string_view organisation_name,
                                                   PartnerKeyUsage usage, KeyType key_type) {
  auto nr = domain::parse_organisationsnummer(organisationsnummer);
  if (!nr.ok()) return nr.error();
  auto org_name = checked_organisation_name(organisation_name);
  if (!org_name.ok()) return org_name.error();
  if (out_prefix.empty() || !out_prefix.has_filename()) {
    return make_error(ErrorCode::kConfigError, "the output prefix must name a file");
  }

  const fs::path ca_cert_file = ca_dir / kCaCertFile;
  std::error_code ec;
  const fs::path ca_key_file = fs::exists(ca_dir / kCaPrivateDir / kCaKeyFile, ec)
                                   ? ca_dir / kCaPrivateDir / kCaKeyFile
                                   : ca_dir / kCaKeyFile;
  auto ca_cert = load_certificate(ca_cert_file);
  if (!ca_cert.ok()) return ca_cert.error();
  auto ca_key = load_private_key(ca_key_file);
  if (!ca_key.ok()) return ca_key.error();
  if (X509_check_private_key(ca_cert->get(), ca_key->get()) != 1) {
    ERR_clear_error();
    return make_error(
        ErrorCode::kCryptoError,
        fmt::format("{} does not belong to {}", ca_key_file.string(), ca_cert_file.string()));
  }

  fs::path cert_file = out_prefix;
  cert_file += ".pem";
  fs::path key_file = out_prefix;
  key_file += ".key";
  for (const auto& out : {cert_file, key_file}) {
    if (same_file(out, ca_cert_file) || same_file(out, ca_key_file)) {
      return make_error(ErrorCode::kIoError,
                        fmt::format("refusing to write over the CA's own file {}", out.string()));
    }
  }
  if (out_prefix.has_parent_path()) {
    fs::create_directories(out_prefix.parent_path(), ec);
    if (ec) return io_error(out_prefix.parent_path(), "cannot create directory", ec.value());
  }

  CertRequest request = client_request(*nr, *org_name, ca_cert->get(), ca_key->get(), usage);
  request.key_type = key_type;
  auto client = generate(std::move(request), cert_file, key_file);
  if (!client.ok()) return client.error();
  if (auto s = write_generated(*client); !s.ok()) return s.error();
  return client->info;
}

X509Ptr parse_base64_certificate(std::string_view base64) {
  std::string compact(base64);
  std::erase_if(compact, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
  std::string der(compact.size(), '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                     reinterpret_cast<const unsigned char*>(compact.data()),
                                     static_cast<int>(compact.size()));
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(length > 0 ? d2i_X509(nullptr, &p, length) : nullptr);
}

}  // namespace utbyte::platform::tls
