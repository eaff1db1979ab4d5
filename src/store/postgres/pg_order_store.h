#pragma once

#include "store/order_store.h"
#include "store/postgres/pg_pool.h"

namespace utbyte::store::postgres {

// The Massfråga queue on PostgreSQL, shared by every instance. Workers of all instances claim
// lines with FOR UPDATE SKIP LOCKED plus a lease: two claims never return the same line, and a
// line leased by an instance that died becomes claimable again when its lease ends. A line is
// answered only while still VANTAR (a conditional UPDATE under its row lock), so it is answered
// exactly once whoever finishes first.
class PgOrderStore final : public OrderStore {
 public:
  explicit PgOrderStore(ConnectionPool& pool) : pool_(pool) {}

  Result<CreatedOrder> create(const OrderRequest& request,
                              std::span<const OrderLine> lines) override;
  Result<std::optional<Order>> find(std::string_view aktors_id, std::string_view id) override;
  Result<std::vector<WorkItem>> claim(int max_items, std::string_view worker_id,
                                      std::int64_t now_ms, std::int64_t lease_until_ms) override;
  Result<std::int64_t> complete(std::span<const CompletedItem> items, std::int64_t now_ms) override;
  Result<std::optional<AnswerPage>> answers(std::string_view aktors_id, std::string_view id,
                                            std::int64_t after_row, int limit) override;
  Result<std::optional<std::int64_t>> acknowledge(std::string_view aktors_id, std::string_view id,
                                                  std::int64_t up_to_row,
                                                  std::int64_t now_ms) override;
  Result<bool> fail(std::string_view id, std::string_view felmeddelande,
                    std::int64_t now_ms) override;
  Result<std::int64_t> purge(std::int64_t older_than_ms) override;

 private:
  // One attempt; `conflict` is set when a unique index refused the insert (a concurrent order
  // with the same klientreferens, or a colliding random id).
  Result<CreatedOrder> try_create(Connection& conn, const OrderRequest& request,
                                  std::span<const OrderLine> lines, bool& conflict);

  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
