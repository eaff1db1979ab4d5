#include "lefi/lefi_v8.h"

namespace utbyte::lefi {

nlohmann::ordered_json to_v8_answer(const nlohmann::ordered_json& v9_answer) {
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

}  // namespace utbyte::lefi
