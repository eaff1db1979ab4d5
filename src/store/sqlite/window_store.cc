#include "store/sqlite/window_store.h"

#include <fmt/format.h>

#include "store/audit_chain.h"

namespace utbyte::store::sqlite {
namespace {

constexpr std::string_view kIdPrefix = "SF-";

std::optional<std::int64_t> parse_id(const std::string& id) {
  if (!id.starts_with(kIdPrefix) || id.size() == kIdPrefix.size() || id.size() > 20) {
    return std::nullopt;
  }
  std::int64_t n = 0;
  for (char c : id.substr(kIdPrefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

Result<std::unique_ptr<SqliteWindowStore>> SqliteWindowStore::open(const std::string& path) {
  auto conn = Connection::open(path, /*create=*/false);
  if (!conn.ok()) return conn.error();
  return std::make_unique<SqliteWindowStore>(std::move(conn).value());
}

Result<ServiceWindowRecord> SqliteWindowStore::add(const ServiceWindowRecord& window) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(
      "INSERT INTO servicefonster (start, slut, orsak, tjanster, skapad, typ) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, window.start);
  stmt->bind(2, window.end);
  stmt->bind(3, window.orsak);
  stmt->bind(4, encode_string_list(window.tjanster));
  stmt->bind(5, window.skapad);
  stmt->bind(6, window.typ);
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto id = conn_.query_int("SELECT last_insert_rowid()");
  if (!id.ok()) return id.error();
  ServiceWindowRecord stored = window;
  stored.id = fmt::format("{}{}", kIdPrefix, *id);
  return stored;
}

Result<std::vector<ServiceWindowRecord>> SqliteWindowStore::list() {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(
      "SELECT nummer, start, slut, orsak, tjanster, skapad, typ FROM servicefonster "
      "ORDER BY start, nummer");
  if (!stmt.ok()) return stmt.error();
  std::vector<ServiceWindowRecord> windows;
  while (true) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    ServiceWindowRecord w;
    w.id = fmt::format("{}{}", kIdPrefix, stmt->column_int64(0));
    w.start = stmt->column_int64(1);
    w.end = stmt->column_int64(2);
    w.orsak = stmt->column_string(3);
    auto services = decode_string_list(stmt->column_text(4));
    if (!services) {
      return make_error(ErrorCode::kStoreError,
                        fmt::format("servicefönster {} har en trasig tjänstelista", w.id));
    }
    w.tjanster = std::move(*services);
    w.skapad = stmt->column_string(5);
    w.typ = stmt->column_string(6);
    windows.push_back(std::move(w));
  }
  return windows;
}

Result<bool> SqliteWindowStore::remove(const std::string& id) {
  const auto number = parse_id(id);
  if (!number) return false;
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare("DELETE FROM servicefonster WHERE nummer = ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, *number);
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = conn_.query_int("SELECT changes()");
  if (!changed.ok()) return changed.error();
  return *changed > 0;
}

}  // namespace utbyte::store::sqlite
