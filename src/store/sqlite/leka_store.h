#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/leka_store.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// LekaStore on two connections: a writer for every change (synchronous=FULL: a registered
// subscription and a stored notification are promises to the partner, as accepted orders are in
// SqliteOrderStore) and a reader for lookups and the daily run's reads. Handing out a page of
// notifications writes (it records the highest sequence delivered), so it runs on the writer.
class SqliteLekaStore final : public LekaStore {
 public:
  struct Statements;

  // `path` must already be migrated. Errors: kStoreError.
  static Result<std::unique_ptr<SqliteLekaStore>> open(const std::string& path);
  SqliteLekaStore(Connection writer, Connection reader, std::unique_ptr<Statements> statements);
  ~SqliteLekaStore() override;

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
  // Inserts drafts with the next sequence numbers of their actors. Requires write_mutex_ held
  // and a transaction open on writer_.
  Status insert_drafts(std::span<const NotificationDraft> drafts, std::int64_t now_ms);
  Result<std::int64_t> read_mark();  // requires write_mutex_ held

  std::mutex write_mutex_;
  Connection writer_;  // guarded by write_mutex_
  std::mutex read_mutex_;
  Connection reader_;                  // guarded by read_mutex_
  std::unique_ptr<Statements> stmts_;  // each guarded by the mutex of its connection
};

}  // namespace utbyte::store::sqlite
