#pragma once

// Column encodings that both store backends (SQLite and PostgreSQL) use, so that a value means the
// same in either database and the two implementations cannot drift apart.

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/information_type.h"

namespace utbyte::store {

// Instants are stored as milliseconds since the Unix epoch (UTC).
std::int64_t epoch_millis(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point from_epoch_millis(std::int64_t ms);

// A set of information types as comma-separated codes ("SJUKPENNING,UTBETALNING"), in enum order.
std::string encode_type_set(const std::set<domain::InformationType>& types);
// Errors: kStoreError naming `column` and the unknown code.
Result<std::set<domain::InformationType>> decode_type_set(std::string_view text,
                                                          std::string_view column);

// An ordered list of information types as encode_string_list() (audit_chain.h) of their codes.
std::string encode_type_list(const std::vector<domain::InformationType>& types);
// nullopt when the text is not such a list or holds an unknown code.
std::optional<std::vector<domain::InformationType>> decode_type_list(std::string_view text);

// A new mass-order id: "B-" + 16 hex digits from OpenSSL's CSPRNG, so ids are guessable by nobody
// (an order of another actor is not found anyway: lookups filter on aktors_id).
// Errors: kCryptoError.
Result<std::string> new_order_id();

}  // namespace utbyte::store
