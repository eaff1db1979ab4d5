#include "client/sla_status.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace utbyte::client {
namespace {

using nlohmann::json;

std::string text_of(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// A limit cell: the number, or "av" when the server has switched the check off (<= 0).
std::string limit_cell(const json& limits, const char* key, const char* unit = "") {
  if (!limits.is_object() || !limits.contains(key) || !limits[key].is_number()) return "–";
  const auto value = limits[key].get<long long>();
  if (value <= 0) return "av";
  return fmt::format("{}{}", value, unit);
}

std::string window_line(const json& w) {
  std::string line =
      fmt::format("{}  {} – {}", text_of(w, "id"), format_status_time(text_of(w, "start")),
                  format_status_time(text_of(w, "slut")));
  if (const std::string reason = text_of(w, "orsak"); !reason.empty()) line += "  " + reason;
  if (w.is_object() && w.contains("tjanster") && w["tjanster"].is_array() &&
      !w["tjanster"].empty()) {
    std::string services;
    for (const json& s : w["tjanster"]) {
      if (!services.empty()) services += ", ";
      services += s.is_string() ? s.get<std::string>() : s.dump();
    }
    line += fmt::format("  (tjänster: {})", services);
  } else {
    line += "  (alla tjänster)";
  }
  return line;
}

}  // namespace

std::string format_status_time(const std::string& iso) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]][offset]; the server sends Stockholm time with its offset.
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') {
    return iso;
  }
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string render_sla_status(const json& status) {
  std::string out;
  const std::string tid = text_of(status, "tid");
  out += fmt::format("SLA-status {} (svensk tid)\n",
                     tid.empty() ? std::string("–") : format_status_time(tid));
  const std::string sla = text_of(status, "sla");
  if (sla == "PA") {
    out += "SLA-gränserna upprätthålls: frågor över gränserna avvisas med HTTP 429\n";
  } else if (sla == "AV") {
    out += "SLA-gränserna upprätthålls inte på den här servern (sla: AV)\n";
  }

  if (status.is_object() && status.contains("klasser") && status["klasser"].is_object()) {
    out += fmt::format(
        "\nKapacitetsgränser per aktör och tjänsteklass\n  {:<11} {:>6} {:>8} {:>8} "
        "{:>10} {:>10}\n",
        "Klass", "per s", "per min", "per tim", "mellanrum", "samtidiga");
    const json& classes = status["klasser"];
    const auto row = [&out](const std::string& name, const json& limits) {
      out += fmt::format("  {:<11} {:>6} {:>8} {:>8} {:>10} {:>10}\n", name,
                         limit_cell(limits, "perSekund"), limit_cell(limits, "perMinut"),
                         limit_cell(limits, "perTimme"), limit_cell(limits, "mellanrumMs", " ms"),
                         limit_cell(limits, "samtidiga"));
    };
    // The SLA's order (§3.4.1 before §3.4.2), then any class this client does not know yet.
    static constexpr std::array<const char*, 3> kKnown = {"ONLINE", "LEKA", "MASSFRAGA"};
    for (const char* name : kKnown) {
      if (classes.contains(name)) row(name, classes[name]);
    }
    for (const auto& [name, limits] : classes.items()) {
      if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) row(name, limits);
    }
    out += "  (mellanrum: från slutet av ett svar till nästa fråga)\n";
  }

  if (status.is_object() && status.contains("massfraga") && status["massfraga"].is_object()) {
    const json& m = status["massfraga"];
    const bool open = m.contains("oppen") && m["oppen"].is_boolean() && m["oppen"].get<bool>();
    out += fmt::format("\nMassfråga: {}", open ? "öppen" : "stängd");
    if (open && m.contains("stanger")) {
      out += fmt::format(", stänger {}", format_status_time(text_of(m, "stanger")));
    } else if (!open && m.contains("oppnar")) {
      out += fmt::format(", öppnar {}", format_status_time(text_of(m, "oppnar")));
    }
    out += "\n";
  }

  if (status.is_object() && status.contains("servicefonster") &&
      status["servicefonster"].is_object()) {
    const json& f = status["servicefonster"];
    out += "\nServicefönster\n";
    if (f.contains("aktivt") && f["aktivt"].is_object()) {
      out += fmt::format("  Pågår nu: {}\n", window_line(f["aktivt"]));
    } else {
      out += "  Inget pågår nu\n";
    }
    const json upcoming = f.contains("kommande") ? f["kommande"] : json::array();
    if (!upcoming.is_array() || upcoming.empty()) {
      out += "  Inga kommande\n";
    } else {
      out += "  Kommande:\n";
      for (const json& w : upcoming) out += fmt::format("    {}\n", window_line(w));
    }
  }
  return out;
}

}  // namespace utbyte::client
