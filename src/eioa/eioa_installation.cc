#include "eioa/eioa_installation.h"

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "eioa/anmalan_validator.h"
#include "eioa/contracts.h"
#include "eioa/eioa_routes.h"
#include "platform/tls/cert_authority.h"

namespace utbyte::eioa {

Result<std::string> install_eioa(platform::pipeline::PartnerPipeline& pipeline, store::Store& store,
                                 std::function<std::int64_t()> now_ms,
                                 std::function<domain::Date()> today,
                                 const EioaServeOptions& options) {
  auto contracts_dir = find_contracts_dir(options.contracts);
  const std::filesystem::path signing_ca =
      !options.signing_ca.empty()
          ? std::filesystem::path(options.signing_ca)
          : std::filesystem::path(options.certs_dir) / platform::tls::kSigningCaCertFile;
  // Without explicit options a server whose certificate directory or installation lacks what
  // E-IOA needs still serves everything else; asked for explicitly, a missing file is an error.
  std::error_code ec;
  if (options.contracts.empty() && options.signing_ca.empty() &&
      (!contracts_dir.ok() || !std::filesystem::exists(signing_ca, ec))) {
    return fmt::format("E-IOA: av ({})\n", !contracts_dir.ok() ? contracts_dir.error().message
                                                               : signing_ca.string() + " saknas");
  }
  if (!contracts_dir.ok()) return contracts_dir.error();
  auto validator = AnmalanValidator::load(*contracts_dir, signing_ca);
  if (!validator.ok()) return validator.error();
  auto served = load_served_contracts(*contracts_dir);
  if (!served.ok()) return served.error();

  add_eioa_routes(pipeline,
                  EioaDependencies{
                      std::make_shared<const AnmalanValidator>(std::move(validator).value()),
                      store.eioa(),
                      store.audit(),
                      std::move(now_ms),
                      std::move(today),
                      std::move(served).value(),
                  });
  return fmt::format("E-IOA: {} och {} (signerings-CA {})\n", kWsPath, kShs2Path,
                     signing_ca.string());
}

}  // namespace utbyte::eioa
