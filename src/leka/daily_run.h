#pragma once

#include <cstdint>
#include <functional>

#include "core/result.h"
#include "store/store.h"

namespace utbyte::leka {

struct DailyRunOptions {
  int batch = 20000;  // change-log rows per transaction
};

struct DailyRunStats {
  std::int64_t andringar = 0;       // change-log rows read
  std::int64_t aviseringar = 0;     // notifications written
  std::int64_t hogvattenmarke = 0;  // the mark afterwards
  std::int64_t batcher = 0;
};

// The dygnskörning: turns the register's change log into notifications. Reads the rows after the
// stored high-water mark in batches; looks up the subscriptions of each batch's persons through
// the person index (not every change against every subscription); keeps the changes a
// subscription asks for (type, payments only with UTBETALNING, handelsedatum ≥ fromDatum, not
// already in its first delivery); renders each with the v9 answer code; and stores the batch's
// notifications together with the new mark in one transaction. A crash loses at most the batch
// being worked on, which the next run redoes; a second run at the same time (another process)
// finds the mark moved and writes nothing for that batch. `progress`, when set, is called after
// each batch. Errors: kStoreError.
Result<DailyRunStats> run_daily(store::Store& store, const DailyRunOptions& options = {},
                                const std::function<void(const DailyRunStats&)>& progress = {});

}  // namespace utbyte::leka
