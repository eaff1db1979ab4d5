#include "ssbtek/simulators/simulator_set.h"

#include <fmt/format.h>

namespace utbyte::ssbtek::simulators {

Result<std::pair<Kalla, std::string>> parse_kalla_setting(std::string_view option,
                                                          std::string_view text) {
  const auto eq = text.find('=');
  const auto kalla = parse_kalla(text.substr(0, eq));
  if (eq == std::string_view::npos || !kalla || *kalla == Kalla::kFkPm) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("{} ska ha formen KÄLLA=VÄRDE med en simulerad källa "
                                  "(akassa, af, csn, migrationsverket, skatteverket, "
                                  "transportstyrelsen), inte '{}'",
                                  option, text));
  }
  return std::pair{*kalla, std::string(text.substr(eq + 1))};
}

Result<std::unique_ptr<SimulatorSet>> SimulatorSet::start(const SimulatorSetOptions& options) {
  auto set = std::make_unique<SimulatorSet>();
  const auto certs = platform::tls::CertPaths::server_in(options.certs_dir);
  unsigned short offset = 0;
  for (Kalla kalla : kExternaKallor) {
    SimulatorOptions sim;
    sim.kalla = kalla;
    sim.host = options.host;
    sim.port = options.base_port == 0 ? 0 : static_cast<unsigned short>(options.base_port + offset);
    ++offset;
    sim.latency = options.latency_by_kalla.contains(kalla) ? options.latency_by_kalla.at(kalla)
                                                           : options.latency;
    sim.jitter = options.jitter;
    sim.failure_rate = options.failure_rate_by_kalla.contains(kalla)
                           ? options.failure_rate_by_kalla.at(kalla)
                           : options.failure_rate;
    sim.failure = options.failure;
    sim.threads = options.threads;
    auto started = Simulator::start(certs, sim);
    if (!started.ok()) return started.error();  // the started ones stop with `set`
    set->simulators_.push_back(std::move(started).value());
  }
  return set;
}

nlohmann::json SimulatorSet::sources_config(std::chrono::milliseconds timeout,
                                            std::chrono::milliseconds deadline) const {
  nlohmann::json kallor = nlohmann::json::object();
  for (const auto& sim : simulators_) {
    kallor[std::string(to_string(sim->kalla()))] = {{"url", sim->base_url()},
                                                    {"timeoutMs", timeout.count()},
                                                    {"forsok", 2},
                                                    {"simulator", true}};
  }
  return {{"totalTidsgransMs", deadline.count()}, {"kallor", std::move(kallor)}};
}

}  // namespace utbyte::ssbtek::simulators
