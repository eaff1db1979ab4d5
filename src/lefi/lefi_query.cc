#include "lefi/lefi_query.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/json_limits.h"

namespace utbyte::lefi {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kFields = {"personnummer", "informationstyper",
                                                     "fromDatum", "tomDatum"};

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

Result<std::string> required_string(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end()) return invalid(fmt::format("Fältet '{}' saknas", name));
  if (!it->is_string()) return invalid(fmt::format("Fältet '{}' ska vara en sträng", name));
  return it->get<std::string>();
}

Result<domain::Date> required_date(const json& doc, const char* name) {
  auto text = required_string(doc, name);
  if (!text.ok()) return text.error();
  auto date = domain::parse_date(*text);
  if (!date.ok()) {
    return make_error(ErrorCode::kInvalidDate, fmt::format("{}: {}", name, date.error().message));
  }
  return date;
}

domain::Date plus_years(domain::Date d, int years) {
  domain::Date shifted{d.year() + std::chrono::years{years}, d.month(), d.day()};
  // 29 February plus a non-leap year lands on 1 March.
  if (!shifted.ok()) shifted = domain::Date{std::chrono::sys_days{shifted}};
  return shifted;
}

}  // namespace

Result<QueryScope> parse_query_scope(const json& doc, domain::Date today,
                                     const QueryLimits& limits) {
  const auto types = doc.find("informationstyper");
  if (types == doc.end()) return invalid("Fältet 'informationstyper' saknas");
  if (!types->is_array()) return invalid("Fältet 'informationstyper' ska vara en lista");
  if (types->empty()) {
    return make_error(ErrorCode::kMissingInformationType,
                      "Ange minst en informationstyp i 'informationstyper'");
  }
  QueryScope scope;
  for (const auto& item : *types) {
    if (!item.is_string()) return invalid("Varje informationstyp ska vara en sträng");
    const auto& code = item.get_ref<const std::string&>();
    const auto type = domain::parse_information_type(code);
    if (!type) {
      return make_error(ErrorCode::kUnknownInformationType,
                        fmt::format("Okänd informationstyp '{}'", code.substr(0, 64)));
    }
    if (std::find(scope.informationstyper.begin(), scope.informationstyper.end(), *type) !=
        scope.informationstyper.end()) {
      return invalid(fmt::format("Informationstypen {} förekommer två gånger", code));
    }
    scope.informationstyper.push_back(*type);
  }

  auto from = required_date(doc, "fromDatum");
  if (!from.ok()) return from.error();
  auto tom = required_date(doc, "tomDatum");
  if (!tom.ok()) return tom.error();
  if (*tom < *from) {
    return make_error(ErrorCode::kInvalidDateRange, "tomDatum får inte vara före fromDatum");
  }
  if (*from < limits.earliest_from) {
    return make_error(
        ErrorCode::kInvalidDateRange,
        fmt::format("fromDatum får inte vara före {}", domain::format_date(limits.earliest_from)));
  }
  if (!(*tom < plus_years(*from, limits.max_years))) {
    return make_error(ErrorCode::kInvalidDateRange,
                      fmt::format("Perioden får vara högst {} år", limits.max_years));
  }
  if (plus_years(today, limits.max_years_ahead) < *tom) {
    return make_error(
        ErrorCode::kInvalidDateRange,
        fmt::format("tomDatum får ligga högst {} år framåt i tiden", limits.max_years_ahead));
  }
  scope.range = {*from, *tom};
  return scope;
}

Result<LefiQuery> parse_lefi_query(std::string_view body, domain::Date today,
                                   const QueryLimits& limits) {
  auto parsed_json = parse_request_json(body, "Frågan");
  if (!parsed_json.ok()) return parsed_json.error();
  const json& doc = *parsed_json;
  if (!doc.is_object()) {
    return make_error(ErrorCode::kMalformedJson, "Frågan ska vara ett JSON-objekt");
  }
  for (const auto& [key, value] : doc.items()) {
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
      return invalid(fmt::format("Okänt fält '{}'", key.substr(0, 64)));
    }
  }

  auto pnr_text = required_string(doc, "personnummer");
  if (!pnr_text.ok()) return pnr_text.error();
  auto personnummer = domain::parse_personnummer(*pnr_text);
  if (!personnummer.ok()) return personnummer.error();

  auto scope = parse_query_scope(doc, today, limits);
  if (!scope.ok()) return scope.error();
  return LefiQuery{std::move(personnummer).value(), std::move(scope->informationstyper),
                   scope->range};
}

}  // namespace utbyte::lefi
