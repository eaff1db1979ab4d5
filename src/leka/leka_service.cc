#include "leka/leka_service.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leka/delivery_filter.h"
#include "leka/notification_renderer.h"
#include "platform/http/error_response.h"
#include "platform/transaction_id.h"

namespace utbyte::leka {
namespace {

using domain::InformationType;

constexpr std::size_t kRefreshBatch = 2000;

// A prenumerationsId: "P-" and 32 hex digits of a random UUID.
std::string new_subscription_id() {
  std::string uuid = platform::new_transaction_id();
  std::erase(uuid, '-');
  return "P-" + uuid;
}

// The notifications describing the whole state of `subscription` (first delivery, refresh).
Result<std::vector<store::NotificationDraft>> whole_state(NotificationRenderer& renderer,
                                                          const store::Subscription& subscription,
                                                          store::Handelse handelse,
                                                          domain::Date today) {
  std::vector<store::NotificationDraft> drafts;
  for (InformationType type : subscription.informationstyper) {
    if (!domain::info(type).is_benefit) continue;
    Event event;
    event.handelse = handelse;
    event.informationstyp = type;
    event.handelsedatum = today;
    if (handelse == store::Handelse::kForstaLeverans) {
      // Stable per subscription and type: a retried registration renders the same ids.
      event.avisering_id = platform::derived_transaction_id(
          fmt::format("{}/FORSTA_LEVERANS/{}", subscription.id, domain::to_string(type)));
    }
    auto draft = renderer.render(subscription, event);
    if (!draft.ok()) return draft.error();
    if (*draft) drafts.push_back(std::move(**draft));
  }
  return drafts;
}

domain::Date date_of_ms(std::int64_t ms) {
  return domain::Date{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds(ms)})};
}

// The notification without the payments in its tillstand.
Status drop_payments(store::StoredNotification& notification) {
  auto doc = nlohmann::json::parse(notification.innehall, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("Avisering {} är inte ett JSON-objekt", notification.sekvens));
  }
  const auto tillstand = doc.find("tillstand");
  if (tillstand == doc.end() || !tillstand->contains("utbetalningar")) return Status::ok_status();
  tillstand->erase("utbetalningar");
  notification.innehall = doc.dump();
  return Status::ok_status();
}

}  // namespace

Result<FeedPage> LekaService::deliver(const platform::Agreement& agreement,
                                      std::optional<std::int64_t> from_sekvens, int limit,
                                      const Caller& caller, bool payments) {
  auto page = store_.leka().notifications(agreement.aktors_id, from_sekvens, limit);
  if (!page.ok()) return page.error();
  FeedPage out;
  out.kvitterad_tom = page->kvitterad_tom;
  out.senaste_sekvens = page->senaste_sekvens;
  out.nasta_from_sekvens = page->items.empty() ? from_sekvens.value_or(page->kvitterad_tom + 1)
                                               : page->items.back().sekvens + 1;
  if (!payments) {
    for (auto& n : page->items) {
      if (Status s = drop_payments(n); !s.ok()) return s.error();
    }
  }
  // The agreement as it is now decides, not as it was when the notifications were made.
  out.delivery = withhold_not_allowed(std::move(page->items), agreement);
  if (Status s = audit_disclosure(out.delivery.delivered, agreement, caller); !s.ok()) {
    return s.error();
  }
  return out;
}

