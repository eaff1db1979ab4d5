#include "store/postgres/pg_window_store.h"

#include <fmt/format.h>

#include "store/audit_chain.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::string_view kIdPrefix = "SF-";

// The same ids as the SQLite store: "SF-" + the row number.
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

Result<ServiceWindowRecord> PgWindowStore::add(const ServiceWindowRecord& window) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto id = (*conn)->query_int(
      "INSERT INTO servicefonster (start, slut, orsak, tjanster, skapad, typ) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING nummer",
      Params()
          .add(window.start)
          .add(window.end)
          .add(window.orsak)
          .add(encode_string_list(window.tjanster))
          .add(window.skapad)
          .add(window.typ));
  if (!id.ok()) return id.error();
  ServiceWindowRecord stored = window;
  stored.id = fmt::format("{}{}", kIdPrefix, *id);
  return stored;
}

Result<std::vector<ServiceWindowRecord>> PgWindowStore::list() {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT nummer, start, slut, orsak, tjanster, skapad, typ FROM servicefonster "
      "ORDER BY start, nummer");
  if (!rows.ok()) return rows.error();
  std::vector<ServiceWindowRecord> windows;
  for (int i = 0; i < rows->size(); ++i) {
    ServiceWindowRecord w;
    w.id = fmt::format("{}{}", kIdPrefix, rows->int64(i, 0));
    w.start = rows->int64(i, 1);
    w.end = rows->int64(i, 2);
    w.orsak = rows->string(i, 3);
    auto services = decode_string_list(rows->text(i, 4));
    if (!services) {
      return make_error(ErrorCode::kStoreError,
                        fmt::format("servicefönster {} har en trasig tjänstelista", w.id));
    }
    w.tjanster = std::move(*services);
    w.skapad = rows->string(i, 5);
    w.typ = rows->string(i, 6);
    windows.push_back(std::move(w));
  }
  return windows;
}

Result<bool> PgWindowStore::remove(const std::string& id) {
  const auto number = parse_id(id);
  if (!number) return false;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("DELETE FROM servicefonster WHERE nummer = $1", Params().add(*number));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

}  // namespace utbyte::store::postgres
