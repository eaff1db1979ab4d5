#include "webui/sessions.h"

#include <fmt/format.h>

#include "webui/tokens.h"

namespace utbyte::webui {
namespace {

constexpr std::size_t kSessionIdBytes = 32;  // 256 bits
constexpr std::size_t kCsrfBytes = 32;
// Cookie values are 64 hex digits; anything else is not ours and is not looked up.
constexpr std::size_t kCookieLength = kSessionIdBytes * 2;

Error missing() {
  return make_error(ErrorCode::kSessionMissing, "Du är inte inloggad eller sessionen har gått ut");
}

bool is_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

Result<StartedSession> SessionManager::start(const std::string& aktors_id,
                                             const std::string& anvandarnamn) {
  auto id = random_hex(kSessionIdBytes);
  if (!id.ok()) return id.error();
  auto csrf = random_hex(kCsrfBytes);
  if (!csrf.ok()) return csrf.error();
  const auto now = now_();
  StartedSession started{*id, {sha256_hex(*id), aktors_id, anvandarnamn, *csrf, now, now}};
  if (Status s = users_.create_session(started.record); !s.ok()) return s.error();
  return started;
}

Result<store::WebSessionRecord> SessionManager::resume(const std::string& cookie_value,
                                                       const std::string& aktors_id) {
  if (cookie_value.size() != kCookieLength || !is_hex(cookie_value)) return missing();
  const std::string id_hash = sha256_hex(cookie_value);
  auto found = users_.find_session(id_hash);
  if (!found.ok()) return found.error();
  if (!*found) return missing();
  const auto now = now_();
  if (now - (*found)->senast_aktiv > idle_timeout_ || now - (*found)->skapad > max_lifetime_) {
    if (Status s = users_.remove_session(id_hash); !s.ok()) return s.error();
    return missing();
  }
  // A cookie carried to another organisation's certificate is worth nothing there.
  if ((*found)->aktors_id != aktors_id) return missing();
  auto touched = users_.touch_session(id_hash, now);
  if (!touched.ok()) return touched.error();
  if (!*touched) return missing();
  store::WebSessionRecord session = std::move(**found);
  session.senast_aktiv = now;
  return session;
}

Status SessionManager::end(const std::string& cookie_value) {
  if (cookie_value.size() != kCookieLength || !is_hex(cookie_value)) return {};
  return users_.remove_session(sha256_hex(cookie_value));
}

Result<int> SessionManager::purge_expired() {
  return users_.purge_sessions(now_() - idle_timeout_);
}

std::string SessionManager::set_cookie_header(std::string_view value) {
  return fmt::format("{}={}; Path=/webb; Secure; HttpOnly; SameSite=Strict", kSessionCookie, value);
}

std::string SessionManager::clear_cookie_header() {
  return fmt::format("{}=; Path=/webb; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
                     kSessionCookie);
}

Result<std::chrono::seconds> parse_session_timeout(std::string_view text) {
  const Error bad =
      make_error(ErrorCode::kConfigError,
                 "--webb-session-timeout ska vara t.ex. 15m, 90s eller 1h (1 s–24 h)");
  if (text.empty() || text.size() > 8) return bad;
  long multiplier = 60;
  switch (text.back()) {
    case 's':
      multiplier = 1;
      text.remove_suffix(1);
      break;
    case 'm':
      text.remove_suffix(1);
      break;
    case 'h':
      multiplier = 3600;
      text.remove_suffix(1);
      break;
    default:
      break;
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return bad;
  const long seconds = std::stol(std::string(text)) * multiplier;
  if (seconds < 1 || seconds > 24 * 3600) return bad;
  return std::chrono::seconds(seconds);
}

bool csrf_matches(const store::WebSessionRecord& session, std::string_view submitted) {
  return !submitted.empty() && constant_time_equals(session.csrf_token, submitted);
}

}  // namespace utbyte::webui
