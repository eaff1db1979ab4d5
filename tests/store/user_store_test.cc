#include <gtest/gtest.h>

#include "store/store.h"
#include "test_db.h"

namespace utbyte::store {
namespace {

using domain::InformationType;
using std::chrono::system_clock;

WebUserRecord user(std::string aktor, std::string name) {
  return {std::move(aktor),
          std::move(name),
          "Anna Andersson",
          "pbkdf2-sha256$1000$x$y",
          {InformationType::kSjukpenning, InformationType::kUtbetalning},
          true,
          system_clock::time_point(std::chrono::milliseconds(1'700'000'000'000))};
}

WebSessionRecord session(std::string id, std::string aktor, std::string name, std::int64_t ms) {
  const system_clock::time_point t{std::chrono::milliseconds(ms)};
  return {std::move(id), std::move(aktor), std::move(name), "csrf", t, t};
}

TEST(UserStoreTest, AddsFindsListsUpdatesAndRemovesUsers) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.file("u.db"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto& users = (*store)->users();
  ASSERT_TRUE(users.add_user(user("KOMMUN-2", "bertil")).ok());
  ASSERT_TRUE(users.add_user(user("KOMMUN-1", "anna")).ok());
  ASSERT_TRUE(users.add_user(user("KOMMUN-1", "adam")).ok());

  auto duplicate = users.add_user(user("KOMMUN-1", "anna"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kUserExists);

  auto found = users.find_user("KOMMUN-1", "anna");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((**found).namn, "Anna Andersson");
  EXPECT_EQ((**found).behorighet, user("", "").behorighet);
  EXPECT_EQ((**found).skapad, user("", "").skapad);
  EXPECT_TRUE((**found).aktiv);
  EXPECT_FALSE(users.find_user("KOMMUN-2", "anna")->has_value());

  auto all = users.list_users("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].anvandarnamn, "adam");
  EXPECT_EQ((*all)[2].aktors_id, "KOMMUN-2");
  EXPECT_EQ(users.list_users("KOMMUN-1")->size(), 2u);

  WebUserRecord changed = **found;
  changed.aktiv = false;
  changed.behorighet = {InformationType::kBarnbidrag};
  EXPECT_TRUE(*users.update_user(changed));
  EXPECT_FALSE((**users.find_user("KOMMUN-1", "anna")).aktiv);
  EXPECT_EQ((**users.find_user("KOMMUN-1", "anna")).behorighet, changed.behorighet);
  changed.anvandarnamn = "okand";
  EXPECT_FALSE(*users.update_user(changed));

  EXPECT_TRUE(*users.remove_user("KOMMUN-1", "anna"));
  EXPECT_FALSE(*users.remove_user("KOMMUN-1", "anna"));
}

TEST(UserStoreTest, SessionsAreTouchedPurgedAndGoWithTheirUser) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.file("s.db"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto& users = (*store)->users();
  ASSERT_TRUE(users.add_user(user("KOMMUN-1", "anna")).ok());
  ASSERT_TRUE(users.add_user(user("KOMMUN-1", "adam")).ok());
  ASSERT_TRUE(users.create_session(session("h1", "KOMMUN-1", "anna", 1000)).ok());
  ASSERT_TRUE(users.create_session(session("h2", "KOMMUN-1", "anna", 5000)).ok());
  ASSERT_TRUE(users.create_session(session("h3", "KOMMUN-1", "adam", 1000)).ok());

  auto found = users.find_session("h1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((**found).anvandarnamn, "anna");
  EXPECT_EQ((**found).csrf_token, "csrf");

  const system_clock::time_point later{std::chrono::milliseconds(9000)};
  EXPECT_TRUE(*users.touch_session("h1", later));
  EXPECT_EQ((**users.find_session("h1")).senast_aktiv, later);
  EXPECT_FALSE(*users.touch_session("nope", later));

  // Idle since before 6 s: h2 (5 s) and h3 (1 s); h1 was touched at 9 s.
  auto purged = users.purge_sessions(system_clock::time_point{std::chrono::milliseconds(6000)});
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 2);
  EXPECT_TRUE(users.find_session("h1")->has_value());
  EXPECT_FALSE(users.find_session("h3")->has_value());

  ASSERT_TRUE(users.remove_session("h1").ok());
  EXPECT_FALSE(users.find_session("h1")->has_value());

  ASSERT_TRUE(users.create_session(session("h4", "KOMMUN-1", "anna", 1000)).ok());
  EXPECT_TRUE(*users.remove_user("KOMMUN-1", "anna"));
  EXPECT_FALSE(users.find_session("h4")->has_value());
}

}  // namespace
}  // namespace utbyte::store
