#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "leka/legacy/legacy_leka.h"
#include "leka/leka_service.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/xml/xsd_validator.h"
#include "store/store.h"

namespace utbyte::leka::legacy {

// The SHS product of LEKA's SOAP generations and utbyte's addresses for it. Seed 000 gives only
// the shared doors (https://shsext.forsakringskassan.se:8200/ws and …/shs2); the product's own
// addresses follow LEFI's (/ws/FK.EXA.Lefi.Fraga), decisions R33.
inline constexpr std::string_view kProdukt = "FK.EXA.Leka";
inline constexpr std::string_view kWsPath = "/ws/FK.EXA.Leka";
inline constexpr std::string_view kShs2Path = "/shs2/FK.EXA.Leka";
inline constexpr std::string_view kWsdlFile = "EXALevereraKundavisering.wsdl";

// <kWsPath or kShs2Path>/v<major>/<operation>.
std::string endpoint_path(bool shs2, int major, Operation operation);

// The three generations' fifteen operations behind their doors, and the schemas they validate
// with. Must outlive the router.
class LegacyLeka {
 public:
  // Installs, per generation and operation, a WS and an SHS2 endpoint (service LEKA, class LEKA,
  // version LEKA_KUNDAVISERING N, namespace and SOAPAction of legacy_leka.h), kWsPath and
  // kShs2Path as doors in front of them, and the WSDL on kWsPath?wsdl. A request is read with
  // v9's rules (v9's error codes), validated against its generation's XSD in `contracts_dir`/xsd
  // when that file is there (SCHEMAFEL), and answered from `service` and `store`, which v9
  // shares: one feed, one cursor.
  // Errors: kConfigError for a schema that does not compile.
  static Result<std::unique_ptr<LegacyLeka>> install(platform::pipeline::PartnerPipeline& pipeline,
                                                     LekaService& service, store::Store& store,
                                                     std::function<std::int64_t()> now_ms,
                                                     std::function<domain::Date()> today,
                                                     const std::filesystem::path& contracts_dir);

  // For the start-up banner.
  const std::string& summary() const { return summary_; }

 private:
  std::vector<std::optional<platform::xml::XsdValidator>> schemas_;  // per kLegacyLekaVersions
  std::string summary_;
};

}  // namespace utbyte::leka::legacy
