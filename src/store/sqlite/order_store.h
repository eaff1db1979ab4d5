#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/order_store.h"
#include "store/sqlite/sqlite_db.h"

namespace utbyte::store::sqlite {

// OrderStore on its own two connections: a writer for every state change and a reader for status
// polls and answer pages, so partners polling never wait behind a worker's commit.
//
// Durability: the writer runs with synchronous=FULL, unlike the other connections (NORMAL). In
// WAL mode NORMAL already survives kill -9 of the process (the commit is in the WAL file, which
// the OS keeps); what it can lose is the last commits on an OS crash or power loss. An accepted
// order (202 to the partner) and a stored answer are promises to the partner, so the order
// writer also fsyncs the WAL at every commit. Because claim and complete work in batches, that is
// a few dozen fsyncs per second at 10 000 persons/s. Since the WAL is one ordered file, the
// fsync also makes every earlier commit of the other connections (e.g. audit entries) durable.
class SqliteOrderStore final : public OrderStore {
 public:
  struct Statements;

  // `path` must already be migrated. Errors: kStoreError.
  static Result<std::unique_ptr<SqliteOrderStore>> open(const std::string& path);
  SqliteOrderStore(Connection writer, Connection reader, std::unique_ptr<Statements> statements);
  ~SqliteOrderStore() override;

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
  // One attempt; sets id_taken when the insert hit a UNIQUE constraint (a colliding random id).
  Result<CreatedOrder> try_create(const OrderRequest& request, std::span<const OrderLine> lines,
                                  bool& id_taken);

  std::mutex write_mutex_;
  Connection writer_;  // guarded by write_mutex_
  std::mutex read_mutex_;
  Connection reader_;  // guarded by read_mutex_
  // Prepared once; each guarded by the mutex of the connection it was prepared on.
  std::unique_ptr<Statements> stmts_;
};

}  // namespace utbyte::store::sqlite
