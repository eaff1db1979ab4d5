#pragma once

// The query string of a request target, read one way for every route: the router matches the
// path only, and handlers that take parameters (LEKA's lists and feed, Massfråga's answer pages,
// the web interface) read them here.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace utbyte::platform::http {

// What '+' means: itself in a URL's query (RFC 3986), a space in an HTML form body.
enum class PlusSign { kPlus, kSpace };

// %XX escapes decoded; a malformed escape is kept as it is, for the value's own check to refuse.
std::string percent_decode(std::string_view text, PlusSign plus);

// `segment` for one path segment of a URL: every byte but RFC 3986's unreserved characters
// (A–Z a–z 0–9 - . _ ~) as %XX, so that e.g. an aktorsId with '/' or 'å' stays one segment.
std::string percent_encode_segment(std::string_view segment);

class QueryParams {
 public:
  // The parameters named in `known` from the query of `target` (after its first '?'). Names and
  // values are percent-decoded (%XX; a malformed escape is kept as it is, for the value's own
  // check to refuse); '+' stays '+', as RFC 3986 has it, so a personnummer's '+' separator
  // arrives. A parameter without '=' has the empty value. Other parameters are ignored, as HTTP
  // caches and proxies may add some. Errors: kInvalidRequest when a known parameter appears more
  // than once (which of the two was meant cannot be known).
  static Result<QueryParams> parse(std::string_view target,
                                   std::initializer_list<std::string_view> known);

  // The value of `name`, or nullptr when absent.
  const std::string* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// A whole non-negative decimal number: digits only (no sign, no spaces), at most 18 of them.
std::optional<std::int64_t> parse_count(std::string_view text);

// The page size in parameter `antal`: `fallback` when absent, else a whole number 1–`max`.
// Errors: kInvalidRequest naming the parameter and the range.
Result<std::int64_t> page_size(const QueryParams& params, std::int64_t fallback, std::int64_t max);

}  // namespace utbyte::platform::http
