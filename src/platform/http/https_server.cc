#include "platform/http/https_server.h"

#include <algorithm>
#include <exception>
#include <limits>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/transaction_id.h"

namespace utbyte::platform::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// One TLS connection: handshake, then a loop of read request → handle → write answer.
// Owned by the completion handlers in flight (shared_from_this), as Beast's own servers do.
class Session : public std::enable_shared_from_this<Session>, public EvictableConnection {
 public:
  Session(tcp::socket socket, asio::ssl::context& tls, const ServerOptions& options,
          const RequestHandler& handler, const ResponseObserver& observer, WorkerPool& workers,
          ConnectionTable::Ticket ticket)
      : stream_(std::move(socket), tls),
        options_(options),
        handler_(handler),
        observer_(observer),
        workers_(workers),
        ticket_(std::move(ticket)) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    beast::get_lowest_layer(stream_).expires_after(options_.handshake_timeout);
    stream_.async_handshake(
        asio::ssl::stream_base::server,
        [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) return;  // no or untrusted client certificate: never reaches a handler
    X509* cert = SSL_get0_peer_certificate(stream_.native_handle());
    if (cert == nullptr) return;
    auto identity = tls::peer_identity_from_certificate(cert);
    if (identity.ok()) {
      peer_ = std::move(identity).value();
    } else {
      // A trusted certificate without an organisation number is still authenticated; the
      // actor check decides whether it may use a service.
      auto subject = tls::certificate_subject_rfc2253(cert);
      auto fingerprint = tls::certificate_fingerprint_sha256(cert);
      peer_.subject = subject.ok() ? *subject : "(okänd)";
      if (fingerprint.ok()) peer_.fingerprint_sha256 = *fingerprint;
    }
    organisation_over_limit_ = !ticket_.handshake_done(peer_.organisationsnummer);
    read_request();
  }

  // From the connection table, on any thread: the server is full and this connection has waited
  // longest for its next request. Closing the socket ends that wait; a request that has begun to
  // arrive meanwhile is lost as in any keep-alive race, and one already being answered is not
  // touched (the table then closes the connection after its answer, see read_request).
  void evict() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->waiting_for_request_) return;
      beast::error_code ec;
      beast::get_lowest_layer(self->stream_).socket().close(ec);
    });
  }

  // The body limit of the request whose header has been read: its route's, or the default.
  std::size_t body_limit() const {
    const auto& header = parser_->get();
    const std::size_t own =
        options_.body_limit
            ? options_.body_limit(
                  std::string_view(header.method_string().data(), header.method_string().size()),
                  std::string_view(header.target().data(), header.target().size()))
            : 0;
    return own > 0 ? own : options_.max_body_bytes;
  }

  void read_request() {
    if (!ticket_.idle(weak_from_this())) return close();
    waiting_for_request_ = true;
    parser_.emplace();
    // No body is read before the header is; on_header() sets the route's limit.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    beast::get_lowest_layer(stream_).expires_after(options_.idle_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    waiting_for_request_ = false;
    ticket_.busy();
    if (!ec && organisation_over_limit_) {
      return reject(ErrorCode::kRateLimited,
                    fmt::format("För många samtidiga anslutningar från organisationen (högst {}); "
                                "stäng en innan nästa öppnas",
                                options_.max_connections_per_organisation),
                    "1");
    }
    if (ec == bhttp::error::body_limit) {
      return reject(ErrorCode::kPayloadTooLarge, too_large_message(body_limit()));
    }
    if (ec == bhttp::error::header_limit) {
      return reject(ErrorCode::kInvalidRequest, "Anropets huvuden är för stora");
    }
    if (ec) {
      if (is_protocol_error(ec)) return reject(ErrorCode::kInvalidRequest, "Felaktigt HTTP-anrop");
      return;  // closed, reset or timed out
    }
    const std::size_t limit = body_limit();
    if (parser_->content_length() && *parser_->content_length() > limit) {
      return reject(ErrorCode::kPayloadTooLarge, too_large_message(limit));
    }
    parser_->body_limit(limit);
    started_ = std::chrono::steady_clock::now();
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return reject(ErrorCode::kPayloadTooLarge, too_large_message(body_limit()));
    }
    if (ec) {
      if (is_protocol_error(ec)) return reject(ErrorCode::kInvalidRequest, "Felaktigt HTTP-anrop");
      return;
    }
    auto message = parser_->release();
    auto request = std::make_shared<Request>();
    request->method = std::string(message.method_string());
    request->target = std::string(message.target());
    request->path = request->target.substr(0, request->target.find('?'));
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request->headers[std::move(name)] = std::string(field.value());
    }
    request->body = std::move(message.body());
    request->peer = &peer_;
    request->transaktions_id = new_transaction_id();

    const bool keep_alive = message.keep_alive();
    auto self = shared_from_this();
    if (!workers_.try_submit([self, request, keep_alive] { self->handle(request, keep_alive); })) {
      Response busy = error_response(
          make_error(ErrorCode::kServerBusy,
                     "Servern har för många anrop i kö just nu; försök igen om en sekund"),
          request->transaktions_id);
      busy.headers.emplace_back("Retry-After", "1");
      write(*request, std::move(busy), keep_alive);
    }
  }

  // On a worker thread: the handler's answer, or its deferred answer when that comes.
  void handle(const std::shared_ptr<Request>& request, bool keep_alive) {
    Response response;
    try {
      response = handler_(*request);
    } catch (const std::exception&) {
      // Handlers report errors as values; an exception is a bug, answered like any other 500.
      response =
          error_response(make_error(ErrorCode::kInternal, "Internt fel"), request->transaktions_id);
    }
    if (response.deferred) {
      auto deferred = std::move(response.deferred);
      deferred([self = shared_from_this(), request, keep_alive](Response final_answer) {
        self->complete(request, std::move(final_answer), keep_alive);
      });
      return;
    }
    complete(request, std::move(response), keep_alive);
  }

  // Back on the connection's strand, which owns the stream.
  void complete(const std::shared_ptr<Request>& request, Response response, bool keep_alive) {
    asio::post(stream_.get_executor(), [self = shared_from_this(), request, keep_alive,
                                        response = std::move(response)]() mutable {
      self->write(*request, std::move(response), keep_alive);
    });
  }

  static bool is_protocol_error(beast::error_code ec) {
    return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
  }

  static std::string too_large_message(std::size_t limit) {
    return fmt::format("Anropets innehåll är större än tillåtna {} byte", limit);
  }

  void reject(ErrorCode code, std::string message, std::string retry_after = {}) {
    Request request;
    request.method = parser_ && parser_->is_header_done()
                         ? std::string(parser_->get().method_string())
                         : std::string();
    request.path =
        parser_ && parser_->is_header_done() ? std::string(parser_->get().target()) : std::string();
    request.peer = &peer_;
    request.transaktions_id = new_transaction_id();
    started_ = std::chrono::steady_clock::now();
    // The rest of the request is not read, so the connection cannot be reused.
    Response response =
        error_response(make_error(code, std::move(message)), request.transaktions_id);
    if (!retry_after.empty()) response.headers.emplace_back("Retry-After", std::move(retry_after));
    write(request, std::move(response), false);
  }

  void write(const Request& request, Response response, bool keep_alive) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<bhttp::status>(response.status));
    out->set(bhttp::field::server, "utbyte");
    out->set(bhttp::field::content_type, response.content_type);
    out->set("X-Transaktions-Id", request.transaktions_id);
    for (auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    if (observer_) observer_(request, response, std::chrono::steady_clock::now() - started_);

    beast::get_lowest_layer(stream_).expires_after(options_.idle_timeout);
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out, on_sent = std::move(response.on_sent)](
                           beast::error_code ec, std::size_t) {
                         if (on_sent) on_sent();
                         self->on_write(ec, out->keep_alive());
                       });
  }

  void on_write(beast::error_code ec, bool keep_alive) {
    if (ec) return;
    if (keep_alive) return read_request();
    close();
  }

  void close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  const ServerOptions& options_;
  const RequestHandler& handler_;
  const ResponseObserver& observer_;
  WorkerPool& workers_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  tls::PeerIdentity peer_;
  std::chrono::steady_clock::time_point started_;
  ConnectionTable::Ticket ticket_;
  bool waiting_for_request_ = false;  // on the strand: between requests, evictable
  bool organisation_over_limit_ = false;
};

}  // namespace

