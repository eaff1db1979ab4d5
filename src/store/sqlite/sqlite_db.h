#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/result.h"

namespace utbyte::store::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using ConnectionHandle = std::unique_ptr<sqlite3, ConnectionCloser>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A prepared statement. Parameters are 1-based as in sqlite3_bind_*; columns are 0-based.
// Not thread-safe: use from the thread that holds its connection.
class Statement {
 public:
  Statement(StatementHandle stmt, sqlite3* db) : stmt_(std::move(stmt)), db_(db) {}

  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind_null(int index);
  void bind(int index, const std::optional<std::int64_t>& value);

  // Advances one row: true when a row is available, false when done. Errors: kStoreError.
  Result<bool> step();
  // Steps until done (for statements that return no rows), then resets for reuse.
  Status run();
  // Makes the statement ready for the next execution and clears its bindings.
  void reset();

  std::string_view column_text(int column) const;
  std::string column_string(int column) const { return std::string(column_text(column)); }
  std::int64_t column_int64(int column) const;
  bool column_is_null(int column) const;
  int column_count() const { return sqlite3_column_count(stmt_.get()); }

 private:
  StatementHandle stmt_;
  sqlite3* db_;  // owned by the Connection that prepared this statement
};

// Resets a statement on scope exit, so that a half-read result never holds a transaction open.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& stmt) : stmt_(stmt) {}
  ~ResetOnExit() { stmt_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& stmt_;
};

// One SQLite connection. Movable, not copyable; closes on destruction.
class Connection {
 public:
  // Opens `path` read-write, creating it when `create` is set. Applies the per-connection
  // settings every utbyte connection needs: busy_timeout, foreign keys on, WAL journal.
  static Result<Connection> open(const std::string& path, bool create = true);

  // Runs one or more statements without parameters (DDL, PRAGMA, BEGIN/COMMIT).
  Status exec(const std::string& sql);
  Result<Statement> prepare(std::string_view sql);
  // The value of a single-row, single-column integer query such as "PRAGMA user_version".
  Result<std::int64_t> query_int(const std::string& sql);

  sqlite3* get() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  Connection(ConnectionHandle db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  ConnectionHandle db_;
  std::string path_;
};

// A kStoreError with the message SQLite last reported on `db`.
Error sqlite_error(sqlite3* db, std::string_view what);

// Rolls back an open transaction on destruction unless commit() succeeded, so that every early
// return leaves the connection usable.
class Transaction {
 public:
  // `mode` is "IMMEDIATE" (takes the write lock now) or "DEFERRED".
  static Result<Transaction> begin(Connection& conn, std::string_view mode = "IMMEDIATE");
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace utbyte::store::sqlite
