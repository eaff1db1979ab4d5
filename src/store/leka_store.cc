#include "store/leka_store.h"

#include <algorithm>
#include <array>

namespace utbyte::store {
namespace {

struct HandelseName {
  Handelse handelse;
  std::string_view name;
};

constexpr std::array kHandelser = {
    HandelseName{Handelse::kNyttBeslut, "NYTT_BESLUT"},
    HandelseName{Handelse::kAndratBeslut, "ANDRAT_BESLUT"},
    HandelseName{Handelse::kNyUtbetalning, "NY_UTBETALNING"},
    HandelseName{Handelse::kUtbetalningGenomford, "UTBETALNING_GENOMFORD"},
    HandelseName{Handelse::kFormanUpphord, "FORMAN_UPPHORD"},
    HandelseName{Handelse::kFormanSparrad, "FORMAN_SPARRAD"},
    HandelseName{Handelse::kLevnadsintygInkommet, "LEVNADSINTYG_INKOMMET"},
    HandelseName{Handelse::kAvliden, "AVLIDEN"},
    HandelseName{Handelse::kForstaLeverans, "FORSTA_LEVERANS"},
    HandelseName{Handelse::kHeluppdatering, "HELUPPDATERING"},
};

}  // namespace

std::string_view to_string(Handelse handelse) {
  for (const auto& h : kHandelser) {
    if (h.handelse == handelse) return h.name;
  }
  return "OKAND";
}

std::optional<Handelse> parse_handelse(std::string_view text) {
  for (const auto& h : kHandelser) {
    if (h.name == text) return h.handelse;
  }
  return std::nullopt;
}

std::string encode_types(std::span<const domain::InformationType> types) {
  std::vector<domain::InformationType> sorted(types.begin(), types.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out;
  for (auto t : sorted) {
    if (!out.empty()) out += ',';
    out += domain::to_string(t);
  }
  return out;
}

std::optional<std::vector<domain::InformationType>> decode_types(std::string_view text) {
  std::vector<domain::InformationType> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto type = domain::parse_information_type(text.substr(0, comma));
    if (!type) return std::nullopt;
    out.push_back(*type);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

}  // namespace utbyte::store
