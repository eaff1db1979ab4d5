#pragma once

// A LEKA notification's JSON (contracts/openapi/leka-avisering-v9.yaml, Avisering), rendered when
// the notification is created and stored as is. Its `tillstand` is the benefit as a LEFI v9
// answer shows it from the subscription's fromDatum: the same store queries and the same writers
// (lefi/answer_writer.h), so a notification and a v9 query never disagree.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"
#include "store/leka_store.h"
#include "store/store.h"

namespace utbyte::leka {

// What happened, as the notification names it.
struct Event {
  store::Handelse handelse = store::Handelse::kForstaLeverans;
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  domain::Date handelsedatum{};
  std::optional<domain::Myndighet> myndighet;  // absent: from the decisions, else the type's owner
  std::string referens;      // beslutsId/utbetalningsId/personnummer; may be empty
  std::string avisering_id;  // stable id (derived from the change) or empty
};

// True for events about one payment; their tillstand carries that payment.
bool is_payment_event(store::Handelse handelse);

// Whether `subscription` is told about `type`: a subscribed benefit type; payment events only
// when UTBETALNING is subscribed too.
bool subscribes_to(const store::Subscription& subscription, domain::InformationType type,
                   store::Handelse handelse);

// Renders notifications from the register. Thread-compatible (one per thread).
class NotificationRenderer {
 public:
  explicit NotificationRenderer(store::RegisterStore& registry) : registry_(registry) {}

  // The notification of `event` for `subscription`. For FORSTA_LEVERANS and HELUPPDATERING,
  // nullopt when the register has nothing on the type since fromDatum. Errors: kStoreError.
  Result<std::optional<store::NotificationDraft>> render(const store::Subscription& subscription,
                                                         const Event& event);

 private:
  Result<bool> synthetic();

  store::RegisterStore& registry_;
  std::optional<bool> synthetic_;
};

}  // namespace utbyte::leka
