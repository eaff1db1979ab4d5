#include "webui/sessions.h"

#include <gtest/gtest.h>

#include "../store/test_db.h"
#include "store/store.h"
#include "webui/login_throttle.h"
#include "webui/tokens.h"

namespace utbyte::webui {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::system_clock;

class SessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite_store(dir_.file("s.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    for (const char* name : {"anna", "adam"}) {
      ASSERT_TRUE(store_->users()
                      .add_user({"KOMMUN-1", name, name, "x", {}, true, system_clock::now()})
                      .ok());
    }
  }

  SessionManager manager(seconds timeout = minutes(15)) {
    return SessionManager(store_->users(), timeout, [this] { return now_; });
  }

  store::testing::TempDir dir_;
  store::StorePtr store_;
  system_clock::time_point now_ = system_clock::time_point(std::chrono::hours(500'000));
};

TEST_F(SessionsTest, CookieIs256BitsAndOnlyItsHashIsStored) {
  auto sessions = manager();
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->cookie_value.size(), 64u);
  EXPECT_EQ(started->record.id_hash, sha256_hex(started->cookie_value));
  EXPECT_NE(started->record.id_hash, started->cookie_value);
  EXPECT_EQ(started->record.csrf_token.size(), 64u);
  EXPECT_TRUE(store_->users().find_session(started->record.id_hash)->has_value());
  EXPECT_FALSE(store_->users().find_session(started->cookie_value)->has_value());

  auto other = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->cookie_value, started->cookie_value);
  EXPECT_NE(other->record.csrf_token, started->record.csrf_token);
}

TEST_F(SessionsTest, ASessionInUseEndsAtItsAbsoluteLifetime) {
  // Issue 18: a session kept busy used to live for ever.
  auto sessions = manager(minutes(15));
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  const auto lifetime = std::chrono::duration_cast<minutes>(kSessionMaxLifetime);
  for (minutes used{10}; used < lifetime; used += minutes(10)) {
    now_ += minutes(10);
    ASSERT_TRUE(sessions.resume(started->cookie_value, "KOMMUN-1").ok()) << used.count();
  }
  now_ += minutes(10);  // exactly the lifetime: still alive
  ASSERT_TRUE(sessions.resume(started->cookie_value, "KOMMUN-1").ok());
  now_ += minutes(1);
  auto expired = sessions.resume(started->cookie_value, "KOMMUN-1");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kSessionMissing);
  EXPECT_FALSE(store_->users().find_session(started->record.id_hash)->has_value());
}

TEST_F(SessionsTest, ResumesWithinTheIdleTimeoutAndSlidesIt) {
  auto sessions = manager(minutes(15));
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  now_ += minutes(14);
  auto resumed = sessions.resume(started->cookie_value, "KOMMUN-1");
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(resumed->anvandarnamn, "anna");
  EXPECT_EQ(resumed->senast_aktiv, now_);
  now_ += minutes(14);  // 28 minutes after login, 14 after the last use
  EXPECT_TRUE(sessions.resume(started->cookie_value, "KOMMUN-1").ok());
}

TEST_F(SessionsTest, ExpiredSessionIsRefusedAndRemoved) {
  auto sessions = manager(minutes(15));
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  now_ += minutes(15) + seconds(1);
  auto resumed = sessions.resume(started->cookie_value, "KOMMUN-1");
  ASSERT_FALSE(resumed.ok());
  EXPECT_EQ(resumed.error().code, ErrorCode::kSessionMissing);
  EXPECT_FALSE(store_->users().find_session(started->record.id_hash)->has_value());
}

TEST_F(SessionsTest, RefusesUnknownMalformedAndOtherOrganisationsCookies) {
  auto sessions = manager();
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  for (const std::string& cookie :
       {std::string(), std::string("abc"), std::string(64, 'g'), std::string(64, '0'),
        started->record.id_hash /* the stored hash is not a cookie */}) {
    auto resumed = sessions.resume(cookie, "KOMMUN-1");
    ASSERT_FALSE(resumed.ok()) << cookie;
    EXPECT_EQ(resumed.error().code, ErrorCode::kSessionMissing);
  }
  EXPECT_FALSE(sessions.resume(started->cookie_value, "KOMMUN-2").ok());
  // Still valid for its own organisation.
  EXPECT_TRUE(sessions.resume(started->cookie_value, "KOMMUN-1").ok());
}

TEST_F(SessionsTest, LogoutEndsTheSession) {
  auto sessions = manager();
  auto started = sessions.start("KOMMUN-1", "anna");
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(sessions.end(started->cookie_value).ok());
  EXPECT_FALSE(sessions.resume(started->cookie_value, "KOMMUN-1").ok());
  EXPECT_TRUE(sessions.end("not-a-cookie").ok());
}

