#pragma once

#include <cstdint>

#include "core/result.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// The schema version this build writes and reads (PRAGMA user_version).
inline constexpr std::int64_t kSchemaVersion = 8;

// Brings the database to kSchemaVersion by applying every missing migration, each in its own
// IMMEDIATE transaction so that concurrent openers do not apply one twice. A database written by
// a newer utbyte (higher user_version) is refused. Errors: kStoreError.
Status migrate(Connection& conn);

}  // namespace utbyte::store::sqlite
