#pragma once

// The SQLite implementation of store.h. Callers use open_sqlite_store() from store/store.h; this
// header only adds knobs that tests and the server may want.

#include <cstddef>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace utbyte::store {

struct SqliteStoreOptions {
  // Read connections kept for RegisterStore and AuditStore::read/verify. The server calls the
  // register from 2-4 io threads; a thread that finds every connection busy waits for one.
  std::size_t read_connections = 4;
};

// As open_sqlite_store(path), with explicit options.
Result<StorePtr> open_sqlite_store(const std::string& path, const SqliteStoreOptions& options);

}  // namespace utbyte::store
