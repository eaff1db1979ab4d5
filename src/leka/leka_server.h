#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "leka/daily_schedule.h"
#include "leka/leka_service.h"
#include "platform/clock.h"
#include "platform/pipeline/partner_pipeline.h"
#include "store/store.h"

namespace utbyte::leka {

struct LekaServerOptions {
  int dygnskorning_minutes = 2 * 60;      // 02:00 Stockholm time
  std::chrono::hours retention{24 * 30};  // acknowledged notifications are kept this long
};

// LEKA inside `utbyte serve`: the routes on the partner pipeline (class LEKA: 1 request/s, one
// at a time, per actor) and the daily run at its time. Everything it refers to must outlive it.
class LekaServer {
 public:
  LekaServer(platform::pipeline::PartnerPipeline& pipeline, store::Store& store,
             platform::ClockPtr clock, const LekaServerOptions& options);

  // The one service behind every LEKA binding (v9 REST and the SOAP generations), so they share
  // subscriptions, feed and acknowledgements.
  LekaService& service() { return service_; }

 private:
  LekaService service_;
  DailyRunScheduler scheduler_;
};

}  // namespace utbyte::leka
