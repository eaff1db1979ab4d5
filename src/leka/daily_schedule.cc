#include "leka/daily_schedule.h"

#include <algorithm>

#include "domain/calendar.h"
#include "platform/logging.h"

namespace utbyte::leka {

Result<int> parse_time_of_day(std::string_view text) {
  const Error bad = make_error(ErrorCode::kConfigError,
                               "Tiden för dygnskörningen ska ha formen TT:MM (00:00–23:59)");
  if (text.size() != 5 || text[2] != ':') return bad;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return bad;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return bad;
  return hours * 60 + minutes;
}

std::chrono::system_clock::time_point next_daily_run(std::chrono::system_clock::time_point now,
                                                     int minutes_of_day) {
  const domain::LocalTime local = domain::to_stockholm(now);
  for (int day = 0; day < 3; ++day) {
    const auto at = domain::from_stockholm(domain::add_days(local.date, day), minutes_of_day);
    if (at > now) return at;
  }
  return now + std::chrono::hours(24);  // unreachable: one of three days is always later
}

DailyRunScheduler::DailyRunScheduler(store::Store& store, platform::ClockPtr clock,
                                     int minutes_of_day, std::chrono::hours retention)
    : store_(store),
      clock_(std::move(clock)),
      minutes_of_day_(minutes_of_day),
      retention_(retention) {
  thread_ = std::thread([this] { loop(); });
}

DailyRunScheduler::~DailyRunScheduler() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DailyRunScheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    const auto now = clock_->now();
    const auto next = next_daily_run(now, minutes_of_day_);
    // Waits on the steady clock for the wall-clock distance (the service clock may be offset).
    const auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(next - now);
    if (wake_.wait_for(lock, wait, [this] { return stop_; })) break;
    lock.unlock();
    auto stats = run_daily(store_);
    if (stats.ok()) {
      platform::log_info("leka_dygnskorning", {{"andringar", stats->andringar},
                                               {"aviseringar", stats->aviseringar},
                                               {"hogvattenmarke", stats->hogvattenmarke}});
    } else {
      platform::log_error("leka_dygnskorning_misslyckades", {{"fel", stats.error().message}});
    }
    const auto cutoff = clock_->now() - retention_;
    auto purged = store_.leka().purge(
        std::chrono::duration_cast<std::chrono::milliseconds>(cutoff.time_since_epoch()).count());
    if (!purged.ok()) {
      platform::log_error("leka_rensning_misslyckades", {{"fel", purged.error().message}});
    }
    lock.lock();
  }
}

}  // namespace utbyte::leka
