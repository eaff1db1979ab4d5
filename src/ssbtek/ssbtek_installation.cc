#include "ssbtek/ssbtek_installation.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "platform/tls/tls_context.h"
#include "ssbtek/ssbtek_routes.h"

namespace utbyte::ssbtek {

namespace {

// The published contracts directory, or "" when none is found (see SsbtekServeOptions).
std::filesystem::path contracts_dir(const std::string& explicit_dir) {
  std::vector<std::filesystem::path> candidates;
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("UTBYTE_CONTRACTS"); env && *env) candidates.emplace_back(env);
  candidates.emplace_back("contracts");
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(self.parent_path().parent_path() / "contracts");
  for (const auto& dir : candidates) {
    if (std::filesystem::is_directory(dir / "xsd", ec)) return dir;
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<SsbtekInstallation>> install_ssbtek(
    platform::pipeline::PartnerPipeline& pipeline, lefi::LefiService& lefi,
    store::AuditStore& audit, std::function<domain::Date()> today,
    const SsbtekServeOptions& options) {
  if (options.config_file.empty() && !options.simulators) {
    return std::unique_ptr<SsbtekInstallation>();
  }
  if (!options.config_file.empty() && options.simulators) {
    return make_error(ErrorCode::kConfigError,
                      "ange antingen --ssbtek-config eller --ssbtek-simulatorer, inte båda");
  }
  auto installation = std::make_unique<SsbtekInstallation>();
  sources::SourcesConfig config;
  if (options.simulators) {
    simulators::SimulatorSetOptions sim_options;
    sim_options.certs_dir = options.certs_dir;
    auto started = simulators::SimulatorSet::start(sim_options);
    if (!started.ok()) return started.error();
    installation->simulators_ = std::move(started).value();
    auto parsed = sources::parse_sources_config(
        installation->simulators_->sources_config(std::chrono::milliseconds(1'000),
                                                  std::chrono::milliseconds(3'000)),
        "simulatorer");
    if (!parsed.ok()) return parsed.error();
    config = std::move(parsed).value();
    for (const auto& sim : installation->simulators_->simulators()) {
      installation->summary_ +=
          fmt::format("ssbtek: simulator {} på {}\n", to_string(sim->kalla()), sim->base_url());
    }
  } else {
    auto loaded = sources::load_sources_config(options.config_file);
    if (!loaded.ok()) return loaded.error();
    config = std::move(loaded).value();
  }
  const std::string client_dir =
      config.client_certs.empty() ? options.certs_dir : config.client_certs;
  auto tls = platform::tls::make_client_context(platform::tls::CertPaths::client_in(client_dir));
  if (!tls.ok()) return tls.error();
  auto client_tls = std::make_shared<boost::asio::ssl::context>(std::move(tls).value());
  installation->summary_ += fmt::format("ssbtek: {} källor via adapter, total tidsgräns {} ms\n",
                                        config.sources.size(), config.deadline.count());
  installation->service_ = std::make_unique<SsbtekService>(lefi, audit, std::move(config),
                                                           client_tls, options.io_threads);

  const std::filesystem::path contracts = contracts_dir(options.contracts_dir);
  const auto xsd_file = contracts / "xsd" / "ssbtek_ekonomiskt_bistand_v1.xsd";
  if (std::filesystem::exists(xsd_file)) {
    auto schema = platform::xml::XsdValidator::load(xsd_file);
    if (!schema.ok()) return schema.error();
    installation->schema_.emplace(std::move(schema).value());
  } else {
    installation->summary_ += fmt::format(
        "ssbtek: {} saknas; frågor kontrolleras utan schemavalidering\n", xsd_file.string());
  }
  // The WSDL imports ../xsd/<file>; served, each import points at <endpoint>?xsd=<file>.
  installation->contracts_ =
      platform::soap::load_served_contract(contracts, "ssbtek_ekonomiskt_bistand_v1.wsdl",
                                           {"ssbtek_ekonomiskt_bistand_v1.xsd", "soap_fel_v1.xsd"});
  add_ssbtek_routes(pipeline, *installation->service_, std::move(today),
                    installation->schema_ ? &*installation->schema_ : nullptr,
                    installation->contracts_);
  return installation;
}

}  // namespace utbyte::ssbtek
