#include "platform/sla/service_gate.h"

#include <memory>

#include <fmt/format.h>

#include "domain/calendar.h"
#include "platform/logging.h"
#include "platform/sla/shared_admission.h"

namespace utbyte::platform::sla {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using SysTime = std::chrono::system_clock::time_point;

constexpr auto kWindowRefresh = std::chrono::seconds(2);

std::string_view limit_text(SlaLimit limit) {
  switch (limit) {
    case SlaLimit::kPerSecond:
      return "högst {} anrop per sekund";
    case SlaLimit::kPerMinute:
      return "högst {} anrop per minut";
    case SlaLimit::kPerHour:
      return "högst {} anrop per timme";
    case SlaLimit::kGap:
      return "minst {} ms från svar till nästa anrop";
    case SlaLimit::kConcurrent:
      return "högst {} samtidiga anrop";
  }
  return "{}";
}

int limit_value(const SlaLimits& limits, SlaLimit limit) {
  switch (limit) {
    case SlaLimit::kPerSecond:
      return limits.per_second;
    case SlaLimit::kPerMinute:
      return limits.per_minute;
    case SlaLimit::kPerHour:
      return limits.per_hour;
    case SlaLimit::kGap:
      return static_cast<int>(limits.min_gap.count());
    case SlaLimit::kConcurrent:
      return limits.max_concurrent;
  }
  return 0;
}

GateDecision unavailable(ErrorCode code, std::string message, milliseconds retry_after) {
  GateDecision refused;
  refused.refusal = make_error(code, std::move(message));
  refused.retry_after = retry_after;
  return refused;
}

nlohmann::ordered_json limits_json(const SlaLimits& l) {
  return {{"perSekund", l.per_second},
          {"perMinut", l.per_minute},
          {"perTimme", l.per_hour},
          {"mellanrumMs", l.min_gap.count()},
          {"samtidiga", l.max_concurrent}};
}

nlohmann::ordered_json window_json(const ServiceWindow& w) {
  return {{"id", w.id},
          {"start", format_stockholm(w.start)},
          {"slut", format_stockholm(w.end)},
          {"orsak", w.reason},
          {"tjanster", w.services}};
}

}  // namespace

std::string format_stockholm(SysTime t) {
  const auto local = domain::to_stockholm(std::chrono::floor<std::chrono::seconds>(t));
  const int offset = local.utc_offset_minutes;
  const auto seconds_of_day =
      std::chrono::floor<std::chrono::seconds>(t) - std::chrono::floor<std::chrono::minutes>(t);
  return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", domain::format_date(local.date),
                     local.minutes_of_day / 60, local.minutes_of_day % 60, seconds_of_day.count(),
                     offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
}

ServiceWindow to_service_window(const store::ServiceWindowRecord& record) {
  ServiceWindow w;
  w.id = record.id;
  w.start = SysTime(std::chrono::seconds(record.start));
  w.end = SysTime(std::chrono::seconds(record.end));
  w.reason = record.orsak;
  w.services = record.tjanster;
  return w;
}

ServiceGate::ServiceGate(ClockPtr clock, SlaConfig config, const VersionRegistry& versions,
                         store::WindowStore& windows, Metrics& metrics,
                         store::SlaStateStore* shared_sla)
    : clock_(std::move(clock)),
      config_(std::move(config)),
      versions_(versions),
      window_store_(windows),
      metrics_(metrics),
      massfraga_hours_(config_.massfraga_hours) {
  SlaGovernorOptions options{config_.limits, [clock = clock_] { return clock->steady_now(); }};
  if (shared_sla != nullptr) {
    admission_ = std::make_unique<SharedAdmission>(*shared_sla, std::move(options));
  } else {
    admission_ = std::make_unique<LocalAdmission>(std::move(options));
  }
}

ServiceWindows ServiceGate::current_windows() {
  const auto now = clock_->steady_now();
  std::lock_guard lock(windows_mutex_);
  if (windows_read_at_ == std::chrono::steady_clock::time_point{} ||
      now - windows_read_at_ >= kWindowRefresh) {
    auto stored = window_store_.list();
    if (stored.ok()) {
      cached_windows_.clear();
      cached_weekly_.clear();
      for (const auto& record : *stored) {
        const ServiceWindow window = to_service_window(record);
        if (record.typ != "VECKOVIS") {
          cached_windows_.push_back(window);
          continue;
        }
        auto rule =
            weekly_rule(window.id, window.start, window.end, window.reason, window.services);
        if (rule.ok()) {
          cached_weekly_.push_back(std::move(rule).value());
        } else {
          log_error("servicefonster_ogiltigt", {{"id", window.id}, {"fel", rule.error().message}});
        }
      }
    } else {
      // Keep serving with the windows last read: a database hiccup must not open or close
      // services by itself.
      log_error("servicefonster_kunde_inte_lasas", {{"fel", stored.error().message}});
    }
    windows_read_at_ = now;
  }
  return ServiceWindows(config_.regular_window, cached_windows_, cached_weekly_);
}

