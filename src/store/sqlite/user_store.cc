#include "store/sqlite/user_store.h"

#include <fmt/format.h>

#include "store/column_codecs.h"

namespace utbyte::store::sqlite {
namespace {

constexpr const char* kUserColumns =
    "aktors_id, anvandarnamn, namn, losenord_hash, behorighet, aktiv, skapad";

Result<WebUserRecord> read_user(const Statement& stmt) {
  WebUserRecord u;
  u.aktors_id = stmt.column_string(0);
  u.anvandarnamn = stmt.column_string(1);
  u.namn = stmt.column_string(2);
  u.losenord_hash = stmt.column_string(3);
  auto types = decode_type_set(stmt.column_text(4), "webb_anvandare.behorighet");
  if (!types.ok()) return types.error();
  u.behorighet = std::move(types).value();
  u.aktiv = stmt.column_int64(5) != 0;
  u.skapad = from_epoch_millis(stmt.column_int64(6));
  return u;
}

}  // namespace

Result<std::unique_ptr<SqliteUserStore>> SqliteUserStore::open(const std::string& path) {
  auto conn = Connection::open(path, /*create=*/false);
  if (!conn.ok()) return conn.error();
  return std::make_unique<SqliteUserStore>(std::move(conn).value());
}

Result<std::int64_t> SqliteUserStore::changes() { return conn_.query_int("SELECT changes()"); }

Result<WebUserRecord> SqliteUserStore::add_user(const WebUserRecord& user) {
  std::lock_guard lock(mutex_);
  // ON CONFLICT DO NOTHING turns the duplicate into "0 rows changed" instead of an SQLite error
  // whose text would have to be parsed.
  auto stmt = conn_.prepare(fmt::format(
      "INSERT INTO webb_anvandare ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
      kUserColumns));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, user.aktors_id);
  stmt->bind(2, user.anvandarnamn);
  stmt->bind(3, user.namn);
  stmt->bind(4, user.losenord_hash);
  stmt->bind(5, encode_type_set(user.behorighet));
  stmt->bind(6, std::int64_t{user.aktiv ? 1 : 0});
  stmt->bind(7, epoch_millis(user.skapad));
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = changes();
  if (!changed.ok()) return changed.error();
  if (*changed == 0) {
    return make_error(ErrorCode::kUserExists,
                      fmt::format("Användaren '{}' finns redan hos aktören '{}'", user.anvandarnamn,
                                  user.aktors_id));
  }
  return user;
}

Result<bool> SqliteUserStore::update_user(const WebUserRecord& user) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(
      "UPDATE webb_anvandare SET namn = ?3, losenord_hash = ?4, behorighet = ?5, aktiv = ?6 "
      "WHERE aktors_id = ?1 AND anvandarnamn = ?2");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, user.aktors_id);
  stmt->bind(2, user.anvandarnamn);
  stmt->bind(3, user.namn);
  stmt->bind(4, user.losenord_hash);
  stmt->bind(5, encode_type_set(user.behorighet));
  stmt->bind(6, std::int64_t{user.aktiv ? 1 : 0});
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = changes();
  if (!changed.ok()) return changed.error();
  return *changed > 0;
}

Result<std::optional<WebUserRecord>> SqliteUserStore::find_user(const std::string& aktors_id,
                                                                const std::string& anvandarnamn) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(fmt::format(
      "SELECT {} FROM webb_anvandare WHERE aktors_id = ?1 AND anvandarnamn = ?2", kUserColumns));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, aktors_id);
  stmt->bind(2, anvandarnamn);
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<WebUserRecord>{};
  auto user = read_user(*stmt);
  if (!user.ok()) return user.error();
  return std::optional<WebUserRecord>{std::move(user).value()};
}

Result<std::vector<WebUserRecord>> SqliteUserStore::list_users(const std::string& aktors_id) {
  std::lock_guard lock(mutex_);
  auto stmt =
      conn_.prepare(fmt::format("SELECT {} FROM webb_anvandare WHERE ?1 = '' OR aktors_id = ?1 "
                                "ORDER BY aktors_id, anvandarnamn",
                                kUserColumns));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, aktors_id);
  std::vector<WebUserRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto user = read_user(*stmt);
    if (!user.ok()) return user.error();
    out.push_back(std::move(user).value());
  }
  return out;
}

Result<bool> SqliteUserStore::remove_user(const std::string& aktors_id,
                                          const std::string& anvandarnamn) {
  std::lock_guard lock(mutex_);
  // Sessions go with the user (ON DELETE CASCADE).
  auto stmt =
      conn_.prepare("DELETE FROM webb_anvandare WHERE aktors_id = ?1 AND anvandarnamn = ?2");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, aktors_id);
  stmt->bind(2, anvandarnamn);
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = changes();
  if (!changed.ok()) return changed.error();
  return *changed > 0;
}

Status SqliteUserStore::create_session(const WebSessionRecord& session) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(
      "INSERT INTO webb_session (id_hash, aktors_id, anvandarnamn, csrf_token, skapad, "
      "senast_aktiv) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, session.id_hash);
  stmt->bind(2, session.aktors_id);
  stmt->bind(3, session.anvandarnamn);
  stmt->bind(4, session.csrf_token);
  stmt->bind(5, epoch_millis(session.skapad));
  stmt->bind(6, epoch_millis(session.senast_aktiv));
  return stmt->run();
}

Result<std::optional<WebSessionRecord>> SqliteUserStore::find_session(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare(
      "SELECT id_hash, aktors_id, anvandarnamn, csrf_token, skapad, senast_aktiv "
      "FROM webb_session WHERE id_hash = ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id_hash);
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<WebSessionRecord>{};
  WebSessionRecord s;
  s.id_hash = stmt->column_string(0);
  s.aktors_id = stmt->column_string(1);
  s.anvandarnamn = stmt->column_string(2);
  s.csrf_token = stmt->column_string(3);
  s.skapad = from_epoch_millis(stmt->column_int64(4));
  s.senast_aktiv = from_epoch_millis(stmt->column_int64(5));
  return std::optional<WebSessionRecord>{std::move(s)};
}

Result<bool> SqliteUserStore::touch_session(const std::string& id_hash,
                                            std::chrono::system_clock::time_point at) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare("UPDATE webb_session SET senast_aktiv = ?2 WHERE id_hash = ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id_hash);
  stmt->bind(2, epoch_millis(at));
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = changes();
  if (!changed.ok()) return changed.error();
  return *changed > 0;
}

Status SqliteUserStore::remove_session(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare("DELETE FROM webb_session WHERE id_hash = ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id_hash);
  return stmt->run();
}

Result<int> SqliteUserStore::purge_sessions(std::chrono::system_clock::time_point idle_before) {
  std::lock_guard lock(mutex_);
  auto stmt = conn_.prepare("DELETE FROM webb_session WHERE senast_aktiv < ?1");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, epoch_millis(idle_before));
  if (Status s = stmt->run(); !s.ok()) return s.error();
  auto changed = changes();
  if (!changed.ok()) return changed.error();
  return static_cast<int>(*changed);
}

}  // namespace utbyte::store::sqlite
