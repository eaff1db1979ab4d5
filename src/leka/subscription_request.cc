#include "leka/subscription_request.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/json_limits.h"

namespace utbyte::leka {
namespace {

using domain::InformationType;

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

}  // namespace

Result<SubscriptionRequest> check_subscription(const SubscriptionFields& fields,
                                               domain::Date today) {
  if (!fields.personnummer) return invalid("Fältet 'personnummer' saknas");
  auto personnummer = domain::parse_personnummer(*fields.personnummer);
  if (!personnummer.ok()) return personnummer.error();

  if (!fields.informationstyper) {
    return make_error(ErrorCode::kMissingInformationType, "Fältet 'informationstyper' saknas");
  }
  if (fields.informationstyper->empty()) {
    return make_error(ErrorCode::kMissingInformationType, "Ange minst en informationstyp");
  }
  SubscriptionRequest out{std::move(personnummer).value(), {}, {}};
  bool benefit = false;
  for (const std::string& code : *fields.informationstyper) {
    const auto type = domain::parse_information_type(code);
    if (!type) {
      return make_error(ErrorCode::kUnknownInformationType,
                        fmt::format("Okänd informationstyp '{}'", code.substr(0, 64)));
    }
    if (std::find(out.informationstyper.begin(), out.informationstyper.end(), *type) !=
        out.informationstyper.end()) {
      return invalid(fmt::format("Informationstypen {} anges två gånger", code));
    }
    if (*type == InformationType::kPersonuppgifter) {
      return make_error(ErrorCode::kInformationTypeNotSubscribable,
                        "PERSONUPPGIFTER aviseras inte; fråga LEFI Online");
    }
    benefit = benefit || domain::info(*type).is_benefit;
    out.informationstyper.push_back(*type);
  }
  if (!benefit) {
    return make_error(ErrorCode::kInformationTypeNotSubscribable,
                      "UTBETALNING aviseras för prenumererade förmåner: ange minst en förmån");
  }
  std::sort(out.informationstyper.begin(), out.informationstyper.end());

  if (!fields.from_datum) return invalid("Fältet 'fromDatum' saknas");
  auto date = domain::parse_date(*fields.from_datum);
  if (!date.ok()) return date.error();
  if (*date < kEarliestFrom) {
    return make_error(ErrorCode::kInvalidDateRange, "fromDatum får inte vara före 2000-01-01");
  }
  if (*date > domain::add_days(today, 366)) {
    return make_error(ErrorCode::kInvalidDateRange, "fromDatum får vara högst ett år fram i tiden");
  }
  out.from_datum = *date;
  return out;
}

Result<SubscriptionRequest> parse_subscription_request(std::string_view body, domain::Date today) {
  auto parsed = parse_request_json(body, "Anropet");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object())
    return make_error(ErrorCode::kMalformedJson, "Anropet ska vara ett JSON-objekt");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "personnummer" && it.key() != "informationstyper" && it.key() != "fromDatum") {
      return invalid(fmt::format("Okänt fält '{}'", it.key().substr(0, 64)));
    }
  }
  // JSON's own shape first; the rules are check_subscription's.
  SubscriptionFields fields;
  if (const auto pnr = doc.find("personnummer"); pnr != doc.end()) {
    if (!pnr->is_string()) return invalid("Fältet 'personnummer' ska vara en sträng");
    fields.personnummer = pnr->get<std::string>();
  }
  if (const auto types = doc.find("informationstyper"); types != doc.end()) {
    if (!types->is_array()) return invalid("Fältet 'informationstyper' ska vara en lista");
    std::vector<std::string> codes;
    for (const auto& item : *types) {
      if (!item.is_string()) return invalid("Informationstyperna ska vara strängar");
      codes.push_back(item.get<std::string>());
    }
    fields.informationstyper = std::move(codes);
  }
  if (const auto from = doc.find("fromDatum"); from != doc.end()) {
    if (!from->is_string()) return invalid("Fältet 'fromDatum' ska vara en sträng ÅÅÅÅ-MM-DD");
    fields.from_datum = from->get<std::string>();
  }
  return check_subscription(fields, today);
}

}  // namespace utbyte::leka
