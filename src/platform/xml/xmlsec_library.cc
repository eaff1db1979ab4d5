#include "platform/xml/xmlsec_library.h"

#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmlsec.h>

#include <fmt/format.h>

namespace utbyte::platform::xml {
namespace {

thread_local std::vector<std::string>* t_capture = nullptr;

// xmlsec reports through one process-wide callback; the messages go to the capture of the
// calling thread, if any, and are dropped otherwise (the caller reports its own error).
void on_xmlsec_error(const char* file, int line, const char* func, const char* object,
                     const char* subject, int reason, const char* msg) {
  (void)file;
  (void)line;
  (void)object;
  if (t_capture == nullptr || t_capture->size() >= 8) return;
  const char* reason_text = xmlSecErrorsGetMsg(static_cast<xmlSecSize>(reason));
  t_capture->push_back(fmt::format("{}: {}{}{}", func ? func : "xmlsec",
                                   reason_text ? reason_text : "fel",
                                   subject ? std::string(" (") + subject + ")" : std::string(),
                                   msg ? std::string(" ") + msg : std::string()));
}

class Guard {
 public:
  Guard() {
    if (xmlSecInit() < 0) return;
    if (xmlSecCheckVersion() != 1) {
      xmlSecShutdown();
      return;
    }
    if (xmlSecCryptoAppInit(nullptr) < 0) {
      xmlSecShutdown();
      return;
    }
    if (xmlSecCryptoInit() < 0) {
      xmlSecCryptoAppShutdown();
      xmlSecShutdown();
      return;
    }
    // Last: the crypto initialisation installs its own default callback.
    xmlSecErrorsSetCallback(on_xmlsec_error);
    ok_ = true;
  }
  ~Guard() {
    if (!ok_) return;
    xmlSecCryptoShutdown();
    xmlSecCryptoAppShutdown();
    xmlSecShutdown();
  }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

}  // namespace

Status XmlSecLibrary::ensure() {
  static const Guard guard;  // thread-safe initialisation; destroyed at exit
  if (!guard.ok()) {
    return make_error(ErrorCode::kCryptoError, "xmlsec (OpenSSL) kunde inte initieras");
  }
  return Status::ok_status();
}

XmlSecLibrary::ErrorCapture::ErrorCapture() : previous_(t_capture) { t_capture = &messages_; }

XmlSecLibrary::ErrorCapture::~ErrorCapture() { t_capture = previous_; }

std::string XmlSecLibrary::ErrorCapture::joined() const {
  std::string out;
  for (const auto& m : messages_) {
    if (!out.empty()) out += "; ";
    out += m;
  }
  return out;
}

Status restrict_to_sha256_profile(xmlSecDSigCtx* ctx, bool whole_document) {
  for (xmlSecTransformId id : {xmlSecTransformExclC14NId, xmlSecTransformInclC14NId,
                               xmlSecTransformEnvelopedId, xmlSecTransformSha256Id}) {
    if (xmlSecDSigCtxEnableReferenceTransform(ctx, id) < 0) {
      return make_error(ErrorCode::kCryptoError, "xmlsec: transform kunde inte tillåtas");
    }
  }
  for (xmlSecTransformId id : {xmlSecTransformExclC14NId, xmlSecTransformInclC14NId,
                               xmlSecTransformEcdsaSha256Id, xmlSecTransformRsaSha256Id}) {
    if (xmlSecDSigCtxEnableSignatureTransform(ctx, id) < 0) {
      return make_error(ErrorCode::kCryptoError, "xmlsec: transform kunde inte tillåtas");
    }
  }
  ctx->enabledReferenceUris =
      whole_document ? static_cast<xmlSecTransformUriType>(xmlSecTransformUriTypeEmpty |
                                                           xmlSecTransformUriTypeSameDocument)
                     : xmlSecTransformUriTypeSameDocument;
  return Status::ok_status();
}

}  // namespace utbyte::platform::xml
