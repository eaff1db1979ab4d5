#include "store/postgres/pg_user_store.h"

#include <fmt/format.h>

#include "store/column_codecs.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::string_view kUserSelect =
    "SELECT aktors_id, anvandarnamn, namn, losenord_hash, behorighet, aktiv, skapad "
    "FROM webb_anvandare ";

Result<WebUserRecord> read_user(const Rows& r, int i) {
  WebUserRecord u;
  u.aktors_id = r.string(i, 0);
  u.anvandarnamn = r.string(i, 1);
  u.namn = r.string(i, 2);
  u.losenord_hash = r.string(i, 3);
  auto types = decode_type_set(r.text(i, 4), "webb_anvandare.behorighet");
  if (!types.ok()) return types.error();
  u.behorighet = std::move(types).value();
  u.aktiv = r.boolean(i, 5);
  u.skapad = from_epoch_millis(r.int64(i, 6));
  return u;
}

}  // namespace

Result<WebUserRecord> PgUserStore::add_user(const WebUserRecord& user) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "INSERT INTO webb_anvandare (aktors_id, anvandarnamn, namn, losenord_hash, behorighet, "
      "aktiv, skapad) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
      Params()
          .add(user.aktors_id)
          .add(user.anvandarnamn)
          .add(user.namn)
          .add(user.losenord_hash)
          .add(encode_type_set(user.behorighet))
          .add(user.aktiv)
          .add(epoch_millis(user.skapad)));
  if (!rows.ok()) return rows.error();
  if (rows->affected() == 0) {
    return make_error(ErrorCode::kUserExists,
                      fmt::format("Användaren '{}' finns redan hos aktören '{}'", user.anvandarnamn,
                                  user.aktors_id));
  }
  return user;
}

Result<bool> PgUserStore::update_user(const WebUserRecord& user) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "UPDATE webb_anvandare SET namn = $3, losenord_hash = $4, behorighet = $5, aktiv = $6 "
      "WHERE aktors_id = $1 AND anvandarnamn = $2",
      Params()
          .add(user.aktors_id)
          .add(user.anvandarnamn)
          .add(user.namn)
          .add(user.losenord_hash)
          .add(encode_type_set(user.behorighet))
          .add(user.aktiv));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

Result<std::optional<WebUserRecord>> PgUserStore::find_user(const std::string& aktors_id,
                                                            const std::string& anvandarnamn) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows =
      (*conn)->query(std::string(kUserSelect) + "WHERE aktors_id = $1 AND anvandarnamn = $2",
                     Params().add(aktors_id).add(anvandarnamn));
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<WebUserRecord>{};
  auto user = read_user(*rows, 0);
  if (!user.ok()) return user.error();
  return std::optional<WebUserRecord>{std::move(user).value()};
}

Result<std::vector<WebUserRecord>> PgUserStore::list_users(const std::string& aktors_id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      std::string(kUserSelect) + "WHERE $1 = '' OR aktors_id = $1 ORDER BY aktors_id, anvandarnamn",
      Params().add(aktors_id));
  if (!rows.ok()) return rows.error();
  std::vector<WebUserRecord> out;
  for (int i = 0; i < rows->size(); ++i) {
    auto user = read_user(*rows, i);
    if (!user.ok()) return user.error();
    out.push_back(std::move(user).value());
  }
  return out;
}

Result<bool> PgUserStore::remove_user(const std::string& aktors_id,
                                      const std::string& anvandarnamn) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // Sessions go with the user (ON DELETE CASCADE).
  auto rows =
      (*conn)->query("DELETE FROM webb_anvandare WHERE aktors_id = $1 AND anvandarnamn = $2",
                     Params().add(aktors_id).add(anvandarnamn));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

Status PgUserStore::create_session(const WebSessionRecord& session) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "INSERT INTO webb_session (id_hash, aktors_id, anvandarnamn, csrf_token, skapad, "
      "senast_aktiv) VALUES ($1, $2, $3, $4, $5, $6)",
      Params()
          .add(session.id_hash)
          .add(session.aktors_id)
          .add(session.anvandarnamn)
          .add(session.csrf_token)
          .add(epoch_millis(session.skapad))
          .add(epoch_millis(session.senast_aktiv)));
  return rows.status();
}

Result<std::optional<WebSessionRecord>> PgUserStore::find_session(const std::string& id_hash) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT id_hash, aktors_id, anvandarnamn, csrf_token, skapad, senast_aktiv "
      "FROM webb_session WHERE id_hash = $1",
      Params().add(id_hash));
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<WebSessionRecord>{};
  WebSessionRecord s;
  s.id_hash = rows->string(0, 0);
  s.aktors_id = rows->string(0, 1);
  s.anvandarnamn = rows->string(0, 2);
  s.csrf_token = rows->string(0, 3);
  s.skapad = from_epoch_millis(rows->int64(0, 4));
  s.senast_aktiv = from_epoch_millis(rows->int64(0, 5));
  return std::optional<WebSessionRecord>{std::move(s)};
}

Result<bool> PgUserStore::touch_session(const std::string& id_hash,
                                        std::chrono::system_clock::time_point at) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("UPDATE webb_session SET senast_aktiv = $2 WHERE id_hash = $1",
                             Params().add(id_hash).add(epoch_millis(at)));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

Status PgUserStore::remove_session(const std::string& id_hash) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return (*conn)
      ->query("DELETE FROM webb_session WHERE id_hash = $1", Params().add(id_hash))
      .status();
}

Result<int> PgUserStore::purge_sessions(std::chrono::system_clock::time_point idle_before) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("DELETE FROM webb_session WHERE senast_aktiv < $1",
                             Params().add(epoch_millis(idle_before)));
  if (!rows.ok()) return rows.error();
  return static_cast<int>(rows->affected());
}

}  // namespace utbyte::store::postgres
