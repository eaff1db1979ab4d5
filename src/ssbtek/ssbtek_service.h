#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "lefi/lefi_service.h"
#include "platform/actors.h"
#include "platform/asio.h"
#include "ssbtek/sources/source_adapter.h"
#include "ssbtek/sources/source_config.h"
#include "ssbtek/ssbtek_query.h"
#include "store/store.h"

namespace utbyte::ssbtek {

// Who asks, for the audit log.
struct SsbtekRequester {
  std::string transaktions_id;
  std::string organisationsnummer;  // from the client certificate
};

// Audit service names: "SSBTEK.<KALLA>", e.g. "SSBTEK.CSN".
std::string audit_tjanst(Kalla kalla);

// Composes SSBTEK answers: fans a question out to every wanted source IN PARALLEL — the external
// sources through their adapters on this service's I/O threads, FK/PM through the LEFI query
// logic on the calling thread meanwhile — and completes when all have answered or the overall
// deadline has passed, whichever comes first; a source still out is TIDSGRANS_OVERSKRIDEN.
// Every block is audited (one entry per person and source) before the answer is handed over.
// No thread waits for the sources: the server's workers stay free while they are slow.
// Thread-safe.
class SsbtekService {
 public:
  // `client_tls`: the client context the adapters present to the base services.
  SsbtekService(lefi::LefiService& lefi, store::AuditStore& audit, sources::SourcesConfig config,
                std::shared_ptr<boost::asio::ssl::context> client_tls, int io_threads = 2);
  ~SsbtekService();
  SsbtekService(const SsbtekService&) = delete;
  SsbtekService& operator=(const SsbtekService&) = delete;

  using Completion = std::function<void(Result<SsbtekAnswer>)>;

  // Starts the fan-out and returns once the FK/PM part is done; `done` is called exactly once,
  // on this thread or one of the service's I/O threads, with the answer or kStoreError when the
  // audit log cannot be written (then nothing is disclosed).
  void answer_async(const SsbtekQuery& query, const platform::Agreement& agreement,
                    const SsbtekRequester& requester, Completion done);

  // answer_async(), waiting for the answer (the CLI and tests).
  Result<SsbtekAnswer> answer(const SsbtekQuery& query, const platform::Agreement& agreement,
                              const SsbtekRequester& requester);

  const sources::SourcesConfig& config() const { return config_; }
  // The adapter of `kalla`, or null when the config has none. For tests and status pages.
  sources::SourceAdapter* adapter(Kalla kalla);

 private:
  struct Fanout;
  void finish(const std::shared_ptr<Fanout>& fanout);
  sources::SourceResult fk_pm_block(const domain::Personnummer& person,
                                    const domain::DateRange& period,
                                    const platform::Agreement& agreement,
                                    const SsbtekRequester& requester, const std::string& roll,
                                    std::vector<store::AuditEvent>& audit, bool& synthetic);

  lefi::LefiService& lefi_;
  store::AuditStore& audit_;
  const sources::SourcesConfig config_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::map<Kalla, std::unique_ptr<sources::SourceAdapter>> adapters_;
  std::vector<std::thread> threads_;
};

}  // namespace utbyte::ssbtek
