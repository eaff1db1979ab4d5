#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace utbyte::platform {

// A fixed set of threads running submitted work in arrival order, with a bounded queue: when
// every thread is busy and `max_queued` tasks wait, try_submit() refuses at once instead of
// letting latency grow without limit (the caller answers 503 with Retry-After). Blocking work —
// database statements, password hashing, waits on other services — runs here so that the I/O
// threads only move bytes.
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t max_queued);
  // Stops taking work, lets running tasks finish, drops the tasks still queued and joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is then not run.
  bool try_submit(std::function<void()> task);

  // Tasks waiting for a thread now.
  std::size_t queued() const;
  std::size_t threads() const { return threads_.size(); }

 private:
  void run();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace utbyte::platform
