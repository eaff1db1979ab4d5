#include "platform/tls/cert_authority.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "platform/tls/peer_identity.h"

namespace utbyte::platform::tls {
namespace {

namespace fs = std::filesystem;

// ---- helpers -----------------------------------------------------------------------------------

struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct SslCtxDeleter {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslDeleter {
  void operator()(SSL* s) const { SSL_free(s); }
};
struct GeneralNamesDeleter {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};
struct X509NameDeleter {
  void operator()(X509_NAME* n) const { X509_NAME_free(n); }
};

// A fresh directory under the gtest temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::path(testing::TempDir()) / "utbyte-certs-XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

X509Ptr load(const fs::path& file) {
  auto cert = load_certificate(file);
  EXPECT_TRUE(cert.ok()) << cert.error().message;
  return cert.ok() ? std::move(cert).value() : X509Ptr();
}

// X509_verify_cert of `leaf` against the single trust anchor `ca` for `purpose`; returns the
// X509_V_* result (X509_V_OK on success).
int verify(X509* leaf, X509* ca, int purpose) {
  std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  const int ok = X509_verify_cert(ctx.get());
  const int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  return ok == 1 ? X509_V_OK : (error == X509_V_OK ? X509_V_ERR_UNSPECIFIED : error);
}

std::string subject_entry(X509* cert, int nid) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "<absent>";
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

bool extension_critical(X509* cert, int nid) {
  const int index = X509_get_ext_by_NID(cert, nid, -1);
  return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, index)) == 1;
}

mode_t file_mode(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Seconds from `from` to `to`.
long long seconds_between(const ASN1_TIME* from, const ASN1_TIME* to) {
  int days = 0;
  int seconds = 0;
  ASN1_TIME_diff(&days, &seconds, from, to);
  return static_cast<long long>(days) * 86400 + seconds;
}

long long seconds_from_now(const ASN1_TIME* t) {
  int days = 0;
  int seconds = 0;
  ASN1_TIME_diff(&days, &seconds, nullptr, t);
  return static_cast<long long>(days) * 86400 + seconds;
}

// The SAN entries as "DNS:x" / "IP:y" strings.
std::vector<std::string> subject_alt_names(X509* cert) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* s = name->d.dNSName;
      out.push_back("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                         static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (name->type == GEN_IPADD) {
      out.push_back("IP:" + std::to_string(ASN1_STRING_length(name->d.iPAddress)) + "bytes");
    }
  }
  return out;
}

class CertAuthorityTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    dir_ = tmp_.path() / "pki";  // does not exist yet: init creates it
    auto set = init_dev_certs(dir_);
    ASSERT_TRUE(set.ok()) << set.error().message;
    set_ = std::move(set).value();
  }

  TempDir tmp_;
  fs::path dir_;
  CertificateSet set_;
};

// ---- init_dev_certs ----------------------------------------------------------------------------

TEST_F(CertAuthorityTest, WritesEveryFileWithTheRightMode) {
  static const struct {
    std::string_view name;
    mode_t mode;
  } kFiles[] = {
      {kCaCertFile, 0644},     {kServerCertFile, 0644}, {kServerKeyFile, 0600},
      {kClientCertFile, 0644}, {kClientKeyFile, 0600},  {kSigningCaCertFile, 0644},
      {kSignerCertFile, 0644}, {kSignerKeyFile, 0600},
  };
  for (const auto& f : kFiles) {
    const fs::path file = dir_ / f.name;
    EXPECT_TRUE(fs::is_regular_file(file)) << file;
    EXPECT_EQ(file_mode(file), f.mode) << file;
  }
  // The CA keys are apart from what serve reads, in a directory only the owner may enter.
  const fs::path private_dir = dir_ / kCaPrivateDir;
  EXPECT_EQ(file_mode(private_dir), 0700u);
  for (auto key : {kCaKeyFile, kSigningCaKeyFile}) {
    EXPECT_FALSE(fs::exists(dir_ / key)) << key;
    EXPECT_EQ(file_mode(private_dir / key), 0600u) << key;
  }
  EXPECT_EQ(set_.ca.private_key, private_dir / kCaKeyFile);
  EXPECT_EQ(set_.ca.certificate, dir_ / kCaCertFile);
  EXPECT_EQ(set_.client.private_key, dir_ / kClientKeyFile);
  EXPECT_EQ(set_.client_organisationsnummer, kDevOrganisationsnummer);
  // No temporaries left behind.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().extension() == ".tmp", false) << entry.path();
  }
}

