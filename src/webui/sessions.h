#pragma once

// Login sessions of the web interface. The cookie carries a random 256-bit id; the store keeps
// only its SHA-256, the organisation and user it belongs to, its CSRF token and when it was last
// used. A session idle longer than the timeout is gone, and so is one older than its absolute
// lifetime however busy it is (a stolen cookie does not live for ever).

#include <chrono>
#include <functional>
#include <string>

#include "core/result.h"
#include "store/user_store.h"

namespace utbyte::webui {

// The session cookie: sent only over HTTPS, never to scripts, never on cross-site requests, and
// only to the web interface's paths.
inline constexpr std::string_view kSessionCookie = "webb_session";

// How long a session lives at most, in use or not (OWASP's absolute timeout; decisions W-rows).
inline constexpr std::chrono::hours kSessionMaxLifetime{8};

struct StartedSession {
  std::string cookie_value;  // goes to the browser, never stored
  store::WebSessionRecord record;
};

class SessionManager {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;

  SessionManager(store::UserStore& users, std::chrono::seconds idle_timeout, Now now,
                 std::chrono::seconds max_lifetime = kSessionMaxLifetime)
      : users_(users),
        idle_timeout_(idle_timeout),
        max_lifetime_(max_lifetime),
        now_(std::move(now)) {}

  // Creates a session for the user. Errors: kCryptoError, kStoreError.
  Result<StartedSession> start(const std::string& aktors_id, const std::string& anvandarnamn);

  // The live session of `cookie_value` for the organisation `aktors_id` (from this request's
  // client certificate), marked as used now. Errors: kSessionMissing when there is no such
  // session, it has been idle too long or lived past its lifetime (it is then removed) or it
  // belongs to another
  // organisation; kStoreError.
  Result<store::WebSessionRecord> resume(const std::string& cookie_value,
                                         const std::string& aktors_id);

  // Logs out. Unknown values are ignored.
  Status end(const std::string& cookie_value);

  // Removes every session idle past the timeout; returns how many.
  Result<int> purge_expired();

  // "webb_session=…; Path=/webb; Secure; HttpOnly; SameSite=Strict" (no Max-Age: the cookie
  // ends with the browser, the session with the idle timeout, whichever comes first).
  static std::string set_cookie_header(std::string_view value);
  // Clears the cookie in the browser.
  static std::string clear_cookie_header();

  std::chrono::seconds idle_timeout() const { return idle_timeout_; }

 private:
  store::UserStore& users_;
  const std::chrono::seconds idle_timeout_;
  const std::chrono::seconds max_lifetime_;
  const Now now_;
};

// Parses --webb-session-timeout: a whole number with unit s, m or h ("15m", "90s", "1h"); bare
// digits are minutes. Between 1 second and 24 hours. Errors: kConfigError.
Result<std::chrono::seconds> parse_session_timeout(std::string_view text);

// True when a submitted CSRF token matches the session's (constant time).
bool csrf_matches(const store::WebSessionRecord& session, std::string_view submitted);

}  // namespace utbyte::webui
