#pragma once

// The HTTP routes of LEKA v9 (contracts/openapi/leka-prenumeration-v9.yaml and
// leka-avisering-v9.yaml, docs/leka.md). The SLA gate (class LEKA) is put in front by the caller.

#include <cstdint>
#include <functional>
#include <string>

#include "domain/date.h"
#include "leka/leka_service.h"
#include "platform/actors.h"
#include "platform/http/router.h"
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

// Method and path of every LEKA route, for wrapping them in the SLA gate.
struct LekaRoute {
  const char* method;
  const char* path;
};
inline constexpr LekaRoute kLekaRoutes[] = {
    {"POST", kPrenumerationerPath}, {"GET", kPrenumerationerPath}, {"GET", kPrenumerationPath},
    {"DELETE", kPrenumerationPath}, {"GET", kAviseringarPath},     {"POST", kKvittensPath},
    {"POST", kHeluppdateringPath},
};

// Registers the routes. Checks: Content-Type on POSTs (415) → aktorsId, agreement and that it
// covers LEKA (400/403) → query string or body (400) → the subscription (404 RESURS_SAKNAS when
// it is not this actor's, never 403, so that others' subscriptions cannot be probed).
// `service`, `store` and `actors` must outlive the router.
void add_leka_routes(platform::http::Router& router, LekaService& service, store::Store& store,
                     const platform::ActorRegistry& actors,
                     const std::function<std::int64_t()>& now_ms,
                     std::function<domain::Date()> today);

}  // namespace utbyte::leka
