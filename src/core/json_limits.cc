#include "core/json_limits.h"

#include <fmt/format.h>

namespace utbyte {

int json_nesting_depth(std::string_view text, int stop_above) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > stop_above) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

Result<nlohmann::json> parse_request_json(std::string_view body, std::string_view what,
                                          int max_depth) {
  if (json_nesting_depth(body, max_depth) > max_depth) {
    return make_error(ErrorCode::kMalformedJson,
                      fmt::format("{} är nästlad djupare än {} nivåer", what, max_depth));
  }
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return make_error(ErrorCode::kMalformedJson, fmt::format("{} är inte giltig JSON", what));
  }
  return doc;
}

}  // namespace utbyte
