#include "platform/metrics.h"

#include <fmt/format.h>

namespace utbyte::platform {
namespace {

// Label values are route patterns and method names; escape per the exposition format anyway.
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::record_request(const std::string& route, const std::string& method, int status,
                             std::chrono::nanoseconds elapsed) {
  const std::string label = route.empty() ? "(ingen)" : route;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  ++requests_[{label, method, status}];
  Histogram& h = latency_[label];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum_seconds += seconds;
}

void Metrics::increment(const std::string& name, const std::string& labels) {
  std::lock_guard lock(mutex_);
  ++counters_[{name, labels}];
}

std::string Metrics::render_prometheus() const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP utbyte_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE utbyte_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("utbyte_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       escape_label(route), escape_label(method), status, count);
  }
  out += "# HELP utbyte_http_request_duration_seconds Time from request header to answer.\n";
  out += "# TYPE utbyte_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = escape_label(route);
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out += fmt::format("utbyte_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         r, kBucketsSeconds[i], h.buckets[i]);
    }
    out += fmt::format("utbyte_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       r, h.count);
    out += fmt::format("utbyte_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r,
                       h.sum_seconds);
    out += fmt::format("utbyte_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r, h.count);
  }
  std::string previous;
  for (const auto& [key, value] : counters_) {
    const auto& [name, labels] = key;
    if (name != previous) out += fmt::format("# TYPE utbyte_{}_total counter\n", name);
    previous = name;
    out += labels.empty() ? fmt::format("utbyte_{}_total {}\n", name, value)
                          : fmt::format("utbyte_{}_total{{{}}} {}\n", name, labels, value);
  }
  const double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  out += "# TYPE utbyte_uptime_seconds gauge\n";
  out += fmt::format("utbyte_uptime_seconds {:.3f}\n", uptime);
  return out;
}

}  // namespace utbyte::platform
