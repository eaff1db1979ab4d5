#include "platform/http/error_response.h"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace utbyte::platform::http {

std::string now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", seconds, ms.count() % 1000);
}

Response error_response(const Error& error, const std::string& transaktions_id) {
  const nlohmann::json body = {
      {"felkod", felkod(error.code)},
      {"felmeddelande", error.message},
      {"transaktionsId", transaktions_id},
      {"tidpunkt", now_iso8601()},
  };
  Response response;
  response.status = http_status(error.code);
  response.body = body.dump();
  return response;
}

}  // namespace utbyte::platform::http
