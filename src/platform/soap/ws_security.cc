#include "platform/soap/ws_security.h"

#include <set>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>

#include <fmt/format.h>

#include "platform/soap/soap_envelope.h"
#include "platform/tls/cert_authority.h"
#include "platform/xml/xmlsec_library.h"

namespace utbyte::platform::soap {
namespace {

constexpr std::string_view kDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view kX509v3 =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";

struct DSigCtxDeleter {
  void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};
struct X509StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct X509StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};

Error invalid(std::string message) {
  return make_error(ErrorCode::kSignatureInvalid, std::move(message));
}

// The value of the element's Id or wsu:Id attribute (the two a WS-Security reference may name).
const xmlAttr* id_attribute(const xmlNode* node) {
  for (const xmlAttr* attr = node->properties; attr; attr = attr->next) {
    if (std::string_view(reinterpret_cast<const char*>(attr->name)) != "Id") continue;
    if (attr->ns == nullptr ||
        std::string_view(reinterpret_cast<const char*>(attr->ns->href)) == kWsuNamespace) {
      return attr;
    }
  }
  return nullptr;
}

// Registers every Id / wsu:Id of the message as an XML ID, so "#id" references resolve; an Id
// that occurs twice is refused (a signed element and a forged twin: signature wrapping).
Status register_ids(xmlDoc* doc, xmlNode* node, std::set<std::string>& seen) {
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (const xmlAttr* attr = id_attribute(n)) {
      const std::string value = xml::text_of(reinterpret_cast<const xmlNode*>(attr));
      if (!seen.insert(value).second) {
        return invalid(fmt::format("Id \"{}\" förekommer mer än en gång i meddelandet", value));
      }
      if (xmlGetID(doc, BAD_CAST value.c_str()) == nullptr &&
          xmlAddID(nullptr, doc, BAD_CAST value.c_str(), const_cast<xmlAttr*>(attr)) == nullptr) {
        return invalid(fmt::format("Id \"{}\" kan inte registreras", value));
      }
    }
    if (Status s = register_ids(doc, n->children, seen); !s.ok()) return s;
  }
  return Status::ok_status();
}

Result<tls::X509Ptr> certificate_from_base64(std::string_view base64) {
  tls::X509Ptr cert = tls::parse_base64_certificate(base64);
  if (!cert) return invalid("Signerarens certifikat kan inte läsas");
  return cert;
}

// The signer's certificate: the BinarySecurityToken in `security` that KeyInfo's
// SecurityTokenReference names, or KeyInfo's one ds:X509Certificate.
Result<tls::X509Ptr> signer_certificate(const xmlNode* security, const xmlNode* signature) {
  const xmlNode* key_info = xml::find_child(signature, kDsigNamespace, "KeyInfo");
  if (key_info == nullptr) return invalid("ds:Signature saknar ds:KeyInfo");
  if (const xmlNode* str = xml::find_child(key_info, kWsseNamespace, "SecurityTokenReference")) {
    const xmlNode* reference = xml::find_child(str, kWsseNamespace, "Reference");
    const auto uri = reference ? xml::attribute(reference, "URI") : std::nullopt;
    if (!uri || uri->size() < 2 || uri->front() != '#') {
      return invalid("wsse:SecurityTokenReference ska ha en wsse:Reference med URI=\"#id\"");
    }
    for (const xmlNode* token : xml::child_elements(security)) {
      const xmlAttr* id = xml::is_element(token, kWsseNamespace, "BinarySecurityToken")
                              ? id_attribute(token)
                              : nullptr;
      if (id == nullptr ||
          xml::text_of(reinterpret_cast<const xmlNode*>(id)) != std::string_view(*uri).substr(1)) {
        continue;
      }
      if (xml::attribute(token, "ValueType").value_or("") != kX509v3) {
        return invalid("wsse:BinarySecurityToken ska ha ValueType X509v3");
      }
      return certificate_from_base64(xml::text_of(token));
    }
    return invalid(fmt::format("wsse:BinarySecurityToken {} finns inte i wsse:Security", *uri));
  }
  const xmlNode* x509_data = xml::find_child(key_info, kDsigNamespace, "X509Data");
  std::vector<const xmlNode*> certs;
  for (const xmlNode* child : xml::child_elements(x509_data)) {
    if (xml::is_element(child, kDsigNamespace, "X509Certificate")) certs.push_back(child);
  }
  if (certs.size() != 1) {
    return invalid(
        "ds:KeyInfo ska hänvisa till en wsse:BinarySecurityToken eller innehålla exakt ett "
        "ds:X509Certificate");
  }
  return certificate_from_base64(xml::text_of(certs.front()));
}

// The URIs of SignedInfo's references; each must name an element of this message ("#id").
Result<std::set<std::string>> referenced_ids(const xmlNode* signature) {
  const xmlNode* signed_info = xml::find_child(signature, kDsigNamespace, "SignedInfo");
  std::set<std::string> ids;
  for (const xmlNode* child : xml::child_elements(signed_info)) {
    if (!xml::is_element(child, kDsigNamespace, "Reference")) continue;
    const auto uri = xml::attribute(child, "URI");
    if (!uri || uri->size() < 2 || uri->front() != '#') {
      return invalid("Varje ds:Reference ska peka på ett element i meddelandet (URI=\"#id\")");
    }
    ids.insert(uri->substr(1));
  }
  if (ids.empty()) return invalid("ds:SignedInfo saknar ds:Reference");
  return ids;
}

