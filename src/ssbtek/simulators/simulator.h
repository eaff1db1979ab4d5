#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "platform/http/https_server.h"
#include "platform/tls/tls_context.h"
#include "ssbtek/kalla.h"

namespace utbyte::ssbtek::simulators {

// How a simulated failure shows itself to the caller.
enum class FailureKind {
  kHttp503,  // 503 with the standard error body
  kHang,     // no answer until the caller gives up (held for `hang`, or until stop())
  kMixed,    // either, half of the time each
};

// Errors: kConfigError for anything but "503", "hang" or "blandat".
Result<FailureKind> parse_failure_kind(std::string_view text);

struct SimulatorOptions {
  Kalla kalla = Kalla::kAkassa;  // any source but kFkPm
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: a free port
  // Every answer waits latency + uniform[0, jitter] before it is sent.
  std::chrono::milliseconds latency{0};
  std::chrono::milliseconds jitter{0};
  // Share of requests (0..1) that fail as `failure`.
  double failure_rate = 0.0;
  FailureKind failure = FailureKind::kHttp503;
  std::chrono::milliseconds hang{60'000};
  // Handlers sleep to simulate latency, holding an I/O thread each; the thread count bounds the
  // requests a simulator serves at once.
  int threads = 16;
};

// One SIMULATED base service of another agency (A-kassorna, Arbetsförmedlingen, CSN,
// Migrationsverket, Skatteverket, Transportstyrelsen) on its own port, over HTTPS with required
// client certificates from the dev CA, serving simulated_uppgifter() (docs/ssbtek.md):
//   POST /simulator/<kort>/v1/uppgifter {"personnummer","fromDatum","tomDatum"}
//   GET  /simulator/<kort>/v1/status
// Every answer carries "simulator": true and the header X-Simulator: true.
class Simulator {
 public:
  // Starts listening and serving on its own threads. Errors: kConfigError (kFkPm, bad rate),
  // kIoError (cannot bind), kCryptoError (certificates).
  static Result<std::unique_ptr<Simulator>> start(const platform::tls::CertPaths& server_certs,
                                                  SimulatorOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Use start(); public only for std::make_unique.
  explicit Simulator(SimulatorOptions options) : options_(std::move(options)) {}

  Kalla kalla() const { return options_.kalla; }
  unsigned short port() const { return server_->port(); }
  // "https://127.0.0.1:PORT/simulator/<kort>/v1": what an adapter's url is set to.
  std::string base_url() const;
  // Stops serving; hanging requests are released. Idempotent.
  void stop();

 private:
  platform::http::Response handle(platform::http::Request& request);
  // Sleeps for `duration` unless stop() comes first.
  void pause(std::chrono::milliseconds duration);

  const SimulatorOptions options_;
  std::unique_ptr<platform::http::HttpsServer> server_;
  std::thread runner_;
  std::mutex mutex_;
  std::condition_variable stopped_cv_;
  bool stopping_ = false;  // guarded by mutex_
};

}  // namespace utbyte::ssbtek::simulators
