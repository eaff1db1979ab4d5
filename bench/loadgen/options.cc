#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include <strings.h>

namespace loadgen {
namespace {

constexpr const char* kUsage = R"(usage: loadgen --url https://HOST:PORT/PATH [options]

Keep-alive HTTP/1.1 load generator over TLS with client certificates.

  --url URL              https://… (TLS) or http://… (plain)
  --method M             request method (default GET)
  --body-file F          request body read from F (Content-Length is added)
  --header 'N: V'        extra request header, repeatable
  --cert F --key F       client certificate chain (PEM) and its private key
  --cacert F             CA bundle to verify the server with
  --insecure             do not verify the server certificate
  --connections N        concurrent connections (default 10)
  --threads T            threads, each with its own event loop (default 1)
  --duration S           measured seconds (default 10)
  --warmup S             seconds of load before measuring starts (default 0)
  --no-keepalive         a new TCP connection and TLS handshake for every request
  --json F               also write the results as JSON to F
  --quiet                no human-readable report
)";

bool parse_number(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && *out >= 0;
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream content;
  content << in.rdbuf();
  *out = content.str();
  return true;
}

}  // namespace

std::optional<Url> parse_url(const std::string& text) {
  Url url;
  std::string_view rest = text;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    url.tls = false;
    rest.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (authority.starts_with('[')) {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) url.port = std::string(authority.substr(1));
  } else {
    const size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.port.empty()) url.port = url.tls ? "443" : "80";
  if (url.host.empty()) return std::nullopt;
  return url;
}

std::optional<Options> parse_options(int argc, char** argv, int* exit_code) {
  Options options;
  *exit_code = 2;
  bool have_url = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "loadgen: %s needs a value\n", arg.c_str());
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string v;
    double number = 0;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      *exit_code = 0;
      return std::nullopt;
    } else if (arg == "--url") {
      if (!value(&v)) return std::nullopt;
      auto url = parse_url(v);
      if (!url) {
        std::fprintf(stderr, "loadgen: bad URL '%s'\n", v.c_str());
        return std::nullopt;
      }
      options.url = *url;
      have_url = true;
    } else if (arg == "--method") {
      if (!value(&options.method)) return std::nullopt;
    } else if (arg == "--body-file") {
      if (!value(&v)) return std::nullopt;
      if (!read_file(v, &options.body)) {
        std::fprintf(stderr, "loadgen: cannot read body file '%s'\n", v.c_str());
        return std::nullopt;
      }
    } else if (arg == "--header" || arg == "-H") {
      if (!value(&v)) return std::nullopt;
      if (v.find(':') == std::string::npos) {
        std::fprintf(stderr, "loadgen: header '%s' has no ':'\n", v.c_str());
        return std::nullopt;
      }
      options.headers.push_back(v);
    } else if (arg == "--cert") {
      if (!value(&options.cert_file)) return std::nullopt;
    } else if (arg == "--key") {
      if (!value(&options.key_file)) return std::nullopt;
    } else if (arg == "--cacert") {
      if (!value(&options.ca_file)) return std::nullopt;
    } else if (arg == "--insecure" || arg == "-k") {
      options.insecure = true;
    } else if (arg == "--connections" || arg == "-c" || arg == "--threads" || arg == "-t" ||
               arg == "--duration" || arg == "-d" || arg == "--warmup") {
      if (!value(&v)) return std::nullopt;
      if (!parse_number(v, &number)) {
        std::fprintf(stderr, "loadgen: %s wants a non-negative number, got '%s'\n", arg.c_str(),
                     v.c_str());
        return std::nullopt;
      }
      if (arg == "--connections" || arg == "-c") {
        options.connections = static_cast<int>(number);
      } else if (arg == "--threads" || arg == "-t") {
        options.threads = static_cast<int>(number);
      } else if (arg == "--duration" || arg == "-d") {
        options.duration_s = number;
      } else {
        options.warmup_s = number;
      }
    } else if (arg == "--no-keepalive") {
      options.keepalive = false;
    } else if (arg == "--json") {
      if (!value(&options.json_file)) return std::nullopt;
    } else if (arg == "--quiet" || arg == "-q") {
      options.quiet = true;
    } else {
      std::fprintf(stderr, "loadgen: unknown option '%s'\n%s", arg.c_str(), kUsage);
      return std::nullopt;
    }
  }
  if (!have_url) {
    std::fprintf(stderr, "loadgen: --url is required\n%s", kUsage);
    return std::nullopt;
  }
  if (options.connections < 1 || options.threads < 1 || options.duration_s <= 0) {
    std::fputs("loadgen: --connections, --threads and --duration must be positive\n", stderr);
    return std::nullopt;
  }
  if (options.threads > options.connections) options.threads = options.connections;
  if (options.cert_file.empty() != options.key_file.empty()) {
    std::fputs("loadgen: --cert and --key go together\n", stderr);
    return std::nullopt;
  }
  *exit_code = 0;
  return options;
}

std::string build_request(const Options& options) {
  const Url& url = options.url;
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const bool ipv6 = url.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + url.host + "]" : url.host;
  if (!default_port) host += ":" + url.port;

  std::string request = options.method + " " + url.target + " HTTP/1.1\r\nHost: " + host + "\r\n";
  bool user_agent = false;
  for (const std::string& header : options.headers) {
    request += header + "\r\n";
    if (header.size() >= 11 && strncasecmp(header.c_str(), "user-agent:", 11) == 0) {
      user_agent = true;
    }
  }
  if (!user_agent) request += "User-Agent: utbyte-loadgen\r\n";
  if (!options.body.empty() || options.method == "POST" || options.method == "PUT") {
    request += "Content-Length: " + std::to_string(options.body.size()) + "\r\n";
  }
  if (!options.keepalive) request += "Connection: close\r\n";
  request += "\r\n";
  request += options.body;
  return request;
}

}  // namespace loadgen
