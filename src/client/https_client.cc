#include "client/https_client.h"

#include <fmt/format.h>

#include "platform/asio.h"

namespace utbyte::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// What a failed network step means for the caller. TLS itself saying no (an alert: a certificate
// one side does not trust; with TLS 1.3 the server's refusal of ours arrives on the first read)
// is kCryptoError, which retrying does not heal; anything else (a refused or cut connection, a
// server restarting mid-handshake, a timeout) is kIoError, a transport failure that may.
Error io_error(const std::string& what, const beast::error_code& ec) {
  const ErrorCode code = ec.category() == asio::error::get_ssl_category() ? ErrorCode::kCryptoError
                                                                          : ErrorCode::kIoError;
  return make_error(code, fmt::format("{}: {}", what, ec.message()));
}

}  // namespace

Result<Url> parse_url(const std::string& text) {
  constexpr std::string_view kScheme = "https://";
  if (!text.starts_with(kScheme)) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("URL:en '{}' ska börja med https://", text));
  }
  std::string rest = text.substr(kScheme.size());
  Url url;
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) url.base_path = rest.substr(slash);
  while (!url.base_path.empty() && url.base_path.back() == '/') url.base_path.pop_back();
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    url.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  if (authority.size() > 1 && authority.front() == '[') {
    authority = authority.substr(1, authority.size() - 2);
  }
  if (authority.empty()) {
    return make_error(ErrorCode::kConfigError, fmt::format("URL:en '{}' saknar värd", text));
  }
  url.host = authority;
  return url;
}

struct HttpsClient::Connection {
  explicit Connection(asio::ssl::context tls_context)
      : tls(std::move(tls_context)), stream(io, tls) {}
  asio::io_context io;
  asio::ssl::context tls;
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpsClient::HttpsClient(Url url, platform::tls::CertPaths certs, std::chrono::seconds timeout)
    : url_(std::move(url)), certs_(std::move(certs)), timeout_(timeout) {}

HttpsClient::~HttpsClient() = default;

Status HttpsClient::connect() {
  auto tls = platform::tls::make_client_context(certs_);
  if (!tls.ok()) return tls.error();
  connection_ = std::make_unique<Connection>(std::move(tls).value());
  auto& c = *connection_;
  beast::error_code ec;
  // Check the server's name (or IP address) against its certificate, as any HTTPS client must.
  SSL* ssl = c.stream.native_handle();
  asio::ip::make_address(url_.host, ec);
  const bool is_ip = !ec;
  ec.clear();
  const bool named = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str())
                           : SSL_set_tlsext_host_name(ssl, url_.host.c_str()) &&
                                 SSL_set1_host(ssl, url_.host.c_str());
  if (!named) return make_error(ErrorCode::kCryptoError, "kunde inte ange servernamn för TLS");
  asio::ip::tcp::resolver resolver(c.io);
  const auto endpoints = resolver.resolve(url_.host, url_.port, ec);
  if (ec) return io_error(fmt::format("kan inte slå upp {}", url_.host), ec);
  beast::get_lowest_layer(c.stream).expires_after(timeout_);
  beast::get_lowest_layer(c.stream).connect(endpoints, ec);
  if (ec) return io_error(fmt::format("kan inte ansluta till {}:{}", url_.host, url_.port), ec);
  c.stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return io_error("TLS-handskakningen misslyckades", ec);
  return {};
}

Result<HttpResult> HttpsClient::request(const std::string& method, const std::string& path,
                                        const std::string& body, const std::string& content_type) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(url_.base_path + path);
  req.version(11);
  req.set(bhttp::field::host, url_.host);
  req.set(bhttp::field::user_agent, "utbyte-klient/0.1");
  req.set(bhttp::field::accept, "application/json");
  if (!body.empty() || method == "POST") {
    if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
    req.body() = body;
  }
  req.keep_alive(true);
  req.prepare_payload();

  // A kept-alive connection may have been closed by the server meanwhile: retry once on a new
  // connection when the failure came before any answer arrived.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = connection_ != nullptr;
    if (!connection_) {
      if (auto s = connect(); !s.ok()) {
        connection_.reset();
        return s.error();
      }
    }
    auto& c = *connection_;
    beast::error_code ec;
    beast::get_lowest_layer(c.stream).expires_after(timeout_);
    bhttp::write(c.stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    if (!ec) bhttp::read(c.stream, c.buffer, parser, ec);
    if (ec) {
      connection_.reset();
      if (reused) continue;
      return io_error("anropet misslyckades", ec);
    }
    auto res = parser.release();
    HttpResult result;
    result.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      result.headers[name] = std::string(field.value());
    }
    result.body = std::move(res.body());
    if (!res.keep_alive()) connection_.reset();
    return result;
  }
  return make_error(ErrorCode::kIoError, "anropet misslyckades efter ny anslutning");
}

}  // namespace utbyte::client
