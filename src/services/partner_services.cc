#include "services/partner_services.h"

#include <chrono>

#include "lefi/async/bestallning_routes.h"
#include "lefi/lefi_routes.h"

namespace utbyte::services {

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
  return services;
}

}  // namespace utbyte::services
