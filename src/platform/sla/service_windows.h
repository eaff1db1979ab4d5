#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"

namespace utbyte::platform::sla {

// Service names that windows and callers agree on. Free strings so that configuration can name
// new services without a code change.
inline constexpr std::string_view kServiceLefiOnline = "LEFI_ONLINE";
inline constexpr std::string_view kServiceLeka = "LEKA";
inline constexpr std::string_view kServiceMassfraga = "MASSFRAGA";
inline constexpr std::string_view kServiceEioa = "EIOA";
inline constexpr std::string_view kServiceSsbtek = "SSBTEK";
// Every service a window may name (`utbyte windows add --tjanster`).
inline constexpr std::string_view kAllWindowServices[] = {
    kServiceLefiOnline, kServiceLeka, kServiceMassfraga, kServiceEioa, kServiceSsbtek};

// A period [start, end) during which the listed services may be unavailable (seed 004, §3.1:
// "Under servicefönster kan tjänsten vara otillgänglig").
struct ServiceWindow {
  using TimePoint = std::chrono::system_clock::time_point;

  std::string id;
  TimePoint start;
  TimePoint end;
  std::string reason;
  std::vector<std::string> services;  // empty = all services

  // True when `now` is in [start, end) and the window applies to `service`.
  bool covers(TimePoint now, std::string_view service) const;
};

// The regular weekly window, in Stockholm civil time: from start_day at start_minute to the next
// end_day at end_minute. Defaults to the seed's "lördag klockan 16.00 till söndag klockan 13.00".
struct WeeklyWindowRule {
  bool enabled = true;
  std::chrono::weekday start_day = std::chrono::Saturday;
  int start_minute = 16 * 60;
  std::chrono::weekday end_day = std::chrono::Sunday;
  int end_minute = 13 * 60;
  std::string reason = "Regelbundet servicefönster lördag 16.00 – söndag 13.00";
  std::vector<std::string> services;  // empty = all services
};

// An emergency window on `date` 00.00–06.00 Stockholm time, the only slot the seed allows for
// them ("Akuta servicefönster kan även infalla vardagar 00.00-06.00"). Whether `date` is a
// weekday is the operator's business; nothing here refuses a weekend date.
ServiceWindow emergency_window(std::string id, domain::Date date, std::string reason,
                               std::vector<std::string> services = {});

// The regular weekly window plus announced ad-hoc windows. Immutable after construction; safe
// from any thread.
class ServiceWindows {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit ServiceWindows(WeeklyWindowRule regular = {}, std::vector<ServiceWindow> ad_hoc = {});

  // The window in force for `service` at `now`, or nullopt. When several cover `now`, the one
  // that ends last is returned (ties: ad-hoc windows in the given order, then the regular
  // one), so that a Retry-After built from `end` is never too early by this window's fault.
  // The regular window's id is "REGULJAR-<start date>", e.g. "REGULJAR-2026-03-28".
  std::optional<ServiceWindow> active_window(TimePoint now, std::string_view service) const;

  // The occurrence of the regular window in force at `now`, whatever its services; nullopt when
  // the rule is disabled or `now` is outside it.
  std::optional<ServiceWindow> regular_window_at(TimePoint now) const;

 private:
  const WeeklyWindowRule regular_;
  const std::vector<ServiceWindow> ad_hoc_;
};

}  // namespace utbyte::platform::sla