// `pkey` as an xmlsec key; takes `pkey` over (freed on failure too). Null on failure.
xmlSecKeyPtr xmlsec_key(EVP_PKEY* pkey) {
  if (pkey == nullptr) return nullptr;
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(pkey);
  if (data == nullptr) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  xmlSecKeyPtr key = xmlSecKeyCreate();
  if (key == nullptr || xmlSecKeySetValue(key, data) < 0) {
    xmlSecKeyDataDestroy(data);
    if (key != nullptr) xmlSecKeyDestroy(key);
    return nullptr;
  }
  return key;
}

}  // namespace

bool is_ws_security_header(const xmlNode* node) {
  return xml::is_element(node, kWsseNamespace, "Security");
}

Result<WsSecurityVerifier> WsSecurityVerifier::load(const std::filesystem::path& trusted_ca_pem) {
  if (Status s = xml::XmlSecLibrary::ensure(); !s.ok()) return s.error();
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_file(trusted_ca_pem.c_str(), "r"));
  if (!bio) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("{} kan inte läsas", trusted_ca_pem.string()));
  }
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509StoreDeleter{});
  int loaded = 0;
  while (tls::X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (!store || X509_STORE_add_cert(store.get(), cert.get()) != 1) {
      return make_error(
          ErrorCode::kConfigError,
          fmt::format("{}: certifikatet kan inte läggas till", trusted_ca_pem.string()));
    }
    ++loaded;
  }
  if (loaded == 0) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("{} innehåller inget certifikat", trusted_ca_pem.string()));
  }
  return WsSecurityVerifier(std::move(store));
}

Result<tls::PeerIdentity> WsSecurityVerifier::verify(xml::XmlDocument& doc, xmlNode* security,
                                                     xmlNode* body) const {
  std::vector<xmlNode*> signatures;
  for (xmlNode* child : xml::child_elements(security)) {
    if (xml::is_element(child, kDsigNamespace, "Signature")) signatures.push_back(child);
  }
  if (signatures.size() != 1) {
    return signatures.empty()
               ? make_error(ErrorCode::kSignatureMissing, "wsse:Security saknar ds:Signature")
               : invalid("wsse:Security ska innehålla exakt en ds:Signature");
  }
  xmlNode* signature = signatures.front();

  std::set<std::string> seen;
  if (Status s = register_ids(doc.get(), doc.root(), seen); !s.ok()) return s.error();
  auto references = referenced_ids(signature);
  if (!references.ok()) return references.error();
  const xmlAttr* body_id = id_attribute(body);
  if (body_id == nullptr ||
      !references->contains(xml::text_of(reinterpret_cast<const xmlNode*>(body_id)))) {
    return invalid("Signaturen omfattar inte soap:Body (en ds:Reference till Body:s Id saknas)");
  }

  auto cert = signer_certificate(security, signature);
  if (!cert.ok()) return cert.error();
  std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter> chain(X509_STORE_CTX_new());
  if (!chain || X509_STORE_CTX_init(chain.get(), store_.get(), cert->get(), nullptr) != 1) {
    return make_error(ErrorCode::kCryptoError, "Certifikatkedjan kunde inte kontrolleras");
  }
  if (X509_verify_cert(chain.get()) != 1) {
    return make_error(
        ErrorCode::kSignerNotTrusted,
        fmt::format("Signerarens certifikat är inte utfärdat av en betrodd CA ({})",
                    X509_verify_cert_error_string(X509_STORE_CTX_get_error(chain.get()))));
  }
  auto identity = tls::peer_identity_from_certificate(cert->get());
  if (!identity.ok()) {
    return make_error(
        ErrorCode::kSignerNotTrusted,
        "Signerarens certifikat anger inget organisationsnummer: " + identity.error().message);
  }

  xml::XmlSecLibrary::ErrorCapture capture;
  std::unique_ptr<xmlSecDSigCtx, DSigCtxDeleter> ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx || !xml::restrict_to_sha256_profile(ctx.get(), false).ok()) {
    return make_error(ErrorCode::kCryptoError, "xmlsec: kontext kunde inte skapas");
  }
  ctx->signKey = xmlsec_key(X509_get_pubkey(cert->get()));  // owned by the context from here
  if (ctx->signKey == nullptr) {
    return make_error(ErrorCode::kCryptoError, "Signerarens nyckel kan inte läsas");
  }
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0 || ctx->status != xmlSecDSigStatusSucceeded) {
    return invalid(
        "Signaturen är ogiltig: meddelandet har ändrats efter signeringen, eller signaturen är "
        "gjord med en annan nyckel än certifikatets" +
        (capture.messages().empty() ? std::string() : " (" + capture.joined() + ")"));
  }
  return identity;
}

