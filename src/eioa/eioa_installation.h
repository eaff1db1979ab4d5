#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "platform/pipeline/partner_pipeline.h"
#include "store/store.h"

namespace utbyte::eioa {

// `utbyte serve` options of E-IOA.
struct EioaServeOptions {
  std::string certs_dir;   // the server's --certs; signing-ca.pem is looked for there
  std::string signing_ca;  // --eioa-signing-ca: overrides <certs_dir>/signing-ca.pem
  std::string contracts;   // --contracts: overrides find_contracts_dir()'s search
};

// Wires E-IOA into the server: loads the XSD, WSDL and trusted signing CA and installs both
// endpoints on the partner pipeline. Returns a line for the start-up banner. With neither
// --contracts nor --eioa-signing-ca given, a missing contracts directory or signing CA leaves E-IOA
// off (the banner says why). Errors: kConfigError (a file given explicitly is missing, or a file is
// invalid).
Result<std::string> install_eioa(platform::pipeline::PartnerPipeline& pipeline, store::Store& store,
                                 std::function<std::int64_t()> now_ms,
                                 std::function<domain::Date()> today,
                                 const EioaServeOptions& options);

}  // namespace utbyte::eioa
