#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/result.h"
#include "domain/date.h"
#include "store/leka_store.h"

namespace utbyte::store::synthetic {

struct AdvanceOptions {
  int days = 1;
  std::uint64_t seed = 0;
};

struct AdvanceStats {
  domain::Date from{};  // the register's today before
  domain::Date to{};    // and after
  std::map<Handelse, std::int64_t> events;
  std::int64_t total = 0;
};

// Moves the synthetic register in `db_path` (a --db spec: SQLite file or postgresql:// URL) forward
// by `options.days` days, one day at a time, as FK's and PM's registers would change: preliminary
// payments are paid out on their day, each new month brings the next month's preliminary payments
// of every active decision (amounts and pay days as the generator's, reference/benefit-amounts.md),
// decisions reach their end date, bulk persons fall ill, get extensions and die at fixed small
// rates, and among the catalogue persons one pensioner dies, one pension is blocked for a missing
// levnadsintyg and one blocked pension is released because the levnadsintyg arrived. Every change
// is written to the change log (register_andring) in the same single transaction, then
// register_meta.as_of moves. Deterministic: the same register, seed and days give the same changes.
// `progress(day, days, changes_so_far)` is called after each day. Errors: kInvalidRequest
// (days outside 1–366), kStoreError (no register in the file, SQL errors).
Status advance_register(const std::string& db_path, const AdvanceOptions& options,
                        const std::function<void(int, int, std::int64_t)>& progress,
                        AdvanceStats* stats = nullptr);

}  // namespace utbyte::store::synthetic
