#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace utbyte::client {

// The path of the SLA status below the server's root (outside /rest).
inline constexpr const char* kSlaStatusPath = "/sla/status";

// Renders the answer of GET /sla/status as text for a terminal: whether the SLA is enforced,
// the capacity limits per service class, whether Massfråga is open (and when it next opens or
// closes), the active service window and the upcoming ones. Tolerant: a missing or mistyped
// field is left out rather than failing, so that an older or newer server still renders.
std::string render_sla_status(const nlohmann::json& status);

// "2026-05-23T16:00:00+02:00" -> "2026-05-23 16:00"; anything else is returned unchanged.
std::string format_status_time(const std::string& iso);

}  // namespace utbyte::client
