#pragma once

// Instants for SLA tests, written as Stockholm wall-clock or UTC times.

#include <chrono>

#include "domain/calendar.h"
#include "domain/date.h"

namespace utbyte::platform::sla::testing {

using TimePoint = std::chrono::system_clock::time_point;

inline domain::Date d(const char* iso) { return *domain::parse_date(iso); }

// An instant given as Stockholm wall-clock time.
inline TimePoint sthlm(const char* iso_date, int hh, int mm, int ss = 0) {
  return domain::from_stockholm(d(iso_date), hh * 60 + mm) + std::chrono::seconds{ss};
}

inline TimePoint utc(const char* iso_date, int hh, int mm) {
  return std::chrono::sys_days{d(iso_date)} + std::chrono::hours{hh} + std::chrono::minutes{mm};
}

}  // namespace utbyte::platform::sla::testing
