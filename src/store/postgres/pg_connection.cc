#include "store/postgres/pg_connection.h"

#include <charconv>

#include <fmt/format.h>

namespace utbyte::store::postgres {

std::string mask_url(std::string_view url) {
  std::string out(url);
  // postgresql://user:secret@host → postgresql://user:***@host
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto at = out.find('@', start);
    const auto slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // …?password=secret&… → …?password=***&…
  for (auto pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    const auto value = pos + 9;
    const auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

bool is_postgres_url(std::string_view spec) {
  return spec.starts_with("postgresql://") || spec.starts_with("postgres://");
}

void append_copy_field(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::int64_t Rows::int64(int row, int column) const {
  const std::string_view t = text(row, column);
  std::int64_t value = 0;
  std::from_chars(t.data(), t.data() + t.size(), value);
  return value;
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& url) {
  const std::string masked = mask_url(url);
  ConnectionHandle conn(PQconnectdb(url.c_str()));
  if (!conn) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("Kan inte ansluta till {}: slut på minne", masked));
  }
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return make_error(ErrorCode::kStoreError,
                      fmt::format("Kan inte ansluta till {}: {}", masked, message));
  }
  auto out = std::unique_ptr<Connection>(new Connection(std::move(conn), masked));
  // Warnings (NOTICE) of migrations would otherwise go to stderr, past the logger.
  PQsetNoticeProcessor(
      out->conn_.get(), [](void*, const char*) {}, nullptr);
  if (Status s = out->exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'"); !s.ok()) {
    return s.error();
  }
  return out;
}

Error Connection::error(std::string_view what, const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
  if (message.empty()) message = PQerrorMessage(conn_.get());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return make_error(ErrorCode::kStoreError, fmt::format("PostgreSQL ({}): {} misslyckades: {}",
                                                        masked_url_, what, message));
}

Status Connection::exec(std::string_view sql) {
  ResultHandle result(PQexec(conn_.get(), std::string(sql).c_str()));
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return error(sql.substr(0, 60), result.get());
  }
  last_sqlstate_.clear();
  return Status::ok_status();
}

Result<Rows> Connection::query(std::string_view sql, const Params& params) {
  auto it = prepared_.find(std::string(sql));
  if (it == prepared_.end()) {
    std::string name = fmt::format("u{}", prepared_.size() + 1);
    ResultHandle prepared(
        PQprepare(conn_.get(), name.c_str(), std::string(sql).c_str(), 0, nullptr));
    if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return error(sql.substr(0, 60), prepared.get());
    }
    it = prepared_.emplace(std::string(sql), std::move(name)).first;
  }
  const auto& values = params.values();
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v ? v->c_str() : nullptr);
  ResultHandle result(PQexecPrepared(conn_.get(), it->second.c_str(),
                                     static_cast<int>(pointers.size()), pointers.data(), nullptr,
                                     nullptr, 0));
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return error(sql.substr(0, 60), result.get());
  }
  last_sqlstate_.clear();
  return Rows(std::move(result));
}

Result<std::int64_t> Connection::query_int(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (!rows.ok()) return rows.error();
  if (rows->empty() || rows->is_null(0, 0)) return std::int64_t{0};
  return rows->int64(0, 0);
}

Status Connection::copy_in(std::string_view copy_sql, std::string_view data) {
  ResultHandle start(PQexec(conn_.get(), std::string(copy_sql).c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
    return error(copy_sql.substr(0, 60), start.get());
  }
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t pos = 0; pos < data.size(); pos += kChunk) {
    const auto n = std::min(kChunk, data.size() - pos);
    if (PQputCopyData(conn_.get(), data.data() + pos, static_cast<int>(n)) != 1) {
      return error("COPY-data", nullptr);
    }
  }
  if (PQputCopyEnd(conn_.get(), nullptr) != 1) return error("COPY-slut", nullptr);
  Status status = Status::ok_status();
  while (ResultHandle result{PQgetResult(conn_.get())}) {
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && status.ok()) {
      status = error(copy_sql.substr(0, 60), result.get());
    }
  }
  return status;
}

Result<Transaction> Transaction::begin(Connection& conn, std::string_view begin_sql) {
  if (Status s = conn.exec(begin_sql); !s.ok()) return s.error();
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_ != nullptr) (void)conn_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Connection* conn = conn_;
  conn_ = nullptr;
  Status s = conn->exec("COMMIT");
  if (!s.ok()) (void)conn->exec("ROLLBACK");
  return s;
}

}  // namespace utbyte::store::postgres
