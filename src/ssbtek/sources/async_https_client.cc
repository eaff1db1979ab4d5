#include "ssbtek/sources/async_https_client.h"

#include <mutex>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace utbyte::ssbtek::sources {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;

struct AsyncHttpsClient::Pool {
  explicit Pool(std::size_t max) : max_idle(max) {}

  std::unique_ptr<Stream> take() {
    std::lock_guard lock(mutex);
    if (idle.empty()) return nullptr;
    auto stream = std::move(idle.back());
    idle.pop_back();
    return stream;
  }
  void give(std::unique_ptr<Stream> stream) {
    std::lock_guard lock(mutex);
    if (idle.size() < max_idle) idle.push_back(std::move(stream));
  }

  const std::size_t max_idle;
  std::mutex mutex;
  std::vector<std::unique_ptr<Stream>> idle;  // guarded by mutex
};

namespace {

// One request/response exchange. Owned by its pending completion handlers (shared_from_this).
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, const client::Url& url,
       std::shared_ptr<AsyncHttpsClient::Pool> pool, bhttp::request<bhttp::string_body> request,
       std::chrono::steady_clock::time_point deadline, AsyncHttpsClient::Callback done)
      : io_(io),
        tls_(std::move(tls)),
        url_(url),
        pool_(std::move(pool)),
        request_(std::move(request)),
        deadline_(deadline),
        done_(std::move(done)),
        resolver_(asio::make_strand(io)) {}

  void start() {
    stream_ = pool_->take();
    reused_ = stream_ != nullptr;
    if (reused_) return send();
    connect();
  }

 private:
  void connect() {
    stream_ = std::make_unique<Stream>(asio::make_strand(io_), *tls_);
    // Check the server's name (or IP address) against its certificate.
    SSL* ssl = stream_->native_handle();
    beast::error_code ec;
    asio::ip::make_address(url_.host, ec);
    const bool named = !ec ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str())
                           : SSL_set_tlsext_host_name(ssl, url_.host.c_str()) &&
                                 SSL_set1_host(ssl, url_.host.c_str());
    if (!named) {
      return finish({make_error(ErrorCode::kCryptoError, "kunde inte ange servernamn för TLS")});
    }
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
          self->on_resolve(ec, std::move(results));
        });
  }

  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return fail("kan inte slå upp värden", ec);
    if (past_deadline()) return fail("", beast::error::timeout);
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    beast::get_lowest_layer(*stream_).async_connect(
        results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return self->fail("kan inte ansluta", ec);
          self->handshake();
        });
  }

  void handshake() {
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    stream_->async_handshake(asio::ssl::stream_base::client,
                             [self = shared_from_this()](beast::error_code ec) {
                               if (ec) return self->fail("TLS-handskakningen misslyckades", ec);
                               self->send();
                             });
  }

  void send() {
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    bhttp::async_write(*stream_, request_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->retry_or_fail("anropet misslyckades", ec);
                         self->read();
                       });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(4 << 20);
    bhttp::async_read(*stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->retry_or_fail("svaret kunde inte läsas", ec);
                        self->on_read();
                      });
  }

  void on_read() {
    auto response = parser_->release();
    client::HttpResult result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[std::move(name)] = std::string(field.value());
    }
    result.body = std::move(response.body());
    if (response.keep_alive()) {
      // No timer may fire on an idle pooled connection.
      beast::get_lowest_layer(*stream_).expires_never();
      pool_->give(std::move(stream_));
    }
    finish({std::move(result)});
  }

  bool past_deadline() const { return std::chrono::steady_clock::now() >= deadline_; }

  // A pooled connection may have been closed by the server while idle: try once more on a new
  // one, within the same deadline.
  void retry_or_fail(const char* what, beast::error_code ec) {
    if (reused_ && ec != beast::error::timeout && !past_deadline()) {
      reused_ = false;
      buffer_.clear();
      return connect();
    }
    fail(what, ec);
  }

  void fail(const char* what, beast::error_code ec) {
    const bool timed_out = ec == beast::error::timeout;
    finish({make_error(ErrorCode::kIoError, timed_out ? std::string("ingen svar inom tidsgränsen")
                                                      : fmt::format("{}: {}", what, ec.message())),
            timed_out});
  }

  void finish(CallOutcome outcome) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(outcome));
  }

  asio::io_context& io_;
  const std::shared_ptr<asio::ssl::context> tls_;
  const client::Url url_;
  const std::shared_ptr<AsyncHttpsClient::Pool> pool_;
  bhttp::request<bhttp::string_body> request_;
  const std::chrono::steady_clock::time_point deadline_;
  AsyncHttpsClient::Callback done_;
  tcp::resolver resolver_;
  std::unique_ptr<Stream> stream_;
  bool reused_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
};

}  // namespace

AsyncHttpsClient::AsyncHttpsClient(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls,
                                   client::Url url, std::size_t max_idle_connections)
    : io_(io),
      tls_(std::move(tls)),
      url_(std::move(url)),
      pool_(std::make_shared<Pool>(max_idle_connections)) {}

AsyncHttpsClient::~AsyncHttpsClient() = default;

void AsyncHttpsClient::post_json(const std::string& path, std::string body,
                                 std::chrono::steady_clock::time_point deadline, Callback done) {
  bhttp::request<bhttp::string_body> request;
  request.method(bhttp::verb::post);
  request.target(url_.base_path + path);
  request.version(11);
  request.set(bhttp::field::host, url_.host);
  request.set(bhttp::field::user_agent, "utbyte-ssbtek/0.1");
  request.set(bhttp::field::content_type, "application/json");
  request.set(bhttp::field::accept, "application/json");
  request.body() = std::move(body);
  request.keep_alive(true);
  request.prepare_payload();
  std::make_shared<Call>(io_, tls_, url_, pool_, std::move(request), deadline, std::move(done))
      ->start();
}

}  // namespace utbyte::ssbtek::sources
