#pragma once

#include <string>

#include "core/result.h"
#include "platform/http/message.h"

namespace utbyte::platform::http {

// The one error body of every utbyte REST service:
// {"felkod", "felmeddelande", "transaktionsId", "tidpunkt"}, with the status from the error code.
Response error_response(const Error& error, const std::string& transaktions_id);

// The current time as ISO 8601 UTC with milliseconds, e.g. "2026-11-23T06:01:02.123Z".
std::string now_iso8601();

}  // namespace utbyte::platform::http
