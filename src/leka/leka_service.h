#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "leka/delivery_filter.h"
#include "leka/subscription_request.h"
#include "platform/actors.h"
#include "store/store.h"

namespace utbyte::leka {

inline constexpr std::string_view kTjanstPrenumeration = "LEKA.PRENUMERATION.V9";
inline constexpr std::string_view kTjanstAvisering = "LEKA.AVISERING.V9";

// Who calls, for the audit log.
struct Caller {
  std::string transaktions_id;
  std::string organisationsnummer;
  // The service the audit log names: empty for v9's (kTjanstPrenumeration when subscribing,
  // kTjanstAvisering when disclosing); the SOAP generations name their own, e.g.
  // "LEKA.PRENUMERATION.V7".
  std::string tjanst = {};
};

// The result of a full refresh order.
struct RefreshResult {
  std::int64_t prenumerationer = 0;
  std::int64_t aviseringar = 0;
  // Subscribed types the agreement no longer allows, each with the number of subscriptions that
  // name it: left out of the refresh.
  std::map<domain::InformationType, std::int64_t> ej_tillatna;
};

// A page of the feed as delivered: what the agreement allows now, and where the partner goes on.
struct FeedPage {
  DeliverablePage delivery;
  std::int64_t kvitterad_tom = 0;    // the actor's acknowledged-up-to sequence
  std::int64_t senaste_sekvens = 0;  // the actor's last sequence number
  // Where the next page starts: past the last notification read, withheld ones included, so the
  // partner can acknowledge past them (the store counts them as handed out) and is never stuck.
  std::int64_t nasta_from_sekvens = 0;
};

// Subscriptions, the feed and full refresh (docs/leka.md). Thread-safe.
class LekaService {
 public:
  LekaService(store::Store& store, std::function<std::int64_t()> now_ms)
      : store_(store), now_ms_(std::move(now_ms)) {}

  // Registers the subscription, or returns the same one when it exists (created=false). The
  // first delivery (FORSTA_LEVERANS, the current state of each subscribed benefit the register
  // has since fromDatum) is stored in the subscription's own transaction. Audited as
  // caller.tjanst, by default LEKA.PRENUMERATION.V9. Errors: kInformationTypeNotPermitted (the
  // agreement lacks a type), kStoreError.
  Result<store::CreatedSubscription> subscribe(const SubscriptionRequest& request,
                                               const platform::Agreement& agreement,
                                               const Caller& caller);

  // Queues a HELUPPDATERING notification per subscription and subscribed benefit type of the
  // actor (the whole stock), in transactions of a few thousand. Only what `agreement` allows now
  // is refreshed: a benefit type it no longer allows gets no notification, and without
  // UTBETALNING no notification carries payments.
  Result<RefreshResult> full_refresh(const platform::Agreement& agreement);

  // A page of the actor's feed from `from_sekvens` (default: acknowledged + 1), at most `limit`
  // notifications, filtered by the agreement as it is now (withhold_not_allowed) and audited
  // before it is returned: a page that cannot be audited is not delivered. Without `payments`
  // (generations before LEKA v6) each notification's tillstand loses its utbetalningar first, so
  // they are neither disclosed, nor audited, nor a reason to withhold. Errors: kStoreError,
  // kInternal (a stored notification that is not the JSON this server writes).
  Result<FeedPage> deliver(const platform::Agreement& agreement,
                           std::optional<std::int64_t> from_sekvens, int limit,
                           const Caller& caller, bool payments = true);

  // Audits the disclosure of a page of notifications: one entry per person (tjanst
  // caller.tjanst, by default LEKA.AVISERING.V9) with the types disclosed (leka/delivery_filter.h),
  // all in one transaction. `items` are what is sent: withheld notifications are not disclosed, so
  // not audited.
  Status audit_disclosure(std::span<const store::StoredNotification> items,
                          const platform::Agreement& agreement, const Caller& caller);

 private:
  store::Store& store_;
  const std::function<std::int64_t()> now_ms_;
  std::mutex render_mutex_;  // one renderer cache at a time
};

}  // namespace utbyte::leka
