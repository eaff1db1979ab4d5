#pragma once

#include <string>
#include <string_view>

namespace utbyte::platform {

// A random UUID version 4, e.g. "3f1c2a9e-8b7d-4c65-9e1f-0a2b3c4d5e6f". Thread-safe.
std::string new_transaction_id();

// A UUID derived from `key` (SHA-256, RFC 9562 version 8 "custom"): the same key always gives
// the same id. For work that may be retried after a crash and must keep one identity, such as
// a mass-order row ("<bestallningsId>/<rad>").
std::string derived_transaction_id(std::string_view key);

}  // namespace utbyte::platform
