#include "ssbtek/sources/circuit_breaker.h"

#include <algorithm>

namespace utbyte::ssbtek::sources {

CircuitBreaker::CircuitBreaker(BreakerSettings settings, Now now)
    : settings_(settings), now_(std::move(now)) {}

std::chrono::steady_clock::time_point CircuitBreaker::now() const {
  return now_ ? now_() : std::chrono::steady_clock::now();
}

bool CircuitBreaker::allow() {
  std::lock_guard lock(mutex_);
  if (state_ == State::kOpen) {
    if (now() - opened_at_ < settings_.open_for) return false;
    state_ = State::kHalfOpen;
    probes_in_flight_ = 0;
  }
  if (state_ == State::kHalfOpen) {
    if (probes_in_flight_ >= std::max(1, settings_.half_open_probes)) return false;
    ++probes_in_flight_;
  }
  return true;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  if (state_ == State::kHalfOpen) {
    state_ = State::kClosed;
    probes_in_flight_ = 0;
  }
}

void CircuitBreaker::record_failure() {
  std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (state_ == State::kHalfOpen ||
      (state_ == State::kClosed &&
       consecutive_failures_ >= std::max(1, settings_.failure_threshold))) {
    state_ = State::kOpen;
    opened_at_ = now();
    probes_in_flight_ = 0;
  }
  // A failure reported while already open (a call that left before the breaker opened) does
  // not extend the open time.
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  if (state_ == State::kOpen && now() - opened_at_ >= settings_.open_for) return State::kHalfOpen;
  return state_;
}

std::string_view to_string(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "STANGD";
    case CircuitBreaker::State::kOpen:
      return "OPPEN";
    case CircuitBreaker::State::kHalfOpen:
      return "HALVOPPEN";
  }
  return "STANGD";
}

}  // namespace utbyte::ssbtek::sources
