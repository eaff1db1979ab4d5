#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"
#include "domain/personnummer.h"

namespace utbyte::leka {

// A validated registration body: {"personnummer", "informationstyper", "fromDatum"}.
struct SubscriptionRequest {
  domain::Personnummer personnummer;
  std::vector<domain::InformationType> informationstyper;  // sorted, unique
  domain::Date from_datum{};
};

// The earliest fromDatum accepted, as for LEFI v9 queries (docs/lefi.md).
inline constexpr domain::Date kEarliestFrom{std::chrono::year{2000}, std::chrono::January,
                                            std::chrono::day{1}};

// A registration's fields as a binding extracted them, before any rule is applied: nullopt for a
// field the request did not have. Shared by v9's JSON and v5–7's SOAP, so both answer a mistake
// with the same code.
struct SubscriptionFields {
  std::optional<std::string> personnummer = std::nullopt;
  std::optional<std::vector<std::string>> informationstyper = std::nullopt;  // codes as written
  std::optional<std::string> from_datum = std::nullopt;
};

// Applies the registration rules to `fields`, in v9's order: personnummer (missing:
// kInvalidRequest; kInvalidPersonnummer), informationstyper (missing or empty:
// kMissingInformationType; kUnknownInformationType; a type twice: kInvalidRequest;
// kInformationTypeNotSubscribable), fromDatum (missing: kInvalidRequest; kInvalidDate;
// kInvalidDateRange before 2000-01-01 or more than a year after `today`).
Result<SubscriptionRequest> check_subscription(const SubscriptionFields& fields,
                                               domain::Date today);

// Parses and validates a registration. `today` bounds fromDatum (at most one year ahead).
// Errors: kMalformedJson, kInvalidRequest (missing, extra, mistyped or duplicate field/type),
// kInvalidPersonnummer, kMissingInformationType, kUnknownInformationType,
// kInformationTypeNotSubscribable (PERSONUPPGIFTER, or UTBETALNING without a benefit type),
// kInvalidDate, kInvalidDateRange.
Result<SubscriptionRequest> parse_subscription_request(std::string_view body, domain::Date today);

}  // namespace utbyte::leka
