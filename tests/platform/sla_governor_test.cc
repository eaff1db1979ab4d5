#include "platform/sla/sla_governor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace utbyte::platform::sla {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = SlaGovernor::TimePoint;

// Simulated steady-clock time: far from zero, so that "an hour ago" is a valid time point.
const TimePoint kBase = TimePoint{} + hours{1000};
TimePoint at(milliseconds ms) { return kBase + ms; }
TimePoint at_ms(long ms) { return at(milliseconds{ms}); }

// Admits and immediately finishes the answer at `end_ms` (defaults to the admission time).
void admit_and_finish(SlaGovernor& governor, const std::string& actor, ServiceClass cls,
                      long at_ms_value, long end_ms = -1) {
  Admission a = governor.admit(actor, cls, at_ms(at_ms_value));
  ASSERT_TRUE(a.admitted) << "at " << at_ms_value << " ms refused by "
                          << to_string(a.refused_by.value_or(SlaLimit::kConcurrent));
  a.ticket.finish(at_ms(end_ms < 0 ? at_ms_value : end_ms));
}

void expect_refused(SlaGovernor& governor, const std::string& actor, ServiceClass cls,
                    long at_ms_value, SlaLimit limit, long retry_ms) {
  Admission a = governor.admit(actor, cls, at_ms(at_ms_value));
  ASSERT_FALSE(a.admitted) << "at " << at_ms_value << " ms";
  ASSERT_TRUE(a.refused_by.has_value());
  EXPECT_EQ(to_string(*a.refused_by), to_string(limit)) << "at " << at_ms_value << " ms";
  EXPECT_EQ(a.retry_after, milliseconds{retry_ms}) << "at " << at_ms_value << " ms";
  EXPECT_FALSE(a.ticket.active());
}

TEST(SlaGovernorTest, SeedFigures) {
  constexpr SlaLimits online = SlaLimits::online();
  EXPECT_EQ(online.per_second, 1);
  EXPECT_EQ(online.per_minute, 60);
  EXPECT_EQ(online.per_hour, 3600);
  EXPECT_EQ(online.min_gap, milliseconds{300});
  EXPECT_EQ(online.max_concurrent, 1);
  constexpr SlaLimits mass = SlaLimits::massfraga();
  EXPECT_EQ(mass.per_second, 2);
  EXPECT_EQ(mass.per_minute, 120);
  EXPECT_EQ(mass.per_hour, 7200);
  EXPECT_EQ(mass.min_gap, milliseconds{300});
  EXPECT_EQ(mass.max_concurrent, 5);
  EXPECT_EQ(to_string(SlaLimit::kPerSecond), "PER_SEKUND");
  EXPECT_EQ(to_string(SlaLimit::kPerMinute), "PER_MINUT");
  EXPECT_EQ(to_string(SlaLimit::kPerHour), "PER_TIMME");
  EXPECT_EQ(to_string(SlaLimit::kGap), "MELLANRUM");
  EXPECT_EQ(to_string(SlaLimit::kConcurrent), "SAMTIDIGA");
}

TEST(SlaGovernorTest, OnePerSecondExactBoundary) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0);
  expect_refused(governor, "a", ServiceClass::kOnline, 500, SlaLimit::kPerSecond, 500);
  expect_refused(governor, "a", ServiceClass::kOnline, 999, SlaLimit::kPerSecond, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 1000);
  expect_refused(governor, "a", ServiceClass::kOnline, 1999, SlaLimit::kPerSecond, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 2000);
}

TEST(SlaGovernorTest, RetryAfterIsExactToTheMillisecondRoundedUp) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0);
  // 0.4 ms before the boundary still needs a whole (ceil) millisecond.
  Admission a =
      governor.admit("a", ServiceClass::kOnline, at_ms(999) + std::chrono::microseconds{600});
  ASSERT_FALSE(a.admitted);
  EXPECT_EQ(a.retry_after, milliseconds{1});
}

TEST(SlaGovernorTest, GapOf300MsAfterTheAnswer) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0, 2000);
  expect_refused(governor, "a", ServiceClass::kOnline, 2000, SlaLimit::kGap, 300);
  expect_refused(governor, "a", ServiceClass::kOnline, 2299, SlaLimit::kGap, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 2300, 2400);
  // Both the gap (2700) and the window (3300) pending: the later one decides.
  expect_refused(governor, "a", ServiceClass::kOnline, 2700, SlaLimit::kPerSecond, 600);
}