Status sign_ws_security(xml::XmlDocument& doc, const std::filesystem::path& key_pem,
                        const std::filesystem::path& cert_pem) {
  if (Status s = xml::XmlSecLibrary::ensure(); !s.ok()) return s;
  auto envelope = parse_soap_envelope(doc);
  if (!envelope.ok()) return envelope.error();
  for (const xmlNode* header : envelope->headers) {
    if (is_ws_security_header(header)) {
      return make_error(ErrorCode::kSoapMalformed, "Meddelandet är redan signerat");
    }
  }
  auto cert = tls::load_certificate(cert_pem);
  if (!cert.ok()) return cert.error();
  auto key = tls::load_private_key(key_pem);
  if (!key.ok()) return key.error();
  unsigned char* der = nullptr;
  const int der_length = i2d_X509(cert->get(), &der);
  if (der_length <= 0) return make_error(ErrorCode::kCryptoError, "Certifikatet kan inte kodas");
  std::string base64(4 * ((static_cast<std::size_t>(der_length) + 2) / 3) + 1, '\0');
  base64.resize(static_cast<std::size_t>(
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), der, der_length)));
  OPENSSL_free(der);

  xmlNode* root = doc.root();
  xmlNode* body = envelope->payload->parent;
  xmlNs* soap_ns = body->ns;
  xmlNode* header = envelope->headers.empty() ? nullptr : envelope->headers.front()->parent;
  if (header == nullptr) {
    header = xmlNewDocNode(doc.get(), soap_ns, BAD_CAST "Header", nullptr);
    xmlAddPrevSibling(body, header);
  }
  xmlNs* wsu = xmlNewNs(root, BAD_CAST kWsuNamespace.data(), BAD_CAST "wsu");
  xmlNs* wsse = xmlNewNs(root, BAD_CAST kWsseNamespace.data(), BAD_CAST "wsse");
  xmlAttr* body_id = xmlNewNsProp(body, wsu, BAD_CAST "Id", BAD_CAST "body");
  xmlNode* security = xmlNewChild(header, wsse, BAD_CAST "Security", nullptr);
  xmlNewNsProp(security, soap_ns, BAD_CAST "mustUnderstand", BAD_CAST "1");
  xmlNode* token =
      xmlNewChild(security, wsse, BAD_CAST "BinarySecurityToken", BAD_CAST base64.c_str());
  xmlNewProp(token, BAD_CAST "EncodingType",
             BAD_CAST
             "http://docs.oasis-open.org/wss/2004/01/"
             "oasis-200401-wss-soap-message-security-1.0#Base64Binary");
  xmlNewProp(token, BAD_CAST "ValueType", BAD_CAST kX509v3.data());
  xmlNewNsProp(token, wsu, BAD_CAST "Id", BAD_CAST "x509");
  if (xmlAddID(nullptr, doc.get(), BAD_CAST "body", body_id) == nullptr) {
    return make_error(ErrorCode::kSoapMalformed, "Id \"body\" används redan i meddelandet");
  }

  const bool rsa = EVP_PKEY_base_id(key->get()) == EVP_PKEY_RSA;
  xmlNode* signature = xmlSecTmplSignatureCreateNsPref(
      doc.get(), xmlSecTransformExclC14NId,
      rsa ? xmlSecTransformRsaSha256Id : xmlSecTransformEcdsaSha256Id, nullptr, BAD_CAST "ds");
  xmlNode* reference = signature
                           ? xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id,
                                                             nullptr, BAD_CAST "#body", nullptr)
                           : nullptr;
  xmlNode* key_info = signature ? xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr) : nullptr;
  if (reference == nullptr || key_info == nullptr ||
      xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NId) == nullptr) {
    if (signature != nullptr) xmlFreeNode(signature);
    return make_error(ErrorCode::kCryptoError, "xmlsec: signaturmallen kunde inte skapas");
  }
  xmlAddChild(security, signature);
  xmlNode* str = xmlNewChild(key_info, wsse, BAD_CAST "SecurityTokenReference", nullptr);
  xmlNode* token_ref = xmlNewChild(str, wsse, BAD_CAST "Reference", nullptr);
  xmlNewProp(token_ref, BAD_CAST "URI", BAD_CAST "#x509");
  xmlNewProp(token_ref, BAD_CAST "ValueType", BAD_CAST kX509v3.data());

  xml::XmlSecLibrary::ErrorCapture capture;
  std::unique_ptr<xmlSecDSigCtx, DSigCtxDeleter> ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) return make_error(ErrorCode::kCryptoError, "xmlsec: kontext kunde inte skapas");
  ctx->signKey = xmlsec_key(key->release());  // owned by the context from here
  if (ctx->signKey == nullptr) {
    return make_error(ErrorCode::kCryptoError, "Nyckeln kan inte användas för signering");
  }
  if (xmlSecDSigCtxSign(ctx.get(), signature) < 0) {
    return make_error(ErrorCode::kCryptoError,
                      "xmlsec: signeringen misslyckades: " + capture.joined());
  }
  return Status::ok_status();
}

}  // namespace utbyte::platform::soap
