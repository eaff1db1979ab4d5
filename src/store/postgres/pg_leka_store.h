#pragma once

#include "store/leka_store.h"
#include "store/postgres/pg_pool.h"

namespace utbyte::store::postgres {

// LEKA's state on PostgreSQL. An actor's feed is written only under a lock of the actor's
// leka_aktor row (SELECT … FOR UPDATE, actors locked in sorted order), so sequence numbers
// stay gap-free and ordered per actor whichever instance writes; the daily run's high-water
// mark moves under a transaction-scoped advisory lock, so two instances never notify one change
// twice.
class PgLekaStore final : public LekaStore {
 public:
  explicit PgLekaStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<Subscription>> find_same(const Subscription& wanted) override;
  Result<CreatedSubscription> create(const Subscription& subscription,
                                     std::span<const NotificationDraft> first_delivery) override;
  Result<std::int64_t> create_bulk(std::span<const Subscription> subscriptions) override;
  Result<std::optional<Subscription>> find(std::string_view aktors_id,
                                           std::string_view id) override;
  Result<SubscriptionPage> list(std::string_view aktors_id, std::optional<std::string> personnummer,
                                std::int64_t after_nummer, int limit) override;
  Result<bool> remove(std::string_view aktors_id, std::string_view id) override;
  Result<std::vector<Subscription>> all_of(std::string_view aktors_id) override;
  Result<std::vector<Subscription>> for_persons(std::span<const std::string> persons) override;
  Result<NotificationPage> notifications(std::string_view aktors_id,
                                         std::optional<std::int64_t> from_sekvens,
                                         int limit) override;
  Result<std::int64_t> acknowledge(std::string_view aktors_id, std::int64_t tom_sekvens,
                                   std::int64_t now_ms) override;
  Result<bool> append(std::span<const NotificationDraft> drafts,
                      std::optional<std::int64_t> expected_mark, std::int64_t new_mark) override;
  Result<std::int64_t> high_water_mark() override;
  Result<std::vector<RegisterChange>> changes_after(std::int64_t after_seq, int limit) override;
  Result<std::int64_t> purge(std::int64_t older_than_ms) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
