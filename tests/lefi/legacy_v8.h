#pragma once

// The v8 answer as utbyte produced it before answers were typed: the v9 JSON text parsed into
// nlohmann::ordered_json, reshaped by to_v8_answer (a copy of the removed lefi_v8.cc code) and
// dumped. render_v8_json must equal this byte for byte.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lefi/lefi_v8.h"

namespace utbyte::lefi::legacy {

inline nlohmann::ordered_json to_v8_answer(const nlohmann::ordered_json& v9_answer) {
  nlohmann::ordered_json v8 = v9_answer;
  if (!v8.is_object()) return v8;
  v8.erase("fraga");
  v8.erase("syntetiskaUppgifter");
  if (v8.contains("version")) v8["version"] = kLefiVersionV8;
  if (auto it = v8.find("utbetalningar"); it != v8.end() && it->is_array()) {
    for (auto& payment : *it) {
      if (!payment.is_object()) continue;
      payment.erase("utbetalningsId");
      payment.erase("myndighet");
    }
  }
  return v8;
}

inline std::string legacy_v8_json(std::string_view v9_text) {
  return to_v8_answer(nlohmann::ordered_json::parse(v9_text)).dump();
}

}  // namespace utbyte::lefi::legacy
