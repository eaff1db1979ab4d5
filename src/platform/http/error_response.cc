#include "platform/http/error_response.h"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "platform/logging.h"

namespace utbyte::platform::http {

// Faults inside the server carry details for the operator (file paths, SQL, OpenSSL reasons)
// that are no business of the caller.
std::string public_error_message(const Error& error, const std::string& transaktions_id) {
  switch (error.code) {
    case ErrorCode::kStorageFull:
    case ErrorCode::kStoreError:
    case ErrorCode::kInternal:
    case ErrorCode::kIoError:
    case ErrorCode::kCryptoError:
    case ErrorCode::kConfigError:
      break;
    default:
      return error.message;
  }
  log_error("serverfel", {{"felkod", felkod(error.code)},
                          {"fel", error.message},
                          {"transaktionsId", transaktions_id}});
  if (error.code == ErrorCode::kStorageFull) {
    return "Serverns lagring är full. Inget har lämnats ut eller sparats; försök igen senare.";
  }
  return fmt::format(
      "Ett fel inträffade i tjänsten. Inget har lämnats ut. Ange transaktionsId {} "
      "om du kontaktar supporten.",
      transaktions_id);
}

Response error_response(const Error& error, const std::string& transaktions_id) {
  const nlohmann::json body = {
      {"felkod", felkod(error.code)},
      {"felmeddelande", public_error_message(error, transaktions_id)},
      {"transaktionsId", transaktions_id},
      {"tidpunkt", now_iso8601()},
  };
  Response response;
  response.status = http_status(error.code);
  // Messages may quote the caller's input (a path, a field name), which need not be UTF-8: replace
  // bad bytes rather than throw, which on an I/O thread would end the process (found by
  // fuzz/fuzz_http_request).
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace utbyte::platform::http
