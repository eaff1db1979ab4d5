#pragma once

// SLA capacity state shared by every instance on one database (platform/sla/shared_admission.h).
// Only stores that several instances can share implement it (PostgreSQL); with SQLite the
// server keeps the state in process (SlaGovernor).

#include <cstdint>
#include <string>

#include "core/result.h"

namespace utbyte::store {

// The limits of one service class; a value <= 0 switches that check off.
struct SharedSlaLimits {
  int per_second = 0;
  int per_minute = 0;
  int per_hour = 0;
  std::int64_t min_gap_ms = 0;
  int max_concurrent = 0;
};

struct SharedAdmission {
  bool admitted = false;
  std::int64_t ticket = 0;          // when admitted: pass to release()
  std::string refused_by;           // when refused: PER_SEKUND, PER_MINUT, PER_TIMME, MELLANRUM,
                                    // SAMTIDIGA
  std::int64_t retry_after_ms = 0;  // when refused: wait at least this long
};

class SlaStateStore {
 public:
  virtual ~SlaStateStore() = default;
  // Decides one request of `key` (actor) in `klass` atomically across instances, by the
  // database's clock. An admitted request holds a "thread" until release() or until
  // `lease_ms` has passed (an instance killed mid-answer). Errors: kStoreError.
  virtual Result<SharedAdmission> admit(const std::string& key, const std::string& klass,
                                        const SharedSlaLimits& limits, std::int64_t lease_ms) = 0;
  // The answer of `ticket` has been sent: frees its thread and starts the minimum gap.
  virtual Status release(std::int64_t ticket) = 0;
};

}  // namespace utbyte::store
