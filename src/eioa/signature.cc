#include "eioa/signature.h"

#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include <fmt/format.h>

#include "platform/tls/cert_authority.h"
#include "platform/tls/peer_identity.h"
#include "platform/xml/xmlsec_library.h"

namespace utbyte::eioa {
namespace {

namespace xml = platform::xml;
using xml::Problem;

constexpr std::string_view kDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view kC14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";

struct KeysMngrDeleter {
  void operator()(xmlSecKeysMngr* m) const { xmlSecKeysMngrDestroy(m); }
};
struct DSigCtxDeleter {
  void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};
struct X509StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct X509StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
using KeysMngrPtr = std::unique_ptr<xmlSecKeysMngr, KeysMngrDeleter>;
using DSigCtxPtr = std::unique_ptr<xmlSecDSigCtx, DSigCtxDeleter>;

Problem invalid(std::string message, std::string location = "ds:Signature") {
  return {ErrorCode::kSignatureInvalid, std::move(message), std::move(location)};
}

void collect_signatures(xmlNode* node, std::vector<xmlNode*>& out) {
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (xml::is_element(n, kDsigNamespace, "Signature")) out.push_back(n);
    collect_signatures(n->children, out);
  }
}

// Counts attributes anywhere in the document that could be resolved as the signing text's id.
int count_id_attributes(const xmlNode* node, std::string_view id) {
  int count = 0;
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (const xmlAttr* a = n->properties; a; a = a->next) {
      const std::string_view name(reinterpret_cast<const char*>(a->name));
      if ((name == "Id" || name == "ID" || name == "id") &&
          xml::text_of(reinterpret_cast<const xmlNode*>(a)) == id) {
        ++count;
      }
    }
    count += count_id_attributes(n->children, id);
  }
  return count;
}

std::vector<std::string> transform_algorithms(const xmlNode* reference) {
  std::vector<std::string> out;
  const xmlNode* transforms = xml::find_child(reference, kDsigNamespace, "Transforms");
  for (const xmlNode* t : xml::child_elements(transforms)) {
    out.push_back(xml::attribute(t, "Algorithm").value_or(""));
  }
  return out;
}

bool is_c14n(std::string_view algorithm) { return algorithm == kExcC14n || algorithm == kC14n; }

// The structure FK's signature profile allows; anything else is a possible wrapping attack.
// Returns the ds:Object with the signing text when the structure is right.
xmlNode* check_structure(xmlNode* root, xmlNode* signature, xml::Problems& problems) {
  const std::size_t before = problems.size();
  const auto root_children = xml::child_elements(root);
  if (signature->parent != root || root_children.empty() || root_children.back() != signature) {
    problems.push_back(invalid("ds:Signature ska vara sista elementet direkt under rotelementet"));
  }
  const xmlNode* signed_info = xml::find_child(signature, kDsigNamespace, "SignedInfo");
  std::vector<const xmlNode*> references;
  for (const xmlNode* child : xml::child_elements(signed_info)) {
    if (xml::is_element(child, kDsigNamespace, "Reference")) references.push_back(child);
  }
  bool whole_document = false;
  bool signing_text = false;
  for (const xmlNode* reference : references) {
    const auto uri = xml::attribute(reference, "URI");
    const auto transforms = transform_algorithms(reference);
    if (uri && uri->empty()) {
      whole_document =
          transforms.size() == 2 && transforms[0] == kEnveloped && is_c14n(transforms[1]);
      if (!whole_document) {
        problems.push_back(
            invalid("Referensen URI=\"\" ska ha exakt transformerna enveloped-signature och c14n"));
      }
    } else if (uri && *uri == "#" + std::string(kSigneringstextId)) {
      signing_text = transforms.empty() || (transforms.size() == 1 && is_c14n(transforms[0]));
      if (!signing_text) {
        problems.push_back(invalid("Referensen till signeringstexten har otillåtna transformer"));
      }
    } else {
      problems.push_back(invalid(fmt::format("Otillåten referens URI=\"{}\"", uri.value_or(""))));
    }
  }
  if (references.size() != 2 || !whole_document || !signing_text) {
    problems.push_back(invalid(
        "Signaturen ska ha exakt två referenser: hela dokumentet (URI=\"\") och signeringstexten "
        "(URI=\"#signeringstext\")"));
  }
  xmlNode* object = nullptr;
  for (xmlNode* child : xml::child_elements(signature)) {
    if (xml::is_element(child, kDsigNamespace, "Object") &&
        xml::attribute(child, "Id") == std::string(kSigneringstextId)) {
      object = child;
    }
  }
  if (object == nullptr) {
    problems.push_back({ErrorCode::kSigningTextMismatch,
                        "Signaturen saknar signeringstexten (ds:Object Id=\"signeringstext\")",
                        "ds:Signature/ds:Object"});
  } else if (count_id_attributes(root, kSigneringstextId) != 1) {
    problems.push_back(invalid("Id \"signeringstext\" förekommer mer än en gång"));
  } else if (!xml::child_elements(object).empty() || xml::text_of(object) != kSigneringstext) {
    problems.push_back({ErrorCode::kSigningTextMismatch,
                        "Den signerade texten är inte Försäkringskassans signeringstext",
                        "ds:Signature/ds:Object"});
  }
  return problems.size() == before ? object : nullptr;
}

