#include "services/partner_services.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "eioa/contracts.h"
#include "eioa/eioa_routes.h"
#include "lefi/async/bestallning_routes.h"
#include "lefi/lefi_routes.h"
#include "lefi/legacy/legacy_routes.h"
#include "leka/legacy/legacy_routes.h"
#include "platform/soap/soap_routes.h"

namespace utbyte::services {
namespace {

// FK's own addresses: the bare /ws and /shs2 serve every SOAP product (seeds 001, 003), each
// request going to the operation its SOAPAction or body element names (decisions R32).
void add_front_doors(platform::pipeline::PartnerPipeline& pipeline) {
  using platform::pipeline::Binding;
  for (const bool shs2 : {false, true}) {
    std::vector<std::string> operations;
    for (const auto& route : pipeline.routes()) {
      if (route.method == "POST" &&
          route.profile.binding == (shs2 ? Binding::kShs2 : Binding::kSoap) &&
          !route.profile.payload_namespace.empty()) {
        operations.push_back(route.pattern);
      }
    }
    platform::soap::add_soap_door(pipeline, shs2 ? "/shs2" : "/ws", shs2, std::move(operations));
  }
}

}  // namespace

Result<std::unique_ptr<PartnerServices>> PartnerServices::install(
    platform::pipeline::PartnerPipeline& pipeline, store::Store& store, lefi::LefiService& lefi,
    platform::ClockPtr clock, const PartnerServiceOptions& options) {
  // Validate every option before anything is installed.
  auto webb_timeout = webui::parse_session_timeout(options.webb_session_timeout);
  if (!webb_timeout.ok()) return webb_timeout.error();
  auto leka_time = leka::parse_time_of_day(options.leka_dygnskorning);
  if (!leka_time.ok()) return leka_time.error();

  // The service's notion of now: --fake-time moves dates and hours of every service.
  const auto now_ms = [clock] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock->now().time_since_epoch())
        .count();
  };
  const auto today = [clock] {
    return domain::Date{std::chrono::floor<std::chrono::days>(clock->now())};
  };

  auto services = std::make_unique<PartnerServices>();
  lefi::add_lefi_routes(pipeline, lefi, today);
  lefi::add_lefi_v8_route(pipeline, lefi, today);
  lefi::async::add_bestallning_routes(pipeline, store.orders(), now_ms, today);
  services->leka_ = std::make_unique<leka::LekaServer>(pipeline, store, clock,
                                                       leka::LekaServerOptions{*leka_time});
  services->web_ui_ = std::make_unique<webui::WebUi>(
      webui::WebUiDeps{lefi, store.users(), today, [clock] { return clock->now(); }},
      webui::WebUiOptions{*webb_timeout, {}});
  services->web_ui_->add_routes(pipeline);

  auto ssbtek = ssbtek::install_ssbtek(pipeline, lefi, store.audit(), today, options.ssbtek);
  if (!ssbtek.ok()) return ssbtek.error();
  services->ssbtek_ = std::move(ssbtek).value();
  if (services->ssbtek_) services->banner_ += services->ssbtek_->summary();

  auto eioa = eioa::install_eioa(pipeline, store, now_ms, today, options.eioa);
  if (!eioa.ok()) return eioa.error();
  services->banner_ += *eioa;

  // Without a contracts directory the legacy generations are served without XSD validation.
  const auto contracts = eioa::find_contracts_dir(options.eioa.contracts);
  std::shared_ptr<const platform::soap::WsSecurityVerifier> ssek_signatures;
  std::error_code ec;
  if (!options.partner_ca.empty() && std::filesystem::exists(options.partner_ca, ec)) {
    auto verifier = platform::soap::WsSecurityVerifier::load(options.partner_ca);
    if (!verifier.ok()) return verifier.error();
    ssek_signatures =
        std::make_shared<const platform::soap::WsSecurityVerifier>(std::move(verifier).value());
  }
  auto legacy = lefi::legacy::LegacyLefi::install(
      pipeline, lefi, today, contracts.ok() ? *contracts : std::filesystem::path(),
      std::move(ssek_signatures));
  if (!legacy.ok()) return legacy.error();
  services->legacy_lefi_ = std::move(legacy).value();
  services->banner_ += services->legacy_lefi_->summary();
  // LEKA's SOAP generations on the same service, store and feed as LEKA v9.
  auto legacy_leka =
      leka::legacy::LegacyLeka::install(pipeline, services->leka_->service(), store, now_ms, today,
                                        contracts.ok() ? *contracts : std::filesystem::path());
  if (!legacy_leka.ok()) return legacy_leka.error();
  services->legacy_leka_ = std::move(legacy_leka).value();
  services->banner_ += services->legacy_leka_->summary();

  add_front_doors(pipeline);
  // FK's E-IOA test environment has an address of its own (seed 002); so does utbyte's.
  if (pipeline.actors().mode() == platform::Mode::kTest &&
      pipeline.profile_of("POST", eioa::kShs2Path) != nullptr) {
    platform::soap::add_soap_door(pipeline, std::string(eioa::kShs2TestPath), true,
                                  {std::string(eioa::kShs2Path)});
  }
  return services;
}

}  // namespace utbyte::services
