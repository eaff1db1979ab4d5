#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "client/https_client.h"
#include "core/result.h"
#include "platform/asio.h"

namespace utbyte::ssbtek::sources {

// The outcome of one HTTP exchange: an answer of any status, or an error; `timed_out` tells a
// missed deadline apart from other connection errors.
struct CallOutcome {
  Result<client::HttpResult> result;
  bool timed_out = false;
};

// An asynchronous HTTPS/1.1 client on a shared io_context, presenting a client certificate and
// keeping a pool of idle keep-alive connections, so that many calls to one base service run at
// once without a thread each and without a TLS handshake per call. Every call has a hard
// deadline covering connect, handshake, write and read (Beast's tcp_stream timer; the
// synchronous client/https_client cannot bound a read). Thread-safe.
//
// TODO(lead): a general async client belongs in src/client/ once a second user appears.
class AsyncHttpsClient {
 public:
  using Callback = std::function<void(CallOutcome)>;

  // `tls` is a client context (platform::tls::make_client_context); shared by every connection.
  AsyncHttpsClient(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
                   client::Url url, std::size_t max_idle_connections = 64);
  ~AsyncHttpsClient();
  AsyncHttpsClient(const AsyncHttpsClient&) = delete;
  AsyncHttpsClient& operator=(const AsyncHttpsClient&) = delete;

  // POSTs `body` (application/json) to base_path + `path`. `done` is called exactly once, on one
  // of the io_context's threads, by `deadline` (plus scheduling delay). A kept-alive connection
  // that turns out closed is replaced once within the same deadline.
  void post_json(const std::string& path, std::string body,
                 std::chrono::steady_clock::time_point deadline, Callback done);

  struct Pool;  // idle connections; shared with calls in flight

 private:
  boost::asio::io_context& io_;
  const std::shared_ptr<boost::asio::ssl::context> tls_;
  const client::Url url_;
  const std::shared_ptr<Pool> pool_;
};

}  // namespace utbyte::ssbtek::sources
