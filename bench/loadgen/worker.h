// One load-generating thread: its own epoll loop driving a share of the connections, each
// looping connect → TLS handshake → (request → response)*.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/socket.h>

#include "options.h"
#include "response_parser.h"
#include "stats.h"
#include "tls.h"

namespace loadgen {

using Clock = std::chrono::steady_clock;

// Read-only inputs shared by every worker.
struct Plan {
  const Options* options = nullptr;
  std::string request;  // the bytes every request sends
  sockaddr_storage address{};
  socklen_t address_size = 0;
  Clock::time_point measure_start;  // end of warmup
  Clock::time_point end;
};

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  int release();
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

class Worker {
 public:
  Worker(const Plan& plan, int connections);
  // Runs until plan.end. Returns false (with *error) if the worker could not start at all.
  bool run(std::string* error);
  const Stats& stats() const { return stats_; }

 private:
  enum class State { kClosed, kConnecting, kHandshaking, kWriting, kReading };
  enum class Io { kOk, kWant, kEof, kError };

  struct Connection {
    Fd fd;
    SslPtr ssl;
    State state = State::kClosed;
    size_t written = 0;
    ResponseParser parser;
    Clock::time_point start;
    uint64_t response_bytes = 0;
  };

  void open(size_t index, Clock::time_point now);
  void close(Connection& c);
  void on_event(size_t index, uint32_t events);
  void advance(size_t index);
  void begin_request(Connection& c, Clock::time_point now);
  void complete(size_t index, Clock::time_point now);
  void fail(size_t index, ErrorKind kind, const std::string& message);
  Io io_read(Connection& c, char* buffer, size_t size, size_t* n, std::string* error);
  Io io_write(Connection& c, const char* data, size_t size, size_t* n, std::string* error);
  bool measuring(Clock::time_point now) const {
    return now >= plan_.measure_start && now < plan_.end;
  }

  const Plan& plan_;
  SslCtxPtr ctx_;
  Fd epoll_;
  std::vector<Connection> connections_;
  std::vector<size_t> parked_;  // connections waiting to retry after a connect/TLS failure
  std::vector<char> buffer_;
  Stats stats_;
};

}  // namespace loadgen