TEST_F(CertAuthorityTest, KeysAreUnencryptedPkcs8P256MatchingTheirCertificates) {
  const std::pair<fs::path, fs::path> kPairs[] = {
      {set_.ca.certificate, set_.ca.private_key},
      {set_.server.certificate, set_.server.private_key},
      {set_.client.certificate, set_.client.private_key},
      {set_.signing_ca.certificate, set_.signing_ca.private_key},
      {set_.signer.certificate, set_.signer.private_key},
  };
  for (const auto& [cert_file, key_file] : kPairs) {
    const std::string pem = read_text(key_file);
    EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u) << key_file;
    auto key = load_private_key(key_file);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_TRUE(EVP_PKEY_is_a(key->get(), "EC")) << key_file;
    char group[64] = {};
    size_t group_len = 0;
    ASSERT_EQ(EVP_PKEY_get_group_name(key->get(), group, sizeof(group), &group_len), 1);
    EXPECT_STREQ(group, "prime256v1") << key_file;
    X509Ptr cert = load(cert_file);
    ASSERT_TRUE(cert);
    EXPECT_EQ(X509_check_private_key(cert.get(), key->get()), 1) << cert_file;
    EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3) << cert_file;
    EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256) << cert_file;
  }
}

TEST_F(CertAuthorityTest, CaIsASelfSignedCaWithTenYearsValidity) {
  X509Ptr ca = load(set_.ca.certificate);
  ASSERT_TRUE(ca);
  EXPECT_EQ(subject_entry(ca.get(), NID_commonName), "utbyte dev CA");
  EXPECT_EQ(X509_check_issued(ca.get(), ca.get()), X509_V_OK);
  EXPECT_EQ(verify(ca.get(), ca.get(), X509_PURPOSE_ANY), X509_V_OK);
  EXPECT_TRUE(X509_check_ca(ca.get()) >= 1);
  EXPECT_TRUE(extension_critical(ca.get(), NID_basic_constraints));
  EXPECT_TRUE(extension_critical(ca.get(), NID_key_usage));
  EXPECT_EQ(X509_get_key_usage(ca.get()), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  ASSERT_NE(X509_get0_subject_key_id(ca.get()), nullptr);

  const long long lifetime =
      seconds_between(X509_get0_notBefore(ca.get()), X509_get0_notAfter(ca.get()));
  EXPECT_NEAR(static_cast<double>(lifetime), 3652.0 * 86400 + 3600, 120);
  // Backdated by one hour for clock skew.
  EXPECT_NEAR(static_cast<double>(seconds_from_now(X509_get0_notBefore(ca.get()))), -3600, 120);
}

TEST_F(CertAuthorityTest, SerialNumbersAreRandom128Bit) {
  std::vector<std::string> serials;
  for (const auto* info : {&set_.ca, &set_.server, &set_.client, &set_.signing_ca, &set_.signer}) {
    X509Ptr cert = load(info->certificate);
    ASSERT_TRUE(cert);
    std::unique_ptr<BIGNUM, BnDeleter> bn(
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
    EXPECT_FALSE(BN_is_negative(bn.get()));
    EXPECT_LE(BN_num_bits(bn.get()), 128);
    EXPECT_GT(BN_num_bits(bn.get()), 96);  // fails with probability 2^-32 per certificate
    char* hex = BN_bn2hex(bn.get());
    serials.emplace_back(hex);
    OPENSSL_free(hex);
  }
  std::sort(serials.begin(), serials.end());
  EXPECT_EQ(std::adjacent_find(serials.begin(), serials.end()), serials.end());
}

TEST_F(CertAuthorityTest, ServerCertificateChainsToTheCaForServerAuthOnly) {
  X509Ptr ca = load(set_.ca.certificate);
  X509Ptr server = load(set_.server.certificate);
  ASSERT_TRUE(ca && server);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
  EXPECT_NE(verify(server.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  EXPECT_EQ(X509_get_extended_key_usage(server.get()), static_cast<uint32_t>(XKU_SSL_SERVER));
  EXPECT_EQ(X509_check_ca(server.get()), 0);
  EXPECT_EQ(subject_entry(server.get(), NID_commonName), "localhost");

  // SAN: DNS:localhost, IP:127.0.0.1, IP:::1.
  EXPECT_EQ(subject_alt_names(server.get()),
            (std::vector<std::string>{"DNS:localhost", "IP:4bytes", "IP:16bytes"}));
  EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_host(server.get(), "example.com", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(server.get(), "10.0.0.1", 0), 1);

  // authorityKeyIdentifier = the CA's subjectKeyIdentifier.
  ASSERT_NE(X509_get0_authority_key_id(server.get()), nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(server.get()),
                                  X509_get0_subject_key_id(ca.get())),
            0);

  // Two years (plus the hour of backdating).
  const long long lifetime =
      seconds_between(X509_get0_notBefore(server.get()), X509_get0_notAfter(server.get()));
  EXPECT_NEAR(static_cast<double>(lifetime), 730.0 * 86400 + 3600, 120);
}

TEST_F(CertAuthorityTest, ClientCertificateCarriesTheOrganisationIdentity) {
  X509Ptr ca = load(set_.ca.certificate);
  X509Ptr client = load(set_.client.certificate);
  ASSERT_TRUE(ca && client);
  EXPECT_EQ(verify(client.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  EXPECT_NE(verify(client.get(), ca.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
  EXPECT_EQ(X509_get_extended_key_usage(client.get()), static_cast<uint32_t>(XKU_SSL_CLIENT));

  EXPECT_EQ(subject_entry(client.get(), NID_commonName), kDevOrganisationName);
  EXPECT_EQ(subject_entry(client.get(), NID_organizationName), kDevOrganisationName);
  EXPECT_EQ(subject_entry(client.get(), NID_countryName), "SE");
  EXPECT_EQ(subject_entry(client.get(), NID_serialNumber), "5561234567");
  EXPECT_EQ(subject_entry(client.get(), NID_organizationIdentifier), "NTRSE-5561234567");
  ASSERT_NE(X509_get0_authority_key_id(client.get()), nullptr);
}

TEST_F(CertAuthorityTest, SignerChainsToTheSigningCaOnly) {
  X509Ptr ca = load(set_.ca.certificate);
  X509Ptr signing_ca = load(set_.signing_ca.certificate);
  X509Ptr signer = load(set_.signer.certificate);
  ASSERT_TRUE(ca && signing_ca && signer);
  EXPECT_EQ(verify(signer.get(), signing_ca.get(), X509_PURPOSE_ANY), X509_V_OK);
  EXPECT_EQ(verify(signer.get(), ca.get(), X509_PURPOSE_ANY),
            X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  EXPECT_TRUE(X509_check_ca(signing_ca.get()) >= 1);
  EXPECT_NE(set_.signing_ca.fingerprint_sha256, set_.ca.fingerprint_sha256);
  EXPECT_EQ(X509_get_key_usage(signer.get()),
            static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
  EXPECT_EQ(subject_entry(signer.get(), NID_serialNumber), "201701012393");
  EXPECT_EQ(subject_entry(signer.get(), NID_commonName), kDevSignerName);
}

TEST_F(CertAuthorityTest, RefusesToReplaceAnExistingCaWithoutOverwrite) {
  const std::string before = read_text(dir_ / kCaCertFile);
  auto again = init_dev_certs(dir_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kIoError);
  EXPECT_NE(again.error().message.find("ca.pem"), std::string::npos) << again.error().message;
  EXPECT_EQ(read_text(dir_ / kCaCertFile), before);

  DevCertOptions force;
  force.overwrite = true;
  auto replaced = init_dev_certs(dir_, force);
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_NE(replaced->ca.fingerprint_sha256, set_.ca.fingerprint_sha256);
  EXPECT_NE(read_text(dir_ / kCaCertFile), before);
  EXPECT_EQ(file_mode(dir_ / kCaPrivateDir / kCaKeyFile), 0600u);
}

TEST_F(CertAuthorityTest, AnEarlierLayoutsCaKeyBesideCaPemIsAlsoACa) {
  auto fresh = tmp_.path() / "old-layout";
  ASSERT_TRUE(init_dev_certs(fresh).ok());
  fs::rename(fresh / kCaPrivateDir / kCaKeyFile, fresh / kCaKeyFile);
  // Still a CA: not replaced without overwrite, and it issues certificates.
  EXPECT_FALSE(init_dev_certs(fresh).ok());
  auto issued = issue_client_certificate(fresh, fresh / "extra", "5590000005");
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  DevCertOptions force;
  force.overwrite = true;
  ASSERT_TRUE(init_dev_certs(fresh, force).ok());
  EXPECT_FALSE(fs::exists(fresh / kCaKeyFile)) << "the replaced CA's key must not linger";
}

TEST_F(CertAuthorityTest, ACertificateFromAnotherCaDoesNotVerify) {
  auto other = init_dev_certs(tmp_.path() / "other");
  ASSERT_TRUE(other.ok()) << other.error().message;
  X509Ptr ca = load(set_.ca.certificate);
  X509Ptr other_client = load(other->client.certificate);
  X509Ptr other_server = load(other->server.certificate);
  ASSERT_TRUE(ca && other_client && other_server);
  // Same subject names, different keys.
  EXPECT_EQ(verify(other_client.get(), ca.get(), X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  EXPECT_NE(verify(other_server.get(), ca.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
}

TEST_F(CertAuthorityTest, IssuesClientCertificatesForFurtherOrganisations) {
  const fs::path prefix = tmp_.path() / "actors" / "forsakring";
  auto issued = issue_client_certificate(dir_, prefix, "559000-0005", "Försäkringsbolaget Test AB");
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(issued->certificate, tmp_.path() / "actors" / "forsakring.pem");
  EXPECT_EQ(issued->private_key, tmp_.path() / "actors" / "forsakring.key");
  EXPECT_EQ(file_mode(issued->private_key), 0600u);

  X509Ptr ca = load(set_.ca.certificate);
  X509Ptr client = load(issued->certificate);
  ASSERT_TRUE(ca && client);
  EXPECT_EQ(verify(client.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  auto identity = peer_identity_from_certificate(client.get());
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->organisationsnummer, "5590000005");
  EXPECT_EQ(identity->organisation, "Försäkringsbolaget Test AB");
  EXPECT_EQ(identity->fingerprint_sha256, issued->fingerprint_sha256);
  EXPECT_NE(identity->fingerprint_sha256, set_.client.fingerprint_sha256);
  EXPECT_NE(identity->subject.find("O=Försäkringsbolaget Test AB"), std::string::npos)
      << identity->subject;
}

TEST_F(CertAuthorityTest, IssueClientCertificateRejectsBadInput) {
  auto bad_nr = issue_client_certificate(dir_, tmp_.path() / "x", "5561234568", "X AB");
  ASSERT_FALSE(bad_nr.ok());
  EXPECT_EQ(bad_nr.error().code, ErrorCode::kInvalidOrganisationsnummer);
  EXPECT_FALSE(fs::exists(tmp_.path() / "x.pem"));

  auto over_ca = issue_client_certificate(dir_, dir_ / "ca", "5590000005", "X AB");
  ASSERT_FALSE(over_ca.ok());
  EXPECT_EQ(over_ca.error().code, ErrorCode::kIoError);
  EXPECT_EQ(read_text(dir_ / kCaCertFile).empty(), false);
  X509Ptr ca = load(dir_ / kCaCertFile);
  EXPECT_EQ(X509_check_ca(ca.get()) >= 1, true);

  auto no_ca =
      issue_client_certificate(tmp_.path() / "missing", tmp_.path() / "y", "5590000005", "X AB");
  ASSERT_FALSE(no_ca.ok());
  EXPECT_EQ(no_ca.error().code, ErrorCode::kIoError);
  EXPECT_NE(no_ca.error().message.find("ca.pem"), std::string::npos) << no_ca.error().message;
}

// ---- options -----------------------------------------------------------------------------------

TEST(CertAuthorityOptionsTest, RejectsBadOptionsBeforeWritingAnything) {
  static const struct {
    const char* why;
    DevCertOptions options;
    ErrorCode code;
  } kCases[] = {
      {"bad Luhn", {"5561234568"}, ErrorCode::kInvalidOrganisationsnummer},
      {"personnummer", {"1701012393"}, ErrorCode::kInvalidOrganisationsnummer},
      {"empty name", {"5561234567", ""}, ErrorCode::kConfigError},
      {"comma in DNS name", {"5561234567", "A AB", {"a,DNS:evil"}}, ErrorCode::kConfigError},
      {"bad IP", {"5561234567", "A AB", {"localhost"}, {"300.1.1.1"}}, ErrorCode::kConfigError},
      {"no SAN", {"5561234567", "A AB", {}, {}}, ErrorCode::kConfigError},
  };
  for (const auto& c : kCases) {
    TempDir tmp;
    auto set = init_dev_certs(tmp.path(), c.options);
    ASSERT_FALSE(set.ok()) << c.why;
    EXPECT_EQ(set.error().code, c.code) << c.why << ": " << set.error().message;
    EXPECT_TRUE(fs::is_empty(tmp.path())) << c.why;
  }
}

TEST(CertAuthorityOptionsTest, UsesCustomOrganisationAndServerNames) {
  TempDir tmp;
  DevCertOptions options;
  options.organisationsnummer = "212000-0142";
  options.organisation_name = "Kommunen i Test";
  options.server_dns_names = {"utbyte.test", "*.utbyte.test"};
  options.server_ip_addresses = {"192.0.2.10"};
  auto set = init_dev_certs(tmp.path(), options);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->client_organisationsnummer, "2120000142");

  X509Ptr server = load(set->server.certificate);
  ASSERT_TRUE(server);
  EXPECT_EQ(subject_entry(server.get(), NID_commonName), "utbyte.test");
  EXPECT_EQ(X509_check_host(server.get(), "api.utbyte.test", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "192.0.2.10", 0), 1);
  EXPECT_NE(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);

  X509Ptr client = load(set->client.certificate);
  ASSERT_TRUE(client);
  EXPECT_EQ(subject_entry(client.get(), NID_organizationIdentifier), "NTRSE-2120000142");
}

TEST(CertAuthorityLoadTest, ReportsMissingAndMalformedFiles) {
  TempDir tmp;
  auto missing = load_certificate(tmp.path() / "nope.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kIoError);
  EXPECT_NE(missing.error().message.find("nope.pem"), std::string::npos);

  std::ofstream(tmp.path() / "junk.pem") << "not a certificate\n";
  auto junk = load_certificate(tmp.path() / "junk.pem");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, ErrorCode::kCryptoError);
  auto junk_key = load_private_key(tmp.path() / "junk.pem");
  ASSERT_FALSE(junk_key.ok());
  EXPECT_EQ(junk_key.error().code, ErrorCode::kCryptoError);
}

// ---- peer identity -----------------------------------------------------------------------------

TEST_F(CertAuthorityTest, PeerIdentityOfTheClientCertificate) {
  X509Ptr client = load(set_.client.certificate);
  ASSERT_TRUE(client);
  auto identity = peer_identity_from_certificate(client.get());
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->organisationsnummer, "5561234567");
  EXPECT_EQ(identity->common_name, kDevOrganisationName);
  EXPECT_EQ(identity->organisation, kDevOrganisationName);
  EXPECT_EQ(identity->subject,
            "CN=Utbyte Testorganisation AB,serialNumber=5561234567,"
            "organizationIdentifier=NTRSE-5561234567,O=Utbyte Testorganisation AB,C=SE");
  EXPECT_EQ(identity->fingerprint_sha256.size(), 64u);
  EXPECT_EQ(identity->fingerprint_sha256, set_.client.fingerprint_sha256);
  EXPECT_EQ(identity->fingerprint_sha256.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(CertAuthorityTest, PeerIdentityRejectsCertificatesWithoutOrganisationNumber) {
  X509Ptr server = load(set_.server.certificate);
  X509Ptr signer = load(set_.signer.certificate);  // serialNumber is a personnummer
  ASSERT_TRUE(server && signer);
  for (X509* cert : {server.get(), signer.get()}) {
    auto identity = peer_identity_from_certificate(cert);
    ASSERT_FALSE(identity.ok());
    EXPECT_EQ(identity.error().code, ErrorCode::kClientCertificateInvalid);
    EXPECT_EQ(identity.error().message.find("201701012393"), std::string::npos);
  }
  auto none = peer_identity_from_certificate(nullptr);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kClientCertificateMissing);
}

// A throwaway self-signed certificate with the given subject, for subject-parsing cases that
// the dev PKI does not produce.
X509Ptr certificate_with_subject(const std::vector<std::pair<int, std::string>>& entries) {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  std::unique_ptr<X509_NAME, X509NameDeleter> name(X509_NAME_new());
  for (const auto& [nid, value] : entries) {
    X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.data()),
                               static_cast<int>(value.size()), -1, 0);
  }
  X509_set_version(cert.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_set_subject_name(cert.get(), name.get());
  X509_set_issuer_name(cert.get(), name.get());
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_sign(cert.get(), key.get(), EVP_sha256());
  return cert;
}

TEST(PeerIdentityTest, FindsTheOrganisationNumberInTheSubject) {
  constexpr int kOrgId = NID_organizationIdentifier;
  constexpr int kSerial = NID_serialNumber;
  static const struct {
    const char* why;
    std::vector<std::pair<int, std::string>> subject;
    const char* expected;  // nullptr: rejected
  } kCases[] = {
      {"NTRSE prefix", {{kOrgId, "NTRSE-5561234567"}}, "5561234567"},
      {"VAT number", {{kOrgId, "VATSE-SE556123456701"}}, "5561234567"},
      {"serialNumber only", {{kSerial, "5561234567"}}, "5561234567"},
      {"serialNumber printed form", {{kSerial, "556123-4567"}}, "5561234567"},
      {"serialNumber 16-prefixed", {{kSerial, "165561234567"}}, "5561234567"},
      {"organizationIdentifier and serialNumber agree",
       {{kSerial, "5561234567"}, {kOrgId, "NTRSE-5561234567"}},
       "5561234567"},
      {"serialNumber no organisation number (HSA-id)",
       {{kOrgId, "NTRSE-5561234567"}, {kSerial, "SE2321000016-A1B2"}},
       "5561234567"},
      // Ambiguous or foreign subjects (issue 18): refused, never resolved by field order.
      {"orgId and serialNumber name two organisations",
       {{kSerial, "5590000005"}, {kOrgId, "NTRSE-5561234567"}},
       nullptr},
      {"bad orgId, good serialNumber",
       {{kOrgId, "NTRSE-5561234568"}, {kSerial, "5590000005"}},
       nullptr},
      {"foreign orgId, Swedish serialNumber",
       {{kOrgId, "NTRDE-HRB12345"}, {kSerial, "5561234567"}},
       nullptr},
      {"another SE prefix", {{kOrgId, "PSDSE-5561234567"}}, nullptr},
      {"two organizationIdentifiers",
       {{kOrgId, "NTRSE-5561234567"}, {kOrgId, "NTRSE-5590000005"}},
       nullptr},
      {"two serialNumbers", {{kSerial, "5561234567"}, {kSerial, "5561234567"}}, nullptr},
      {"foreign orgId", {{kOrgId, "NTRNO-985815534"}}, nullptr},
      {"bad Luhn", {{kOrgId, "NTRSE-5561234568"}}, nullptr},
      {"personnummer", {{kSerial, "201701012393"}}, nullptr},
      {"sole trader", {{kSerial, "1701012393"}}, nullptr},
      {"lower-case prefix", {{kOrgId, "ntrse-5561234567"}}, nullptr},
      {"no prefix", {{kOrgId, "5561234567"}}, nullptr},
      {"CN only", {{NID_commonName, "5561234567"}}, nullptr},
  };
  for (const auto& c : kCases) {
    X509Ptr cert = certificate_with_subject(c.subject);
    ASSERT_TRUE(cert) << c.why;
    auto identity = peer_identity_from_certificate(cert.get());
    if (c.expected == nullptr) {
      ASSERT_FALSE(identity.ok()) << c.why;
      EXPECT_EQ(identity.error().code, ErrorCode::kClientCertificateInvalid) << c.why;
    } else {
      ASSERT_TRUE(identity.ok()) << c.why << ": " << identity.error().message;
      EXPECT_EQ(identity->organisationsnummer, c.expected) << c.why;
    }
  }
}

// ---- a real mutual-TLS handshake, in memory ----------------------------------------------------

std::unique_ptr<SSL_CTX, SslCtxDeleter> tls_context(bool server, const IssuedCertificate& own,
                                                    const fs::path& trusted_ca) {
  std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx(
      SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_use_certificate_file(ctx.get(), own.certificate.c_str(), SSL_FILETYPE_PEM), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx.get(), own.private_key.c_str(), SSL_FILETYPE_PEM), 1);
  EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), trusted_ca.c_str(), nullptr), 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_purpose(ctx.get(), server ? X509_PURPOSE_SSL_CLIENT : X509_PURPOSE_SSL_SERVER);
  return ctx;
}

// Runs both ends of a handshake over a BIO pair; true if both completed.
bool handshake(SSL* client, SSL* server) {
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
  SSL_set_bio(client, client_bio, client_bio);
  SSL_set_bio(server, server_bio, server_bio);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);
  bool client_done = false;
  bool server_done = false;
  for (int round = 0; round < 20 && !(client_done && server_done); ++round) {
    if (!client_done) {
      const int rc = SSL_do_handshake(client);
      if (rc == 1)
        client_done = true;
      else if (SSL_get_error(client, rc) != SSL_ERROR_WANT_READ)
        return false;
    }
    if (!server_done) {
      const int rc = SSL_do_handshake(server);
      if (rc == 1)
        server_done = true;
      else if (SSL_get_error(server, rc) != SSL_ERROR_WANT_READ)
        return false;
    }
  }
  return client_done && server_done;
}

TEST_F(CertAuthorityTest, MutualTlsHandshakeIdentifiesTheClientOrganisation) {
  auto server_ctx = tls_context(true, set_.server, set_.ca.certificate);
  auto client_ctx = tls_context(false, set_.client, set_.ca.certificate);
  std::unique_ptr<SSL, SslDeleter> server(SSL_new(server_ctx.get()));
  std::unique_ptr<SSL, SslDeleter> client(SSL_new(client_ctx.get()));
  SSL_set_tlsext_host_name(client.get(), "localhost");
  SSL_set1_host(client.get(), "localhost");
  ASSERT_TRUE(handshake(client.get(), server.get()));
  EXPECT_EQ(SSL_get_verify_result(server.get()), X509_V_OK);
  EXPECT_EQ(SSL_get_verify_result(client.get()), X509_V_OK);

  X509Ptr peer(SSL_get1_peer_certificate(server.get()));
  ASSERT_TRUE(peer);
  auto identity = peer_identity_from_certificate(peer.get());
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->organisationsnummer, kDevOrganisationsnummer);
  EXPECT_EQ(identity->fingerprint_sha256, set_.client.fingerprint_sha256);
}

TEST_F(CertAuthorityTest, MutualTlsHandshakeRejectsAClientFromAnotherCa) {
  auto other = init_dev_certs(tmp_.path() / "other");
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto server_ctx = tls_context(true, set_.server, set_.ca.certificate);
  // The client trusts our CA (so it accepts the server) but presents a foreign certificate.
  auto client_ctx = tls_context(false, other->client, set_.ca.certificate);
  std::unique_ptr<SSL, SslDeleter> server(SSL_new(server_ctx.get()));
  std::unique_ptr<SSL, SslDeleter> client(SSL_new(client_ctx.get()));
  EXPECT_FALSE(handshake(client.get(), server.get()));
  EXPECT_NE(SSL_get_verify_result(server.get()), X509_V_OK);
  ERR_clear_error();
}

TEST_F(CertAuthorityTest, MutualTlsHandshakeRejectsAServerCertificateUsedAsClient) {
  auto server_ctx = tls_context(true, set_.server, set_.ca.certificate);
  auto client_ctx = tls_context(false, set_.server, set_.ca.certificate);  // serverAuth only
  std::unique_ptr<SSL, SslDeleter> server(SSL_new(server_ctx.get()));
  std::unique_ptr<SSL, SslDeleter> client(SSL_new(client_ctx.get()));
  EXPECT_FALSE(handshake(client.get(), server.get()));
  EXPECT_EQ(SSL_get_verify_result(server.get()), X509_V_ERR_INVALID_PURPOSE);
  ERR_clear_error();
}

}  // namespace
}  // namespace utbyte::platform::tls
