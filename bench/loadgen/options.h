// Command-line options of the load generator.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace loadgen {

struct Url {
  bool tls = true;
  std::string host;
  std::string port;
  std::string target;  // path and query, starts with '/'
};

struct Options {
  Url url;
  std::string method = "GET";
  std::string body;  // contents of --body-file
  std::vector<std::string> headers;
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  bool insecure = false;  // skip server certificate verification
  int connections = 10;
  int threads = 1;
  double duration_s = 10;
  double warmup_s = 0;
  bool keepalive = true;
  std::string json_file;
  bool quiet = false;
};

// Parses "https://host:port/path" or "http://host:port/path". Returns nullopt if malformed.
std::optional<Url> parse_url(const std::string& text);

// Parses argv. On error or --help prints a message and returns nullopt; *exit_code is set to the
// code main() should return.
std::optional<Options> parse_options(int argc, char** argv, int* exit_code);

// The complete HTTP/1.1 request every connection sends.
std::string build_request(const Options& options);

}  // namespace loadgen
