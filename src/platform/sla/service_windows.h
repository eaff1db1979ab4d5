#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
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

// A weekly window, in Stockholm civil time: from start_day at start_minute to the next end_day
// at end_minute. Defaults to the seed's "lördag klockan 16.00 till söndag klockan 13.00", where
// windows "usually fall"; the operator schedules them (`utbyte windows add --veckovis`) or turns
// the built-in one on in the SLA config.
struct WeeklyWindowRule {
  bool enabled = true;
  // "" for the built-in rule (occurrences are "REGULJAR-<start date>"), else the stored window's
  // id, which every occurrence carries so that `utbyte windows remove` names it.
  std::string id;
  // Occurrences that start before this instant do not exist (a scheduled window's first one).
  std::optional<std::chrono::system_clock::time_point> from;
  std::chrono::weekday start_day = std::chrono::Saturday;
  int start_minute = 16 * 60;
  std::chrono::weekday end_day = std::chrono::Sunday;
  int end_minute = 13 * 60;
  std::string reason = "Regelbundet servicefönster lördag 16.00 – söndag 13.00";
  std::vector<std::string> services;  // empty = all services
};

// An emergency window on `date` 00.00–06.00 Stockholm time, the only slot the seed allows for
// them ("Akuta servicefönster kan även infalla vardagar 00.00-06.00"); see check_acute_window.
ServiceWindow emergency_window(std::string id, domain::Date date, std::string reason,
                               std::vector<std::string> services = {});

// Ok when [start, end) lies within 00.00–06.00 Stockholm time of one weekday (Monday–Friday,
// not a public holiday): the seed's slot for acute windows. Errors: kInvalidRequest saying so.
Status check_acute_window(std::chrono::system_clock::time_point start,
                          std::chrono::system_clock::time_point end);

// The rule that repeats a window every week at the Stockholm times of its first occurrence
// [start, end). Errors: kInvalidRequest when it lasts a week or more (it would never end).
Result<WeeklyWindowRule> weekly_rule(std::string id, std::chrono::system_clock::time_point start,
                                     std::chrono::system_clock::time_point end, std::string reason,
                                     std::vector<std::string> services);

// The occurrence of `rule` in force at `now` / the first one starting after `now`; nullopt when
// the rule is disabled or none is.
std::optional<ServiceWindow> occurrence_at(const WeeklyWindowRule& rule,
                                           std::chrono::system_clock::time_point now);
std::optional<ServiceWindow> next_occurrence(const WeeklyWindowRule& rule,
                                             std::chrono::system_clock::time_point now);

// The regular weekly window plus announced ad-hoc windows. Immutable after construction; safe
// from any thread.
class ServiceWindows {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit ServiceWindows(WeeklyWindowRule regular = {}, std::vector<ServiceWindow> ad_hoc = {},
                          std::vector<WeeklyWindowRule> weekly = {});

  // The window in force for `service` at `now`, or nullopt. When several cover `now`, the one
  // that ends last is returned (ties: ad-hoc windows in the given order, then weekly ones, then
  // the regular one), so that a Retry-After built from `end` is never too early by this
  // window's fault. The regular window's id is "REGULJAR-<start date>", e.g.
  // "REGULJAR-2026-03-28"; a scheduled weekly window's occurrences carry its own id.
  std::optional<ServiceWindow> active_window(TimePoint now, std::string_view service) const;

  // The occurrence of the regular window in force at `now`, whatever its services; nullopt when
  // the rule is disabled or `now` is outside it.
  std::optional<ServiceWindow> regular_window_at(TimePoint now) const;

  // Every window in force at `now` (whatever its services), and every one that starts after
  // `now` (weekly ones: their next occurrence), ordered by start.
  std::vector<ServiceWindow> in_force(TimePoint now) const;
  std::vector<ServiceWindow> upcoming(TimePoint now) const;

 private:
  const WeeklyWindowRule regular_;
  const std::vector<ServiceWindow> ad_hoc_;
  const std::vector<WeeklyWindowRule> weekly_;
};

}  // namespace utbyte::platform::sla
