#pragma once

#include <string>

namespace utbyte::platform {

// A random UUID version 4, e.g. "3f1c2a9e-8b7d-4c65-9e1f-0a2b3c4d5e6f". Thread-safe.
std::string new_transaction_id();

}  // namespace utbyte::platform
