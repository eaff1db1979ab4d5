#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "platform/asio.h"
#include "platform/http/connection_table.h"
#include "platform/http/message.h"
#include "platform/worker_pool.h"

namespace utbyte::platform::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8200;  // 0 picks a free port; see HttpsServer::port()
  int threads = 2;
  std::size_t max_body_bytes = 1 << 20;
  // A route's own body limit (e.g. mass orders), from the method and target before the body is
  // read; 0 means max_body_bytes. Router::body_limit fits here.
  std::function<std::size_t(std::string_view method, std::string_view target)> body_limit;
  std::size_t max_header_bytes = 16 << 10;
  // A request's header and body, and the wait between keep-alive requests, each end after this.
  std::chrono::seconds idle_timeout{30};
  // The TLS handshake ends after this: it is the only thing an unauthenticated client can make
  // the server wait for, so it is short.
  std::chrono::seconds handshake_timeout{5};
  // Connections held at once. At the cap the one idle longest is closed to admit a new one; with
  // none idle, a new connection is reset right after accept, before any TLS work, so a flood
  // costs a descriptor for a moment and no memory. See ConnectionLimits for the other two.
  std::size_t max_connections = 1024;
  std::size_t max_handshakes_per_address = 64;
  std::size_t max_connections_per_organisation = 256;
  // Handlers run on a pool of this many threads, never on the I/O threads; when all are busy
  // and `max_queued` requests wait, a request is answered 503 SERVERN_UPPTAGEN with Retry-After.
  int workers = 8;
  std::size_t max_queued = 256;
};

// Called once per request on a worker thread (see ServerOptions::workers). It may block on a
// database or a hash; waits on other services should use Response::deferred instead.
using RequestHandler = std::function<Response(Request&)>;
// Called for every answered request, for metrics and access logs.
using ResponseObserver =
    std::function<void(const Request&, const Response&, std::chrono::nanoseconds elapsed)>;

// HTTP/1.1 over TLS with required client certificates, on Boost.Beast. Reads each request
// within the header and body limits (413 from Content-Length before the body is read), assigns
// a transaction id, runs the handler on the worker pool and writes the answer with keep-alive.
class HttpsServer {
 public:
  HttpsServer(boost::asio::ssl::context tls, ServerOptions options, RequestHandler handler,
              ResponseObserver observer = {});
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // Binds and listens. Errors: kIoError when the address cannot be bound.
  Status start();
  // The bound port (useful with port 0).
  unsigned short port() const { return port_; }
  // Runs the I/O threads until stop(); the calling thread is one of them.
  void run();
  // Stops accepting and ends run(). Safe from any thread and from signal handlers' asio waits.
  void stop();

  // Connections open now; refused at accept and closed to make room (idle longest) since start.
  std::size_t open_connections() const { return connections_->open(); }
  std::uint64_t refused_connections() const { return connections_->refused(); }
  std::uint64_t evicted_connections() const { return connections_->evicted(); }

  boost::asio::io_context& io_context() { return io_; }

 private:
  void accept();
  void accept_after_error();

  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  const ServerOptions options_;
  const RequestHandler handler_;
  const ResponseObserver observer_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  // Shared with the sessions, which may outlive the server object by a few handlers.
  std::shared_ptr<ConnectionTable> connections_;
  boost::asio::steady_timer accept_retry_{io_};
  // Declared after io_: destroyed (joined) first, while the sockets its tasks hold still have
  // their io_context.
  WorkerPool workers_;
};

}  // namespace utbyte::platform::http
