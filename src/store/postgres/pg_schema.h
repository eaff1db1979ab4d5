#pragma once

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace utbyte::store::postgres {

// The schema version this build writes and understands (rows of schema_version).
inline constexpr int kSchemaVersion = 3;

// Brings the database to kSchemaVersion in one transaction. Instances starting together
// serialise on an advisory lock, so exactly one applies each migration and the others find the
// schema current. Errors: kStoreError (also for a database newer than this build).
Status migrate(Connection& conn);

}  // namespace utbyte::store::postgres