// The one certificate of KeyInfo/X509Data.
std::optional<platform::tls::X509Ptr> signer_certificate(const xmlNode* signature,
                                                         xml::Problems& problems) {
  const xmlNode* key_info = xml::find_child(signature, kDsigNamespace, "KeyInfo");
  const auto key_info_children = xml::child_elements(key_info);
  const xmlNode* x509_data = xml::find_child(key_info, kDsigNamespace, "X509Data");
  std::vector<const xmlNode*> certs;
  for (const xmlNode* child : xml::child_elements(x509_data)) {
    if (xml::is_element(child, kDsigNamespace, "X509Certificate")) certs.push_back(child);
  }
  if (key_info_children.size() != 1 || x509_data == nullptr || certs.size() != 1) {
    problems.push_back(invalid("ds:KeyInfo ska innehålla exakt ett X509Data med ett certifikat",
                               "ds:Signature/ds:KeyInfo"));
    return std::nullopt;
  }
  platform::tls::X509Ptr cert = platform::tls::parse_base64_certificate(xml::text_of(certs[0]));
  if (!cert) {
    problems.push_back(
        invalid("Signerarens certifikat kan inte läsas", "ds:Signature/ds:KeyInfo/ds:X509Data"));
    return std::nullopt;
  }
  return cert;
}

std::string subject_entry(X509* cert, int nid) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  unsigned char* utf8 = nullptr;
  const int length =
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
  if (length < 0) return {};
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

Status register_id(xmlDoc* doc, xmlNode* object) {
  xmlAttr* attr = xmlHasProp(object, BAD_CAST "Id");
  if (attr == nullptr) return make_error(ErrorCode::kInternal, "ds:Object saknar Id");
  if (xmlGetID(doc, BAD_CAST kSigneringstextId.data()) != nullptr) return Status::ok_status();
  if (xmlAddID(nullptr, doc, BAD_CAST kSigneringstextId.data(), attr) == nullptr) {
    return make_error(ErrorCode::kInternal, "Id kunde inte registreras");
  }
  return Status::ok_status();
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kConfigError, fmt::format("{} kan inte läsas", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// A free list of keys managers: verify() takes one for the call and gives it back, so no two
// threads ever use one at the same time; a new one is made only when all are in use.
class SignatureVerifier::KeysManagerPool {
 public:
  explicit KeysManagerPool(std::string ca_pem) : ca_pem_(std::move(ca_pem)) {}

  class Lease {
   public:
    Lease(KeysManagerPool& pool, KeysMngrPtr keys) : pool_(pool), keys_(std::move(keys)) {}
    ~Lease() {
      if (keys_) pool_.release(std::move(keys_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    xmlSecKeysMngr* get() const { return keys_.get(); }

   private:
    KeysManagerPool& pool_;
    KeysMngrPtr keys_;
  };

  // A keys manager trusting the signing CA. Errors: kCryptoError with xmlsec's reasons.
  Result<std::unique_ptr<Lease>> acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        KeysMngrPtr keys = std::move(free_.back());
        free_.pop_back();
        return std::make_unique<Lease>(*this, std::move(keys));
      }
    }
    xml::XmlSecLibrary::ErrorCapture capture;
    KeysMngrPtr keys(xmlSecKeysMngrCreate());
    if (!keys || xmlSecCryptoAppDefaultKeysMngrInit(keys.get()) < 0 ||
        xmlSecCryptoAppKeysMngrCertLoadMemory(
            keys.get(), reinterpret_cast<const xmlSecByte*>(ca_pem_.data()),
            static_cast<xmlSecSize>(ca_pem_.size()), xmlSecKeyDataFormatPem,
            xmlSecKeyDataTypeTrusted) < 0) {
      return make_error(ErrorCode::kCryptoError,
                        "xmlsec: nyckelhanteraren kunde inte skapas: " + capture.joined());
    }
    return std::make_unique<Lease>(*this, std::move(keys));
  }

 private:
  void release(KeysMngrPtr keys) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(keys));
  }

  const std::string ca_pem_;
  std::mutex mutex_;
  std::vector<KeysMngrPtr> free_;  // guarded by mutex_
};

