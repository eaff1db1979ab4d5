#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace utbyte {

// No request document of ours nests deeper than a few levels; 32 leaves room for growth and
// refuses "[[[[…" bodies before a parser or a recursive walk spends time (or stack) on them.
inline constexpr int kMaxJsonDepth = 32;

// The deepest nesting of arrays and objects in `text`, counted outside string literals. Stops
// counting (returns early) as soon as `stop_above` is exceeded. Does not validate the JSON.
int json_nesting_depth(std::string_view text, int stop_above = kMaxJsonDepth);

// Parses a request body: kMalformedJson when it is not JSON or nests deeper than `max_depth`
// (`what` names the document in the message, e.g. "Frågan").
Result<nlohmann::json> parse_request_json(std::string_view body, std::string_view what,
                                          int max_depth = kMaxJsonDepth);

}  // namespace utbyte
