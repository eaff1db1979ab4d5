#pragma once

#include <string>
#include <vector>

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

}  // namespace utbyte::platform::xml
