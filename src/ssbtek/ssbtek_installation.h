#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "domain/date.h"
#include "lefi/lefi_service.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/xml/xsd_validator.h"
#include "ssbtek/simulators/simulator_set.h"
#include "ssbtek/ssbtek_routes.h"
#include "ssbtek/ssbtek_service.h"
#include "store/store.h"

namespace utbyte::ssbtek {

// What `utbyte serve` was told about SSBTEK.
struct SsbtekServeOptions {
  std::string config_file;  // --ssbtek-config: the sources config (JSON)
  bool simulators = false;  // --ssbtek-simulatorer: start the six simulators in-process
  std::string certs_dir;    // the server's --certs: simulators' server certificate, adapters'
                            // client certificate unless the config names another directory
  // serve's --contracts: the XSD that validates requests and the WSDL served on ?wsdl. Empty:
  // $UTBYTE_CONTRACTS, ./contracts, then <binary dir>/../contracts.
  // TODO(lead): eioa::find_contracts_dir does the same search; move it to platform and share it.
  std::string contracts_dir;
  int io_threads = 2;  // the adapters' I/O threads
};

// SSBTEK inside a server: the optional in-process simulators, the service and its routes.
// Destroy after the HTTPS server has stopped.
class SsbtekInstallation {
 public:
  SsbtekInstallation() = default;
  const SsbtekService& service() const { return *service_; }
  // What to print at start-up, e.g. the simulators' URLs.
  const std::string& summary() const { return summary_; }

 private:
  friend Result<std::unique_ptr<SsbtekInstallation>> install_ssbtek(
      platform::pipeline::PartnerPipeline&, lefi::LefiService&, store::AuditStore&,
      std::function<domain::Date()>, const SsbtekServeOptions&);

  std::unique_ptr<simulators::SimulatorSet> simulators_;  // stopped after the service
  std::unique_ptr<SsbtekService> service_;
  std::optional<platform::xml::XsdValidator> schema_;  // null when the contracts are not found
  ServedContracts contracts_;                          // what the routes serve on ?wsdl, ?xsd=
  std::string summary_;
};

// Null (and no routes) when neither option is given: SSBTEK is off. Errors: kConfigError
// (both options, bad config), those of SimulatorSet::start() and of the client certificate.
Result<std::unique_ptr<SsbtekInstallation>> install_ssbtek(
    platform::pipeline::PartnerPipeline& pipeline, lefi::LefiService& lefi,
    store::AuditStore& audit, std::function<domain::Date()> today,
    const SsbtekServeOptions& options);

}  // namespace utbyte::ssbtek
