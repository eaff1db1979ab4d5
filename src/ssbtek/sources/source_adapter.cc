#include "ssbtek/sources/source_adapter.h"

#include <random>

#include <fmt/format.h>

#include "client/retry.h"

namespace utbyte::ssbtek::sources {

namespace asio = boost::asio;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct SourceAdapter::Fetch {
  std::string body;
  Clock::time_point started;
  Clock::time_point deadline;
  int attempt = 0;
  std::function<void(SourceResult)> done;
  std::unique_ptr<asio::steady_timer> backoff;
};

namespace {

double random_unit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// Interprets a 200 answer of a base service (docs/ssbtek.md, "Simulated base services").
SourceResult interpret(Kalla kalla, const std::string& body) {
  SourceResult result;
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("uppgifter") ||
      doc.value("kalla", std::string()) != to_string(kalla)) {
    result.meddelande = "källans svar kunde inte tolkas";
    return result;
  }
  result.simulator = doc.value("simulator", false);
  const json& uppgifter = doc["uppgifter"];
  if (uppgifter.is_null() || (uppgifter.is_object() && uppgifter.empty())) {
    result.status = BlockStatus::kIngaUppgifter;
    return result;
  }
  if (!uppgifter.is_object()) {
    result.meddelande = "källans uppgifter är inget objekt";
    return result;
  }
  result.status = BlockStatus::kBesvarad;
  result.uppgifter = uppgifter;
  return result;
}

}  // namespace

SourceAdapter::SourceAdapter(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls,
                             SourceSettings settings, CircuitBreaker::Now now)
    : io_(io), settings_(std::move(settings)), breaker_(settings_.breaker, std::move(now)) {
  auto url = client::parse_url(settings_.url);
  if (url.ok()) client_ = std::make_unique<AsyncHttpsClient>(io, std::move(tls), *url);
}

void SourceAdapter::fetch(const std::string& personnummer, domain::DateRange period,
                          Clock::time_point deadline, std::function<void(SourceResult)> done) {
  auto f = std::make_shared<Fetch>();
  f->body = json{{"personnummer", personnummer},
                 {"fromDatum", domain::format_date(period.from)},
                 {"tomDatum", domain::format_date(period.tom)}}
                .dump();
  f->started = Clock::now();
  f->deadline = deadline;
  f->done = std::move(done);
  f->backoff = std::make_unique<asio::steady_timer>(io_);
  if (!client_) {
    SourceResult result;
    result.meddelande = "källans URL är ogiltig";
    return finish(f, std::move(result));
  }
  attempt(std::move(f));
}

void SourceAdapter::attempt(std::shared_ptr<Fetch> f) {
  if (!breaker_.allow()) {
    SourceResult result;
    result.simulator = settings_.simulator;
    result.meddelande = "källan är avstängd efter upprepade fel (kretsbrytaren är öppen)";
    return finish(f, std::move(result));
  }
  ++f->attempt;
  const auto attempt_deadline = std::min(f->deadline, Clock::now() + settings_.timeout);
  client_->post_json("/uppgifter", f->body, attempt_deadline,
                     [this, f](CallOutcome outcome) { on_outcome(f, std::move(outcome)); });
}

void SourceAdapter::on_outcome(std::shared_ptr<Fetch> f, CallOutcome outcome) {
  SourceResult result;
  result.simulator = settings_.simulator;
  bool source_failed = true;
  if (outcome.result.ok()) {
    const client::HttpResult& http = *outcome.result;
    if (http.status == 200) {
      result = interpret(settings_.kalla, http.body);
      source_failed = result.status == BlockStatus::kKallaEjTillganglig;
    } else {
      result.meddelande = fmt::format("källan svarade HTTP {}", http.status);
      // A refused request (4xx) says the source is up; only 5xx counts against the breaker.
      source_failed = http.status >= 500;
    }
  } else {
    result.status =
        outcome.timed_out ? BlockStatus::kTidsgransOverskriden : BlockStatus::kKallaEjTillganglig;
    result.meddelande = outcome.timed_out
                            ? fmt::format("inget svar inom {} ms", settings_.timeout.count())
                            : outcome.result.error().message;
  }
  if (source_failed) {
    breaker_.record_failure();
  } else {
    breaker_.record_success();
  }
  if (result.status == BlockStatus::kBesvarad || result.status == BlockStatus::kIngaUppgifter) {
    return finish(f, std::move(result));
  }

  // Retry within the deadline: client/retry decides (connection errors, 502/503/504 with
  // jittered backoff or Retry-After; never other 4xx), and a new attempt only starts when a whole
  // attempt still fits before the overall deadline.
  client::RetryPolicy policy;
  policy.max_attempts = settings_.attempts;
  policy.base = settings_.backoff;
  policy.cap = settings_.backoff * 8;
  policy.max_retry_after = settings_.timeout;
  const auto decision = client::decide_retry(policy, f->attempt, outcome.result,
                                             std::chrono::system_clock::now(), random_unit());
  const bool fits = Clock::now() + decision.wait + settings_.timeout <= f->deadline;
  if (!decision.retry || !fits) return finish(f, std::move(result));
  f->backoff->expires_after(decision.wait);
  f->backoff->async_wait([this, f](const boost::system::error_code& ec) {
    if (ec) {
      SourceResult aborted;
      aborted.meddelande = "avbrutet";
      return finish(f, std::move(aborted));
    }
    attempt(f);
  });
}

void SourceAdapter::finish(const std::shared_ptr<Fetch>& f, SourceResult result) {
  if (!f->done) return;
  result.attempts = f->attempt;
  result.elapsed = since(f->started);
  auto done = std::move(f->done);
  f->done = nullptr;
  done(std::move(result));
}

}  // namespace utbyte::ssbtek::sources
