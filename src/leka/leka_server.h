#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "leka/daily_schedule.h"
#include "leka/leka_service.h"
#include "platform/actors.h"
#include "platform/clock.h"
#include "platform/http/router.h"
#include "platform/sla/service_gate.h"
#include "store/store.h"

namespace utbyte::leka {

struct LekaServerOptions {
  int dygnskorning_minutes = 2 * 60;      // 02:00 Stockholm time
  std::chrono::hours retention{24 * 30};  // acknowledged notifications are kept this long
};

// LEKA inside `utbyte serve`: the routes behind the SLA gate (class LEKA: 1 request/s, one at a
// time, per actor) and the daily run at its time. Everything it refers to must outlive it.
class LekaServer {
 public:
  LekaServer(platform::http::Router& router, platform::sla::ServiceGate& gate, store::Store& store,
             const platform::ActorRegistry& actors, platform::ClockPtr clock,
             const LekaServerOptions& options);

 private:
  LekaService service_;
  DailyRunScheduler scheduler_;
};

}  // namespace utbyte::leka