bool ServiceGate::massfraga_open() {
  const SysTime now = clock_->now();
  return massfraga_hours_.is_open(now) &&
         !current_windows().active_window(now, kServiceMassfraga).has_value();
}

std::optional<ServiceWindow> ServiceGate::active_window(std::string_view service) {
  if (!config_.enabled) return std::nullopt;
  return current_windows().active_window(clock_->now(), service);
}

std::optional<GateDecision> ServiceGate::refuse_if_closed(const GateProfile& profile) {
  const SysTime now = clock_->now();
  const std::string_view klass =
      profile.sla_class ? to_string(*profile.sla_class) : std::string_view("INGEN");
  if (auto window = current_windows().active_window(now, profile.service)) {
    metrics_.increment("sla_avvisade", fmt::format(R"(klass="{}",orsak="SERVICEFONSTER")", klass));
    return unavailable(
        ErrorCode::kServiceUnavailable,
        fmt::format("Servicefönster {} pågår till {}{}", window->id, format_stockholm(window->end),
                    window->reason.empty() ? "" : ": " + window->reason),
        duration_cast<milliseconds>(window->end - now));
  }
  if (profile.sla_class == ServiceClass::kMassfraga && !massfraga_hours_.is_open(now)) {
    const SysTime opens = massfraga_hours_.next_opening(now);
    metrics_.increment("sla_avvisade", R"(klass="MASSFRAGA",orsak="OPPETTIDER")");
    return unavailable(ErrorCode::kServiceUnavailable,
                       fmt::format("Massfrågor tas emot under öppettiderna; nästa öppning {}",
                                   format_stockholm(opens)),
                       duration_cast<milliseconds>(opens - now));
  }
  return std::nullopt;
}

GateDecision ServiceGate::check_version(const GateProfile& profile) const {
  GateDecision decision;
  VersionCheck check = versions_.check(profile.api, profile.major, clock_->now());
  if (check.gone) {
    decision.refusal = make_error(ErrorCode::kVersionGone, check.message);
    return decision;
  }
  decision.headers = std::move(check.headers);
  return decision;
}

GateDecision ServiceGate::admit(const GateProfile& profile, const std::string& actor) {
  GateDecision decision;
  if (!config_.enabled) return decision;
  if (auto refused = refuse_if_closed(profile)) return std::move(*refused);
  if (!profile.sla_class) return decision;
  const ServiceClass cls = *profile.sla_class;
  AdmissionDecision admission = admission_->admit(actor, cls, clock_->steady_now());
  if (!admission.admitted) {
    const SlaLimit limit = admission.refused_by.value_or(SlaLimit::kPerSecond);
    const SlaLimits& limits = admission_->limits(cls);
    metrics_.increment("sla_avvisade",
                       fmt::format(R"(klass="{}",orsak="{}")", to_string(cls), to_string(limit)));
    GateDecision refused = unavailable(
        ErrorCode::kRateLimited,
        fmt::format("Kapacitetsgränsen {} ({}) är överskriden för {}; försök igen om {} s",
                    to_string(limit),
                    fmt::format(fmt::runtime(limit_text(limit)), limit_value(limits, limit)),
                    to_string(cls), retry_after_header(admission.retry_after)),
        admission.retry_after);
    return refused;
  }
  decision.ticket = std::move(admission.ticket);
  return decision;
}

nlohmann::ordered_json ServiceGate::status() {
  const SysTime now = clock_->now();
  nlohmann::ordered_json out = {{"tid", format_stockholm(now)},
                                {"sla", config_.enabled ? "PA" : "AV"}};
  nlohmann::ordered_json klasser = nlohmann::ordered_json::object();
  for (const ServiceClass cls : kAllServiceClasses) {
    klasser[std::string(to_string(cls))] = limits_json(config_.limits[cls]);
  }
  out["klasser"] = std::move(klasser);
  nlohmann::ordered_json hours = {{"oppen", massfraga_hours_.is_open(now)}};
  if (massfraga_hours_.is_open(now)) {
    hours["stanger"] = format_stockholm(massfraga_hours_.closes_at(now));
  } else {
    hours["oppnar"] = format_stockholm(massfraga_hours_.next_opening(now));
  }
  out["massfraga"] = std::move(hours);

  const ServiceWindows windows = current_windows();
  nlohmann::ordered_json fonster = nlohmann::ordered_json::object();
  nlohmann::ordered_json upcoming = nlohmann::ordered_json::array();
  // The window in force that ends last, whichever services it names: the one a partner waits for.
  std::optional<ServiceWindow> active;
  for (const auto& w : windows.in_force(now)) {
    if (!active || w.end > active->end) active = w;
  }
  for (const auto& w : windows.upcoming(now)) upcoming.push_back(window_json(w));
  if (active) fonster["aktivt"] = window_json(*active);
  fonster["kommande"] = std::move(upcoming);
  out["servicefonster"] = std::move(fonster);
  return out;
}

}  // namespace utbyte::platform::sla
