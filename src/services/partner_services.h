#pragma once

// Every partner service of `utbyte serve`, installed the same way on one partner pipeline:
// LEFI Online v9 and v8, LEFI's SOAP generations v5–7, LEFI Asynkron v10, LEKA v9 and its SOAP
// generations v5–7, E-IOA, SSBTEK and the LEFI web interface, with FK's shared addresses /ws and
// /shs2 in front of the SOAP ones.
// `serve` and the tests that enumerate the routes build the server from this one place.

#include <memory>
#include <string>

#include "core/result.h"
#include "eioa/eioa_installation.h"
#include "lefi/lefi_service.h"
#include "lefi/legacy/legacy_routes.h"
#include "leka/legacy/legacy_routes.h"
#include "leka/leka_server.h"
#include "platform/clock.h"
#include "platform/pipeline/partner_pipeline.h"
#include "ssbtek/ssbtek_installation.h"
#include "store/store.h"
#include "webui/web_ui.h"

namespace utbyte::services {

struct PartnerServiceOptions {
  std::string leka_dygnskorning = "02:00";  // LEKA's daily run, Stockholm time
  std::string webb_session_timeout = "15m";
  ssbtek::SsbtekServeOptions ssbtek;  // off unless a config or the simulators are asked for
  eioa::EioaServeOptions eioa;        // off when its contracts or signing CA are missing
  // The CA bundle that issues partner certificates (the server's ca.pem): SSEK's WS-Security
  // signatures are checked against it. Empty or missing: signed SSEK messages are refused.
  std::string partner_ca;
};

// The installed services and what they own (web sessions, LEKA's daily run, SSBTEK's adapters
// and simulators). Destroy after the HTTPS server has stopped.
class PartnerServices {
 public:
  // Errors: kConfigError for a bad option (session timeout, time of day, a file asked for
  // explicitly), and those of SSBTEK's and E-IOA's installation.
  static Result<std::unique_ptr<PartnerServices>> install(
      platform::pipeline::PartnerPipeline& pipeline, store::Store& store, lefi::LefiService& lefi,
      platform::ClockPtr clock, const PartnerServiceOptions& options);

  // Lines for the start-up banner: which optional services are on, and where.
  const std::string& banner() const { return banner_; }

 private:
  std::unique_ptr<webui::WebUi> web_ui_;
  std::unique_ptr<leka::LekaServer> leka_;
  std::unique_ptr<ssbtek::SsbtekInstallation> ssbtek_;
  std::unique_ptr<lefi::legacy::LegacyLefi> legacy_lefi_;
  std::unique_ptr<leka::legacy::LegacyLeka> legacy_leka_;
  std::string banner_;
};

}  // namespace utbyte::services
