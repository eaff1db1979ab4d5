#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"
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
};

// The result of a full refresh order.
struct RefreshResult {
  std::int64_t prenumerationer = 0;
  std::int64_t aviseringar = 0;
  // Subscribed types the agreement no longer allows, each with the number of subscriptions that
  // name it: left out of the refresh.
  std::map<domain::InformationType, std::int64_t> ej_tillatna;
};

// Subscriptions and full refresh (docs/leka.md). The feed itself is read straight from the store
// by the routes. Thread-safe.
class LekaService {
 public:
  LekaService(store::Store& store, std::function<std::int64_t()> now_ms)
      : store_(store), now_ms_(std::move(now_ms)) {}

  // Registers the subscription, or returns the same one when it exists (created=false). The
  // first delivery (FORSTA_LEVERANS, the current state of each subscribed benefit the register
  // has since fromDatum) is stored in the subscription's own transaction. Audited as
  // LEKA.PRENUMERATION.V9. Errors: kInformationTypeNotPermitted (the agreement lacks a type),
  // kStoreError.
  Result<store::CreatedSubscription> subscribe(const SubscriptionRequest& request,
                                               const platform::Agreement& agreement,
                                               const Caller& caller);

  // Queues a HELUPPDATERING notification per subscription and subscribed benefit type of the
  // actor (the whole stock), in transactions of a few thousand. Only what `agreement` allows now
  // is refreshed: a benefit type it no longer allows gets no notification, and without
  // UTBETALNING no notification carries payments.
  Result<RefreshResult> full_refresh(const platform::Agreement& agreement);

  // Audits the disclosure of a page of notifications: one entry per person (tjanst
  // LEKA.AVISERING.V9) with the types disclosed (leka/delivery_filter.h), all in one
  // transaction. `items` are what is sent: withheld notifications are not disclosed, so not
  // audited.
  Status audit_disclosure(std::span<const store::StoredNotification> items,
                          const platform::Agreement& agreement, const Caller& caller);

 private:
  store::Store& store_;
  const std::function<std::int64_t()> now_ms_;
  std::mutex render_mutex_;  // one renderer cache at a time
};

}  // namespace utbyte::leka
