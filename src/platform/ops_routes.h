#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "platform/http/router.h"
#include "platform/metrics.h"

namespace utbyte::platform {

// Registers GET /health (the JSON from `health`, status 200) and GET /metrics (Prometheus text).
// Both sit behind the same mutual TLS as every service.
void add_ops_routes(http::Router& router, const Metrics& metrics,
                    std::function<nlohmann::json()> health);

}  // namespace utbyte::platform
