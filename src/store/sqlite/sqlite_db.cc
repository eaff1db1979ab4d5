#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace utbyte::store::sqlite {

Error sqlite_error(sqlite3* db, std::string_view what) {
  if (db == nullptr) return make_error(ErrorCode::kStoreError, "SQLite: out of memory");
  const int code = sqlite3_extended_errcode(db);
  // A full disk is SQLITE_FULL; a file-size limit or quota (EFBIG, EDQUOT) is a failed write,
  // SQLITE_IOERR_WRITE. Either way nothing was written and a later retry may succeed, unlike a
  // corrupt or unreadable store.
  if (code == SQLITE_FULL || code == SQLITE_IOERR_WRITE) {
    return make_error(ErrorCode::kStorageFull,
                      fmt::format("Lagringen är full eller kan inte skrivas ({}: {}, kod {})", what,
                                  sqlite3_errmsg(db), code));
  }
  return make_error(ErrorCode::kStoreError,
                    fmt::format("SQLite: {}: {} (kod {})", what, sqlite3_errmsg(db), code));
}

void Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
  sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
}

void Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
}

void Statement::bind_null(int index) { sqlite3_bind_null(stmt_.get(), index); }

void Statement::bind(int index, const std::optional<std::int64_t>& value) {
  if (value) {
    bind(index, *value);
  } else {
    bind_null(index);
  }
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = sqlite_error(db_, sqlite3_sql(stmt_.get()));
  sqlite3_reset(stmt_.get());
  return error;
}

Status Statement::run() {
  for (;;) {
    auto more = step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  reset();
  return Status::ok_status();
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string_view Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

namespace {

// The database holds full personnummer, E-IOA documents and password hashes: it is created 0600,
// and an existing one readable by others is made 0600 (with its -wal and -shm). SQLite gives the
// -wal and -shm files the database file's mode, so creating the file first is what makes all
// three private whatever the umask.
Status make_private(const std::string& path, bool create) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return {};
  if (create) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      return {};
    }
    if (errno != EEXIST) {
      return make_error(ErrorCode::kStoreError,
                        fmt::format("SQLite: kan inte skapa '{}': {}", path, std::strerror(errno)));
    }
  }
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    struct stat st {};
    // Another owner's file stays as it is: chmod would fail, and the operator chose it.
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 0077) != 0 && st.st_uid == ::geteuid()) {
      ::chmod(file.c_str(), st.st_mode & 0600);
    }
  }
  return {};
}

}  // namespace

Result<Connection> Connection::open(const std::string& path, bool create) {
  if (Status s = make_private(path, create); !s.ok()) return s.error();
  sqlite3* raw = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (the store's pool guarantees it),
  // so SQLite's per-connection mutex would be pure overhead.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  ConnectionHandle db(raw);
  if (rc != SQLITE_OK) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("SQLite: kan inte öppna '{}': {}", path,
                                  raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  Connection conn(std::move(db), path);
  // Writers wait for each other instead of failing at once; WAL lets readers run beside the
  // single writer; foreign keys keep decisions and payments tied to an existing person.
  if (Status s = conn.exec("PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"); !s.ok()) {
    return s.error();
  }
  auto stmt = conn.prepare("PRAGMA journal_mode=WAL");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row || stmt->column_text(0) != "wal") {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("SQLite: '{}' kan inte använda WAL-journal", path));
  }
  stmt->reset();
  // In WAL mode NORMAL is durable against process crashes (kill -9); only an OS crash or power
  // loss can lose the last commits, which is the documented trade-off for an embedded store.
  if (Status s = conn.exec("PRAGMA synchronous=NORMAL;"); !s.ok()) return s.error();
  return conn;
}

Status Connection::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    sqlite3_free(message);
    return sqlite_error(db_.get(), fmt::format("{} ({})", sql.substr(0, 60), path_));
  }
  return Status::ok_status();
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  StatementHandle stmt(raw);
  if (rc != SQLITE_OK) return sqlite_error(db_.get(), sql);
  return Statement(std::move(stmt), db_.get());
}

Result<std::int64_t> Connection::query_int(const std::string& sql) {
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row) return make_error(ErrorCode::kStoreError, "SQLite: inget resultat för " + sql);
  return stmt->column_int64(0);
}

Result<Transaction> Transaction::begin(Connection& conn, std::string_view mode) {
  if (Status s = conn.exec(fmt::format("BEGIN {}", mode)); !s.ok()) return s.error();
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_ != nullptr) (void)conn_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Status s = conn_->exec("COMMIT");
  if (s.ok()) conn_ = nullptr;
  return s;
}

}  // namespace utbyte::store::sqlite
