#include "platform/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "domain/personnummer.h"
#include "platform/http/error_response.h"

namespace utbyte::platform {
namespace {

spdlog::logger& logger() {
  static const std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_logger_mt("utbyte");
    l->set_pattern("%v");
    return l;
  }();
  return *instance;
}

}  // namespace

void log_event(std::string_view niva, std::string_view handelse, const nlohmann::json& fields) {
  nlohmann::json line = {{"tid", http::now_iso8601()}, {"niva", niva}, {"handelse", handelse}};
  if (fields.is_object()) line.update(fields);
  const std::string text =
      domain::mask_personnummer_in(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (niva == "error") {
    logger().error(text);
  } else {
    logger().info(text);
  }
}

}  // namespace utbyte::platform
