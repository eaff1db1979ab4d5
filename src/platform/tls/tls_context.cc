#include "platform/tls/tls_context.h"

#include <filesystem>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

namespace utbyte::platform::tls {
namespace {

namespace ssl = boost::asio::ssl;

Status check_readable(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return make_error(ErrorCode::kConfigError, fmt::format("certifikatfilen {} saknas", path));
  }
  return {};
}

Result<ssl::context> make_context(ssl::context::method method, const CertPaths& paths) {
  for (const auto* path : {&paths.ca, &paths.cert, &paths.key}) {
    if (auto s = check_readable(*path); !s.ok()) return s.error();
  }
  ssl::context ctx(method);
  boost::system::error_code ec;
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                  ec);
  if (!ec) ctx.use_certificate_chain_file(paths.cert, ec);
  if (!ec) ctx.use_private_key_file(paths.key, ssl::context::pem, ec);
  if (!ec) ctx.load_verify_file(paths.ca, ec);
  if (ec) {
    return make_error(
        ErrorCode::kCryptoError,
        fmt::format("TLS-konfigurationen kunde inte läsas ({}): {}", paths.cert, ec.message()));
  }
  return ctx;
}

// TLS 1.2 and 1.3 only, and for 1.2 only forward-secret AEAD suites (TLS 1.3's are all of that
// kind). Set here rather than left to the system's openssl.cnf, so the floor is the same on every
// machine and the fault tests can rely on it. No renegotiation, no compression.
Status harden_server(SSL_CTX* ctx) {
  static constexpr const char* kTls12Ciphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return make_error(ErrorCode::kCryptoError, "TLS-versioner och chiffer kunde inte sättas");
  }
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return {};
}

// OpenSSL checks a client's certificate for the "SSL client" purpose, which refuses an EKU of
// serverAuth only. This callback accepts exactly that refusal, for the partner's own certificate
// (depth 0) and only when its EKU names serverAuth; every other check (chain, CA flags, dates,
// signatures, other purposes) stays OpenSSL's.
int accept_server_auth_leaf(int preverified, X509_STORE_CTX* store) {
  if (preverified) return 1;
  if (X509_STORE_CTX_get_error(store) != X509_V_ERR_INVALID_PURPOSE ||
      X509_STORE_CTX_get_error_depth(store) != 0) {
    return 0;
  }
  X509* leaf = X509_STORE_CTX_get_current_cert(store);
  if (leaf == nullptr || (X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) == 0 ||
      (X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER) == 0) {
    return 0;
  }
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

}  // namespace

CertPaths CertPaths::server_in(const std::string& dir) {
  return {dir + "/ca.pem", dir + "/server.pem", dir + "/server.key"};
}

CertPaths CertPaths::client_in(const std::string& dir) {
  return {dir + "/ca.pem", dir + "/client.pem", dir + "/client.key"};
}

Result<ssl::context> make_server_context(const CertPaths& paths, ClientKeyUsage usage) {
  auto ctx = make_context(ssl::context::tls_server, paths);
  if (!ctx.ok()) return ctx;
  SSL_CTX_set_verify(
      ctx->native_handle(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
      usage == ClientKeyUsage::kClientOrServerAuth ? accept_server_auth_leaf : nullptr);
  if (Status s = harden_server(ctx->native_handle()); !s.ok()) return s.error();
  // Resumed sessions skip certificate verification's callbacks but keep the peer certificate;
  // a session id context is required for resumption with client certificates.
  static constexpr unsigned char kSessionContext[] = "utbyte";
  SSL_CTX_set_session_id_context(ctx->native_handle(), kSessionContext,
                                 sizeof(kSessionContext) - 1);
  return ctx;
}

Result<ssl::context> make_client_context(const CertPaths& paths) {
  auto ctx = make_context(ssl::context::tls_client, paths);
  if (!ctx.ok()) return ctx;
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

}  // namespace utbyte::platform::tls
