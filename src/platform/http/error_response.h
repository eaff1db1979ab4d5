#pragma once

#include <string>

#include "core/result.h"
#include "platform/http/message.h"
#include "platform/http/timestamp.h"  // now_iso8601, for the error body's tidpunkt

namespace utbyte::platform::http {

// The one error body of every utbyte REST service:
// {"felkod", "felmeddelande", "transaktionsId", "tidpunkt"}, with the status from the error code.
Response error_response(const Error& error, const std::string& transaktions_id);

// What a partner is told about `error`, whatever the binding (REST body, SOAP fault, web page):
// its own message, except for faults inside the server (kStoreError, kStorageFull, kInternal,
// kIoError, kCryptoError, kConfigError), whose details (SQL, file paths, OpenSSL reasons) go to
// the log under the transaction id while the partner gets a fixed text naming that id.
std::string public_error_message(const Error& error, const std::string& transaktions_id);

}  // namespace utbyte::platform::http
