#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"
#include "domain/personnummer.h"

namespace utbyte::lefi {

// A validated LEFI Online v9 query: one person, the information types asked for (in the order
// given, without duplicates) and the closed date range.
struct LefiQuery {
  domain::Personnummer personnummer;
  std::vector<domain::InformationType> informationstyper;
  domain::DateRange range;
};

// Limits of a query's date range (domain.md §10 #4). Defaults as documented in docs/lefi.md.
struct QueryLimits {
  domain::Date earliest_from{std::chrono::year{2000}, std::chrono::January, std::chrono::day{1}};
  int max_years = 5;
  int max_years_ahead = 1;
};

// What a query asks about, apart from whom: the part a Massfråga order shares with v9.
struct QueryScope {
  std::vector<domain::InformationType> informationstyper;
  domain::DateRange range;
};

// Validates the `informationstyper`, `fromDatum` and `tomDatum` members of a parsed JSON object
// with the v9 rules and error codes (see parse_lefi_query), so that every service taking them
// answers a mistake the same way. Other members are not looked at.
Result<QueryScope> parse_query_scope(const nlohmann::json& doc, domain::Date today,
                                     const QueryLimits& limits = {});

// Parses and validates the JSON body of `…/formansinformation/fraga`. `today` bounds how far
// ahead tomDatum may reach. Errors, each with a Swedish message naming the field:
// kMalformedJson, kInvalidRequest (missing, extra or mistyped field; duplicate type),
// kInvalidPersonnummer, kMissingInformationType, kUnknownInformationType, kInvalidDate,
// kInvalidDateRange.
Result<LefiQuery> parse_lefi_query(std::string_view body, domain::Date today,
                                   const QueryLimits& limits = {});

}  // namespace utbyte::lefi
