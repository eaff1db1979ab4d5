#include "leka/notification_renderer.h"

#include <algorithm>
#include <array>

#include "core/json_writer.h"
#include "lefi/answer_writer.h"
#include "platform/http/error_response.h"
#include "platform/transaction_id.h"

namespace utbyte::leka {
namespace {

using domain::InformationType;
using store::Handelse;

// The open end of "from fromDatum on": later than any date in the register.
constexpr domain::Date kOpenEnd{std::chrono::year{9999}, std::chrono::December,
                                std::chrono::day{31}};

bool subscribed(const store::Subscription& s, InformationType type) {
  return std::find(s.informationstyper.begin(), s.informationstyper.end(), type) !=
         s.informationstyper.end();
}

}  // namespace

bool is_payment_event(Handelse handelse) {
  return handelse == Handelse::kNyUtbetalning || handelse == Handelse::kUtbetalningGenomford;
}

bool subscribes_to(const store::Subscription& subscription, InformationType type,
                   Handelse handelse) {
  if (!subscribed(subscription, type)) return false;
  return !is_payment_event(handelse) || subscribed(subscription, InformationType::kUtbetalning);
}

Result<bool> NotificationRenderer::synthetic() {
  if (synthetic_) return *synthetic_;
  auto info = registry_.register_info();
  if (!info.ok()) return info.error();
  synthetic_ = info->synthetic;
  return *synthetic_;
}

Result<std::optional<store::NotificationDraft>> NotificationRenderer::render(
    const store::Subscription& subscription, const Event& event) {
  auto is_synthetic = synthetic();
  if (!is_synthetic.ok()) return is_synthetic.error();
  const std::array<InformationType, 1> types = {event.informationstyp};
  const domain::DateRange since{subscription.from_datum, kOpenEnd};
  auto decisions = registry_.find_decisions(subscription.personnummer, types, since);
  if (!decisions.ok()) return decisions.error();

  const bool whole_state =
      event.handelse == Handelse::kForstaLeverans || event.handelse == Handelse::kHeluppdatering;
  const bool with_payments = subscribed(subscription, InformationType::kUtbetalning) &&
                             (whole_state || is_payment_event(event.handelse));
  std::vector<store::PaymentRecord> payments;
  if (with_payments) {
    // A payment event shows its payment; the whole state shows every payment since fromDatum.
    const domain::DateRange range =
        whole_state ? since : domain::DateRange{event.handelsedatum, event.handelsedatum};
    auto found = registry_.find_payments(subscription.personnummer, types, range);
    if (!found.ok()) return found.error();
    payments = std::move(found).value();
    if (!whole_state) {
      std::erase_if(payments,
                    [&event](const auto& p) { return p.utbetalnings_id != event.referens; });
    }
  }
  if (whole_state && decisions->empty() && payments.empty()) {
    return std::optional<store::NotificationDraft>{};
  }

  const auto& info = domain::info(event.informationstyp);
  const domain::Myndighet myndighet = event.myndighet       ? *event.myndighet
                                      : !decisions->empty() ? decisions->front().myndighet
                                                            : info.owner;
  store::NotificationDraft draft;
  draft.aktors_id = subscription.aktors_id;
  draft.avisering_id =
      event.avisering_id.empty() ? platform::new_transaction_id() : event.avisering_id;
  draft.prenumeration_id = subscription.id;
  draft.personnummer = subscription.personnummer;
  draft.informationstyp = event.informationstyp;
  draft.handelse = event.handelse;

  std::string& out = draft.innehall;
  out.reserve(512 + 256 * (decisions->size() + payments.size()));
  JsonWriter w(out);
  w.begin_object()
      .member("aviseringsId", std::string_view(draft.avisering_id))
      .member("prenumerationsId", std::string_view(subscription.id))
      .member("personnummer", std::string_view(subscription.personnummer))
      .member("informationstyp", info.code)
      .member("myndighet", domain::to_string(myndighet))
      .member("handelse", store::to_string(event.handelse))
      .member("handelsedatum", std::string_view(domain::format_date(event.handelsedatum)));
  if (!event.referens.empty()) w.member("referens", std::string_view(event.referens));
  w.member("skapad", std::string_view(platform::http::now_iso8601()))
      .member("syntetiskaUppgifter", *is_synthetic);
  w.key("tillstand")
      .begin_object()
      .member("informationstyp", info.code)
      .member("benamning", info.name)
      .member("myndighet", domain::to_string(myndighet))
      .member("fromDatum", std::string_view(domain::format_date(subscription.from_datum)));
  w.key("beslut").begin_array();
  for (const auto& d : *decisions) lefi::write_decision(w, d);
  w.end_array();
  if (with_payments) {
    w.key("utbetalningar").begin_array();
    for (const auto& p : payments) lefi::write_payment(w, p);
    w.end_array();
  }
  w.end_object().end_object();
  return std::optional<store::NotificationDraft>{std::move(draft)};
}

}  // namespace utbyte::leka
