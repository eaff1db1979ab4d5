// Picks the backend a --db spec names. The only place outside src/store/sqlite and
// src/store/postgres that knows both exist.

#include <filesystem>

#include <fmt/format.h>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_register_editor.h"
#include "store/postgres/pg_register_loader.h"
#include "store/postgres/pg_store.h"
#include "store/register_writers.h"
#include "store/sqlite/register_editor.h"
#include "store/sqlite/register_loader.h"
#include "store/store.h"

namespace utbyte::store {

bool is_postgres_spec(const std::string& spec) { return postgres::is_postgres_url(spec); }

std::string sqlite_path(const std::string& spec) {
  constexpr std::string_view kPrefix = "sqlite:";
  return spec.starts_with(kPrefix) ? spec.substr(kPrefix.size()) : spec;
}

std::string masked_spec(const std::string& spec) {
  return is_postgres_spec(spec) ? postgres::mask_url(spec) : spec;
}

Result<StorePtr> open_store(const std::string& spec) {
  if (is_postgres_spec(spec)) return open_postgres_store(spec, PostgresStoreOptions{});
  return open_sqlite_store(sqlite_path(spec));
}

Result<StorePtr> open_existing_store(const std::string& spec) {
  std::error_code ec;
  if (!is_postgres_spec(spec) && !std::filesystem::is_regular_file(sqlite_path(spec), ec)) {
    return make_error(ErrorCode::kIoError, fmt::format("'{}' finns inte", sqlite_path(spec)));
  }
  return open_store(spec);
}

Result<std::unique_ptr<RegisterLoader>> open_register_loader(const std::string& spec) {
  if (is_postgres_spec(spec)) {
    auto loader = postgres::PgRegisterLoader::open(spec);
    if (!loader.ok()) return loader.error();
    return std::unique_ptr<RegisterLoader>(std::move(loader).value());
  }
  auto loader = sqlite::SqliteRegisterLoader::open(sqlite_path(spec));
  if (!loader.ok()) return loader.error();
  return std::unique_ptr<RegisterLoader>(std::move(loader).value());
}

Result<std::unique_ptr<RegisterEditor>> open_register_editor(const std::string& spec) {
  if (is_postgres_spec(spec)) {
    auto editor = postgres::PgRegisterEditor::open(spec);
    if (!editor.ok()) return editor.error();
    return std::unique_ptr<RegisterEditor>(std::move(editor).value());
  }
  auto editor = sqlite::SqliteRegisterEditor::open(sqlite_path(spec));
  if (!editor.ok()) return editor.error();
  return std::unique_ptr<RegisterEditor>(std::move(editor).value());
}

}  // namespace utbyte::store
