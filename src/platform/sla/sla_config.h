#pragma once

#include <string>

#include "core/result.h"
#include "platform/sla/opening_hours.h"
#include "platform/sla/service_windows.h"
#include "platform/sla/sla_governor.h"

namespace utbyte::platform::sla {

// Everything an operator can set about the SLA, with the seed's figures as defaults.
struct SlaConfig {
  bool enabled = true;  // false: no rate limits, windows or opening hours (load tests only)
  SlaClassLimits limits;
  OpeningTable massfraga_hours;
  WeeklyWindowRule regular_window;
};

// Reads an SLA config file (JSON), starting from `defaults`; keys that are absent keep them:
// {"klasser": {"ONLINE"|"LEKA"|"MASSFRAGA"|"EIOA"|"SSBTEK"|"WEBBINLOGGNING"|"EIOA_OMSANDNING":
//  {"perSekund","perMinut","perTimme","mellanrumMs","samtidiga"}},
//  "reguljartServicefonster": {"aktivt": bool}}.
// Errors: kConfigError naming the file and key.
Result<SlaConfig> load_sla_config(const std::string& path, SlaConfig defaults);

}  // namespace utbyte::platform::sla
