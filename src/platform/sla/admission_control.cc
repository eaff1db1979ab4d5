#include "platform/sla/admission_control.h"

namespace utbyte::platform::sla {
namespace {

class LocalTicket final : public AdmissionTicket {
 public:
  explicit LocalTicket(Ticket ticket) : ticket_(std::move(ticket)) {}
  void finish(std::chrono::steady_clock::time_point end) override { ticket_.finish(end); }

 private:
  Ticket ticket_;
};

}  // namespace

AdmissionDecision LocalAdmission::admit(const std::string& actor, ServiceClass cls,
                                        std::chrono::steady_clock::time_point now) {
  Admission admission = governor_.admit(actor, cls, now);
  AdmissionDecision out;
  out.admitted = admission.admitted;
  out.refused_by = admission.refused_by;
  out.retry_after = admission.retry_after;
  if (admission.admitted) out.ticket = std::make_unique<LocalTicket>(std::move(admission.ticket));
  return out;
}

}  // namespace utbyte::platform::sla
