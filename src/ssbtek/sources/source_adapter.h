#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "platform/asio.h"
#include "ssbtek/kalla.h"
#include "ssbtek/sources/async_https_client.h"
#include "ssbtek/sources/circuit_breaker.h"
#include "ssbtek/sources/source_config.h"

namespace utbyte::ssbtek::sources {

// One source's contribution to an answer.
struct SourceResult {
  BlockStatus status = BlockStatus::kKallaEjTillganglig;
  nlohmann::json uppgifter;  // the source's data when status is kBesvarad, else null
  bool simulator = false;    // the data (or failure) came from a utbyte simulator
  std::string meddelande;    // why, when not kBesvarad/kIngaUppgifter (Swedish)
  int attempts = 0;
  std::chrono::milliseconds elapsed{0};
};

// The adapter of one source: asks its base service over HTTPS (AsyncHttpsClient) with the
// source's own timeout per attempt, bounded retries with jittered backoff (client/retry's
// decide_retry) and a circuit breaker. Thread-safe; many fetches may run at once.
class SourceAdapter {
 public:
  SourceAdapter(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
                SourceSettings settings, CircuitBreaker::Now now = {});

  // Asks about `personnummer` for `period`. `done` is called exactly once — on an I/O thread,
  // or at once on the calling thread when the breaker is open or the URL invalid — no later than
  // `deadline` (plus scheduling delay): an attempt never outlives the deadline, and a retry is
  // only started when a whole attempt still fits before it.
  void fetch(const std::string& personnummer, domain::DateRange period,
             std::chrono::steady_clock::time_point deadline,
             std::function<void(SourceResult)> done);

  const SourceSettings& settings() const { return settings_; }
  CircuitBreaker& breaker() { return breaker_; }

 private:
  struct Fetch;
  void attempt(std::shared_ptr<Fetch> fetch);
  void on_outcome(std::shared_ptr<Fetch> fetch, CallOutcome outcome);
  void finish(const std::shared_ptr<Fetch>& fetch, SourceResult result);

  boost::asio::io_context& io_;
  const SourceSettings settings_;
  CircuitBreaker breaker_;
  std::unique_ptr<AsyncHttpsClient> client_;  // null when the URL does not parse
};

}  // namespace utbyte::ssbtek::sources
