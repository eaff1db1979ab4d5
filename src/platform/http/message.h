#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/tls/peer_identity.h"

namespace utbyte::platform::http {

// An HTTP request as handlers see it: already read whole, within the body limit, on a
// connection whose client certificate has been verified.
struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path and query as sent
  std::string path;                            // target without the query
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  const tls::PeerIdentity* peer = nullptr;         // never null for requests from HttpsServer
  std::string transaktions_id;                     // assigned on arrival, echoed in every answer
  std::map<std::string, std::string> path_params;  // filled by the Router
  std::string route;  // the matched route pattern, for metrics; "" when none matched

  // The header's value, or empty when absent. `name` must be lower case.
  std::string_view header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }
};

struct Response;
// Takes a handler's final answer; callable once, from any thread.
using Responder = std::function<void(Response)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Called once when the answer has been written (or the connection failed): the end of the
  // answer, from which the SLA's minimum gap to the next request is measured.
  std::function<void()> on_sent;
  // Set by a handler that answers later, without holding a thread while it waits (SSBTEK's
  // fan-out to other agencies): the server calls it once with the Responder that takes the
  // final answer. Everything else in this Response is then ignored.
  std::function<void(Responder)> deferred;
};

}  // namespace utbyte::platform::http
