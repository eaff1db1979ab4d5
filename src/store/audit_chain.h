#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace utbyte::store {

// prev_hash of the first entry of a chain: 64 '0'.
inline const std::string kGenesisHash(64, '0');

// A deterministic serialisation of `event`: compact JSON with a fixed key order and fixed string
// escaping, so the same event always hashes the same on every platform and in every version.
// Never change it for existing chains (add a new format version instead).
std::string canonical_audit_text(const AuditEvent& event);

// Lowercase hex SHA-256 of prev_hash + "\n" + canonical_audit_text(event).
std::string audit_hash(const std::string& prev_hash, const AuditEvent& event);

// How informationstyper are stored in one column: a JSON array of strings in the canonical
// escaping. decode returns nullopt for text that encode cannot have produced.
std::string encode_string_list(const std::vector<std::string>& values);
std::optional<std::vector<std::string>> decode_string_list(std::string_view text);

}  // namespace utbyte::store
