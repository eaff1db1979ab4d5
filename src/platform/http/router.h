#pragma once

#include <functional>
#include <string>
#include <vector>

#include "platform/http/message.h"

namespace utbyte::platform::http {

using Handler = std::function<Response(Request&)>;

// Maps method + path pattern to a handler. Patterns are literal segments and `{name}`
// placeholders that match one non-empty segment, e.g.
// "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/{aktorsId}/formansinformation/fraga".
// Routes are added at start-up; dispatch is then read-only and safe from many threads.
class Router {
 public:
  void add(std::string method, const std::string& pattern, Handler handler);

  // Replaces the handler of an added route with `decorate(handler)`, e.g. to put a gate in
  // front of a service's routes without the service knowing. Returns false when no such route.
  bool decorate(const std::string& method, const std::string& pattern,
                const std::function<Handler(Handler)>& decorate);

  // Runs the matching handler, or answers 404 (no such path) / 405 (path exists, other method,
  // with an Allow header) in the standard error body.
  Response dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& segments,
                    Request& request);

  std::vector<Route> routes_;
};

}  // namespace utbyte::platform::http
