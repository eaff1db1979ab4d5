#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/actors.h"
#include "platform/clock.h"
#include "platform/http/router.h"
#include "platform/metrics.h"
#include "platform/sla/admission_control.h"
#include "platform/sla/sla_config.h"
#include "platform/versions.h"
#include "store/store.h"

namespace utbyte::platform::sla {

// What the gate needs to know about a route.
struct RouteProfile {
  std::string service;  // kServiceLefiOnline, kServiceLeka, kServiceMassfraga (service windows)
  ServiceClass sla_class = ServiceClass::kOnline;
  std::string api;  // VersionRegistry key; empty for unversioned routes
  int major = 0;
};

// The rules every partner-facing route obeys before its handler runs, in this order:
//  1. API version: past end of life → 410 VERSIONEN_UPPHORD; deprecated → Deprecation/Sunset/Link.
//  2. Service window in force for the service → 503 with Retry-After at its end.
//  3. Massfråga class outside its opening hours → 503 with Retry-After at the next opening.
//  4. Capacity per actor (aktorsId + certificate organisation) and class → 429 with Retry-After.
// The SLA ticket ends when the answer has been written, so the minimum gap counts from there.
// Thread-safe; must outlive the router it wraps handlers for.
class ServiceGate {
 public:
  // `actors` decides which requests may spend a capacity budget: one whose aktorsId the actor
  // may not use goes straight to the handler, which refuses it, so that made-up ids cannot
  // grow the governor's state.
  // With `shared_sla` (a store several instances share), capacity is counted in the database
  // for all instances together; without it, in this process.
  ServiceGate(ClockPtr clock, SlaConfig config, const VersionRegistry& versions,
              const ActorRegistry& actors, store::WindowStore& windows, Metrics& metrics,
              store::SlaStateStore* shared_sla = nullptr);

  http::Handler wrap(RouteProfile profile, http::Handler handler);

  // True when Massfråga work may run now: inside its opening hours and outside its windows.
  bool massfraga_open();

  // The window in force for `service` now, if any.
  std::optional<ServiceWindow> active_window(std::string_view service);

  // The SLA as the server sees it now: limits, Massfråga hours, windows (GET /sla/status).
  nlohmann::ordered_json status();

  const SlaConfig& config() const { return config_; }
  const Clock& clock() const { return *clock_; }

 private:
  std::optional<http::Response> refuse_if_closed(const RouteProfile& profile,
                                                 const http::Request& request);
  // Service windows from the store, re-read at most every few seconds.
  ServiceWindows current_windows();

  const ClockPtr clock_;
  const SlaConfig config_;
  const VersionRegistry& versions_;
  const ActorRegistry& actors_;
  store::WindowStore& window_store_;
  Metrics& metrics_;
  std::unique_ptr<AdmissionControl> admission_;
  const OpeningHours massfraga_hours_;

  std::mutex windows_mutex_;
  std::vector<ServiceWindow> cached_windows_;                // guarded by windows_mutex_
  std::chrono::steady_clock::time_point windows_read_at_{};  // guarded by windows_mutex_
};

// Converts a stored window to the SLA model.
ServiceWindow to_service_window(const store::ServiceWindowRecord& record);

// "2026-11-23T16:00:00+01:00": ISO 8601 in Europe/Stockholm time with its offset.
std::string format_stockholm(std::chrono::system_clock::time_point t);

}  // namespace utbyte::platform::sla
