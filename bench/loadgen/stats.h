// What one worker thread measured; merged into the run's totals.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "histogram.h"

namespace loadgen {

enum class ErrorKind { kConnect, kTls, kRead, kWrite, kParse, kCount };

const char* error_name(ErrorKind kind);

struct Stats {
  uint64_t requests = 0;               // responses completed inside the measured window
  uint64_t bytes = 0;                  // HTTP bytes (head + body) of those responses
  uint64_t handshakes = 0;             // TCP connections established (TLS handshakes completed)
  std::array<uint64_t, 600> status{};  // by status code; index 0 counts codes >= 600
  std::array<uint64_t, static_cast<size_t>(ErrorKind::kCount)> errors{};
  std::array<std::string, static_cast<size_t>(ErrorKind::kCount)> first_error;
  Histogram latency;  // nanoseconds
  std::string tls;    // protocol and cipher of the first handshake, e.g. "TLSv1.3 TLS_AES_…"

  void count_error(ErrorKind kind, const std::string& message);
  void merge(const Stats& other);
  uint64_t non_2xx() const;
  uint64_t total_errors() const;
};

}  // namespace loadgen
