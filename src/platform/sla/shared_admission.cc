#include "platform/sla/shared_admission.h"

#include <array>

#include <spdlog/spdlog.h>

namespace utbyte::platform::sla {
namespace {

class SharedTicket final : public AdmissionTicket {
 public:
  SharedTicket(store::SlaStateStore& state, std::int64_t id) : state_(state), id_(id) {}
  ~SharedTicket() override { finish({}); }
  void finish(std::chrono::steady_clock::time_point) override {
    if (id_ == 0) return;
    // The end is taken by the database's clock; the caller's steady time means nothing there.
    if (Status s = state_.release(std::exchange(id_, 0)); !s.ok()) {
      spdlog::warn("SLA-biljetten kunde inte släppas (leasen löper ut av sig själv): {}",
                   s.error().message);
    }
  }

 private:
  store::SlaStateStore& state_;
  std::int64_t id_;
};

std::optional<SlaLimit> parse_limit(std::string_view text) {
  constexpr std::array kLimits = {SlaLimit::kPerSecond, SlaLimit::kPerMinute, SlaLimit::kPerHour,
                                  SlaLimit::kGap, SlaLimit::kConcurrent};
  for (auto limit : kLimits) {
    if (to_string(limit) == text) return limit;
  }
  return std::nullopt;
}

}  // namespace

const SlaLimits& SharedAdmission::limits(ServiceClass cls) const { return options_.limits[cls]; }

AdmissionDecision SharedAdmission::admit(const std::string& actor, ServiceClass cls,
                                         std::chrono::steady_clock::time_point) {
  const SlaLimits& l = limits(cls);
  const store::SharedSlaLimits shared{l.per_second, l.per_minute, l.per_hour, l.min_gap.count(),
                                      l.max_concurrent};
  auto decided = state_.admit(actor, std::string(to_string(cls)), shared, lease_.count());
  AdmissionDecision out;
  if (!decided.ok()) {
    spdlog::warn("SLA-beslut i databasen misslyckades, frågan släpps igenom: {}",
                 decided.error().message);
    out.admitted = true;
    return out;
  }
  out.admitted = decided->admitted;
  if (out.admitted) {
    out.ticket = std::make_unique<SharedTicket>(state_, decided->ticket);
  } else {
    out.refused_by = parse_limit(decided->refused_by).value_or(SlaLimit::kPerSecond);
    out.retry_after = std::chrono::milliseconds(std::max<std::int64_t>(decided->retry_after_ms, 1));
  }
  return out;
}

}  // namespace utbyte::platform::sla
