#include "client/ssbtek_client.h"

#include <fmt/format.h>

namespace utbyte::client {

using nlohmann::json;

Result<HttpResult> post_soap(HttpsClient& http, const std::string& path,
                             const std::string& envelope) {
  return http.request("POST", path, envelope, "text/xml; charset=utf-8");
}

namespace {

// "3 utbetalning(ar), 1 fordon": the size of every list in the data, or its scalar fields.
std::string summary(const json& uppgifter) {
  std::string out;
  for (const auto& item : uppgifter.items()) {
    if (item.value().is_array()) {
      if (!out.empty()) out += ", ";
      out += fmt::format("{} {}", item.value().size(), item.key());
    }
  }
  if (out.empty()) {
    for (const auto& item : uppgifter.items()) {
      if (!out.empty()) out += ", ";
      out += fmt::format(
          "{}={}", item.key(),
          item.value().is_string() ? item.value().get<std::string>() : item.value().dump());
    }
  }
  return out;
}

}  // namespace

std::string render_ssbtek_table(const json& answer) {
  std::string out = fmt::format(
      "SSBTEK-svar {}  ärende {}  period {} – {}\n{}{}\n", answer.value("transaktionsId", ""),
      answer.value("arendereferens", ""), answer.value("fromDatum", ""),
      answer.value("tomDatum", ""),
      answer.value("komplett", false) ? "KOMPLETT svar" : "DELVIST svar: någon källa saknas",
      answer.value("syntetiskaUppgifter", false)
          ? "  (syntetiska/simulerade uppgifter, inte verkliga)"
          : "");
  for (const auto& person : answer.value("personer", json::array())) {
    out += fmt::format("\n{} {}\n", person.value("roll", ""), person.value("personnummer", ""));
    out += fmt::format("  {:<20} {:<22} {:>6} {:>4}  {}\n", "KÄLLA", "STATUS", "MS", "SIM",
                       "UPPGIFTER");
    for (const auto& block : person.value("block", json::array())) {
      std::string detail = block.contains("uppgifter") ? summary(block["uppgifter"]) : "";
      if (block.contains("meddelande")) {
        detail += (detail.empty() ? "" : "; ") + block["meddelande"].get<std::string>();
      }
      out += fmt::format("  {:<20} {:<22} {:>6} {:>4}  {}\n", block.value("kalla", ""),
                         block.value("status", ""), block.value("svarstidMs", 0),
                         block.value("simulator", false) ? "ja" : "nej", detail);
    }
  }
  return out;
}

}  // namespace utbyte::client
