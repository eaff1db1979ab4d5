#pragma once

// The Hämta form: what the browser posted, checked field by field so that the page can show each
// mistake next to its field, with the v9 rules (lefi_query.h) for the date range.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"
#include "lefi/lefi_query.h"

namespace utbyte::webui {

// Ids of the form fields, also the anchors of the error summary.
inline constexpr std::string_view kFieldPersonnummer = "personnummer";
inline constexpr std::string_view kFieldTyper = "typer";
inline constexpr std::string_view kFieldFrom = "fromDatum";
inline constexpr std::string_view kFieldTom = "tomDatum";

struct QueryFormInput {
  std::string personnummer;
  std::vector<std::string> typer;  // information type codes, as posted
  std::string from;
  std::string tom;
};

struct FieldError {
  std::string field;  // one of kField*
  std::string message;
};

struct QueryFormCheck {
  std::optional<lefi::LefiQuery> query;  // set when `errors` is empty
  std::vector<FieldError> errors;
};

// The defaults of an empty form: the last twelve months up to today.
QueryFormInput default_query_form(domain::Date today);

// Checks the form. A type the user may not see (`allowed`) or an unknown code cannot come from
// the form the server rendered, so it is an error of the request, not a field:
// kInformationTypeNotPermitted / kUnknownInformationType.
Result<QueryFormCheck> check_query_form(const QueryFormInput& input,
                                        const std::set<domain::InformationType>& allowed,
                                        domain::Date today, const lefi::QueryLimits& limits = {});

}  // namespace utbyte::webui
