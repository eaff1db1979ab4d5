#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace utbyte::platform {

// Request counters and latency histograms per route and status, rendered in the Prometheus
// text format (version 0.0.4). Safe from many threads; recording takes one short lock.
class Metrics {
 public:
  void record_request(const std::string& route, const std::string& method, int status,
                      std::chrono::nanoseconds elapsed);
  // Counts a named event, rendered as utbyte_<name>_total{<labels>}. `labels` is the inside of
  // the braces, already escaped, e.g. R"(klass="ONLINE",grans="PER_SEKUND")", or empty.
  void increment(const std::string& name, const std::string& labels = "");

  std::string render_prometheus() const;

 private:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

  struct Histogram {
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // GUARDED_BY(mutex_)
  std::map<std::string, Histogram> latency_;                                     // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::uint64_t> counters_;        // GUARDED_BY(mutex_)
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace utbyte::platform
