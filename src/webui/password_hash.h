#pragma once

// Password hashing for web users: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored in one
// self-describing string "pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64" so that the work
// factor can be raised later without invalidating existing hashes.

#include <string>
#include <string_view>

#include "core/result.h"

namespace utbyte::webui {

// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
inline constexpr int kPasswordIterations = 600'000;
// Shortest password `utbyte anvandare` accepts.
inline constexpr std::size_t kMinPasswordLength = 12;

// Errors: kCryptoError.
Result<std::string> hash_password(std::string_view password, int iterations = kPasswordIterations);

// True when `password` matches `stored` (compared in constant time). A malformed `stored` or
// an unknown algorithm never matches.
bool verify_password(std::string_view password, std::string_view stored);

// A hash of a random password with the default work factor: verified against when the user
// does not exist, so that a failed login takes as long whether or not the name is known.
const std::string& dummy_password_hash();

}  // namespace utbyte::webui
