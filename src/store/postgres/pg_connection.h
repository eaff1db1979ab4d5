#pragma once

// A thin RAII layer over libpq: one connection, its query results, parameters and transactions.
// Values always travel as parameters (PQexecPrepared), never inside the SQL text, and every
// statement text is prepared once per connection and then reused by name.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

#include "core/result.h"

namespace utbyte::store::postgres {

struct ConnectionCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ConnectionHandle = std::unique_ptr<PGconn, ConnectionCloser>;
using ResultHandle = std::unique_ptr<PGresult, ResultClearer>;

// The URL with any password replaced by "***", for messages and logs.
std::string mask_url(std::string_view url);

// True for "postgresql://…" and "postgres://…".
bool is_postgres_url(std::string_view spec);

// Appends `value` as one field of COPY's text format (escapes backslash, tab, newline and
// carriage return); append_copy_null appends the NULL marker.
void append_copy_field(std::string& out, std::string_view value);
inline void append_copy_null(std::string& out) { out += "\\N"; }

// A PostgreSQL array literal of text values ({"a","b"}) to pass as ONE parameter ($1::text[]).
std::string text_array(const std::vector<std::string>& values);

// Query parameters in text format; an absent value is SQL NULL. Parameter i (0-based) is $i+1.
class Params {
 public:
  Params& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
  }
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(bool value) {
    values_.emplace_back(value ? "t" : "f");
    return *this;
  }
  Params& add(const std::optional<std::int64_t>& value) {
    if (value) return add(*value);
    return add_null();
  }
  Params& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// A query's rows. Columns and rows are 0-based.
class Rows {
 public:
  explicit Rows(ResultHandle result) : result_(std::move(result)) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
  }
  std::string string(int row, int column) const { return std::string(text(row, column)); }
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const { return text(row, column) == "t"; }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::optional<std::int64_t> optional_int64(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return int64(row, column);
  }
  // Rows changed by an INSERT/UPDATE/DELETE without RETURNING.
  std::int64_t affected() const;

 private:
  ResultHandle result_;
};

// SQLSTATE codes the stores react to.
inline constexpr std::string_view kUniqueViolation = "23505";

// One connection. Not thread-safe: a ConnectionPool lease gives it to one thread at a time.
class Connection {
 public:
  // Connects and checks the server. Errors: kStoreError naming the masked URL.
  static Result<std::unique_ptr<Connection>> open(const std::string& url);

  // Runs SQL without parameters (DDL, BEGIN, several statements separated by ';').
  Status exec(std::string_view sql);
  // Runs one statement with parameters; prepared on first use on this connection.
  Result<Rows> query(std::string_view sql, const Params& params = {});
  // query() for a single-row, single-column integer result (0 when there is no row or NULL).
  Result<std::int64_t> query_int(std::string_view sql, const Params& params = {});

  // Streams `data` (COPY text format: tab-separated columns, "\N" for NULL, one line per row)
  // into `copy_sql` ("COPY table (cols) FROM STDIN").
  Status copy_in(std::string_view copy_sql, std::string_view data);

  // SQLSTATE of the last failed command ("" when it succeeded or had none).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // False when the connection broke; the pool then drops it instead of reusing it.
  bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  const std::string& masked_url() const { return masked_url_; }

 private:
  Connection(ConnectionHandle conn, std::string masked_url)
      : conn_(std::move(conn)), masked_url_(std::move(masked_url)) {}
  Error error(std::string_view what, const PGresult* result);

  ConnectionHandle conn_;
  std::string masked_url_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::string last_sqlstate_;
};

// BEGIN on creation; ROLLBACK on destruction unless commit() succeeded, so every early return
// leaves the connection usable.
class Transaction {
 public:
  // `begin_sql` may name an isolation level, e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ".
  static Result<Transaction> begin(Connection& conn, std::string_view begin_sql = "BEGIN");
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace utbyte::store::postgres
