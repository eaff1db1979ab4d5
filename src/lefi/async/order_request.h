#pragma once

// The body of a LEFI Asynkron v10 order (POST …/bestallningar), parsed and validated as
// docs/specs/lefi-async-v10-wire.md says: the scope as in LEFI v9, every person line on its own.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"
#include "lefi/lefi_query.h"
#include "store/order_store.h"

namespace utbyte::lefi::async {

// At most this many lines in `personer`; more is 413 FOR_STOR_FRAGA.
inline constexpr std::size_t kMaxOrderLines = 100'000;
// An invalid line keeps at most this many bytes of what was sent (cut at a character boundary),
// enough to recognise it without storing whatever a partner may post.
inline constexpr std::size_t kMaxRawLineBytes = 32;

struct ParsedOrder {
  std::string klientreferens;  // empty when not given
  std::vector<domain::InformationType> informationstyper;
  domain::DateRange period{};
  // One per submitted line, in order: valid ones hold the normalised 12 digits, invalid ones the
  // raw text (truncated) and the error (felkod/felmeddelande as from parse_personnummer).
  std::vector<store::OrderLine> lines;
  std::int64_t invalid = 0;  // lines with a felkod
};

// Parses the order body. Errors reject the whole order: kMalformedJson; kInvalidRequest
// (unknown, missing or mistyped field, bad klientreferens, a `personer` entry that is not a
// string, an empty `personer`); the v9 codes for informationstyper and dates
// (parse_query_scope); kPayloadTooLarge for more than kMaxOrderLines lines.
Result<ParsedOrder> parse_order_request(std::string_view body, domain::Date today,
                                        const QueryLimits& limits = {});

// One person line: "YYYYMMDDNNNC" or "YYYYMMDD-NNNC" (the hyphenated form is normalised to the 12
// digits), checked with domain::parse_personnummer. Never fails: an invalid line comes back with
// felkod and felmeddelande set and its text truncated to kMaxRawLineBytes.
store::OrderLine validate_order_line(std::string_view text);

}  // namespace utbyte::lefi::async
