#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/result.h"
#include "leka/daily_run.h"
#include "platform/clock.h"
#include "store/store.h"

namespace utbyte::leka {

// "HH:MM" (00:00–23:59) as minutes after midnight. Errors: kConfigError.
Result<int> parse_time_of_day(std::string_view text);

// The first instant after `now` at which Stockholm clocks show `minutes_of_day` (DST-aware,
// domain/calendar.h).
std::chrono::system_clock::time_point next_daily_run(std::chrono::system_clock::time_point now,
                                                     int minutes_of_day);

// Runs the daily run every day at a Stockholm time of day on a thread of its own, so that a
// long run never holds up requests, then purges notifications acknowledged more than
// `retention` ago. Stops (waiting for a run in progress) on destruction.
class DailyRunScheduler {
 public:
  DailyRunScheduler(store::Store& store, platform::ClockPtr clock, int minutes_of_day,
                    std::chrono::hours retention);
  ~DailyRunScheduler();
  DailyRunScheduler(const DailyRunScheduler&) = delete;
  DailyRunScheduler& operator=(const DailyRunScheduler&) = delete;

 private:
  void loop();

  store::Store& store_;
  const platform::ClockPtr clock_;
  const int minutes_of_day_;
  const std::chrono::hours retention_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace utbyte::leka
