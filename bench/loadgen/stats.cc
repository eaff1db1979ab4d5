#include "stats.h"

namespace loadgen {

const char* error_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnect:
      return "connect";
    case ErrorKind::kTls:
      return "tls";
    case ErrorKind::kRead:
      return "read";
    case ErrorKind::kWrite:
      return "write";
    case ErrorKind::kParse:
      return "parse";
    case ErrorKind::kCount:
      break;
  }
  return "?";
}

void Stats::count_error(ErrorKind kind, const std::string& message) {
  const auto i = static_cast<size_t>(kind);
  if (errors[i]++ == 0) first_error[i] = message;
}

void Stats::merge(const Stats& other) {
  requests += other.requests;
  bytes += other.bytes;
  handshakes += other.handshakes;
  for (size_t i = 0; i < status.size(); ++i) status[i] += other.status[i];
  for (size_t i = 0; i < errors.size(); ++i) {
    if (errors[i] == 0 && other.errors[i] != 0) first_error[i] = other.first_error[i];
    errors[i] += other.errors[i];
  }
  latency.merge(other.latency);
  if (tls.empty()) tls = other.tls;
}

uint64_t Stats::non_2xx() const {
  uint64_t n = 0;
  for (size_t code = 0; code < status.size(); ++code) {
    if (code < 200 || code > 299) n += status[code];
  }
  return n;
}

uint64_t Stats::total_errors() const {
  uint64_t n = 0;
  for (uint64_t e : errors) n += e;
  return n;
}

}  // namespace loadgen
