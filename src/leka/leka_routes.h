#pragma once

// The HTTP routes of LEKA v9 (contracts/openapi/leka-prenumeration-v9.yaml and
// leka-avisering-v9.yaml, docs/leka.md), installed on the partner pipeline.

#include <cstdint>
#include <functional>
#include <string>

#include "domain/date.h"
#include "leka/leka_service.h"
#include "platform/pipeline/partner_pipeline.h"
#include "store/store.h"

namespace utbyte::leka {

// POST (Registrera), GET ?personnummer=&cursor=&antal= (Kontrollera, list).
inline constexpr const char* kPrenumerationerPath =
    "/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/"
    "{aktorsId}/prenumerationer";
// GET (Kontrollera one), DELETE (Avregistrera).
inline constexpr const char* kPrenumerationPath =
    "/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/"
    "{aktorsId}/prenumerationer/{prenumerationsId}";
// GET ?fromSekvens=&antal=: a page of the actor's notifications.
inline constexpr const char* kAviseringarPath =
    "/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/"
    "{aktorsId}/aviseringar";
// POST {"tomSekvens": N}: acknowledge up to N.
inline constexpr const char* kKvittensPath =
    "/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/"
    "{aktorsId}/aviseringar/kvittens";
// POST: order a full refresh of the actor's whole stock.
inline constexpr const char* kHeluppdateringPath =
    "/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/"
    "{aktorsId}/aviseringar/heluppdatering";

// Installs the routes (service LEKA, class LEKA, major 9); the pipeline checks the agreement and
// Content-Type on POSTs. The handlers check the query string or body (400) → the subscription
// (404 RESURS_SAKNAS when it is not this actor's, never 403, so that others' subscriptions
// cannot be probed). `service` and `store` must outlive the router.
void add_leka_routes(platform::pipeline::PartnerPipeline& pipeline, LekaService& service,
                     store::Store& store, const std::function<std::int64_t()>& now_ms,
                     std::function<domain::Date()> today);

}  // namespace utbyte::leka