TEST(SlaGovernorTest, LongerWaitDecidesWhichLimitIsReported) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0, 900);
  // Window frees at 1000, gap at 1200.
  expect_refused(governor, "a", ServiceClass::kOnline, 950, SlaLimit::kGap, 250);
  expect_refused(governor, "a", ServiceClass::kOnline, 1000, SlaLimit::kGap, 200);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 1200);
}

TEST(SlaGovernorTest, OnlineRunsAtExactlyOnePerSecondForTwoHours) {
  SlaGovernor governor;
  for (long s = 0; s < 7200; ++s) {
    admit_and_finish(governor, "a", ServiceClass::kOnline, s * 1000, s * 1000 + 250);
    if (s % 97 == 0) {
      expect_refused(governor, "a", ServiceClass::kOnline, s * 1000 + 700, SlaLimit::kPerSecond,
                     300);
    }
  }
}

TEST(SlaGovernorTest, PerMinuteWindow) {
  SlaGovernorOptions options;
  options.limits[ServiceClass::kOnline] = SlaLimits{5, 60, 3600, milliseconds{0}, 0};
  SlaGovernor governor(options);
  // Bursts of 5 at the start of each of 12 seconds: 60 admissions.
  for (long s = 0; s < 12; ++s) {
    for (long i = 0; i < 5; ++i)
      admit_and_finish(governor, "a", ServiceClass::kOnline, s * 1000 + i);
  }
  expect_refused(governor, "a", ServiceClass::kOnline, 12'000, SlaLimit::kPerMinute, 48'000);
  expect_refused(governor, "a", ServiceClass::kOnline, 59'999, SlaLimit::kPerMinute, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 60'000);
  // The admission at 1 ms leaves the window at 60 001 ms.
  expect_refused(governor, "a", ServiceClass::kOnline, 60'000, SlaLimit::kPerMinute, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 60'001);
}

TEST(SlaGovernorTest, PerHourWindow) {
  SlaGovernorOptions options;
  options.limits[ServiceClass::kOnline] = SlaLimits{0, 0, 3600, milliseconds{0}, 0};
  SlaGovernor governor(options);
  for (long i = 0; i < 3600; ++i) admit_and_finish(governor, "a", ServiceClass::kOnline, i);
  expect_refused(governor, "a", ServiceClass::kOnline, 600'000, SlaLimit::kPerHour, 3'000'000);
  expect_refused(governor, "a", ServiceClass::kOnline, 3'599'999, SlaLimit::kPerHour, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 3'600'000);
  expect_refused(governor, "a", ServiceClass::kOnline, 3'600'000, SlaLimit::kPerHour, 1);
  // Ten hours on, everything has expired.
  for (long i = 0; i < 3600; ++i) {
    admit_and_finish(governor, "a", ServiceClass::kOnline, 36'000'000 + i);
  }
}

TEST(SlaGovernorTest, RefusedRequestsDoNotCount) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0);
  for (long ms = 300; ms < 1000; ms += 10) {
    expect_refused(governor, "a", ServiceClass::kOnline, ms, SlaLimit::kPerSecond, 1000 - ms);
  }
  admit_and_finish(governor, "a", ServiceClass::kOnline, 1000);
}

TEST(SlaGovernorTest, FiveConcurrentMassfragorAndTheSixthRefused) {
  SlaGovernor governor;
  std::vector<Admission> open;
  for (long ms : {0L, 0L, 1000L, 1000L, 2000L}) {
    open.push_back(governor.admit("a", ServiceClass::kMassfraga, at_ms(ms)));
    ASSERT_TRUE(open.back().admitted) << ms;
  }
  expect_refused(governor, "a", ServiceClass::kMassfraga, 2000, SlaLimit::kConcurrent, 300);
  expect_refused(governor, "a", ServiceClass::kMassfraga, 5000, SlaLimit::kConcurrent, 300);
  open[0].ticket.finish(at_ms(6000));
  expect_refused(governor, "a", ServiceClass::kMassfraga, 6299, SlaLimit::kGap, 1);
  Admission sixth = governor.admit("a", ServiceClass::kMassfraga, at_ms(6300));
  EXPECT_TRUE(sixth.admitted);
  expect_refused(governor, "a", ServiceClass::kMassfraga, 6400, SlaLimit::kConcurrent, 300);
}

