#pragma once

#include <cstdint>
#include <string>

namespace utbyte::platform::http {

// ISO 8601 UTC with milliseconds, as every utbyte answer writes instants:
// "2026-11-23T06:01:02.123Z".
std::string format_ms_iso8601(std::int64_t unix_ms);

// The current time in that form.
std::string now_iso8601();

}  // namespace utbyte::platform::http
