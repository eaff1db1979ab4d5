#include "platform/sla/service_windows.h"

#include <algorithm>
#include <utility>

namespace utbyte::platform::sla {

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

ServiceWindows::ServiceWindows(WeeklyWindowRule regular, std::vector<ServiceWindow> ad_hoc)
    : regular_(std::move(regular)), ad_hoc_(std::move(ad_hoc)) {}

std::optional<ServiceWindow> ServiceWindows::regular_window_at(TimePoint now) const {
  if (!regular_.enabled) return std::nullopt;
  // Whole days from the start to the end of one occurrence; a window that ends on its start
  // weekday at or before its start minute lasts (up to) a week.
  int span_days = static_cast<int>((regular_.end_day - regular_.start_day).count());
  if (span_days == 0 && regular_.end_minute <= regular_.start_minute) span_days = 7;

  const domain::LocalTime local = domain::to_stockholm(now);
  // Occurrences are at most a week long, so only the latest start at or before `now` can cover
  // it; it lies within the last 7 days.
  for (int back = 0; back <= 7; ++back) {
    const domain::Date day = domain::add_days(local.date, -back);
    if (std::chrono::weekday{std::chrono::sys_days{day}} != regular_.start_day) continue;
    const TimePoint start = domain::from_stockholm(day, regular_.start_minute);
    if (start > now) continue;
    const TimePoint end =
        domain::from_stockholm(domain::add_days(day, span_days), regular_.end_minute);
    if (now >= end) return std::nullopt;
    return ServiceWindow{"REGULJAR-" + domain::format_date(day), start, end, regular_.reason,
                         regular_.services};
  }
  return std::nullopt;
}

std::optional<ServiceWindow> ServiceWindows::active_window(TimePoint now,
                                                           std::string_view service) const {
  const ServiceWindow* best = nullptr;
  for (const ServiceWindow& window : ad_hoc_) {
    if (window.covers(now, service) && (best == nullptr || window.end > best->end)) best = &window;
  }
  std::optional<ServiceWindow> regular = regular_window_at(now);
  if (regular && regular->covers(now, service) && (best == nullptr || regular->end > best->end)) {
    return regular;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace utbyte::platform::sla