TEST(SlaGovernorTest, ConcurrencyRefusalIncludesALongerWindowWait) {
  SlaGovernorOptions options;
  options.limits[ServiceClass::kMassfraga] = SlaLimits{2, 120, 7200, milliseconds{300}, 2};
  SlaGovernor governor(options);
  Admission first = governor.admit("a", ServiceClass::kMassfraga, at_ms(0));
  Admission second = governor.admit("a", ServiceClass::kMassfraga, at_ms(100));
  ASSERT_TRUE(first && second);
  // Both SAMTIDIGA and PER_SEKUND (frees at 1000): retry after the later.
  expect_refused(governor, "a", ServiceClass::kMassfraga, 200, SlaLimit::kConcurrent, 800);
}

TEST(SlaGovernorTest, OneThreadForOnline) {
  SlaGovernor governor;
  Admission first = governor.admit("a", ServiceClass::kOnline, at_ms(0));
  ASSERT_TRUE(first.admitted);
  EXPECT_TRUE(first.ticket.active());
  expect_refused(governor, "a", ServiceClass::kOnline, 5000, SlaLimit::kConcurrent, 300);
  first.ticket.finish(at_ms(5000));
  EXPECT_FALSE(first.ticket.active());
  first.ticket.finish(at_ms(9000));  // idempotent: the gap still counts from 5000
  admit_and_finish(governor, "a", ServiceClass::kOnline, 5300);
}

TEST(SlaGovernorTest, ActorsAndClassesAreIndependent) {
  SlaGovernor governor;
  Admission a = governor.admit("a", ServiceClass::kOnline, at_ms(0));
  Admission b = governor.admit("b", ServiceClass::kOnline, at_ms(0));
  Admission a_leka = governor.admit("a", ServiceClass::kLeka, at_ms(0));
  Admission a_mass = governor.admit("a", ServiceClass::kMassfraga, at_ms(0));
  EXPECT_TRUE(a && b && a_leka && a_mass);
  a.ticket.finish(at_ms(100));
  expect_refused(governor, "a", ServiceClass::kOnline, 500, SlaLimit::kPerSecond, 500);
  // b's answer is still running; the window also says 500 ms, which is longer than the gap.
  expect_refused(governor, "b", ServiceClass::kOnline, 500, SlaLimit::kConcurrent, 500);
  EXPECT_EQ(governor.tracked_keys(), 4u);
}

TEST(SlaGovernorTest, TicketDestructionFinishesWithTheInjectedClock) {
  auto fake_now = std::make_shared<std::atomic<long>>(0);
  SlaGovernorOptions options;
  options.clock = [fake_now] { return at_ms(fake_now->load()); };
  SlaGovernor governor(options);
  {
    Admission a = governor.admit("a", ServiceClass::kOnline, at_ms(0));
    ASSERT_TRUE(a.admitted);
    Ticket moved = std::move(a.ticket);
    EXPECT_FALSE(a.ticket.active());
    EXPECT_TRUE(moved.active());
    EXPECT_EQ(moved.admitted_at(), at_ms(0));
    fake_now->store(5000);
  }
  expect_refused(governor, "a", ServiceClass::kOnline, 5299, SlaLimit::kGap, 1);
  admit_and_finish(governor, "a", ServiceClass::kOnline, 5300);
}

TEST(SlaGovernorTest, TimeIsMonotonicPerKey) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kMassfraga, 1000);
  // A request stamped before the latest one is counted at 1000; the wait is from its own stamp.
  expect_refused(governor, "a", ServiceClass::kMassfraga, 700, SlaLimit::kGap, 600);
  Admission late = governor.admit("a", ServiceClass::kMassfraga, at_ms(1300));
  ASSERT_TRUE(late.admitted);
  EXPECT_EQ(late.ticket.admitted_at(), at_ms(1300));
}

