#include "client/retry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <mutex>
#include <random>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace utbyte::client {
namespace {

using std::chrono::milliseconds;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int> number(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
  if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> month_of(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (name == kMonths[i]) return i + 1;
  }
  return std::nullopt;
}

// "08:49:37" as seconds of the day.
std::optional<std::chrono::seconds> time_of_day(std::string_view s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  const auto h = number(s.substr(0, 2), 2, 2);
  const auto m = number(s.substr(3, 2), 2, 2);
  const auto sec = number(s.substr(6, 2), 2, 2);
  // 60 is a leap second, which HTTP-dates allow.
  if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
  return std::chrono::seconds{*h * 3600 + *m * 60 + *sec};
}

std::optional<std::chrono::system_clock::time_point> compose(int y, std::string_view month, int d,
                                                             std::string_view hms) {
  using namespace std::chrono;
  const auto mon = month_of(month);
  const auto tod = time_of_day(hms);
  if (!mon || !tod || d < 1) return std::nullopt;
  const year_month_day ymd{year{y}, std::chrono::month{*mon}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + *tod;
}

bool weekday_token(std::string_view s, bool with_comma) {
  if (with_comma) {
    if (s.empty() || s.back() != ',') return false;
    s.remove_suffix(1);
  }
  return s.size() >= 3 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
         });
}

std::string felkod_of(const HttpResult& result) {
  const auto body = nlohmann::json::parse(result.body, nullptr, false);
  if (body.is_object() && body.contains("felkod") && body["felkod"].is_string()) {
    return body["felkod"].get<std::string>();
  }
  return "";
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  std::vector<std::string_view> tokens;
  text = trim(text);
  while (!text.empty()) {
    const auto space = text.find(' ');
    tokens.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  if (tokens.size() == 6 && weekday_token(tokens[0], true) && tokens[5] == "GMT") {
    const auto d = number(tokens[1], 2, 2);
    const auto y = number(tokens[3], 4, 4);
    if (!d || !y) return std::nullopt;
    return compose(*y, tokens[2], *d, tokens[4]);
  }
  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". A two-digit year is taken within 1970-2069,
  // which covers every date a live server can send.
  if (tokens.size() == 4 && weekday_token(tokens[0], true) && tokens[3] == "GMT") {
    const std::string_view dmy = tokens[1];
    if (dmy.size() != 9 || dmy[2] != '-' || dmy[6] != '-') return std::nullopt;
    const auto d = number(dmy.substr(0, 2), 2, 2);
    const auto yy = number(dmy.substr(7, 2), 2, 2);
    if (!d || !yy) return std::nullopt;
    return compose(*yy < 70 ? 2000 + *yy : 1900 + *yy, dmy.substr(3, 3), *d, tokens[2]);
  }
  // asctime: "Sun Nov  6 08:49:37 1994".
  if (tokens.size() == 5 && weekday_token(tokens[0], false)) {
    const auto d = number(tokens[2], 1, 2);
    const auto y = number(tokens[4], 4, 4);
    if (!d || !y) return std::nullopt;
    return compose(*y, tokens[1], *d, tokens[3]);
  }
  return std::nullopt;
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Anything beyond 9 digits (over 31 years) is nonsense; treat it as unusable.
    const auto seconds = number(value, 1, 9);
    if (!seconds) return std::nullopt;
    return milliseconds{std::chrono::seconds{*seconds}};
  }
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return milliseconds{0};
  return std::chrono::ceil<milliseconds>(*date - now);
}

milliseconds backoff_ceiling(const RetryPolicy& policy, int retry) {
  if (retry < 1) retry = 1;
  // Doubling from base stays below cap long before 2^n overflows; stop as soon as it reaches it.
  milliseconds ceiling = policy.base;
  for (int i = 1; i < retry && ceiling < policy.cap; ++i) ceiling *= 2;
  return std::min(ceiling, policy.cap);
}

milliseconds full_jitter(const RetryPolicy& policy, int retry, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  const auto ceiling = backoff_ceiling(policy, retry);
  const auto ms =
      static_cast<milliseconds::rep>(std::floor(unit * static_cast<double>(ceiling.count())));
  return std::min(milliseconds{ms}, ceiling);
}

RetryDecision decide_retry(const RetryPolicy& policy, int attempt,
                           const Result<HttpResult>& outcome,
                           std::chrono::system_clock::time_point now, double unit) {
  RetryDecision d;
  bool retryable = false;
  bool backoff = false;
  if (!outcome.ok()) {
    const Error& error = outcome.error();
    d.what = fmt::format("anslutningsfel ({})", error.message);
    // Transport failures (kIoError) heal; a handshake TLS refused (kCryptoError: a certificate
    // the server refuses, a wrong CA) does not, and retrying only delays the message.
    retryable = error.code == ErrorCode::kIoError;
    backoff = true;
  } else {
    const HttpResult& result = *outcome;
    const std::string code = felkod_of(result);
    d.what = code.empty() ? fmt::format("HTTP {}", result.status)
                          : fmt::format("HTTP {} {}", result.status, code);
    if (result.status == 429 || result.status == 503) {
      retryable = true;
      const auto header = result.headers.find("retry-after");
      std::optional<milliseconds> wait;
      if (header != result.headers.end()) wait = parse_retry_after(header->second, now);
      if (wait) {
        if (*wait > policy.max_retry_after) {
          d.what +=
              fmt::format(" (Retry-After {}, längre än vad klienten väntar)", format_wait(*wait));
          d.wait = *wait;
          d.server_said = true;
          return d;
        }
        d.wait = *wait;
        d.server_said = true;
      } else {
        backoff = true;
      }
    } else if (result.status == 502 || result.status == 504) {
      retryable = true;
      backoff = true;
    }
  }
  if (!retryable || attempt >= policy.max_attempts) return d;
  d.retry = true;
  if (backoff) d.wait = full_jitter(policy, attempt, unit);
  return d;
}

Result<HttpResult> send_with_retry(const std::function<Result<HttpResult>()>& send, Pacer& pacer,
                                   const RetryPolicy& policy, const RetryHooks& hooks) {
  std::function<double()> random = hooks.random;
  if (!random) {
    // Per call: cheap next to a TLS round trip, and no state shared between threads.
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    random = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
  }
  for (int attempt = 1;; ++attempt) {
    Permit permit = pacer.acquire();
    Result<HttpResult> outcome = send();
    permit.done();
    const RetryDecision d =
        decide_retry(policy, attempt, outcome, pacer.time().wall_now(), random());
    if (!d.retry) return outcome;
    if (hooks.on_retry) {
      hooks.on_retry(fmt::format("{}: försöker igen om {} (försök {} av {})", d.what,
                                 format_wait(d.wait), attempt + 1, policy.max_attempts));
    }
    // Measured from now, after the answer: never earlier than the server asked.
    pacer.penalise(d.wait);
  }
}

Result<HttpResult> send_with_retry(HttpsClient& http, Pacer& pacer, const RetryPolicy& policy,
                                   const std::string& method, const std::string& path,
                                   const std::string& body, const RetryHooks& hooks) {
  return send_with_retry([&] { return http.request(method, path, body); }, pacer, policy, hooks);
}

}  // namespace utbyte::client
