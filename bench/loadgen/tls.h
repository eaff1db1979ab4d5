// RAII wrappers for the OpenSSL objects the load generator uses.
#pragma once

#include <memory>
#include <string>

#include <openssl/ssl.h>

namespace loadgen {

struct SslCtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
using SslPtr = std::unique_ptr<SSL, SslDeleter>;

struct Options;

// A client context with the client certificate, the CA to verify the server, and no session
// resumption (every handshake is a full one). Returns nullptr and fills *error on failure.
SslCtxPtr make_client_context(const Options& options, std::string* error);

// The first queued OpenSSL error as text (and clears the queue).
std::string last_ssl_error();

}  // namespace loadgen
