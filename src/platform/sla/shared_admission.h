#pragma once

#include <chrono>

#include "platform/sla/admission_control.h"
#include "store/sla_state_store.h"

namespace utbyte::platform::sla {

// Admission counted in the database, so an actor's limits hold for all instances together.
// Times are the database's clock. A ticket holds its thread for at most `lease` (an instance
// killed mid-answer frees it then). When the database cannot be asked, the request is admitted
// without a ticket: its handler meets the same database and answers LAGRINGSFEL, and a database
// hiccup does not turn into 429s for everyone.
class SharedAdmission final : public AdmissionControl {
 public:
  SharedAdmission(store::SlaStateStore& state, SlaGovernorOptions options,
                  std::chrono::milliseconds lease = std::chrono::seconds(60))
      : state_(state), options_(std::move(options)), lease_(lease) {}
  AdmissionDecision admit(const std::string& actor, ServiceClass cls,
                          std::chrono::steady_clock::time_point now) override;
  const SlaLimits& limits(ServiceClass cls) const override;

 private:
  store::SlaStateStore& state_;
  const SlaGovernorOptions options_;
  const std::chrono::milliseconds lease_;
};

}  // namespace utbyte::platform::sla
