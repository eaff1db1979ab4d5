// Human-readable and JSON reports of a run.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "options.h"
#include "stats.h"

namespace loadgen {

struct RunInfo {
  double measured_s = 0;  // wall-clock length of the measured window
  double cpu_user_s = 0;  // load generator's own CPU during the whole run (warmup included)
  double cpu_system_s = 0;
};

nlohmann::json to_json(const Options& options, const Stats& stats, const RunInfo& info);
void print_report(const Options& options, const Stats& stats, const RunInfo& info);

}  // namespace loadgen
