#pragma once

// The admission decision ServiceGate asks before a partner request runs: "may this actor start
// one more request of this class now?". Two implementations: LocalAdmission counts in this
// process (SlaGovernor; the SQLite store, one instance), SharedAdmission counts in the database
// (several instances behind a load balancer, shared_admission.h).

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "platform/sla/sla_governor.h"

namespace utbyte::platform::sla {

// An admitted request's hold on its actor's capacity; finish() when the answer has been sent
// (ends the request's "thread" and starts the minimum gap). Destroying it unfinished finishes it.
class AdmissionTicket {
 public:
  virtual ~AdmissionTicket() = default;
  virtual void finish(std::chrono::steady_clock::time_point end) = 0;
};

struct AdmissionDecision {
  bool admitted = false;
  std::unique_ptr<AdmissionTicket> ticket;   // when admitted (may be null: nothing to release)
  std::optional<SlaLimit> refused_by;        // when refused
  std::chrono::milliseconds retry_after{0};  // when refused
};

// Thread-safe.
class AdmissionControl {
 public:
  virtual ~AdmissionControl() = default;
  virtual AdmissionDecision admit(const std::string& actor, ServiceClass cls,
                                  std::chrono::steady_clock::time_point now) = 0;
  virtual const SlaLimits& limits(ServiceClass cls) const = 0;
};

// In-process admission: SlaGovernor's exact sliding windows.
class LocalAdmission final : public AdmissionControl {
 public:
  explicit LocalAdmission(SlaGovernorOptions options) : governor_(std::move(options)) {}
  AdmissionDecision admit(const std::string& actor, ServiceClass cls,
                          std::chrono::steady_clock::time_point now) override;
  const SlaLimits& limits(ServiceClass cls) const override { return governor_.limits(cls); }

 private:
  SlaGovernor governor_;
};

}  // namespace utbyte::platform::sla
