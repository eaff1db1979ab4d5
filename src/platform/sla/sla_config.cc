#include "platform/sla/sla_config.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace utbyte::platform::sla {
namespace {

using nlohmann::json;

Error config_error(const std::string& path, const std::string& what) {
  return make_error(ErrorCode::kConfigError, fmt::format("SLA-konfigurationen {}: {}", path, what));
}

Status read_limits(const std::string& path, const std::string& name, const json& doc,
                   SlaLimits* limits) {
  if (!doc.is_object()) return config_error(path, fmt::format("{} ska vara ett objekt", name));
  const auto read_int = [&](const char* key, int* out) -> Status {
    const auto it = doc.find(key);
    if (it == doc.end()) return {};
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 1000000) {
      return config_error(path, fmt::format("{}.{} ska vara ett heltal 0–1000000", name, key));
    }
    *out = it->get<int>();
    return {};
  };
  for (const auto& [key, value] : doc.items()) {
    if (key != "perSekund" && key != "perMinut" && key != "perTimme" && key != "mellanrumMs" &&
        key != "samtidiga") {
      return config_error(path, fmt::format("okänd nyckel {}.{}", name, key));
    }
  }
  int gap = static_cast<int>(limits->min_gap.count());
  for (auto [key, out] :
       {std::pair{"perSekund", &limits->per_second}, std::pair{"perMinut", &limits->per_minute},
        std::pair{"perTimme", &limits->per_hour}, std::pair{"mellanrumMs", &gap},
        std::pair{"samtidiga", &limits->max_concurrent}}) {
    if (Status s = read_int(key, out); !s.ok()) return s;
  }
  limits->min_gap = std::chrono::milliseconds(gap);
  return {};
}

}  // namespace

Result<SlaConfig> load_sla_config(const std::string& path, SlaConfig config) {
  std::ifstream in(path);
  if (!in) return config_error(path, "kan inte läsas");
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return config_error(path, "ska vara ett JSON-objekt");
  for (const auto& [key, value] : doc.items()) {
    if (key == "klasser") {
      if (!value.is_object()) return config_error(path, "klasser ska vara ett objekt");
      for (const auto& [cls, limits] : value.items()) {
        const auto known = parse_service_class(cls);
        if (!known) return config_error(path, fmt::format("okänd klass {}", cls));
        if (Status s = read_limits(path, cls, limits, &config.limits[*known]); !s.ok()) {
          return s.error();
        }
      }
    } else if (key == "reguljartServicefonster") {
      if (!value.is_object() || value.size() != 1 || !value.contains("aktivt") ||
          !value["aktivt"].is_boolean()) {
        return config_error(path, "reguljartServicefonster.aktivt ska vara true eller false");
      }
      config.regular_window.enabled = value["aktivt"].get<bool>();
    } else {
      return config_error(path, fmt::format("okänd nyckel {}", key));
    }
  }
  return config;
}

}  // namespace utbyte::platform::sla
