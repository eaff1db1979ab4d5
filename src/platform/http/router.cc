#include "platform/http/router.h"

#include <utility>

#include "platform/http/error_response.h"

namespace utbyte::platform::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, const std::string& pattern, Handler handler,
                 std::size_t max_body) {
  Route route{
      {std::move(method), pattern, RouteAccess::kPartner, max_body}, {}, std::move(handler)};
  for (auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

void Router::add_public(std::string method, const std::string& pattern, Handler handler) {
  add(std::move(method), pattern, std::move(handler));
  routes_.back().info.access = RouteAccess::kPublic;
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.push_back(route.info);
  return out;
}

std::size_t Router::body_limit(std::string_view method, std::string_view target) const {
  const auto segments = split_path(target.substr(0, target.find('?')));
  Request scratch;
  for (const Route& route : routes_) {
    if (route.info.method == method && match(route, segments, scratch)) return route.info.max_body;
  }
  return 0;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& segments,
                   Request& request) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (is_placeholder(expected)) {
      if (segments[i].empty()) return false;
      params[expected.substr(1, expected.size() - 2)] = std::string(segments[i]);
    } else if (expected != segments[i]) {
      return false;
    }
  }
  request.path_params = std::move(params);
  request.route = route.info.pattern;
  return true;
}

Response Router::dispatch(Request& request) const {
  const auto segments = split_path(request.path);
  std::string allowed;
  for (const Route& route : routes_) {
    if (!match(route, segments, request)) continue;
    if (route.info.method == request.method) return route.handler(request);
    allowed += allowed.empty() ? route.info.method : ", " + route.info.method;
  }
  if (allowed.empty()) {
    return error_response(make_error(ErrorCode::kNotFound, "Det finns ingen tjänst på adressen " +
                                                               request.path.substr(0, 200)),
                          request.transaktions_id);
  }
  Response response = error_response(
      make_error(ErrorCode::kMethodNotAllowed, "Metoden " + request.method.substr(0, 16) +
                                                   " stöds inte här; tillåtet: " + allowed),
      request.transaktions_id);
  response.headers.emplace_back("Allow", allowed);
  return response;
}

}  // namespace utbyte::platform::http