Result<store::CreatedSubscription> LekaService::subscribe(const SubscriptionRequest& request,
                                                          const platform::Agreement& agreement,
                                                          const Caller& caller) {
  for (InformationType type : request.informationstyper) {
    if (!agreement.informationstyper.contains(type)) {
      return make_error(
          ErrorCode::kInformationTypeNotPermitted,
          fmt::format("Avtalet medger inte informationstypen {}", domain::info(type).name));
    }
  }
  store::Subscription wanted;
  wanted.aktors_id = agreement.aktors_id;
  wanted.organisationsnummer = caller.organisationsnummer;
  wanted.personnummer = request.personnummer.digits();
  wanted.informationstyper = request.informationstyper;
  wanted.from_datum = request.from_datum;
  wanted.skapad_ms = now_ms_();

  auto existing = store_.leka().find_same(wanted);
  if (!existing.ok()) return existing.error();
  if (*existing) return store::CreatedSubscription{std::move(**existing), false, 0};

  wanted.id = new_subscription_id();
  std::vector<store::NotificationDraft> first;
  {
    std::lock_guard lock(render_mutex_);
    NotificationRenderer renderer(store_.registry());
    auto drafts = whole_state(renderer, wanted, store::Handelse::kForstaLeverans,
                              date_of_ms(wanted.skapad_ms));
    if (!drafts.ok()) return drafts.error();
    first = std::move(drafts).value();
  }
  // Audited before the subscription exists: a registration that cannot be audited is refused.
  store::AuditEvent event;
  event.tidpunkt = platform::http::now_iso8601();
  event.transaktions_id = caller.transaktions_id;
  event.aktors_id = agreement.aktors_id;
  event.organisationsnummer = caller.organisationsnummer;
  event.tjanst = caller.tjanst.empty() ? std::string(kTjanstPrenumeration) : caller.tjanst;
  event.personnummer = wanted.personnummer;
  for (InformationType t : wanted.informationstyper) {
    event.informationstyper.emplace_back(domain::to_string(t));
  }
  event.rattslig_grund = agreement.rattslig_grund;
  event.utfall = "PRENUMERATION_REGISTRERAD";
  auto audited = store_.audit().append(event);
  if (!audited.ok()) return audited.error();
  return store_.leka().create(wanted, first);
}

Result<RefreshResult> LekaService::full_refresh(const platform::Agreement& agreement) {
  auto all = store_.leka().all_of(agreement.aktors_id);
  if (!all.ok()) return all.error();
  RefreshResult result;
  result.prenumerationer = static_cast<std::int64_t>(all->size());
  const domain::Date today = date_of_ms(now_ms_());
  std::lock_guard lock(render_mutex_);
  NotificationRenderer renderer(store_.registry());
  std::vector<store::NotificationDraft> batch;
  for (store::Subscription& s : *all) {
    // The subscription as the agreement allows it now: a refresh must not produce what the feed
    // would have to withhold. The stored subscription keeps its types, so a restored agreement
    // refreshes them again.
    std::erase_if(s.informationstyper, [&agreement, &result](InformationType type) {
      if (agreement.informationstyper.contains(type)) return false;
      ++result.ej_tillatna[type];
      return true;
    });
    auto drafts = whole_state(renderer, s, store::Handelse::kHeluppdatering, today);
    if (!drafts.ok()) return drafts.error();
    for (auto& d : *drafts) batch.push_back(std::move(d));
    if (batch.size() >= kRefreshBatch) {
      auto appended = store_.leka().append(batch, std::nullopt, 0);
      if (!appended.ok()) return appended.error();
      result.aviseringar += static_cast<std::int64_t>(batch.size());
      batch.clear();
    }
  }
  if (!batch.empty()) {
    auto appended = store_.leka().append(batch, std::nullopt, 0);
    if (!appended.ok()) return appended.error();
    result.aviseringar += static_cast<std::int64_t>(batch.size());
  }
  return result;
}

Status LekaService::audit_disclosure(std::span<const store::StoredNotification> items,
                                     const platform::Agreement& agreement, const Caller& caller) {
  // Person → types disclosed, in first-seen order of persons.
  std::vector<std::string> order;
  std::map<std::string, std::set<InformationType>> types;
  for (const auto& n : items) {
    auto [it, inserted] = types.try_emplace(n.personnummer);
    if (inserted) order.push_back(n.personnummer);
    for (InformationType t : disclosed_types(n)) it->second.insert(t);
  }
  std::vector<store::AuditEvent> events;
  events.reserve(order.size());
  const std::string tidpunkt = platform::http::now_iso8601();
  for (std::size_t i = 0; i < order.size(); ++i) {
    store::AuditEvent e;
    e.tidpunkt = tidpunkt;
    // One entry per person: the log is idempotent per transaction id, so each gets its own.
    e.transaktions_id = fmt::format("{}/{}", caller.transaktions_id, i + 1);
    e.aktors_id = agreement.aktors_id;
    e.organisationsnummer = caller.organisationsnummer;
    e.tjanst = caller.tjanst.empty() ? std::string(kTjanstAvisering) : caller.tjanst;
    e.personnummer = order[i];
    for (InformationType t : types[order[i]])
      e.informationstyper.emplace_back(domain::to_string(t));
    e.rattslig_grund = agreement.rattslig_grund;
    e.utfall = "UTLAMNAT";
    events.push_back(std::move(e));
  }
  if (events.empty()) return Status::ok_status();
  auto appended = store_.audit().append_batch(events);
  if (!appended.ok()) return appended.error();
  return Status::ok_status();
}

}  // namespace utbyte::leka
