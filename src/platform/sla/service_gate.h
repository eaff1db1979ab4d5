#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "platform/clock.h"
#include "platform/metrics.h"
#include "platform/sla/admission_control.h"
#include "platform/sla/sla_config.h"
#include "platform/versions.h"
#include "store/store.h"

namespace utbyte::platform::sla {

// What the gate needs to know about a route.
struct GateProfile {
  std::string service;  // the service-window name: kServiceLefiOnline, kServiceLeka, …
  // The capacity budget a request spends; none for routes that only show pages (the web UI's
  // forms), which are still closed by service windows.
  std::optional<ServiceClass> sla_class;
  std::string api;  // VersionRegistry key; every partner route has one
  int major = 0;
};

// The gate's verdict on one request: admitted (with the headers every answer carries and the
// ticket to finish when the answer has been sent), or refused with an error and a Retry-After.
struct GateDecision {
  std::optional<Error> refusal;
  std::optional<std::chrono::milliseconds> retry_after;      // set with 429 and 503 refusals
  std::vector<std::pair<std::string, std::string>> headers;  // Deprecation, Sunset, Link
  std::shared_ptr<AdmissionTicket> ticket;  // admitted with a capacity budget; finish on send

  bool admitted() const { return !refusal.has_value(); }
};

// The rules every partner-facing route obeys before its handler runs:
//  1. check_version(), before authorisation: past end of life → 410 VERSIONEN_UPPHORD for
//     anyone; deprecated → Deprecation/Sunset/Link on every answer of the route.
//  then admit(), after authorisation:
//  2. Service window in force for the service → 503 with Retry-After at its end.
//  3. Massfråga class outside its opening hours → 503 with Retry-After at the next opening.
//  4. Capacity per actor (aktorsId + certificate organisation) and class → 429 with Retry-After.
// The SLA ticket ends when the answer has been written, so the minimum gap counts from there.
// Only the partner pipeline (platform/pipeline) calls it, admit() after authorisation, so that
// made-up aktorsIds never grow the governor's state. Thread-safe.
class ServiceGate {
 public:
  // With `shared_sla` (a store several instances share), capacity is counted in the database
  // for all instances together; without it, in this process.
  ServiceGate(ClockPtr clock, SlaConfig config, const VersionRegistry& versions,
              store::WindowStore& windows, Metrics& metrics,
              store::SlaStateStore* shared_sla = nullptr);

  // Step 1: a refusal (410) or the headers every answer of the route carries.
  GateDecision check_version(const GateProfile& profile) const;
  // Steps 2–4. `actor` names the budget: the authorised aktorsId and the certificate's
  // organisation.
  GateDecision admit(const GateProfile& profile, const std::string& actor);

  // True when Massfråga work may run now: inside its opening hours and outside its windows.
  bool massfraga_open();

  // The window in force for `service` now, if any.
  std::optional<ServiceWindow> active_window(std::string_view service);

  // The SLA as the server sees it now: limits, Massfråga hours, windows (GET /sla/status).
  nlohmann::ordered_json status();

  const SlaConfig& config() const { return config_; }
  const Clock& clock() const { return *clock_; }

 private:
  // Steps 2 and 3: a refusal when a window or the opening hours close the route now.
  std::optional<GateDecision> refuse_if_closed(const GateProfile& profile);
  // Service windows from the store, re-read at most every few seconds.
  ServiceWindows current_windows();

  const ClockPtr clock_;
  const SlaConfig config_;
  const VersionRegistry& versions_;
  store::WindowStore& window_store_;
  Metrics& metrics_;
  std::unique_ptr<AdmissionControl> admission_;
  const OpeningHours massfraga_hours_;

  std::mutex windows_mutex_;
  std::vector<ServiceWindow> cached_windows_;                // guarded by windows_mutex_
  std::vector<WeeklyWindowRule> cached_weekly_;              // guarded by windows_mutex_
  std::chrono::steady_clock::time_point windows_read_at_{};  // guarded by windows_mutex_
};

// Converts a stored window to the SLA model (a weekly one: its first occurrence).
ServiceWindow to_service_window(const store::ServiceWindowRecord& record);

// "2026-11-23T16:00:00+01:00": ISO 8601 in Europe/Stockholm time with its offset.
std::string format_stockholm(std::chrono::system_clock::time_point t);

}  // namespace utbyte::platform::sla
