#include "response_parser.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

namespace loadgen {
namespace {

constexpr size_t kMaxHead = 64 * 1024;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return lower(a) == lower(b); }) != haystack.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void ResponseParser::reset() {
  state_ = State::kHeaders;
  head_.clear();
  started_ = false;
  status_ = 0;
  keep_alive_ = true;
  remaining_ = 0;
  chunk_size_ = 0;
  chunk_size_digits_ = false;
  chunk_extension_ = false;
  trailer_line_ = 0;
  error_.clear();
}

ResponseParser::Result ResponseParser::fail(const char* message) {
  error_ = message;
  return Result::kError;
}

ResponseParser::Result ResponseParser::parse_headers(size_t header_end) {
  std::string_view head(head_.data(), header_end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) {
    return fail("malformed status line");
  }
  const bool http10 = status_line[7] == '0';
  keep_alive_ = !http10;
  if (std::from_chars(status_line.data() + 9, status_line.data() + 12, status_).ec != std::errc{}) {
    return fail("malformed status code");
  }
  bool have_length = false;
  bool chunked = false;
  uint64_t length = 0;
  while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      if (std::from_chars(value.data(), value.data() + value.size(), length).ec != std::errc{}) {
        return fail("malformed Content-Length");
      }
      have_length = true;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = icontains(value, "chunked");
    } else if (iequals(name, "connection")) {
      if (icontains(value, "close")) keep_alive_ = false;
      if (icontains(value, "keep-alive")) keep_alive_ = true;
    }
  }
  const bool no_body = status_ == 204 || status_ == 304 || (status_ >= 100 && status_ < 200);
  if (no_body) {
    remaining_ = 0;
    state_ = State::kLength;
  } else if (chunked) {
    state_ = State::kChunkSize;
  } else if (have_length) {
    remaining_ = length;
    state_ = State::kLength;
  } else {
    keep_alive_ = false;
    state_ = State::kUntilClose;
  }
  return Result::kNeedMore;
}

ResponseParser::Result ResponseParser::feed(const char* data, size_t size, size_t* consumed) {
  size_t pos = 0;
  if (size > 0) started_ = true;
  while (true) {
    switch (state_) {
      case State::kHeaders: {
        const size_t old_size = head_.size();
        head_.append(data + pos, size - pos);
        const size_t search_from = old_size >= 3 ? old_size - 3 : 0;
        const size_t end = head_.find("\r\n\r\n", search_from);
        if (end == std::string::npos) {
          if (head_.size() > kMaxHead) return fail("response head too large");
          *consumed = size;
          return Result::kNeedMore;
        }
        pos += end + 4 - old_size;
        if (parse_headers(end + 2) == Result::kError) return Result::kError;
        break;
      }
      case State::kLength: {
        const uint64_t take = std::min<uint64_t>(remaining_, size - pos);
        pos += take;
        remaining_ -= take;
        if (remaining_ == 0) {
          *consumed = pos;
          return Result::kDone;
        }
        *consumed = size;
        return Result::kNeedMore;
      }
      case State::kUntilClose:
        *consumed = size;
        return Result::kNeedMore;
      case State::kChunkSize: {
        while (pos < size) {
          const char c = data[pos++];
          if (c == '\n') {
            if (!chunk_size_digits_) return fail("malformed chunk size");
            if (chunk_size_ == 0) {
              state_ = State::kTrailers;
              trailer_line_ = 0;
            } else {
              remaining_ = chunk_size_;
              state_ = State::kChunkData;
            }
            chunk_size_ = 0;
            chunk_size_digits_ = false;
            chunk_extension_ = false;
            break;
          }
          if (chunk_extension_ || c == '\r') continue;
          if (c == ';' || c == ' ' || c == '\t') {
            chunk_extension_ = true;
            continue;
          }
          const int digit = hex_value(c);
          if (digit < 0 || chunk_size_ > (UINT64_MAX >> 8)) return fail("malformed chunk size");
          chunk_size_ = chunk_size_ * 16 + static_cast<uint64_t>(digit);
          chunk_size_digits_ = true;
        }
        if (state_ == State::kChunkSize) {
          *consumed = size;
          return Result::kNeedMore;
        }
        break;
      }
      case State::kChunkData: {
        const uint64_t take = std::min<uint64_t>(remaining_, size - pos);
        pos += take;
        remaining_ -= take;
        if (remaining_ > 0) {
          *consumed = size;
          return Result::kNeedMore;
        }
        remaining_ = 2;
        state_ = State::kChunkCrlf;
        break;
      }
      case State::kChunkCrlf: {
        while (pos < size && remaining_ > 0) {
          const char expected = remaining_ == 2 ? '\r' : '\n';
          if (data[pos++] != expected) return fail("missing CRLF after chunk");
          --remaining_;
        }
        if (remaining_ > 0) {
          *consumed = size;
          return Result::kNeedMore;
        }
        state_ = State::kChunkSize;
        break;
      }
      case State::kTrailers: {
        while (pos < size) {
          const char c = data[pos++];
          if (c == '\n') {
            if (trailer_line_ == 0) {
              *consumed = pos;
              return Result::kDone;
            }
            trailer_line_ = 0;
          } else if (c != '\r') {
            ++trailer_line_;
          }
        }
        *consumed = size;
        return Result::kNeedMore;
      }
    }
  }
}

ResponseParser::Result ResponseParser::finish() {
  if (state_ == State::kUntilClose) return Result::kDone;
  return fail(started_ ? "connection closed mid-response" : "connection closed before response");
}

}  // namespace loadgen
