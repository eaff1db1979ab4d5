#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "platform/asio.h"
#include "platform/http/message.h"

namespace utbyte::platform::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8200;  // 0 picks a free port; see HttpsServer::port()
  int threads = 2;
  std::size_t max_body_bytes = 1 << 20;
  // Larger limits for paths starting with a prefix (e.g. mass orders), checked against the
  // request target before the body is read.
  std::vector<std::pair<std::string, std::size_t>> body_limit_by_prefix;
  std::size_t max_header_bytes = 16 << 10;
  // A connection that sends nothing for this long is closed (also bounds the TLS handshake).
  std::chrono::seconds idle_timeout{30};
};

// Called once per request on an I/O thread. Must not block for long: it holds that thread.
using RequestHandler = std::function<Response(Request&)>;
// Called for every answered request, for metrics and access logs.
using ResponseObserver =
    std::function<void(const Request&, const Response&, std::chrono::nanoseconds elapsed)>;

// HTTP/1.1 over TLS with required client certificates, on Boost.Beast. Reads each request
// within the header and body limits (413 from Content-Length before the body is read), assigns
// a transaction id, calls the handler and writes the answer with keep-alive.
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

  boost::asio::io_context& io_context() { return io_; }

 private:
  void accept();

  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  const ServerOptions options_;
  const RequestHandler handler_;
  const ResponseObserver observer_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
};

}  // namespace utbyte::platform::http
