#include "ssbtek/ssbtek_service.h"

#include <future>
#include <mutex>

#include <fmt/format.h>

#include "platform/http/error_response.h"
#include "platform/logging.h"
#include "platform/transaction_id.h"
#include "ssbtek/fk_pm_uppgifter.h"

namespace utbyte::ssbtek {

using SteadyClock = std::chrono::steady_clock;

Status check_period(const domain::DateRange& period, domain::Date today) {
  using namespace std::chrono;
  const domain::Date earliest{year{2000}, January, day{1}};
  if (period.tom < period.from) {
    return make_error(ErrorCode::kInvalidDateRange, "tomDatum är tidigare än fromDatum");
  }
  if (period.from < earliest) {
    return make_error(ErrorCode::kInvalidDateRange, "fromDatum får inte vara före 2000-01-01");
  }
  if (domain::days_between(period.from, period.tom) > 5 * 366) {
    return make_error(ErrorCode::kInvalidDateRange, "Perioden får vara högst fem år");
  }
  if (period.tom > domain::Date{sys_days{today} + days{366}}) {
    return make_error(ErrorCode::kInvalidDateRange,
                      "tomDatum får ligga högst ett år efter dagens datum");
  }
  return {};
}

std::string audit_tjanst(Kalla kalla) { return fmt::format("SSBTEK.{}", to_string(kalla)); }

// One question on its way: the blocks still out and everything needed to finish the answer
// when the last one arrives (or the deadline passes), on whichever thread that happens.
struct SsbtekService::Fanout {
  Fanout(boost::asio::io_context& io, SsbtekQuery q, platform::Agreement a, SsbtekRequester r,
         Completion d)
      : query(std::move(q)),
        agreement(std::move(a)),
        requester(std::move(r)),
        done(std::move(d)),
        deadline_timer(io) {}

  const SsbtekQuery query;
  const platform::Agreement agreement;
  const SsbtekRequester requester;
  SsbtekAnswer answer;  // the frame: persons, period, time; blocks are added by finish()
  Completion done;
  boost::asio::steady_timer deadline_timer;

