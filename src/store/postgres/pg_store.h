#pragma once

// The PostgreSQL implementation of store.h. Callers use open_store("postgresql://…") from
// store/store.h; this header adds the knobs tests and tools may want.

#include <cstddef>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace utbyte::store {

struct PostgresStoreOptions {
  // Connections this process keeps to the database at most, shared by every store. The server
  // runs 2-4 io threads plus mass-order workers; each call holds a connection only while it runs.
  std::size_t connections = 8;
};

// Connects to `url` ("postgresql://user:pass@host:port/db?…", any libpq URI), applies pending
// migrations and returns the store. Errors: kStoreError naming the URL with its password masked.
Result<StorePtr> open_postgres_store(const std::string& url, const PostgresStoreOptions& options);

}  // namespace utbyte::store
