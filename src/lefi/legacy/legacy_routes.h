#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "lefi/lefi_service.h"
#include "lefi/legacy/legacy_lefi.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/soap/ws_security.h"
#include "platform/xml/xsd_validator.h"

namespace utbyte::lefi::legacy {

// FK's product name for the legacy generations and its addresses (seed 001): the SSEK address is
// /ssek/FK.EXA.Lefi.Fraga; the WS addresses are the bare /ws and /shs2, where utbyte also serves
// /ws/FK.EXA.Lefi.Fraga and /shs2/FK.EXA.Lefi.Fraga as the product's own (decisions R32).
inline constexpr std::string_view kProdukt = "FK.EXA.Lefi.Fraga";
inline constexpr std::string_view kWsPath = "/ws/FK.EXA.Lefi.Fraga";
inline constexpr std::string_view kShs2Path = "/shs2/FK.EXA.Lefi.Fraga";
inline constexpr std::string_view kSsekPath = "/ssek/FK.EXA.Lefi.Fraga";

// The three generations behind their doors, and the schemas they validate with. Must outlive the
// router.
class LegacyLefi {
 public:
  // Installs, per generation, a WS, an SHS2 and an SSEK endpoint at <kWsPath>/v<N>,
  // <kShs2Path>/v<N> and <kSsekPath>/v<N> (service LEFI, class ONLINE, version
  // LEFI_HAMTA_FORMANSINFORMATION N, audited as LEFI.HAMTAFORMANSINFORMATION.V<N>), and kWsPath,
  // kShs2Path and kSsekPath as doors in front of the three. SSEK messages are addressed to
  // Försäkringskassan and signed messages checked with `ssek_signatures` (null: no signature is
  // accepted; platform/soap/ssek_binding.h).
  // A request is validated against its generation's XSD in `contracts_dir`/xsd when that file is
  // there (an operator may put FK's own files there), then read with v9's rules and answered
  // from LefiService. Errors: kConfigError for a schema that does not compile.
  static Result<std::unique_ptr<LegacyLefi>> install(
      platform::pipeline::PartnerPipeline& pipeline, LefiService& lefi,
      std::function<domain::Date()> today, const std::filesystem::path& contracts_dir,
      std::shared_ptr<const platform::soap::WsSecurityVerifier> ssek_signatures);

  // For the start-up banner.
  const std::string& summary() const { return summary_; }

 private:
  std::vector<std::optional<platform::xml::XsdValidator>> schemas_;  // per kLegacyVersions
  std::string summary_;
};

}  // namespace utbyte::lefi::legacy