  std::mutex mutex;
  std::vector<std::optional<sources::SourceResult>> results;  // guarded by mutex
  std::size_t remaining = 0;  // external blocks still out, plus the FK/PM part; guarded
  bool finished = false;      // guarded by mutex
  // The FK/PM part's deferred audit events, kept only if it ended before the answer did.
  std::vector<store::AuditEvent> fk_pm_audit;  // guarded by mutex
  bool synthetic = false;                      // guarded by mutex
};

namespace {

// The audit tjänst strings must outlive the Requester that points at them.
constexpr std::string_view kTjanstFkPm = "SSBTEK.FK_PM";

// Every benefit type plus payments: ekonomiskt bistånd is means-tested against all income.
std::vector<domain::InformationType> fk_pm_types(const platform::Agreement& agreement) {
  std::vector<domain::InformationType> types;
  for (const auto& info : domain::all_information_types()) {
    if ((info.is_benefit || info.type == domain::InformationType::kUtbetalning) &&
        agreement.informationstyper.contains(info.type)) {
      types.push_back(info.type);
    }
  }
  return types;
}

std::string audit_utfall(BlockStatus status) {
  return status == BlockStatus::kBesvarad ? "UTLAMNAT" : std::string(to_string(status));
}

}  // namespace

SsbtekService::SsbtekService(lefi::LefiService& lefi, store::AuditStore& audit,
                             sources::SourcesConfig config,
                             std::shared_ptr<boost::asio::ssl::context> client_tls, int io_threads)
    : lefi_(lefi),
      audit_(audit),
      config_(std::move(config)),
      io_(std::max(1, io_threads)),
      work_(boost::asio::make_work_guard(io_)) {
  for (const auto& entry : config_.sources) {
    adapters_[entry.first] =
        std::make_unique<sources::SourceAdapter>(io_, client_tls, entry.second);
  }
  for (int i = 0; i < std::max(1, io_threads); ++i) threads_.emplace_back([this] { io_.run(); });
}

SsbtekService::~SsbtekService() {
  work_.reset();
  io_.stop();
  for (auto& t : threads_) t.join();
}

sources::SourceAdapter* SsbtekService::adapter(Kalla kalla) {
  auto it = adapters_.find(kalla);
  return it == adapters_.end() ? nullptr : it->second.get();
}

sources::SourceResult SsbtekService::fk_pm_block(
    const domain::Personnummer& person, const domain::DateRange& period,
    const platform::Agreement& agreement, const SsbtekRequester& requester, const std::string& roll,
    std::vector<store::AuditEvent>& audit, bool& synthetic) {
  const auto started = SteadyClock::now();
  sources::SourceResult result;
  result.attempts = 1;
  lefi::LefiQuery query{person, fk_pm_types(agreement), period};
  lefi::Requester lefi_requester;
  lefi_requester.transaktions_id =
      platform::derived_transaction_id(fmt::format("{}/{}/FK_PM", requester.transaktions_id, roll));
  lefi_requester.organisationsnummer = requester.organisationsnummer;
  lefi_requester.tjanst = kTjanstFkPm;
  lefi_requester.deferred_audit = &audit;
  auto answer =
      query.informationstyper.empty()
          ? Result<lefi::LefiAnswer>(make_error(ErrorCode::kInformationTypeNotPermitted, ""))
          : lefi_.answer(query, agreement, lefi_requester);
  result.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  if (!answer.ok()) {
    result.meddelande =
        answer.error().code == ErrorCode::kInformationTypeNotPermitted
            ? "Avtalet medger inga förmåner från Försäkringskassan/Pensionsmyndigheten"
            : "LEFI kunde inte besvara frågan";
    return result;
  }
  synthetic = synthetic || answer->syntetiska_uppgifter;
  result.uppgifter = fk_pm_uppgifter(*answer);
  result.status = result.uppgifter.is_null() ? BlockStatus::kIngaUppgifter : BlockStatus::kBesvarad;
  return result;
}

Result<SsbtekAnswer> SsbtekService::answer(const SsbtekQuery& query,
                                           const platform::Agreement& agreement,
                                           const SsbtekRequester& requester) {
  std::promise<Result<SsbtekAnswer>> promise;
  auto future = promise.get_future();
  answer_async(query, agreement, requester,
               [&promise](Result<SsbtekAnswer> result) { promise.set_value(std::move(result)); });
  return future.get();
}

void SsbtekService::answer_async(const SsbtekQuery& query, const platform::Agreement& agreement,
                                 const SsbtekRequester& requester, Completion done) {
  const auto deadline = SteadyClock::now() + config_.deadline;
  auto fanout = std::make_shared<Fanout>(io_, query, agreement, requester, std::move(done));
  SsbtekAnswer& answer = fanout->answer;
  answer.transaktions_id = requester.transaktions_id;
  answer.tidpunkt = platform::http::now_iso8601();
  answer.arendereferens = query.arendereferens;
  answer.period = query.period;
  answer.personer.push_back({"SOKANDE", query.sokande.digits(), {}});
  if (query.medsokande) answer.personer.push_back({"MEDSOKANDE", query.medsokande->digits(), {}});

  // Slot i = person (i / kallor) and source (i % kallor).
  const std::size_t per_person = query.kallor.size();
  std::vector<std::size_t> external_slots;
  for (std::size_t p = 0; p < answer.personer.size(); ++p) {
    for (std::size_t k = 0; k < per_person; ++k) {
      if (query.kallor[k] != Kalla::kFkPm) external_slots.push_back(p * per_person + k);
    }
  }
  {
    std::lock_guard lock(fanout->mutex);
    fanout->results.resize(answer.personer.size() * per_person);
    fanout->remaining = external_slots.size() + 1;
  }
  // A backstop: the adapters end every fetch by the deadline themselves.
  fanout->deadline_timer.expires_at(deadline);
  fanout->deadline_timer.async_wait([this, fanout](const boost::system::error_code& ec) {
    if (!ec) finish(fanout);
  });

  // 1. Every external source of every person goes out at once; none holds a thread meanwhile.
  for (std::size_t slot : external_slots) {
    const Kalla kalla = query.kallor[slot % per_person];
    const auto& person = answer.personer[slot / per_person].personnummer;
    const auto deliver = [this, fanout, slot](sources::SourceResult result) {
      bool last = false;
      {
        std::lock_guard lock(fanout->mutex);
        if (fanout->finished || fanout->results[slot]) return;
        fanout->results[slot] = std::move(result);
        last = --fanout->remaining == 0;
      }
      if (last) finish(fanout);
    };
    sources::SourceAdapter* source = adapter(kalla);
    if (source == nullptr) {
      sources::SourceResult missing;
      missing.meddelande = "källan är inte konfigurerad på denna server";
      deliver(std::move(missing));
      continue;
    }
    source->fetch(person, query.period, deadline, deliver);
  }

  // 2. Meanwhile FK/PM, in-process through LEFI on the calling thread (register reads).
  std::vector<store::AuditEvent> fk_pm_audit;
  bool synthetic = false;
  std::vector<std::pair<std::size_t, sources::SourceResult>> fk_pm_blocks;
  for (std::size_t p = 0; p < answer.personer.size(); ++p) {
    for (std::size_t k = 0; k < per_person; ++k) {
      if (query.kallor[k] != Kalla::kFkPm) continue;
      const auto& person = p == 0 ? query.sokande : *query.medsokande;
      fk_pm_blocks.emplace_back(p * per_person + k,
                                fk_pm_block(person, query.period, fanout->agreement, requester,
                                            answer.personer[p].roll, fk_pm_audit, synthetic));
    }
  }
  bool last = false;
  {
    std::lock_guard lock(fanout->mutex);
    if (fanout->finished) return;  // the deadline came first: nothing of FK/PM is disclosed
    for (auto& [slot, block] : fk_pm_blocks) fanout->results[slot] = std::move(block);
    fanout->fk_pm_audit = std::move(fk_pm_audit);
    fanout->synthetic = synthetic;
    last = --fanout->remaining == 0;
  }
  if (last) finish(fanout);
}

void SsbtekService::finish(const std::shared_ptr<Fanout>& fanout) {
  std::vector<std::optional<sources::SourceResult>> results;
  std::vector<store::AuditEvent> audit_events;
  bool synthetic = false;
  {
    std::lock_guard lock(fanout->mutex);
    if (fanout->finished) return;
    fanout->finished = true;
    results = std::move(fanout->results);
    audit_events = std::move(fanout->fk_pm_audit);
    synthetic = fanout->synthetic;
  }
  const SsbtekQuery& query = fanout->query;
  const SsbtekRequester& requester = fanout->requester;
  const platform::Agreement& agreement = fanout->agreement;
  SsbtekAnswer answer = std::move(fanout->answer);
  const std::size_t per_person = query.kallor.size();
  const std::string tidpunkt = answer.tidpunkt;
  for (std::size_t p = 0; p < answer.personer.size(); ++p) {
    auto& person = answer.personer[p];
    for (std::size_t k = 0; k < per_person; ++k) {
      auto& slot = results[p * per_person + k];
      Block block{query.kallor[k], {}};
      if (slot) {
        block.result = std::move(*slot);
      } else {
        block.result.status = BlockStatus::kTidsgransOverskriden;
        block.result.meddelande =
            fmt::format("inget svar inom den totala tidsgränsen {} ms", config_.deadline.count());
        block.result.elapsed = config_.deadline;
        if (const auto* source = adapter(block.kalla)) {
          block.result.simulator = source->settings().simulator;
        }
      }
      const BlockStatus status = block.result.status;
      answer.komplett = answer.komplett &&
                        (status == BlockStatus::kBesvarad || status == BlockStatus::kIngaUppgifter);
      synthetic = synthetic || block.result.simulator;
      if (block.kalla != Kalla::kFkPm) {
        store::AuditEvent event;
        event.tidpunkt = tidpunkt;
        event.transaktions_id = platform::derived_transaction_id(fmt::format(
            "{}/{}/{}", requester.transaktions_id, person.roll, to_string(block.kalla)));
        event.aktors_id = agreement.aktors_id;
        event.organisationsnummer = requester.organisationsnummer;
        event.tjanst = audit_tjanst(block.kalla);
        event.personnummer = person.personnummer;
        event.informationstyper = {std::string(to_string(block.kalla))};
        event.rattslig_grund = agreement.rattslig_grund;
        event.utfall = audit_utfall(status);
        audit_events.push_back(std::move(event));
      }
      person.blocks.push_back(std::move(block));
    }
  }
  answer.syntetiska_uppgifter = synthetic;

  // Audit before disclosure, every block of the household in one transaction.
  if (!audit_events.empty()) {
    auto audited = audit_.append_batch(audit_events);
    if (!audited.ok()) {
      platform::log_error(
          "ssbtek_granskningslogg_misslyckades",
          {{"transaktionsId", requester.transaktions_id}, {"fel", audited.error().message}});
      fanout->done(make_error(ErrorCode::kStoreError, "Granskningsloggen kunde inte skrivas"));
      return;
    }
  }
  fanout->done(std::move(answer));
}

}  // namespace utbyte::ssbtek
