#pragma once

#include <string>

#include "core/result.h"
#include "platform/http/message.h"
#include "platform/http/timestamp.h"  // now_iso8601, for the error body's tidpunkt

namespace utbyte::platform::http {

// The one error body of every utbyte REST service:
// {"felkod", "felmeddelande", "transaktionsId", "tidpunkt"}, with the status from the error code.
Response error_response(const Error& error, const std::string& transaktions_id);

}  // namespace utbyte::platform::http
