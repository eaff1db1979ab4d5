#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/soap/soap_routes.h"
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

// Installs both endpoints on the partner pipeline (service SSBTEK, class SSBTEK, major 1): only
// agreements covering platform::kTjanstSsbtek (4 kap. SoL) are served; others get a SOAP fault
// TJANST_EJ_I_AVTALET (AKTOR_EJ_BEHORIG without any agreement) with HTTP 403 (decisions B5).
// `schema` (may be null) validates every request payload first: a request breaking the XSD gets a
// fault listing every violation. The contracts (may be empty) are served on GET <path>?wsdl and GET
// <path>?xsd=<file>. `service` and `schema` must outlive the router.
using ServedContracts = platform::soap::ServedContract;
void add_ssbtek_routes(platform::pipeline::PartnerPipeline& pipeline, SsbtekService& service,
                       std::function<domain::Date()> today,
                       const platform::xml::XsdValidator* schema = nullptr,
                       const ServedContracts& contracts = {});

}  // namespace utbyte::ssbtek
