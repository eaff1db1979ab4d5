#pragma once

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

// Parses and validates a registration. `today` bounds fromDatum (at most one year ahead).
// Errors: kMalformedJson, kInvalidRequest (missing, extra, mistyped or duplicate field/type),
// kInvalidPersonnummer, kMissingInformationType, kUnknownInformationType,
// kInformationTypeNotSubscribable (PERSONUPPGIFTER, or UTBETALNING without a benefit type),
// kInvalidDate, kInvalidDateRange.
Result<SubscriptionRequest> parse_subscription_request(std::string_view body, domain::Date today);

}  // namespace utbyte::leka