TEST(SlaGovernorTest, IdleKeysAreEvicted) {
  SlaGovernor governor;
  admit_and_finish(governor, "a", ServiceClass::kOnline, 0);
  Admission held = governor.admit("held", ServiceClass::kLeka, at_ms(0));
  ASSERT_TRUE(held.admitted);
  admit_and_finish(governor, "b", ServiceClass::kOnline, 30 * 60'000);
  EXPECT_EQ(governor.tracked_keys(), 3u);
  admit_and_finish(governor, "b", ServiceClass::kOnline, 61 * 60'000);
  // "a" idle for 61 minutes is gone; "held" has an active ticket and stays.
  EXPECT_EQ(governor.tracked_keys(), 2u);
  held.ticket.finish(at_ms(61 * 60'000));
  admit_and_finish(governor, "b", ServiceClass::kOnline, 120 * 60'000);
  EXPECT_EQ(governor.tracked_keys(), 2u);  // "held" ended only 59 minutes ago
  admit_and_finish(governor, "b", ServiceClass::kOnline, 122 * 60'000);
  EXPECT_EQ(governor.tracked_keys(), 1u);
  // A fresh key behaves as new.
  admit_and_finish(governor, "a", ServiceClass::kOnline, 123 * 60'000);
}

TEST(SlaGovernorTest, RetryAfterHeaderRoundsUpToWholeSeconds) {
  EXPECT_EQ(retry_after_header(milliseconds{0}), "1");
  EXPECT_EQ(retry_after_header(milliseconds{1}), "1");
  EXPECT_EQ(retry_after_header(milliseconds{300}), "1");
  EXPECT_EQ(retry_after_header(milliseconds{1000}), "1");
  EXPECT_EQ(retry_after_header(milliseconds{1001}), "2");
  EXPECT_EQ(retry_after_header(milliseconds{48'000}), "48");
  EXPECT_EQ(retry_after_header(milliseconds{3'000'000}), "3000");
}

// 8 threads hammer one actor with a shared simulated clock (each attempt advances it 1 ms).
// Each worker keeps an admitted answer open over its next `hold_attempts` attempts, so answers
// overlap across threads. Afterwards every window of the admitted times must respect the
// limits, and the number of answers in progress as seen from outside (counted after admit(),
// uncounted before finish()) must never exceed max_concurrent.
void hammer(const SlaLimits& limits, long simulated_ms, std::size_t hold_attempts,
            std::size_t min_admitted) {
  SlaGovernorOptions options;
  options.limits[ServiceClass::kMassfraga] = limits;
  SlaGovernor governor(options);
  std::atomic<long> clock_ms{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  std::mutex mu;
  std::vector<TimePoint> admitted;

  auto worker = [&] {
    std::vector<TimePoint> mine;
    std::deque<std::pair<std::size_t, Ticket>> held;  // (attempt at which to finish, ticket)
    const auto finish_oldest = [&](long now) {
      in_flight.fetch_sub(1);
      held.front().second.finish(at_ms(now));
      held.pop_front();
    };
    for (std::size_t attempt = 0;; ++attempt) {
      const long now = clock_ms.fetch_add(1);
      if (now >= simulated_ms) break;
      while (!held.empty() && held.front().first <= attempt) finish_oldest(now);
      Admission a = governor.admit("actor", ServiceClass::kMassfraga, at_ms(now));
      if (!a.admitted) continue;
      const int level = in_flight.fetch_add(1) + 1;
      int seen = max_in_flight.load();
      while (level > seen && !max_in_flight.compare_exchange_weak(seen, level)) {
      }
      mine.push_back(a.ticket.admitted_at());
      held.emplace_back(attempt + hold_attempts, std::move(a.ticket));
    }
    while (!held.empty()) finish_oldest(clock_ms.load());
    std::lock_guard<std::mutex> lock(mu);
    admitted.insert(admitted.end(), mine.begin(), mine.end());
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();

  std::sort(admitted.begin(), admitted.end());
  EXPECT_GE(admitted.size(), min_admitted);
  EXPECT_LE(max_in_flight.load(), limits.max_concurrent);
  const auto check_window = [&](int limit, std::chrono::seconds window) {
    if (limit <= 0) return;
    const auto n = static_cast<std::size_t>(limit);
    for (std::size_t i = 0; i + n < admitted.size(); ++i) {
      ASSERT_GE(admitted[i + n] - admitted[i], window) << "window " << window.count() << " s";
    }
  };
  check_window(limits.per_second, seconds{1});
  check_window(limits.per_minute, seconds{60});
  check_window(limits.per_hour, seconds{3600});
  // And per simulated calendar second, as a partner's log would show it.
  std::map<long, int> per_second;
  for (TimePoint t : admitted) {
    ++per_second[std::chrono::duration_cast<seconds>(t - kBase).count()];
  }
  for (const auto& [second, count] : per_second) {
    EXPECT_LE(count, limits.per_second) << "second " << second;
  }
}

TEST(SlaGovernorTest, ConcurrentHammeringWithSeedLimits) {
  hammer(SlaLimits::massfraga(), 400'000, 500, 100);
}

TEST(SlaGovernorTest, ConcurrentHammeringStressesTheThreadLimit) {
  // The liveness floor is low on purpose: a worker descheduled while it holds a ticket lets the
  // others run the shared clock on without admissions, which happens a lot under a sanitizer on
  // a busy machine. A leaked ticket would still fail it: it blocks after 3 admissions.
  hammer(SlaLimits{40, 0, 0, milliseconds{0}, 3}, 100'000, 4, 100);
}

}  // namespace
}  // namespace utbyte::platform::sla
