#include "platform/sla/service_windows.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace utbyte::platform::sla {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

std::chrono::weekday weekday_of(domain::Date date) {
  return std::chrono::weekday{std::chrono::sys_days{date}};
}

// Whole days from the start to the end of one occurrence; a window that ends on its start
// weekday at or before its start minute lasts (up to) a week.
int span_days(const WeeklyWindowRule& rule) {
  int days = static_cast<int>((rule.end_day - rule.start_day).count());
  if (days == 0 && rule.end_minute <= rule.start_minute) days = 7;
  return days;
}

// The occurrence of `rule` that starts on `day` (which must be its start weekday).
ServiceWindow occurrence_on(const WeeklyWindowRule& rule, domain::Date day) {
  const TimePoint start = domain::from_stockholm(day, rule.start_minute);
  const TimePoint end =
      domain::from_stockholm(domain::add_days(day, span_days(rule)), rule.end_minute);
  std::string id = rule.id.empty() ? "REGULJAR-" + domain::format_date(day) : rule.id;
  return ServiceWindow{std::move(id), start, end, rule.reason, rule.services};
}

bool exists(const WeeklyWindowRule& rule, TimePoint start) {
  return rule.enabled && (!rule.from || start >= *rule.from);
}

}  // namespace

bool ServiceWindow::covers(TimePoint now, std::string_view service) const {
  if (now < start || now >= end) return false;
  return services.empty() || std::find(services.begin(), services.end(), service) != services.end();
}

ServiceWindow emergency_window(std::string id, domain::Date date, std::string reason,
                               std::vector<std::string> services) {
  return ServiceWindow{std::move(id), domain::from_stockholm(date, 0),
                       domain::from_stockholm(date, 6 * 60), std::move(reason),
                       std::move(services)};
}

Status check_acute_window(TimePoint start, TimePoint end) {
  const domain::Date date = domain::to_stockholm(start).date;
  const auto day = weekday_of(date);
  const bool weekday = day != std::chrono::Saturday && day != std::chrono::Sunday &&
                       !domain::is_public_holiday(date);
  const ServiceWindow slot = emergency_window("", date, "");
  if (!weekday || start < slot.start || end > slot.end || end <= start) {
    return make_error(
        ErrorCode::kInvalidRequest,
        fmt::format("Ett akut servicefönster ska ligga inom 00.00–06.00 en vardag "
                    "(måndag–fredag utom helgdag); {} är {}",
                    domain::format_date(date),
                    weekday ? "en vardag men tiden ligger utanför 00.00–06.00" : "ingen vardag"));
  }
  return {};
}

Result<WeeklyWindowRule> weekly_rule(std::string id, TimePoint start, TimePoint end,
                                     std::string reason, std::vector<std::string> services) {
  if (end <= start || end - start >= std::chrono::days{7}) {
    return make_error(ErrorCode::kInvalidRequest,
                      "Ett veckovis servicefönster ska vara kortare än en vecka");
  }
  const domain::LocalTime first = domain::to_stockholm(start);
  const domain::LocalTime last = domain::to_stockholm(end);
  WeeklyWindowRule rule;
  rule.id = std::move(id);
  rule.from = start;
  rule.start_day = weekday_of(first.date);
  rule.start_minute = first.minutes_of_day;
  rule.end_day = weekday_of(last.date);
  rule.end_minute = last.minutes_of_day;
  rule.reason = std::move(reason);
  rule.services = std::move(services);
  return rule;
}

std::optional<ServiceWindow> occurrence_at(const WeeklyWindowRule& rule, TimePoint now) {
  if (!rule.enabled) return std::nullopt;
  const domain::LocalTime local = domain::to_stockholm(now);
  // Occurrences are at most a week long, so only the latest start at or before `now` can cover
  // it; it lies within the last 7 days.
  for (int back = 0; back <= 7; ++back) {
    const domain::Date day = domain::add_days(local.date, -back);
    if (weekday_of(day) != rule.start_day) continue;
    ServiceWindow occurrence = occurrence_on(rule, day);
    if (occurrence.start > now) continue;
    if (now >= occurrence.end || !exists(rule, occurrence.start)) return std::nullopt;
    return occurrence;
  }
  return std::nullopt;
}

std::optional<ServiceWindow> next_occurrence(const WeeklyWindowRule& rule, TimePoint now) {
  if (!rule.enabled) return std::nullopt;
  // The first occurrence may lie far ahead; otherwise the next one is within 8 days.
  const TimePoint after =
      rule.from && *rule.from > now ? *rule.from - std::chrono::seconds{1} : now;
  const domain::Date today = domain::to_stockholm(after).date;
  for (int ahead = 0; ahead <= 8; ++ahead) {
    const domain::Date day = domain::add_days(today, ahead);
    if (weekday_of(day) != rule.start_day) continue;
    ServiceWindow occurrence = occurrence_on(rule, day);
    if (occurrence.start > now && exists(rule, occurrence.start)) return occurrence;
  }
  return std::nullopt;
}

ServiceWindows::ServiceWindows(WeeklyWindowRule regular, std::vector<ServiceWindow> ad_hoc,
                               std::vector<WeeklyWindowRule> weekly)
    : regular_(std::move(regular)), ad_hoc_(std::move(ad_hoc)), weekly_(std::move(weekly)) {}

std::optional<ServiceWindow> ServiceWindows::regular_window_at(TimePoint now) const {
  return occurrence_at(regular_, now);
}

std::vector<ServiceWindow> ServiceWindows::in_force(TimePoint now) const {
  std::vector<ServiceWindow> found;
  for (const ServiceWindow& window : ad_hoc_) {
    if (window.start <= now && now < window.end) found.push_back(window);
  }
  for (const WeeklyWindowRule& rule : weekly_) {
    if (auto occurrence = occurrence_at(rule, now)) found.push_back(std::move(*occurrence));
  }
  if (auto regular = regular_window_at(now)) found.push_back(std::move(*regular));
  std::stable_sort(found.begin(), found.end(), [](const ServiceWindow& a, const ServiceWindow& b) {
    return a.start < b.start;
  });
  return found;
}

std::vector<ServiceWindow> ServiceWindows::upcoming(TimePoint now) const {
  std::vector<ServiceWindow> found;
  for (const ServiceWindow& window : ad_hoc_) {
    if (window.start > now) found.push_back(window);
  }
  for (const WeeklyWindowRule& rule : weekly_) {
    if (auto occurrence = next_occurrence(rule, now)) found.push_back(std::move(*occurrence));
  }
  if (auto regular = next_occurrence(regular_, now)) found.push_back(std::move(*regular));
  std::stable_sort(found.begin(), found.end(), [](const ServiceWindow& a, const ServiceWindow& b) {
    return a.start < b.start;
  });
  return found;
}

std::optional<ServiceWindow> ServiceWindows::active_window(TimePoint now,
                                                           std::string_view service) const {
  std::optional<ServiceWindow> best;
  for (const ServiceWindow& window : ad_hoc_) {
    if (window.covers(now, service) && (!best || window.end > best->end)) best = window;
  }
  for (const WeeklyWindowRule& rule : weekly_) {
    auto occurrence = occurrence_at(rule, now);
    if (occurrence && occurrence->covers(now, service) && (!best || occurrence->end > best->end)) {
      best = std::move(occurrence);
    }
  }
  std::optional<ServiceWindow> regular = regular_window_at(now);
  if (regular && regular->covers(now, service) && (!best || regular->end > best->end)) {
    return regular;
  }
  return best;
}

}  // namespace utbyte::platform::sla
