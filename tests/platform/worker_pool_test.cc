#include "platform/worker_pool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

namespace utbyte::platform {
namespace {

// A latch the test opens by hand, so that "busy" is a state, not a timing.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    opened_cv_.wait(lock, [this] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_cv_;
  bool open_ = false;
};

TEST(WorkerPoolTest, RunsEveryTaskAndRefusesWhenTheQueueIsFull) {
  Gate gate;
  std::atomic<int> started{0};
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 3);
    const auto blocked = [&] {
      ++started;
      gate.wait();
      ++done;
    };
    ASSERT_TRUE(pool.try_submit(blocked));
    ASSERT_TRUE(pool.try_submit(blocked));
    while (started.load() < 2) std::this_thread::yield();  // both threads now hold a task
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(pool.try_submit(blocked)) << i;
    EXPECT_EQ(pool.queued(), 3u);
    EXPECT_FALSE(pool.try_submit(blocked)) << "three wait already: bounded, not unbounded";
    gate.open();
    while (done.load() < 5) std::this_thread::yield();
    EXPECT_TRUE(pool.try_submit([&] { ++done; })) << "room again once the queue drained";
    while (done.load() < 6) std::this_thread::yield();
  }
  EXPECT_EQ(done.load(), 6);
}

}  // namespace
}  // namespace utbyte::platform
