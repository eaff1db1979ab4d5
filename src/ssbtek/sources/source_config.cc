#include "ssbtek/sources/source_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "client/https_client.h"

namespace utbyte::ssbtek::sources {
namespace {

using json = nlohmann::json;

Error config_error(std::string_view origin, const std::string& what) {
  return make_error(ErrorCode::kConfigError, fmt::format("{}: {}", origin, what));
}

Status only_members(const json& object, std::initializer_list<std::string_view> allowed,
                    std::string_view where, std::string_view origin) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (auto name : allowed) known = known || item.key() == name;
    if (!known) return config_error(origin, fmt::format("okänt fält {}.{}", where, item.key()));
  }
  return {};
}

// A positive integer member, or `fallback` when absent.
Result<std::int64_t> positive(const json& object, const char* name, std::int64_t fallback,
                              std::string_view where, std::string_view origin) {
  if (!object.contains(name)) return fallback;
  const json& value = object[name];
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
    return config_error(origin, fmt::format("{}.{} ska vara ett positivt heltal", where, name));
  }
  return value.get<std::int64_t>();
}

}  // namespace

Result<SourcesConfig> parse_sources_config(const json& doc, std::string_view origin) {
  if (!doc.is_object()) return config_error(origin, "konfigurationen ska vara ett JSON-objekt");
  if (auto s = only_members(doc, {"totalTidsgransMs", "klientcertifikat", "kallor"}, "", origin);
      !s.ok()) {
    return s.error();
  }
  SourcesConfig config;
  auto deadline = positive(doc, "totalTidsgransMs", config.deadline.count(), "", origin);
  if (!deadline.ok()) return deadline.error();
  config.deadline = std::chrono::milliseconds(*deadline);
  if (doc.contains("klientcertifikat")) {
    if (!doc["klientcertifikat"].is_string()) {
      return config_error(origin, "klientcertifikat ska vara en katalog");
    }
    config.client_certs = doc["klientcertifikat"].get<std::string>();
  }
  if (!doc.contains("kallor") || !doc["kallor"].is_object()) {
    return config_error(origin, "kallor saknas eller är inget objekt");
  }
  for (const auto& item : doc["kallor"].items()) {
    const auto kalla = parse_kalla(item.key());
    if (!kalla || *kalla == Kalla::kFkPm) {
      return config_error(
          origin, fmt::format("okänd källa kallor.{} (FK_PM besvaras av LEFI)", item.key()));
    }
    const std::string where = "kallor." + item.key();
    const json& entry = item.value();
    if (!entry.is_object()) return config_error(origin, where + " ska vara ett objekt");
    if (auto s =
            only_members(entry, {"url", "timeoutMs", "forsok", "backoffMs", "brytare", "simulator"},
                         where, origin);
        !s.ok()) {
      return s.error();
    }
    SourceSettings source;
    source.kalla = *kalla;
    if (!entry.contains("url") || !entry["url"].is_string() ||
        !client::parse_url(entry["url"].get<std::string>()).ok()) {
      return config_error(origin, where + ".url ska vara en https-URL");
    }
    source.url = entry["url"].get<std::string>();
    auto timeout = positive(entry, "timeoutMs", source.timeout.count(), where, origin);
    auto attempts = positive(entry, "forsok", source.attempts, where, origin);
    auto backoff = positive(entry, "backoffMs", source.backoff.count(), where, origin);
    for (const auto* r : {&timeout, &attempts, &backoff}) {
      if (!r->ok()) return r->error();
    }
    source.timeout = std::chrono::milliseconds(*timeout);
    source.attempts = static_cast<int>(std::min<std::int64_t>(*attempts, 10));
    source.backoff = std::chrono::milliseconds(*backoff);
    if (entry.contains("simulator")) {
      if (!entry["simulator"].is_boolean()) {
        return config_error(origin, where + ".simulator ska vara true eller false");
      }
      source.simulator = entry["simulator"].get<bool>();
    }
    if (entry.contains("brytare")) {
      const json& b = entry["brytare"];
      const std::string bwhere = where + ".brytare";
      if (!b.is_object()) return config_error(origin, bwhere + " ska vara ett objekt");
      if (auto s = only_members(b, {"felgrans", "oppenMs", "provanrop"}, bwhere, origin); !s.ok()) {
        return s.error();
      }
      auto threshold = positive(b, "felgrans", source.breaker.failure_threshold, bwhere, origin);
      auto open = positive(b, "oppenMs", source.breaker.open_for.count(), bwhere, origin);
      auto probes = positive(b, "provanrop", source.breaker.half_open_probes, bwhere, origin);
      for (const auto* r : {&threshold, &open, &probes}) {
        if (!r->ok()) return r->error();
      }
      source.breaker.failure_threshold = static_cast<int>(*threshold);
      source.breaker.open_for = std::chrono::milliseconds(*open);
      source.breaker.half_open_probes = static_cast<int>(*probes);
    }
    config.sources[*kalla] = std::move(source);
  }
  return config;
}

Result<SourcesConfig> load_sources_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kConfigError, fmt::format("kan inte läsa {}", path));
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return config_error(path, "ogiltig JSON");
  return parse_sources_config(doc, path);
}

}  // namespace utbyte::ssbtek::sources