TEST_F(SessionsTest, PurgeRemovesOnlyIdleSessions) {
  auto sessions = manager(minutes(15));
  auto old_one = sessions.start("KOMMUN-1", "anna");
  now_ += minutes(10);
  auto new_one = sessions.start("KOMMUN-1", "adam");
  ASSERT_TRUE(old_one.ok() && new_one.ok());
  now_ += minutes(6);
  auto purged = sessions.purge_expired();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(sessions.resume(new_one->cookie_value, "KOMMUN-1").ok());
}

TEST(CsrfTest, MatchesOnlyTheSessionsToken) {
  store::WebSessionRecord session;
  session.csrf_token = std::string(64, 'a');
  EXPECT_TRUE(csrf_matches(session, std::string(64, 'a')));
  EXPECT_FALSE(csrf_matches(session, std::string(64, 'b')));
  EXPECT_FALSE(csrf_matches(session, ""));
  session.csrf_token.clear();
  EXPECT_FALSE(csrf_matches(session, ""));  // an empty token never matches
}

TEST(CookieTest, SessionCookieHasEverySecurityAttribute) {
  const std::string header = SessionManager::set_cookie_header("abc");
  EXPECT_EQ(header, "webb_session=abc; Path=/webb; Secure; HttpOnly; SameSite=Strict");
  EXPECT_NE(SessionManager::clear_cookie_header().find("Max-Age=0"), std::string::npos);
}

TEST(SessionTimeoutTest, ParsesUnits) {
  EXPECT_EQ(*parse_session_timeout("15m"), minutes(15));
  EXPECT_EQ(*parse_session_timeout("15"), minutes(15));
  EXPECT_EQ(*parse_session_timeout("90s"), seconds(90));
  EXPECT_EQ(*parse_session_timeout("1h"), std::chrono::hours(1));
  for (const char* bad : {"", "0s", "25h", "m", "-5m", "5 m", "1d", "99999999m"}) {
    auto parsed = parse_session_timeout(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kConfigError);
  }
}

TEST(LoginThrottleTest, LocksAfterRepeatedFailuresAndUnlocksLater) {
  LoginThrottle throttle({3, std::chrono::minutes(15), std::chrono::minutes(15), 100});
  const auto t0 = LoginThrottle::Clock::time_point(std::chrono::hours(1));
  throttle.record_failure("k", t0);
  throttle.record_failure("k", t0);
  EXPECT_FALSE(throttle.locked("k", t0));
  throttle.record_failure("k", t0);
  EXPECT_TRUE(throttle.locked("k", t0));
  EXPECT_FALSE(throttle.locked("other", t0));
  EXPECT_TRUE(throttle.locked("k", t0 + minutes(14)));
  EXPECT_FALSE(throttle.locked("k", t0 + minutes(16)));
}

TEST(LoginThrottleTest, FailuresOutsideTheWindowDoNotAddUpAndSuccessResets) {
  LoginThrottle throttle({3, std::chrono::minutes(15), std::chrono::minutes(15), 100});
  const auto t0 = LoginThrottle::Clock::time_point(std::chrono::hours(1));
  throttle.record_failure("k", t0);
  throttle.record_failure("k", t0);
  throttle.record_failure("k", t0 + minutes(20));
  EXPECT_FALSE(throttle.locked("k", t0 + minutes(20)));
  throttle.record_failure("k", t0 + minutes(21));
  throttle.record_success("k");
  throttle.record_failure("k", t0 + minutes(22));
  EXPECT_FALSE(throttle.locked("k", t0 + minutes(22)));
}

TEST(LoginThrottleTest, AFloodOfNamesNeverForgetsALiveLock) {
  // Issue 18: 100 000 distinct names used to clear the whole table, locks included.
  LoginThrottle throttle({2, std::chrono::minutes(15), std::chrono::minutes(15), 10});
  const auto t0 = LoginThrottle::Clock::time_point(std::chrono::hours(1));
  throttle.record_failure("org/anna", t0);
  throttle.record_failure("org/anna", t0);
  ASSERT_TRUE(throttle.locked("org/anna", t0));
  for (int i = 0; i < 1000; ++i) throttle.record_failure("org/x" + std::to_string(i), t0);
  EXPECT_TRUE(throttle.locked("org/anna", t0 + std::chrono::minutes(1)));
  // A table of nothing but live locks: an unknown name is refused until the first lock ends.
  for (int i = 0; i < 20; ++i) {
    throttle.record_failure("org/y" + std::to_string(i), t0);
    throttle.record_failure("org/y" + std::to_string(i), t0);
  }
  EXPECT_TRUE(throttle.locked("org/anna", t0 + std::chrono::minutes(2)));
  EXPECT_TRUE(throttle.locked("org/okand", t0 + std::chrono::minutes(2)));
  EXPECT_FALSE(throttle.locked("org/okand", t0 + std::chrono::minutes(16)));
  EXPECT_FALSE(throttle.locked("org/anna", t0 + std::chrono::minutes(16)));
}

}  // namespace
}  // namespace utbyte::webui
