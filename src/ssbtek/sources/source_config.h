#pragma once

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "ssbtek/kalla.h"
#include "ssbtek/sources/circuit_breaker.h"

namespace utbyte::ssbtek::sources {

// How to reach one source's base service.
struct SourceSettings {
  Kalla kalla = Kalla::kAkassa;
  std::string url;  // https://host:port/base; the adapter POSTs to <url>/uppgifter
  std::chrono::milliseconds timeout{1'000};  // per attempt
  int attempts = 2;                          // in all, the first one included
  std::chrono::milliseconds backoff{50};     // base of the jittered backoff between attempts
  BreakerSettings breaker;
  bool simulator = false;  // the URL points at a utbyte simulator (reported in the answer)
};

// The sources of an SSBTEK server.
struct SourcesConfig {
  // The whole answer is sent by then, whatever sources are still out.
  std::chrono::milliseconds deadline{3'000};
  // Client certificate directory (client.pem, client.key, ca.pem) for the base services;
  // empty: the server's --certs directory.
  std::string client_certs;
  std::map<Kalla, SourceSettings> sources;  // a source without an entry is KALLA_EJ_TILLGANGLIG
};

// Parses the config document (docs/ssbtek.md, "Sources config"):
// {"totalTidsgransMs": 3000, "klientcertifikat": "DIR",
//  "kallor": {"AKASSA": {"url": "https://…", "timeoutMs": 1000, "forsok": 2, "backoffMs": 50,
//                        "brytare": {"felgrans": 5, "oppenMs": 10000, "provanrop": 1},
//                        "simulator": false}, …}}
// Unknown members are refused. Errors: kConfigError naming the member (and `origin`).
Result<SourcesConfig> parse_sources_config(const nlohmann::json& doc, std::string_view origin);
Result<SourcesConfig> load_sources_config(const std::string& path);

}  // namespace utbyte::ssbtek::sources
