#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace utbyte::platform {

// Structured logs: one JSON object per line on stderr, {"tid","niva","handelse",...fields}.
// Every 12-digit run (a personnummer) in the line is masked before it is written, whatever
// the caller passed. Thread-safe.
void log_event(std::string_view niva, std::string_view handelse, const nlohmann::json& fields);

inline void log_info(std::string_view handelse, const nlohmann::json& fields = {}) {
  log_event("info", handelse, fields);
}
inline void log_error(std::string_view handelse, const nlohmann::json& fields = {}) {
  log_event("error", handelse, fields);
}

}  // namespace utbyte::platform
