// Streaming HTTP/1.1 response parser: just enough to find where a response ends (Content-Length,
// chunked, or until close), its status and whether the connection stays open. Bodies are skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace loadgen {

class ResponseParser {
 public:
  enum class Result { kNeedMore, kDone, kError };

  void reset();
  // Consumes bytes of one response. On kDone, *consumed tells how many bytes belonged to it.
  Result feed(const char* data, size_t size, size_t* consumed);
  // Called on end of stream: kDone if the response was delimited by the close.
  Result finish();

  bool started() const { return started_; }
  int status() const { return status_; }
  bool keep_alive() const { return keep_alive_; }
  const std::string& error() const { return error_; }

 private:
  enum class State {
    kHeaders,
    kLength,
    kChunkSize,
    kChunkData,
    kChunkCrlf,
    kTrailers,
    kUntilClose
  };

  Result parse_headers(size_t header_end);
  Result fail(const char* message);

  State state_ = State::kHeaders;
  std::string head_;  // status line and headers, until the blank line
  bool started_ = false;
  int status_ = 0;
  bool keep_alive_ = true;
  uint64_t remaining_ = 0;  // body bytes (kLength), chunk bytes (kChunkData), CRLF (kChunkCrlf)
  uint64_t chunk_size_ = 0;
  bool chunk_size_digits_ = false;
  bool chunk_extension_ = false;
  size_t trailer_line_ = 0;  // characters on the current trailer line, excluding CR
  std::string error_;
};

}  // namespace loadgen
