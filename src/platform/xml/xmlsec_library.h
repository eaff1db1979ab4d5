#pragma once

#include <string>
#include <vector>

#include <xmlsec/xmldsig.h>

#include "core/result.h"

namespace utbyte::platform::xml {

// xmlsec (OpenSSL backend) for the whole process: initialised on first use, shut down at exit
// (a function-local static guard), never twice. Every xmlsec user calls ensure() first.
class XmlSecLibrary {
 public:
  // Errors: kCryptoError when xmlsec or its OpenSSL backend cannot start.
  static Status ensure();

  // Collects xmlsec's error reports on this thread while alive, instead of printing them.
  class ErrorCapture {
   public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;
    // "function: reason" lines, at most a few.
    const std::vector<std::string>& messages() const { return messages_; }
    std::string joined() const;

   private:
    std::vector<std::string> messages_;
    std::vector<std::string>* previous_;
  };
};

// Limits a verification context to what FK's signature profiles (E-IOA, SSEK) use: exclusive or
// inclusive c14n, the enveloped-signature transform, SHA-256 digests, ECDSA- or RSA-SHA256, and
// references into the same document only ("#id"; also "" — the whole document — when
// `whole_document` is true). Anything else makes the verification fail. Errors: kCryptoError.
Status restrict_to_sha256_profile(xmlSecDSigCtx* ctx, bool whole_document);

}  // namespace utbyte::platform::xml
