#pragma once

// The background workers of LEFI Asynkron v10: they take persons from the persisted order
// queue (store::OrderStore), answer each with the LEFI v9 logic (audited per person, tjanst
// LEFI.BESTALLNING.V10) and store the answers.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lefi/lefi_service.h"
#include "platform/metrics.h"
#include "store/order_store.h"
#include "store/store.h"

namespace utbyte::lefi::async {

// The tjanst of every audit event a worker writes.
inline constexpr std::string_view kTjanstBestallning = "LEFI.BESTALLNING.V10";

struct OrderWorkerOptions {
  int threads = 2;
  int batch = 200;
  // Far above the time a batch takes, so that only a crashed worker's rows are taken over.
  std::chrono::milliseconds lease{60'000};
  // Pause when there is nothing to do or processing is not allowed now.
  std::chrono::milliseconds idle{200};
  // Pause after a store failure before trying again.
  std::chrono::milliseconds error_pause{2'000};
};

// N threads, each: ask `may_process` → claim a batch → answer every person → complete the
// batch. Started by the constructor, stopped (and joined) by stop() or the destructor. A failing
// store is logged and retried after a pause; it never ends the process. Several OrderWorkers, in
// one process or several sharing a database, never store two answers for one person.
class OrderWorker {
 public:
  // `may_process` is asked before every claim (opening hours, service windows); `now_ms` is
  // Unix milliseconds for leases and completion times. All references must outlive the worker.
  OrderWorker(store::OrderStore& orders, store::AuditStore& audit, LefiService& service,
              platform::Metrics& metrics, std::function<bool()> may_process,
              std::function<std::int64_t()> now_ms, OrderWorkerOptions options = {});
  ~OrderWorker();
  OrderWorker(const OrderWorker&) = delete;
  OrderWorker& operator=(const OrderWorker&) = delete;

  // Wakes the threads and waits for them to finish their current batch. Idempotent.
  void stop();

 private:
  void run(const std::string& worker_id);
  // Claims and answers one batch. Returns how many items were claimed (0: nothing to do), or
  // an error from the store.
  Result<std::size_t> process_batch(const std::string& worker_id);
  // Sleeps up to `pause`; returns false when stop() was called.
  bool pause(std::chrono::milliseconds pause);

  store::OrderStore& orders_;
  store::AuditStore& audit_;
  LefiService& service_;
  platform::Metrics& metrics_;
  const std::function<bool()> may_process_;
  const std::function<std::int64_t()> now_ms_;
  const OrderWorkerOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::vector<std::thread> threads_;
};

// Unix milliseconds of the system clock, the default `now_ms`.
std::int64_t system_now_ms();

}  // namespace utbyte::lefi::async
