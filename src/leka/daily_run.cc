#include "leka/daily_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "leka/notification_renderer.h"
#include "platform/transaction_id.h"

namespace utbyte::leka {
namespace {

// Whether `change` becomes a notification for `s`.
bool wanted(const store::Subscription& s, const store::RegisterChange& change) {
  return change.seq > s.andring_seq && change.handelsedatum >= s.from_datum &&
         subscribes_to(s, change.informationstyp, change.handelse);
}

}  // namespace

Result<DailyRunStats> run_daily(store::Store& store, const DailyRunOptions& options,
                                const std::function<void(const DailyRunStats&)>& progress) {
  store::LekaStore& leka = store.leka();
  NotificationRenderer renderer(store.registry());
  DailyRunStats stats;
  auto mark = leka.high_water_mark();
  if (!mark.ok()) return mark.error();
  std::int64_t current = *mark;
  for (;;) {
    auto changes = leka.changes_after(current, std::max(1, options.batch));
    if (!changes.ok()) return changes.error();
    if (changes->empty()) break;

    std::vector<std::string> persons;
    persons.reserve(changes->size());
    for (const auto& c : *changes) persons.push_back(c.personnummer);
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    auto subscriptions = leka.for_persons(persons);
    if (!subscriptions.ok()) return subscriptions.error();
    auto& subs = *subscriptions;
    std::stable_sort(subs.begin(), subs.end(),
                     [](const auto& a, const auto& b) { return a.personnummer < b.personnummer; });

    std::vector<store::NotificationDraft> drafts;
    for (const store::RegisterChange& change : *changes) {
      auto it = std::lower_bound(
          subs.begin(), subs.end(), change.personnummer,
          [](const store::Subscription& s, const std::string& p) { return s.personnummer < p; });
      for (; it != subs.end() && it->personnummer == change.personnummer; ++it) {
        if (!wanted(*it, change)) continue;
        Event event;
        event.handelse = change.handelse;
        event.informationstyp = change.informationstyp;
        event.handelsedatum = change.handelsedatum;
        event.myndighet = change.myndighet;
        event.referens = change.referens;
        // Derived from (subscription, change): a batch redone after a crash gets the same ids.
        event.avisering_id =
            platform::derived_transaction_id(fmt::format("{}/{}", it->id, change.seq));
        auto draft = renderer.render(*it, event);
        if (!draft.ok()) return draft.error();
        if (*draft) drafts.push_back(std::move(**draft));
      }
    }
    const std::int64_t next = changes->back().seq;
    auto stored = leka.append(drafts, current, next);
    if (!stored.ok()) return stored.error();
    if (!*stored) {
      // Another run moved the mark: continue from where it got to.
      auto moved = leka.high_water_mark();
      if (!moved.ok()) return moved.error();
      current = *moved;
      continue;
    }
    current = next;
    stats.andringar += static_cast<std::int64_t>(changes->size());
    stats.aviseringar += static_cast<std::int64_t>(drafts.size());
    ++stats.batcher;
    stats.hogvattenmarke = current;
    if (progress) progress(stats);
  }
  stats.hogvattenmarke = current;
  return stats;
}

}  // namespace utbyte::leka