std::string signed_content_digest(const xmlNode* root) {
  const auto children = xml::child_elements(root);
  if (children.empty() || !xml::is_element(children.back(), kDsigNamespace, "Signature")) {
    return {};
  }
  const xmlNode* signed_info = xml::find_child(children.back(), kDsigNamespace, "SignedInfo");
  for (const xmlNode* reference : xml::child_elements(signed_info)) {
    if (!xml::is_element(reference, kDsigNamespace, "Reference")) continue;
    const auto uri = xml::attribute(reference, "URI");
    if (!uri || !uri->empty()) continue;
    std::string digest = xml::text_of(xml::find_child(reference, kDsigNamespace, "DigestValue"));
    // Base64 may be wrapped anywhere: the same digest is the same whatever its line breaks.
    std::erase_if(digest, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    if (digest.empty()) return {};
    std::string key;
    for (const std::string& transform : transform_algorithms(reference)) key += transform + ' ';
    key += xml::attribute(xml::find_child(reference, kDsigNamespace, "DigestMethod"), "Algorithm")
               .value_or("");
    return key + ' ' + digest;
  }
  return {};
}

Result<SignatureVerifier> SignatureVerifier::load(const std::filesystem::path& trusted_ca_pem) {
  if (Status s = xml::XmlSecLibrary::ensure(); !s.ok()) return s.error();
  auto pem = read_file(trusted_ca_pem);
  if (!pem.ok()) return pem.error();
  auto ca = platform::tls::load_certificate(trusted_ca_pem);
  if (!ca.ok()) {
    return make_error(
        ErrorCode::kConfigError,
        fmt::format("Signerings-CA {}: {}", trusted_ca_pem.string(), ca.error().message));
  }
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509StoreDeleter{});
  if (!store || X509_STORE_add_cert(store.get(), ca->get()) != 1) {
    return make_error(ErrorCode::kCryptoError, "Signerings-CA kunde inte läggas till");
  }
  auto pool = std::make_shared<KeysManagerPool>(std::move(pem).value());
  // One manager made now: a CA the backend cannot load fails at start, not at the first call.
  if (auto first = pool->acquire(); !first.ok()) return first.error();
  return SignatureVerifier(std::move(pool), std::move(store));
}

std::optional<Signer> SignatureVerifier::verify(xml::XmlDocument& doc,
                                                xml::Problems* problems) const {
  std::vector<xmlNode*> signatures;
  collect_signatures(doc.root(), signatures);
  if (signatures.empty()) {
    problems->push_back(
        {ErrorCode::kSignatureMissing, "Anmälan är inte signerad (ds:Signature saknas)", ""});
    return std::nullopt;
  }
  if (signatures.size() > 1) {
    problems->push_back(invalid("Anmälan ska ha exakt en signatur"));
    return std::nullopt;
  }
  xmlNode* signature = signatures.front();
  xmlNode* object = check_structure(doc.root(), signature, *problems);
  auto cert = signer_certificate(signature, *problems);
  if (object == nullptr || !cert) return std::nullopt;

  // The chain first, so that an untrusted signer gets its own code.
  std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter> chain(X509_STORE_CTX_new());
  if (!chain || X509_STORE_CTX_init(chain.get(), store_.get(), cert->get(), nullptr) != 1) {
    problems->push_back({ErrorCode::kCryptoError, "Certifikatkedjan kunde inte kontrolleras", ""});
    return std::nullopt;
  }
  if (X509_verify_cert(chain.get()) != 1) {
    problems->push_back(
        {ErrorCode::kSignerNotTrusted,
         fmt::format("Signerarens certifikat är inte utfärdat av en betrodd signerings-CA ({})",
                     X509_verify_cert_error_string(X509_STORE_CTX_get_error(chain.get()))),
         "ds:Signature/ds:KeyInfo/ds:X509Data"});
    return std::nullopt;
  }

  auto keys = keys_->acquire();
  if (!keys.ok()) {
    problems->push_back({keys.error().code, keys.error().message, ""});
    return std::nullopt;
  }
  xml::XmlSecLibrary::ErrorCapture capture;
  DSigCtxPtr ctx(xmlSecDSigCtxCreate((*keys)->get()));
  if (!ctx || !xml::restrict_to_sha256_profile(ctx.get(), true).ok() ||
      !register_id(doc.get(), object).ok()) {
    problems->push_back({ErrorCode::kCryptoError, "xmlsec: kontext kunde inte skapas", ""});
    return std::nullopt;
  }
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0 || ctx->status != xmlSecDSigStatusSucceeded) {
    problems->push_back(invalid(
        "Signaturen är ogiltig: dokumentet eller signeringstexten har ändrats efter signeringen, "
        "eller signaturen är gjord med en annan nyckel än certifikatets" +
        (capture.messages().empty() ? std::string() : " (" + capture.joined() + ")")));
    return std::nullopt;
  }
  // The key xmlsec used must be the certificate whose chain was checked above.
  xmlSecKeyDataPtr x509 =
      ctx->signKey ? xmlSecKeyGetData(ctx->signKey, xmlSecOpenSSLKeyDataX509Id) : nullptr;
  X509* used = x509 ? xmlSecOpenSSLKeyDataX509GetKeyCert(x509) : nullptr;
  if (used == nullptr || X509_cmp(used, cert->get()) != 0) {
    problems->push_back(invalid("Signaturen är inte gjord med certifikatet i KeyInfo"));
    return std::nullopt;
  }
  Signer signer;
  auto subject = platform::tls::certificate_subject_rfc2253(cert->get());
  signer.subject = subject.ok() ? *subject : std::string();
  signer.common_name = subject_entry(cert->get(), NID_commonName);
  signer.personnummer = subject_entry(cert->get(), NID_serialNumber);
  return signer;
}

