#pragma once

#include <chrono>
#include <memory>

namespace utbyte::platform {

// The one source of time for SLA limits, opening hours, service windows and version end of
// life, so that all of them can be exercised at any date and hour (`utbyte serve --fake-time`,
// unit tests). Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time: calendar, opening hours, windows, versions.
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time: rate windows and gaps.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

using ClockPtr = std::shared_ptr<const Clock>;

// The machine's clocks.
ClockPtr system_clock();

// Wall-clock time that starts at `start` when created and then runs at normal speed; steady
// time is the machine's. For test environments that must behave as on another date.
ClockPtr offset_clock(std::chrono::system_clock::time_point start);

}  // namespace utbyte::platform
