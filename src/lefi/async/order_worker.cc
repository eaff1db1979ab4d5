#include "lefi/async/order_worker.h"

#include <unistd.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "domain/personnummer.h"
#include "lefi/answer_writer.h"
#include "platform/actors.h"
#include "platform/logging.h"
#include "platform/transaction_id.h"

namespace utbyte::lefi::async {

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

OrderWorker::OrderWorker(store::OrderStore& orders, store::AuditStore& audit, LefiService& service,
                         platform::Metrics& metrics, std::function<bool()> may_process,
                         std::function<std::int64_t()> now_ms, OrderWorkerOptions options)
    : orders_(orders),
      audit_(audit),
      service_(service),
      metrics_(metrics),
      may_process_(std::move(may_process)),
      now_ms_(std::move(now_ms)),
      options_(options) {
  // The id names the lease holder in the queue: process and instance, so that a second worker
  // (or a restarted process) on the same database is told apart in the database and the logs.
  const std::string instance = platform::new_transaction_id().substr(0, 8);
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back(
        [this, id = fmt::format("{}-{}-{}", ::getpid(), instance, i)] { run(id); });
  }
}

OrderWorker::~OrderWorker() { stop(); }

void OrderWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool OrderWorker::pause(std::chrono::milliseconds pause) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, pause, [this] { return stopping_; });
}

void OrderWorker::run(const std::string& worker_id) {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (may_process_ && !may_process_()) {
      if (!pause(options_.idle)) return;
      continue;
    }
    auto claimed = process_batch(worker_id);
    if (!claimed.ok()) {
      platform::log_error("massfraga_arbetarfel", {{"arbetare", worker_id},
                                                   {"felkod", felkod(claimed.error().code)},
                                                   {"felmeddelande", claimed.error().message}});
      if (!pause(options_.error_pause)) return;
    } else if (*claimed == 0) {
      if (!pause(options_.idle)) return;
    }
  }
}

Result<std::size_t> OrderWorker::process_batch(const std::string& worker_id) {
  const std::int64_t now = now_ms_();
  auto items = orders_.claim(options_.batch, worker_id, now, now + options_.lease.count());
  if (!items.ok()) return items.error();
  if (items->empty()) return std::size_t{0};

  std::vector<store::CompletedItem> done;
  std::vector<store::AuditEvent> audit_events;
  done.reserve(items->size());
  std::optional<Error> failure;
  for (const auto& item : *items) {
    auto personnummer = domain::parse_personnummer(item.personnummer);
    if (!personnummer.ok()) {
      // Only valid numbers are queued, so this is a damaged row: stop its order rather than
      // let the row come back after every lease.
      auto failed = orders_.fail(
          item.order_id, "Beställningen innehåller en skadad rad och kan inte besvaras", now_ms_());
      platform::log_error("massfraga_skadad_rad",
                          {{"bestallningsId", item.order_id}, {"rad", item.rad}});
      if (!failed.ok()) failure = failed.error();
      continue;
    }
    const LefiQuery query{std::move(personnummer).value(), item.informationstyper, item.period};
    // The agreement was checked when the order was accepted: it allows every type ordered.
    platform::Agreement agreement;
    agreement.aktors_id = item.aktors_id;
    agreement.organisationsnummer = item.organisationsnummer;
    agreement.informationstyper.insert(item.informationstyper.begin(),
                                       item.informationstyper.end());
    agreement.rattslig_grund = item.rattslig_grund;
    // One identity per order row: a row answered again after a crash is audited once.
    const Requester requester{
        platform::derived_transaction_id(item.order_id + "/" + std::to_string(item.rad)),
        item.organisationsnummer, "", kTjanstBestallning, &audit_events};
    store::AnswerOutcome outcome = store::AnswerOutcome::kUtlamnat;
    auto answer = service_.answer(query, agreement, requester, &outcome);
    if (!answer.ok()) {
      // The register failed: what is answered so far is audited and stored below; the rest
      // comes back to a worker when its lease ends.
      failure = answer.error();
      break;
    }
    // Stored as the v9 text: Beställningsleverantör hands each answer out in the v9 format.
    done.push_back({item.order_id, item.rad, outcome, render_v9_json(*answer)});
  }

  if (!done.empty()) {
    // The batch's audit entries are committed first, in one transaction: an answer is never
    // stored (and so never downloadable) without its entry, and a batch answered again after a
    // crash keeps the entries it already has (appends are idempotent per transaction id).
    auto audited = audit_.append_batch(audit_events);
    if (!audited.ok()) return audited.error();
    auto completed = orders_.complete(done, now_ms_());
    if (!completed.ok()) return completed.error();
    for (std::int64_t i = 0; i < *completed; ++i) metrics_.increment("massfraga_besvarade");
  }
  if (failure) return *failure;
  return items->size();
}

}  // namespace utbyte::lefi::async