Status sign_anmalan(xml::XmlDocument& doc, const std::filesystem::path& key_pem,
                    const std::filesystem::path& cert_pem) {
  if (Status s = xml::XmlSecLibrary::ensure(); !s.ok()) return s;
  std::vector<xmlNode*> existing;
  collect_signatures(doc.root(), existing);
  if (!existing.empty()) {
    return make_error(ErrorCode::kSignatureInvalid, "Dokumentet är redan signerat");
  }
  auto key = platform::tls::load_private_key(key_pem);
  if (!key.ok()) return key.error();
  xmlSecTransformId method = nullptr;
  switch (EVP_PKEY_base_id(key->get())) {
    case EVP_PKEY_EC:
      method = xmlSecTransformEcdsaSha256Id;
      break;
    case EVP_PKEY_RSA:
      method = xmlSecTransformRsaSha256Id;
      break;
    default:
      return make_error(ErrorCode::kCryptoError, "Nyckeln ska vara en EC- eller RSA-nyckel");
  }
  xmlDoc* d = doc.get();
  xmlNode* signature =
      xmlSecTmplSignatureCreateNsPref(d, xmlSecTransformExclC14NId, method, nullptr, BAD_CAST "ds");
  if (signature == nullptr) return make_error(ErrorCode::kCryptoError, "Signaturmall misslyckades");
  xmlAddChild(doc.root(), signature);
  xmlAddChild(doc.root(), xmlNewDocText(d, BAD_CAST "\n"));
  xmlNode* whole = xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id, nullptr,
                                                   BAD_CAST "", nullptr);
  xmlNode* text_ref = xmlSecTmplSignatureAddReference(
      signature, xmlSecTransformSha256Id, nullptr,
      BAD_CAST("#" + std::string(kSigneringstextId)).c_str(), nullptr);
  xmlNode* object = xmlSecTmplSignatureAddObject(signature, BAD_CAST kSigneringstextId.data(),
                                                 BAD_CAST "text/plain", nullptr);
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr);
  xmlNode* x509_data = key_info ? xmlSecTmplKeyInfoAddX509Data(key_info) : nullptr;
  if (!whole || !text_ref || !object || !x509_data ||
      !xmlSecTmplReferenceAddTransform(whole, xmlSecTransformEnvelopedId) ||
      !xmlSecTmplReferenceAddTransform(whole, xmlSecTransformExclC14NId) ||
      !xmlSecTmplReferenceAddTransform(text_ref, xmlSecTransformExclC14NId) ||
      !xmlSecTmplX509DataAddCertificate(x509_data)) {
    return make_error(ErrorCode::kCryptoError, "Signaturmallen kunde inte byggas");
  }
  const std::string text(kSigneringstext);
  xmlNodeAddContent(object, BAD_CAST text.c_str());
  if (Status s = register_id(d, object); !s.ok()) return s;

  xml::XmlSecLibrary::ErrorCapture capture;
  DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) return make_error(ErrorCode::kCryptoError, "xmlsec: kontext kunde inte skapas");
  const std::string key_path = key_pem.string();
  const std::string cert_path = cert_pem.string();
  ctx->signKey =
      xmlSecCryptoAppKeyLoad(key_path.c_str(), xmlSecKeyDataFormatPem, nullptr, nullptr, nullptr);
  if (ctx->signKey == nullptr ||
      xmlSecCryptoAppKeyCertLoad(ctx->signKey, cert_path.c_str(), xmlSecKeyDataFormatPem) < 0) {
    return make_error(ErrorCode::kCryptoError,
                      "Signeringsnyckel eller certifikat kunde inte läsas: " + capture.joined());
  }
  if (xmlSecDSigCtxSign(ctx.get(), signature) < 0) {
    return make_error(ErrorCode::kCryptoError, "Signeringen misslyckades: " + capture.joined());
  }
  return Status::ok_status();
}

}  // namespace utbyte::eioa
