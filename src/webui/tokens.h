#pragma once

// Random secrets of the web interface (session ids, CSRF tokens) and the comparisons they need.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace utbyte::webui {

// `bytes` bytes from OpenSSL's CSPRNG as lower-case hex. Errors: kCryptoError.
Result<std::string> random_hex(std::size_t bytes);

// SHA-256 of `text` as lower-case hex: how a session id is stored, so that a copy of the
// database does not hold usable cookies.
std::string sha256_hex(std::string_view text);

// Equality without an early exit, for secrets compared with attacker-controlled input.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace utbyte::webui