HttpsServer::HttpsServer(asio::ssl::context tls, ServerOptions options, RequestHandler handler,
                         ResponseObserver observer)
    : io_(options.threads),
      tls_(std::move(tls)),
      options_(std::move(options)),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      acceptor_(io_),
      connections_(std::make_shared<ConnectionTable>(
          ConnectionLimits{.max_connections = options_.max_connections,
                           .max_handshakes_per_address = options_.max_handshakes_per_address,
                           .max_per_organisation = options_.max_connections_per_organisation})),
      workers_(options_.workers, options_.max_queued) {}

HttpsServer::~HttpsServer() { stop(); }

Status HttpsServer::start() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("ogiltig lyssningsadress {}: {}", options_.host, ec.message()));
  }
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(ErrorCode::kIoError, fmt::format("kan inte lyssna på {}:{}: {}",
                                                       options_.host, options_.port, ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  accept();
  return {};
}

void HttpsServer::accept() {
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) return accept_after_error();
    const auto peer = socket.remote_endpoint(ec);
    auto ticket = connections_->admit(ec ? std::string() : peer.address().to_string());
    if (!ticket) {
      // A reset rather than a lingering close: the client learns at once, and the descriptor is
      // free again before the next accept.
      socket.set_option(asio::socket_base::linger(true, 0), ec);
      socket.close(ec);
      return accept();
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<Session>(std::move(socket), tls_, options_, handler_, observer_, workers_,
                              std::move(*ticket))
        ->start();
    accept();
  });
}

// Out of descriptors (EMFILE) or similar: the pending connection stays in the backlog, so
// accepting again at once would spin. Wait a little, then keep accepting rather than going deaf.
void HttpsServer::accept_after_error() {
  accept_retry_.expires_after(std::chrono::milliseconds(50));
  accept_retry_.async_wait([this](beast::error_code ec) {
    if (ec != asio::error::operation_aborted) accept();
  });
}

void HttpsServer::run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
}

void HttpsServer::stop() {
  asio::post(io_, [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    accept_retry_.cancel();
  });
  io_.stop();
}

}  // namespace utbyte::platform::http
