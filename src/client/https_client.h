#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "core/result.h"
#include "platform/tls/tls_context.h"

namespace utbyte::client {

// "https://host:port/base" split into its parts.
struct Url {
  std::string host;
  std::string port = "443";
  std::string base_path;  // without trailing slash, e.g. "" or "/rest"
};

// Errors: kConfigError for anything but an https URL with a host.
Result<Url> parse_url(const std::string& text);

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// A synchronous HTTPS/1.1 client presenting a client certificate, keeping one connection alive
// between requests and reconnecting when the server closed it. Not thread-safe: one per thread.
class HttpsClient {
 public:
  HttpsClient(Url url, platform::tls::CertPaths certs,
              std::chrono::seconds timeout = std::chrono::seconds(30));
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request to base_path + `path`. Errors: kIoError (connect, TLS handshake — e.g. a
  // server that rejects the certificate — or transfer), kCryptoError (certificates unreadable).
  Result<HttpResult> request(const std::string& method, const std::string& path,
                             const std::string& body = {},
                             const std::string& content_type = "application/json");

 private:
  struct Connection;
  Status connect();

  const Url url_;
  const platform::tls::CertPaths certs_;
  const std::chrono::seconds timeout_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace utbyte::client
