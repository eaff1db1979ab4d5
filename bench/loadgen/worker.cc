#include "worker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace loadgen {
namespace {

constexpr auto kRetryDelay = std::chrono::milliseconds(10);
constexpr int kMaxEvents = 256;

std::string errno_text(const char* what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

bool is_ip_literal(const std::string& host) {
  in6_addr scratch{};
  return inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Worker::Worker(const Plan& plan, int connections)
    : plan_(plan), connections_(static_cast<size_t>(connections)), buffer_(64 * 1024) {}

bool Worker::run(std::string* error) {
  const Options& options = *plan_.options;
  if (options.url.tls) {
    ctx_ = make_client_context(options, error);
    if (!ctx_) return false;
  }
  epoll_.reset(epoll_create1(EPOLL_CLOEXEC));
  if (epoll_.get() < 0) {
    *error = errno_text("epoll_create1", errno);
    return false;
  }
  Clock::time_point now = Clock::now();
  for (size_t i = 0; i < connections_.size(); ++i) open(i, now);

  epoll_event events[kMaxEvents];
  Clock::time_point next_retry = now + kRetryDelay;
  while ((now = Clock::now()) < plan_.end) {
    if (!parked_.empty() && now >= next_retry) {
      std::vector<size_t> retry;
      retry.swap(parked_);
      for (size_t index : retry) open(index, now);
      next_retry = now + kRetryDelay;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(plan_.end - now);
    const auto wait = std::min<std::chrono::milliseconds>(
        left + std::chrono::milliseconds(1),
        parked_.empty() ? std::chrono::milliseconds(100) : kRetryDelay);
    const int n = epoll_wait(epoll_.get(), events, kMaxEvents, static_cast<int>(wait.count()));
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_text("epoll_wait", errno);
      return false;
    }
    for (int i = 0; i < n; ++i) on_event(static_cast<size_t>(events[i].data.u64), events[i].events);
  }
  for (Connection& c : connections_) close(c);
  return true;
}

void Worker::open(size_t index, Clock::time_point now) {
  Connection& c = connections_[index];
  close(c);
  c.start = now;  // without keep-alive, latency includes connect and handshake
  c.fd.reset(socket(plan_.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (c.fd.get() < 0) {
    fail(index, ErrorKind::kConnect, errno_text("socket", errno));
    return;
  }
  const int one = 1;
  setsockopt(c.fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(c.fd.get(), reinterpret_cast<const sockaddr*>(&plan_.address), plan_.address_size) <
          0 &&
      errno != EINPROGRESS) {
    fail(index, ErrorKind::kConnect, errno_text("connect", errno));
    return;
  }
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
  event.data.u64 = index;
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, c.fd.get(), &event) < 0) {
    fail(index, ErrorKind::kConnect, errno_text("epoll_ctl", errno));
    return;
  }
  c.state = State::kConnecting;
  // Completion of the connect is reported as EPOLLOUT (also when it already completed).
}

void Worker::close(Connection& c) {
  c.ssl.reset();  // no close_notify: the benchmark measures requests, not shutdowns
  c.fd.reset();   // closing also removes it from the epoll set
  c.state = State::kClosed;
}

void Worker::on_event(size_t index, uint32_t events) {
  Connection& c = connections_[index];
  if (c.state == State::kClosed) return;
  if (c.state == State::kConnecting) {
    if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;
    int so_error = 0;
    socklen_t size = sizeof so_error;
    getsockopt(c.fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &size);
    if (so_error != 0) {
      fail(index, ErrorKind::kConnect, errno_text("connect", so_error));
      return;
    }
    if (plan_.options->url.tls) {
      c.ssl.reset(SSL_new(ctx_.get()));
      if (!c.ssl || SSL_set_fd(c.ssl.get(), c.fd.get()) != 1) {
        fail(index, ErrorKind::kTls, last_ssl_error());
        return;
      }
      const std::string& host = plan_.options->url.host;
      if (!is_ip_literal(host)) SSL_set_tlsext_host_name(c.ssl.get(), host.c_str());
      SSL_set_connect_state(c.ssl.get());
      c.state = State::kHandshaking;
    } else {
      ++stats_.handshakes;
      c.state = State::kWriting;
      begin_request(c, plan_.options->keepalive ? Clock::now() : c.start);
    }
  }
  advance(index);
}

void Worker::begin_request(Connection& c, Clock::time_point now) {
  c.state = State::kWriting;
  c.written = 0;
  c.start = now;
  c.response_bytes = 0;
  c.parser.reset();
}

void Worker::advance(size_t index) {
  Connection& c = connections_[index];
  const std::string& request = plan_.request;
  std::string error;
  for (;;) {
    switch (c.state) {
      case State::kClosed:
      case State::kConnecting:
        return;
      case State::kHandshaking: {
        const int r = SSL_do_handshake(c.ssl.get());
        if (r == 1) {
          ++stats_.handshakes;
          if (stats_.tls.empty()) {
            stats_.tls = std::string(SSL_get_version(c.ssl.get())) + " " +
                         SSL_CIPHER_get_name(SSL_get_current_cipher(c.ssl.get()));
          }
          begin_request(c, plan_.options->keepalive ? Clock::now() : c.start);
          continue;
        }
        const int e = SSL_get_error(c.ssl.get(), r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return;
        fail(index, ErrorKind::kTls,
             e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0
                 ? std::string("handshake: connection closed by server")
                 : "handshake: " + last_ssl_error());
        return;
      }
      case State::kWriting: {
        size_t n = 0;
        switch (io_write(c, request.data() + c.written, request.size() - c.written, &n, &error)) {
          case Io::kOk:
            c.written += n;
            if (c.written == request.size()) c.state = State::kReading;
            continue;
          case Io::kWant:
            return;
          case Io::kEof:
          case Io::kError:
            fail(index, ErrorKind::kWrite, error);
            return;
        }
        return;
      }
      case State::kReading: {
        size_t n = 0;
        switch (io_read(c, buffer_.data(), buffer_.size(), &n, &error)) {
          case Io::kOk: {
            size_t consumed = 0;
            c.response_bytes += n;
            const auto result = c.parser.feed(buffer_.data(), n, &consumed);
            if (result == ResponseParser::Result::kError) {
              fail(index, ErrorKind::kParse, c.parser.error());
              return;
            }
            if (result == ResponseParser::Result::kDone) {
              if (consumed != n) {
                fail(index, ErrorKind::kParse, "data after the end of the response");
                return;
              }
              complete(index, Clock::now());
            }
            continue;
          }
          case Io::kWant:
            return;
          case Io::kEof:
            if (c.parser.finish() == ResponseParser::Result::kDone) {
              complete(index, Clock::now());
            } else {
              fail(index, ErrorKind::kRead, c.parser.error());
            }
            return;
          case Io::kError:
            fail(index, ErrorKind::kRead, error);
            return;
        }
        return;
      }
    }
  }
}

void Worker::complete(size_t index, Clock::time_point now) {
  Connection& c = connections_[index];
  if (measuring(now)) {
    ++stats_.requests;
    stats_.bytes += c.response_bytes;
    const int code = c.parser.status();
    ++stats_.status[code > 0 && code < 600 ? static_cast<size_t>(code) : 0];
    stats_.latency.record(static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.start).count()));
  }
  if (!plan_.options->keepalive || !c.parser.keep_alive()) {
    open(index, now);
    return;
  }
  begin_request(c, now);
}

void Worker::fail(size_t index, ErrorKind kind, const std::string& message) {
  ERR_clear_error();
  Connection& c = connections_[index];
  const Clock::time_point now = Clock::now();
  if (measuring(now)) stats_.count_error(kind, message);
  close(c);
  if (now >= plan_.end) return;
  if (kind == ErrorKind::kConnect || kind == ErrorKind::kTls) {
    parked_.push_back(index);  // retried after a short delay, not in a tight loop
  } else {
    open(index, now);
  }
}

Worker::Io Worker::io_read(Connection& c, char* buffer, size_t size, size_t* n,
                           std::string* error) {
  if (c.ssl) {
    const int r = SSL_read(c.ssl.get(), buffer, static_cast<int>(size));
    if (r > 0) {
      *n = static_cast<size_t>(r);
      return Io::kOk;
    }
    const int e = SSL_get_error(c.ssl.get(), r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return Io::kWant;
    if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
      return Io::kEof;
    }
    *error = "read: " + last_ssl_error();
    return Io::kError;
  }
  const ssize_t r = ::read(c.fd.get(), buffer, size);
  if (r > 0) {
    *n = static_cast<size_t>(r);
    return Io::kOk;
  }
  if (r == 0) return Io::kEof;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Io::kWant;
  *error = errno_text("read", errno);
  return Io::kError;
}

Worker::Io Worker::io_write(Connection& c, const char* data, size_t size, size_t* n,
                            std::string* error) {
  if (c.ssl) {
    const int r = SSL_write(c.ssl.get(), data, static_cast<int>(size));
    if (r > 0) {
      *n = static_cast<size_t>(r);
      return Io::kOk;
    }
    const int e = SSL_get_error(c.ssl.get(), r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return Io::kWant;
    *error = "write: " + last_ssl_error();
    return Io::kError;
  }
  const ssize_t r = ::send(c.fd.get(), data, size, MSG_NOSIGNAL);
  if (r >= 0) {
    *n = static_cast<size_t>(r);
    return Io::kOk;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Io::kWant;
  *error = errno_text("write", errno);
  return Io::kError;
}

}  // namespace loadgen
