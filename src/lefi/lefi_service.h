#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "lefi/lefi_answer.h"
#include "lefi/lefi_query.h"
#include "platform/actors.h"
#include "store/store.h"

namespace utbyte::lefi {

// Who asks, for the audit log.
struct Requester {
  std::string transaktions_id;
  std::string organisationsnummer;  // from the client certificate
  std::string anvandare;            // web user, empty for system-to-system
  // The service version named in the audit event; the v8 route passes "LEFI.FORMANSINFORMATION.V8".
  std::string_view tjanst = "LEFI.FORMANSINFORMATION.V9";
  // When set, the audit event is added here instead of appended: the caller must append it
  // (AuditStore::append_batch) before the answer is disclosed. Batch work uses this to audit a
  // whole batch in one transaction.
  std::vector<store::AuditEvent>* deferred_audit = nullptr;
};

// Compiles LEFI Online answers from FK's and PM's parts of the register, within what the
// actor's agreement allows, and audits every disclosure before it leaves. Thread-safe.
class LefiService {
 public:
  explicit LefiService(store::Store& store) : store_(store) {}

  // The answer, for a binding to render (render_v9_json in lefi/answer_writer.h, render_v8_json
  // in lefi/lefi_v8.h). Returned only once its audit entry is durable, or added to
  // requester.deferred_audit. Errors: kInformationTypeNotPermitted when the agreement allows none
  // of the requested types; kStoreError when the register or the audit log fails (then nothing is
  // disclosed). `outcome`, when given, receives the audited utfall (UTLAMNAT or PERSON_SAKNAS),
  // which Massfråga stores with each answer.
  Result<LefiAnswer> answer(const LefiQuery& query, const platform::Agreement& agreement,
                            const Requester& requester, store::AnswerOutcome* outcome = nullptr);

 private:
  // Whether the register is synthetic, read once: it is fixed when the register is generated,
  // and reading register_meta on every query was a SQL round trip on the hot path.
  Result<bool> register_is_synthetic();

  store::Store& store_;
  std::atomic<int> synthetic_{-1};  // -1 unknown, else 0/1
};

}  // namespace utbyte::lefi
