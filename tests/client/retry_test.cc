#include "client/retry.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace utbyte::client {
namespace {

using platform::sla::SlaLimits;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::sys_days;
using TimePoint = std::chrono::steady_clock::time_point;

const auto kNow = SimulatedTime::wall_start();  // Monday 2026-01-05 12:00:00 UTC

HttpResult http(int status, std::string felkod = "", std::string retry_after = "") {
  HttpResult r;
  r.status = status;
  if (!felkod.empty()) {
    r.body = R"({"felkod":")" + felkod + R"(","felmeddelande":"x","transaktionsId":"t"})";
  }
  if (!retry_after.empty()) r.headers["retry-after"] = retry_after;
  return r;
}

// --- Retry-After --------------------------------------------------------------------------

TEST(RetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(parse_retry_after("2", kNow), milliseconds{2000});
  EXPECT_EQ(parse_retry_after(" 120 ", kNow), milliseconds{120'000});
  EXPECT_EQ(parse_retry_after("0", kNow), milliseconds{0});
  EXPECT_EQ(parse_retry_after("", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("-1", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("2s", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("99999999999", kNow), std::nullopt);
}

TEST(RetryAfterTest, HttpDateInAllThreeForms) {
  using namespace std::chrono;
  const auto expected = sys_days{year{1994} / November / 6} + hours{8} + minutes{49} + seconds{37};
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), expected);
  EXPECT_EQ(parse_http_date("Mon, 05 Jan 2026 12:00:00 GMT"), kNow);
  EXPECT_EQ(parse_http_date("Monday, 05-Jan-26 12:00:00 GMT"), kNow);
}

TEST(RetryAfterTest, InvalidHttpDates) {
  EXPECT_EQ(parse_http_date("Mon, 32 Jan 2026 12:00:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Mon, 29 Feb 2026 12:00:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Mon, 05 Foo 2026 12:00:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Mon, 05 Jan 2026 12:00:00 CET"), std::nullopt);
  EXPECT_EQ(parse_http_date("Mon, 05 Jan 2026 24:00:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Mon, 05 Jan 2026 12:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("2026-01-05T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_http_date(""), std::nullopt);
}

TEST(RetryAfterTest, HttpDateAgainstNow) {
  EXPECT_EQ(parse_retry_after("Mon, 05 Jan 2026 12:00:30 GMT", kNow), milliseconds{30'000});
  EXPECT_EQ(parse_retry_after("Monday, 05-Jan-26 12:01:00 GMT", kNow), milliseconds{60'000});
  EXPECT_EQ(parse_retry_after("Mon Jan  5 12:00:10 2026", kNow), milliseconds{10'000});
  // A whole second in the header, a fraction past it now: the wait is still to that second.
  EXPECT_EQ(parse_retry_after("Mon, 05 Jan 2026 12:00:02 GMT", kNow + milliseconds{300}),
            milliseconds{1700});
  // In the past: go now.
  EXPECT_EQ(parse_retry_after("Mon, 05 Jan 2026 11:59:00 GMT", kNow), milliseconds{0});
}

// --- Backoff ------------------------------------------------------------------------------

TEST(BackoffTest, GrowsExponentiallyAndIsCapped) {
  const RetryPolicy policy;
  const std::vector<long> expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(backoff_ceiling(policy, static_cast<int>(i) + 1), milliseconds{expected[i]}) << i;
  }
  EXPECT_EQ(backoff_ceiling(policy, 1000), milliseconds{30'000});  // no overflow
  RetryPolicy small{5, milliseconds{100}, milliseconds{250}};
  EXPECT_EQ(backoff_ceiling(small, 2), milliseconds{200});
  EXPECT_EQ(backoff_ceiling(small, 3), milliseconds{250});
}

TEST(BackoffTest, FullJitterStaysWithinBounds) {
  const RetryPolicy policy;
  EXPECT_EQ(full_jitter(policy, 3, 0.0), milliseconds{0});
  EXPECT_EQ(full_jitter(policy, 3, 0.5), milliseconds{1000});
  EXPECT_EQ(full_jitter(policy, 3, 0.9999999), milliseconds{1999});
  std::mt19937_64 engine(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int retry = 1; retry <= 10; ++retry) {
    milliseconds lowest{1'000'000};
    milliseconds highest{0};
    for (int i = 0; i < 2000; ++i) {
      const auto wait = full_jitter(policy, retry, unit(engine));
      EXPECT_GE(wait, milliseconds{0});
      EXPECT_LE(wait, backoff_ceiling(policy, retry));
      lowest = std::min(lowest, wait);
      highest = std::max(highest, wait);
    }
    // Full jitter spreads over the whole range, not just near the ceiling.
    EXPECT_LT(lowest, backoff_ceiling(policy, retry) / 10) << retry;
    EXPECT_GT(highest, backoff_ceiling(policy, retry) * 9 / 10) << retry;
  }
}

// --- Decisions ----------------------------------------------------------------------------

TEST(DecideRetryTest, NeverRetriesOtherClientErrors) {
  const RetryPolicy policy;
  for (int status : {400, 401, 403, 404, 405, 413, 415}) {
    const auto d = decide_retry(policy, 1, http(status, "NAGOT_FEL"), kNow, 0.5);
    EXPECT_FALSE(d.retry) << status;
  }
  EXPECT_FALSE(decide_retry(policy, 1, http(200), kNow, 0.5).retry);
  EXPECT_FALSE(decide_retry(policy, 1, http(500, "INTERNT_FEL"), kNow, 0.5).retry);
}

TEST(DecideRetryTest, HonoursRetryAfterExactly) {
  const RetryPolicy policy;
  auto d = decide_retry(policy, 1, http(429, "KAPACITETSGRANS_OVERSKRIDEN", "2"), kNow, 0.0);
  EXPECT_TRUE(d.retry);
  EXPECT_TRUE(d.server_said);
  EXPECT_EQ(d.wait, milliseconds{2000});
  EXPECT_EQ(d.what, "HTTP 429 KAPACITETSGRANS_OVERSKRIDEN");

  d = decide_retry(policy, 2, http(503, "TJANSTEN_EJ_TILLGANGLIG", "Mon, 05 Jan 2026 12:01:00 GMT"),
                   kNow, 0.0);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.wait, milliseconds{60'000});
  EXPECT_EQ(d.what, "HTTP 503 TJANSTEN_EJ_TILLGANGLIG");
}

TEST(DecideRetryTest, WithoutRetryAfterBacksOff) {
  const RetryPolicy policy;
  auto d = decide_retry(policy, 3, http(429), kNow, 0.5);
  EXPECT_TRUE(d.retry);
  EXPECT_FALSE(d.server_said);
  EXPECT_EQ(d.wait, milliseconds{1000});
  d = decide_retry(policy, 1, http(503, "", "nonsense"), kNow, 0.5);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.wait, milliseconds{250});
  for (int status : {502, 504}) {
    d = decide_retry(policy, 2, http(status), kNow, 0.999);
    EXPECT_TRUE(d.retry) << status;
    EXPECT_LE(d.wait, milliseconds{1000});
    EXPECT_EQ(d.what, "HTTP " + std::to_string(status));
  }
}

TEST(DecideRetryTest, ConnectionErrorsBackOffButAFailedHandshakeDoesNot) {
  const RetryPolicy policy;
  Result<HttpResult> refused =
      make_error(ErrorCode::kIoError, "kan inte ansluta till 127.0.0.1:1: Connection refused");
  auto d = decide_retry(policy, 1, refused, kNow, 0.5);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.wait, milliseconds{250});
  EXPECT_EQ(d.what, "anslutningsfel (kan inte ansluta till 127.0.0.1:1: Connection refused)");
  Result<HttpResult> handshake =
      make_error(ErrorCode::kCryptoError, "TLS-handskakningen misslyckades: certificate unknown");
  EXPECT_FALSE(decide_retry(policy, 1, handshake, kNow, 0.5).retry);
  // A server killed while it shook hands (kill -9, a restart) is a transport failure.
  Result<HttpResult> cut =
      make_error(ErrorCode::kIoError, "TLS-handskakningen misslyckades: Connection reset by peer");
  EXPECT_TRUE(decide_retry(policy, 1, cut, kNow, 0.5).retry);
  Result<HttpResult> certs = make_error(ErrorCode::kCryptoError, "kan inte läsa client.key");
  EXPECT_FALSE(decide_retry(policy, 1, certs, kNow, 0.5).retry);
}

TEST(DecideRetryTest, StopsAtMaxAttemptsAndAtVeryLongRetryAfter) {
  RetryPolicy policy;
  policy.max_attempts = 3;
  EXPECT_TRUE(decide_retry(policy, 2, http(429, "", "1"), kNow, 0.5).retry);
  EXPECT_FALSE(decide_retry(policy, 3, http(429, "", "1"), kNow, 0.5).retry);
  // A service window until tomorrow: fail now with the server's answer instead of hanging.
  const auto d = decide_retry(policy, 1, http(503, "TJANSTEN_EJ_TILLGANGLIG", "75600"), kNow, 0.5);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.wait, seconds{75600});
}

// --- send_with_retry ----------------------------------------------------------------------

struct Script {
  std::shared_ptr<SimulatedTime> time = std::make_shared<SimulatedTime>();
  std::vector<Result<HttpResult>> answers;
  std::vector<TimePoint> sent_at;
  std::vector<TimePoint> answered_at;
  std::vector<std::string> messages;
  milliseconds latency{20};

  std::function<Result<HttpResult>()> sender() {
    return [this]() -> Result<HttpResult> {
      sent_at.push_back(time->now());
      time->advance(latency);
      answered_at.push_back(time->now());
      const std::size_t i = sent_at.size() - 1;
      return i < answers.size() ? answers[i] : Result<HttpResult>(http(200));
    };
  }
  RetryHooks hooks(double unit = 0.5) {
    RetryHooks h;
    h.random = [unit] { return unit; };
    h.on_retry = [this](const std::string& m) { messages.push_back(m); };
    return h;
  }
  PacerOptions pacer_options() {
    PacerOptions o;
    o.time = time;
    return o;
  }
};

TEST(SendWithRetryTest, RetriesOn429And503AfterExactlyRetryAfter) {
  Script s;
  s.answers = {http(429, "KAPACITETSGRANS_OVERSKRIDEN", "2"),
               http(503, "TJANSTEN_EJ_TILLGANGLIG", "1"), http(200)};
  Pacer pacer(SlaLimits{}, s.pacer_options());
  auto result = send_with_retry(s.sender(), pacer, RetryPolicy{}, s.hooks());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 200);
  ASSERT_EQ(s.sent_at.size(), 3u);
  EXPECT_EQ(s.sent_at[1] - s.answered_at[0], seconds{2});
  EXPECT_EQ(s.sent_at[2] - s.answered_at[1], seconds{1});
  ASSERT_EQ(s.messages.size(), 2u);
  EXPECT_EQ(s.messages[0],
            "HTTP 429 KAPACITETSGRANS_OVERSKRIDEN: försöker igen om 2 s (försök 2 av 5)");
  EXPECT_EQ(s.messages[1],
            "HTTP 503 TJANSTEN_EJ_TILLGANGLIG: försöker igen om 1 s (försök 3 av 5)");
}

TEST(SendWithRetryTest, RetryAfterAndSlaLimitsBothHold) {
  Script s;
  s.answers = {http(200), http(429, "KAPACITETSGRANS_OVERSKRIDEN", "1")};
  Pacer pacer(SlaLimits::online(), s.pacer_options());
  ASSERT_TRUE(send_with_retry(s.sender(), pacer, RetryPolicy{}, s.hooks()).ok());
  auto result = send_with_retry(s.sender(), pacer, RetryPolicy{}, s.hooks());
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(s.sent_at.size(), 3u);
  EXPECT_GE(s.sent_at[1] - s.sent_at[0], seconds{1});
  EXPECT_EQ(s.sent_at[2] - s.answered_at[1], seconds{1});  // Retry-After binds over 1/s
}

TEST(SendWithRetryTest, NoRetryOnClientErrors) {
  for (int status : {400, 403, 404, 415}) {
    Script s;
    s.answers = {http(status, "FEL")};
    Pacer pacer(SlaLimits::online(), s.pacer_options());
    auto result = send_with_retry(s.sender(), pacer, RetryPolicy{}, s.hooks());
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->status, status);
    EXPECT_EQ(s.sent_at.size(), 1u) << status;
    EXPECT_TRUE(s.messages.empty());
  }
}

TEST(SendWithRetryTest, BacksOffOnConnectionErrorsUpToMaxAttempts) {
  Script s;
  for (int i = 0; i < 5; ++i) {
    s.answers.push_back(make_error(ErrorCode::kIoError, "anropet misslyckades: end of stream"));
  }
  Pacer pacer(SlaLimits{}, s.pacer_options());
  auto result = send_with_retry(s.sender(), pacer, RetryPolicy{}, s.hooks(0.999));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kIoError);
  ASSERT_EQ(s.sent_at.size(), 5u);
  const std::vector<long> waits = {499, 999, 1998, 3996};
  for (std::size_t i = 1; i < s.sent_at.size(); ++i) {
    EXPECT_EQ(s.sent_at[i] - s.answered_at[i - 1], milliseconds{waits[i - 1]}) << i;
  }
  EXPECT_EQ(s.messages.back(),
            "anslutningsfel (anropet misslyckades: end of stream): försöker igen om 4 s (försök "
            "5 av 5)");
}

TEST(SendWithRetryTest, MaxAttemptsOneMeansNoRetry) {
  Script s;
  s.answers = {http(502)};
  Pacer pacer(SlaLimits{}, s.pacer_options());
  RetryPolicy policy;
  policy.max_attempts = 1;
  auto result = send_with_retry(s.sender(), pacer, policy, s.hooks());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(s.sent_at.size(), 1u);
}

}  // namespace
}  // namespace utbyte::client
