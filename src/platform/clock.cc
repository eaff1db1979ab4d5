#include "platform/clock.h"

namespace utbyte::platform {
namespace {

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }
};

class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(std::chrono::system_clock::time_point start)
      : offset_(start - std::chrono::system_clock::now()) {}
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now() + offset_;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }

 private:
  const std::chrono::system_clock::duration offset_;
};

}  // namespace

ClockPtr system_clock() {
  static const ClockPtr instance = std::make_shared<SystemClock>();
  return instance;
}

ClockPtr offset_clock(std::chrono::system_clock::time_point start) {
  return std::make_shared<OffsetClock>(start);
}

}  // namespace utbyte::platform
