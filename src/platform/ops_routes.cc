#include "platform/ops_routes.h"

namespace utbyte::platform {

void add_ops_routes(http::Router& router, const Metrics& metrics,
                    std::function<nlohmann::json()> health) {
  router.add_public("GET", "/health", [health = std::move(health)](http::Request&) {
    http::Response response;
    response.body = health().dump();
    return response;
  });
  router.add_public("GET", "/metrics", [&metrics](http::Request&) {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics.render_prometheus();
    return response;
  });
}

}  // namespace utbyte::platform
