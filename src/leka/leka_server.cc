#include "leka/leka_server.h"

#include <string>

#include "leka/leka_routes.h"
#include "platform/sla/service_windows.h"

namespace utbyte::leka {
namespace {

std::int64_t unix_ms(const platform::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
      .count();
}

}  // namespace

LekaServer::LekaServer(platform::http::Router& router, platform::sla::ServiceGate& gate,
                       store::Store& store, const platform::ActorRegistry& actors,
                       platform::ClockPtr clock, const LekaServerOptions& options)
    : service_(store, [clock] { return unix_ms(*clock); }),
      scheduler_(store, clock, options.dygnskorning_minutes, options.retention) {
  const auto now_ms = [clock] { return unix_ms(*clock); };
  const auto today = [clock] {
    return domain::Date{std::chrono::floor<std::chrono::days>(clock->now())};
  };
  add_leka_routes(router, service_, store, actors, now_ms, today);
  for (const LekaRoute& route : kLekaRoutes) {
    router.decorate(route.method, route.path, [&gate](platform::http::Handler handler) {
      // LEKA has no entry in the version registry yet: the gate applies windows and capacity.
      return gate.wrap(
          {std::string(platform::sla::kServiceLeka), platform::sla::ServiceClass::kLeka, "", 9},
          std::move(handler));
    });
  }
}

}  // namespace utbyte::leka
