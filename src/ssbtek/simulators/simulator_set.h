#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "ssbtek/simulators/simulator.h"

namespace utbyte::ssbtek::simulators {

struct SimulatorSetOptions {
  std::string certs_dir;  // dev CA directory: server.pem/.key serve, ca.pem verifies clients
  std::string host = "127.0.0.1";
  // Source i (in kExternaKallor order) listens on base_port + i; 0: every one on a free port.
  unsigned short base_port = 0;
  std::chrono::milliseconds latency{0};
  std::chrono::milliseconds jitter{0};
  double failure_rate = 0.0;
  FailureKind failure = FailureKind::kHttp503;
  std::map<Kalla, std::chrono::milliseconds> latency_by_kalla;  // overrides `latency`
  std::map<Kalla, double> failure_rate_by_kalla;                // overrides `failure_rate`
  int threads = 16;
};

// "akassa=2000" → {kAkassa, "2000"}. Errors: kConfigError naming the option and the text.
Result<std::pair<Kalla, std::string>> parse_kalla_setting(std::string_view option,
                                                          std::string_view text);

// The six simulated base services, started together and stopped on destruction.
class SimulatorSet {
 public:
  // Errors: those of Simulator::start(), for the first one that fails (the others are stopped).
  static Result<std::unique_ptr<SimulatorSet>> start(const SimulatorSetOptions& options);

  const std::vector<std::unique_ptr<Simulator>>& simulators() const { return simulators_; }

  // A sources config (see sources/source_config.h) pointing every adapter at its simulator,
  // with the given timeout per source and overall deadline; what `utbyte ssbtek simulatorer
  // --config-ut` writes and `serve --ssbtek-simulatorer` uses in-process.
  nlohmann::json sources_config(std::chrono::milliseconds timeout,
                                std::chrono::milliseconds deadline) const;

 private:
  std::vector<std::unique_ptr<Simulator>> simulators_;
};

}  // namespace utbyte::ssbtek::simulators
