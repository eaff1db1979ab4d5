#pragma once

#include <string>

#include "core/result.h"
#include "platform/asio.h"

namespace utbyte::platform::tls {

// Files of a certificate directory as written by `utbyte certs init`.
struct CertPaths {
  std::string ca;    // CA bundle used to verify the peer
  std::string cert;  // own certificate (chain) in PEM
  std::string key;   // own private key in PEM

  static CertPaths server_in(const std::string& dir);
  static CertPaths client_in(const std::string& dir);
};

// Which extended key usage a partner's certificate must carry. FK's partners connect with
// Expisoft or SITHS *server* certificates (seed 001: "enbart använder servercertifikat"), and
// public CAs are dropping clientAuth from server certificates, so by default a certificate whose
// EKU is serverAuth only is accepted beside clientAuth ones.
enum class ClientKeyUsage {
  kClientOrServerAuth,  // EKU absent, or naming clientAuth or serverAuth (FK's practice)
  kClientAuthOnly,      // EKU absent or naming clientAuth (OpenSSL's own rule)
};

// A server context that requires a client certificate issued by `paths.ca`: a handshake
// without one, with one from another CA, or with a key usage `usage` does not allow, fails
// before any HTTP is read. TLS 1.2 and 1.3.
Result<boost::asio::ssl::context> make_server_context(
    const CertPaths& paths, ClientKeyUsage usage = ClientKeyUsage::kClientOrServerAuth);

// A client context presenting `paths.cert`/`paths.key` and verifying the server against
// `paths.ca` (host name checked by the caller with SSL_set1_host).
Result<boost::asio::ssl::context> make_client_context(const CertPaths& paths);

}  // namespace utbyte::platform::tls
