#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "client/https_client.h"
#include "client/pacer.h"
#include "core/result.h"

namespace utbyte::client {

// When and how often an idempotent request (every LEFI query is a read) is sent again.
struct RetryPolicy {
  int max_attempts = 5;  // in all, the first one included
  // Exponential backoff with full jitter for connection errors, 502, 504 (and 429/503 without a
  // usable Retry-After): retry n waits uniform [0, min(cap, base * 2^(n-1))].
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{30'000};
  // A Retry-After longer than this (a service window lasting until tomorrow) is not waited for:
  // the request fails with the server's answer, which says when to come back.
  std::chrono::milliseconds max_retry_after{std::chrono::minutes{10}};
};

// The Retry-After header: delta-seconds ("120") or an HTTP-date in any of the three forms
// RFC 9110 §5.6.7 obliges a recipient to accept (IMF-fixdate, RFC 850, asctime), taken against
// `now`; a date in the past gives zero. nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// Parses an HTTP-date (the three forms above); nullopt when it is none of them.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

// The upper bound of the backoff before retry number `retry` (1 = the first retry):
// min(cap, base * 2^(retry-1)).
std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int retry);

// Full jitter: `unit` (uniform in [0, 1)) scaled to [0, backoff_ceiling(policy, retry)].
std::chrono::milliseconds full_jitter(const RetryPolicy& policy, int retry, double unit);

// What to do after an attempt.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds wait{0};
  bool server_said = false;  // the wait is the server's Retry-After (exact, never shortened)
  std::string what;          // "HTTP 429 KAPACITETSGRANS_OVERSKRIDEN", "anslutningsfel: ..."
};

// Decides on the outcome of attempt `attempt` (1-based). Never retries a 4xx other than 429,
// any other 5xx than 502/503/504, or a handshake TLS refused (kCryptoError: a refused certificate
// does not heal); 429/503 wait exactly Retry-After when given; connection errors (kIoError, a
// connection cut mid-handshake included), 502 and 504 back off.
RetryDecision decide_retry(const RetryPolicy& policy, int attempt,
                           const Result<HttpResult>& outcome,
                           std::chrono::system_clock::time_point now, double unit);

struct RetryHooks {
  // Uniform in [0, 1); null: a std::mt19937_64 seeded from std::random_device.
  std::function<double()> random;
  // Told before each retry, e.g. "HTTP 429 KAPACITETSGRANS_OVERSKRIDEN: försöker igen om 2 s
  // (försök 2 av 5)".
  std::function<void(const std::string&)> on_retry;
};

// Sends with pacing and retries: every attempt first takes a Permit from `pacer` (and ends it
// when the answer is read); a wait is pushed into the pacer with Pacer::penalise(), so that
// every thread sharing the pacer holds off, and slept in the pacer's Timekeeper. Returns the
// last outcome: an HttpResult of any status, or the last connection error.
Result<HttpResult> send_with_retry(const std::function<Result<HttpResult>()>& send, Pacer& pacer,
                                   const RetryPolicy& policy, const RetryHooks& hooks = {});

Result<HttpResult> send_with_retry(HttpsClient& http, Pacer& pacer, const RetryPolicy& policy,
                                   const std::string& method, const std::string& path,
                                   const std::string& body = {}, const RetryHooks& hooks = {});

}  // namespace utbyte::client
