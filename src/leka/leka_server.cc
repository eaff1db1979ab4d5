#include "leka/leka_server.h"

#include <string>

#include "leka/leka_routes.h"

namespace utbyte::leka {
namespace {

std::int64_t unix_ms(const platform::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
      .count();
}

}  // namespace

LekaServer::LekaServer(platform::pipeline::PartnerPipeline& pipeline, store::Store& store,
                       platform::ClockPtr clock, const LekaServerOptions& options)
    : service_(store, [clock] { return unix_ms(*clock); }),
      scheduler_(store, clock, options.dygnskorning_minutes, options.retention) {
  const auto now_ms = [clock] { return unix_ms(*clock); };
  const auto today = [clock] {
    return domain::Date{std::chrono::floor<std::chrono::days>(clock->now())};
  };
  add_leka_routes(pipeline, service_, store, now_ms, today);
}

}  // namespace utbyte::leka
