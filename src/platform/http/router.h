#pragma once

#include <functional>
#include <string>
#include <vector>

#include "platform/http/message.h"

namespace utbyte::platform::http {

using Handler = std::function<Response(Request&)>;

// Who may call a route. Partner routes are installed by the partner pipeline
// (platform/pipeline), which authorises, governs and audits them; public routes serve what any
// holder of a trusted certificate may read (health, metrics, WSDLs, static assets).
enum class RouteAccess { kPartner, kPublic };

// What the router knows of a route besides its handler.
struct RouteInfo {
  std::string method;
  std::string pattern;
  RouteAccess access = RouteAccess::kPartner;
  std::size_t max_body = 0;  // 0: the server's default body limit
};

// Maps method + path pattern to a handler. Patterns are literal segments and `{name}`
// placeholders that match one non-empty segment, e.g.
// "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/{aktorsId}/formansinformation/fraga".
// Routes are added at start-up; dispatch is then read-only and safe from many threads.
class Router {
 public:
  // A route that only the partner pipeline may add (see RouteAccess).
  void add(std::string method, const std::string& pattern, Handler handler,
           std::size_t max_body = 0);
  // A route outside the partner pipeline: nothing in it may disclose a partner's data.
  void add_public(std::string method, const std::string& pattern, Handler handler);

  // Every route, in the order added.
  std::vector<RouteInfo> routes() const;

  // The body limit of the route `method` `target` (path and query) would reach, or 0 when it
  // has none of its own; read before the body is, from the request line alone.
  std::size_t body_limit(std::string_view method, std::string_view target) const;

  // Runs the matching handler, or answers 404 (no such path) / 405 (path exists, other method,
  // with an Allow header) in the standard error body.
  Response dispatch(Request& request) const;

 private:
  struct Route {
    RouteInfo info;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& segments,
                    Request& request);

  std::vector<Route> routes_;
};

}  // namespace utbyte::platform::http
