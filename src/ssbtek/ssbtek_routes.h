#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "platform/actors.h"
#include "platform/http/router.h"
#include "platform/xml/xsd_validator.h"
#include "ssbtek/ssbtek_service.h"

namespace utbyte::ssbtek {

// The product (SHS produkttyp) and its two addresses: the seed's inlämningsadresser "/ws" and
// "/shs2", each followed by the product name as FK does for E-IOA (docs/decisions.md B1).
inline constexpr std::string_view kProdukt = "FK.SSBTEK.EkonomisktBistand";
inline constexpr std::string_view kWsPath = "/ws/FK.SSBTEK.EkonomisktBistand";
inline constexpr std::string_view kShs2Path = "/shs2/FK.SSBTEK.EkonomisktBistand";
inline constexpr std::string_view kSoapAction =
    "urn:utbyte:ssbtek:ekonomisktbistand:1/HamtaUppgifter";

// Registers both endpoints with the same handler: only agreements covering
// platform::kTjanstSsbtek (4 kap. SoL) are served; others get a SOAP fault AKTOR_EJ_BEHORIG
// with HTTP 403 (docs/decisions.md B5). `schema` (may be null) validates every request payload
// first: a request breaking the XSD gets a fault listing every violation. The contracts (may be
// empty) are served on GET <path>?wsdl and GET <path>?xsd=<file>. `service`, `actors` and
// `schema` must outlive the router.
struct ServedContracts {
  std::string wsdl;  // with "{{ADRESS}}" where the endpoint's address goes
  std::map<std::string, std::string, std::less<>> schemas;  // by file name
};
void add_ssbtek_routes(platform::http::Router& router, const platform::ActorRegistry& actors,
                       SsbtekService& service, std::function<domain::Date()> today,
                       const platform::xml::XsdValidator* schema = nullptr,
                       const ServedContracts& contracts = {});

}  // namespace utbyte::ssbtek
