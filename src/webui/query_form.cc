#include "webui/query_form.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/personnummer.h"

namespace utbyte::webui {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Accepts ÅÅÅÅMMDDNNNN and ÅÅÅÅMMDD-NNNN (or +, for those over 100), spaces around ignored.
std::optional<std::string> twelve_digits(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::string digits(text);
  if (digits.size() == 13 && (digits[8] == '-' || digits[8] == '+')) digits.erase(8, 1);
  if (digits.size() != 12 || !all_digits(digits)) return std::nullopt;
  return digits;
}

std::optional<FieldError> check_personnummer(const std::string& text,
                                             std::optional<domain::Personnummer>& out) {
  const std::string field(kFieldPersonnummer);
  if (text.empty()) return FieldError{field, "Ange personnummer"};
  const auto digits = twelve_digits(text);
  if (!digits) {
    return FieldError{field, "Personnumret ska ha 12 siffror, till exempel 19121212-1212"};
  }
  const std::string_view ten = std::string_view(*digits).substr(2);
  if (domain::luhn_check_digit(ten.substr(0, 9)) != ten[9] - '0') {
    return FieldError{field, "Kontrollsiffran stämmer inte – kontrollera personnumret"};
  }
  auto parsed = domain::parse_personnummer(*digits);
  if (!parsed.ok()) {
    return FieldError{field, "Personnumret innehåller inget giltigt födelsedatum"};
  }
  out = std::move(parsed).value();
  return std::nullopt;
}

std::optional<domain::Date> check_date(const std::string& text, std::string_view field,
                                       std::string_view label, std::vector<FieldError>& errors) {
  if (text.empty()) {
    errors.push_back({std::string(field), fmt::format("Ange {}", label)});
    return std::nullopt;
  }
  auto date = domain::parse_date(text);
  if (!date.ok()) {
    errors.push_back({std::string(field),
                      fmt::format("Ange {} som ÅÅÅÅ-MM-DD, till exempel 2026-01-31", label)});
    return std::nullopt;
  }
  return *date;
}

// The v9 range rules speak of fromDatum/tomDatum; the page speaks of its labels.
FieldError range_error(const Error& error) {
  std::string message = error.message;
  const bool about_from = message.starts_with("fromDatum");
  for (const auto& [api, label] :
       {std::pair<std::string, std::string>{"fromDatum", "Från och med-datum"},
        {"tomDatum", "till och med-datum"}}) {
    for (auto pos = message.find(api); pos != std::string::npos; pos = message.find(api)) {
      message.replace(pos, api.size(), label);
    }
  }
  if (!message.empty()) message[0] = static_cast<char>(std::toupper(message[0]));
  return {std::string(about_from ? kFieldFrom : kFieldTom), message};
}

}  // namespace

QueryFormInput default_query_form(domain::Date today) {
  const domain::Date year_ago{today.year() - std::chrono::years{1}, today.month(),
                              std::chrono::day{1}};
  return {"", {}, domain::format_date(year_ago), domain::format_date(today)};
}

Result<QueryFormCheck> check_query_form(const QueryFormInput& input,
                                        const std::set<domain::InformationType>& allowed,
                                        domain::Date today, const lefi::QueryLimits& limits) {
  std::vector<domain::InformationType> types;
  for (const auto& code : input.typer) {
    const auto type = domain::parse_information_type(code);
    if (!type) {
      return make_error(ErrorCode::kUnknownInformationType,
                        fmt::format("Okänd informationstyp '{}'", code.substr(0, 64)));
    }
    if (!allowed.contains(*type)) {
      return make_error(ErrorCode::kInformationTypeNotPermitted,
                        fmt::format("Du har inte behörighet till informationstypen {}",
                                    domain::info(*type).name));
    }
    if (std::find(types.begin(), types.end(), *type) == types.end()) types.push_back(*type);
  }

  QueryFormCheck check;
  std::optional<domain::Personnummer> personnummer;
  if (auto error = check_personnummer(input.personnummer, personnummer)) {
    check.errors.push_back(std::move(*error));
  }
  if (types.empty()) {
    check.errors.push_back({std::string(kFieldTyper), "Välj minst en informationstyp"});
  }
  const auto from = check_date(input.from, kFieldFrom, "från och med-datum", check.errors);
  const auto tom = check_date(input.tom, kFieldTom, "till och med-datum", check.errors);
  if (from && tom) {
    if (*tom < *from) {
      check.errors.push_back(
          {std::string(kFieldTom), "Till och med-datum får inte vara före från och med-datum"});
    } else {
      // The remaining range rules exactly as the API applies them.
      nlohmann::json doc = {{"informationstyper", nlohmann::json::array({"UTBETALNING"})},
                            {"fromDatum", input.from},
                            {"tomDatum", input.tom}};
      auto scope = lefi::parse_query_scope(doc, today, limits);
      if (!scope.ok()) check.errors.push_back(range_error(scope.error()));
    }
  }
  if (check.errors.empty()) {
    check.query = lefi::LefiQuery{std::move(*personnummer), std::move(types), {*from, *tom}};
  }
  return check;
}

}  // namespace utbyte::webui
