#pragma once

// The HTTP routes of LEFI Asynkron v10 (docs/specs/lefi-async-v10-wire.md): the
// Beställningsmottagare takes orders, the Beställningsleverantör reports their status, pages
// out the answers and takes the partner's receipts.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "domain/date.h"
#include "platform/pipeline/partner_pipeline.h"
#include "store/order_store.h"

namespace utbyte::lefi::async {

inline constexpr const char* kMottagareBasePath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
    "lefi-extern-bestallningsmottagare/v10/aktorer/{aktorsId}";
inline constexpr const char* kLeverantorBasePath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/{aktorsId}";

// POST: submit an order.
inline constexpr const char* kBestallningarPath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
    "lefi-extern-bestallningsmottagare/v10/aktorer/{aktorsId}/bestallningar";
// GET: an order's status.
inline constexpr const char* kBestallningPath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/{aktorsId}/bestallningar/{bestallningsId}";
// GET ?efterRad=&antal=: a page of answers.
inline constexpr const char* kSvarPath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/{aktorsId}/bestallningar/{bestallningsId}/"
    "svar";
// POST {"tomRad": N}: acknowledge answers up to row N.
inline constexpr const char* kKvittensPath =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/{aktorsId}/bestallningar/{bestallningsId}/"
    "kvittens";

// The largest order body (100 000 lines of "YYYYMMDD-NNNN" with quotes and commas fit).
inline constexpr std::size_t kMaxBestallningBodyBytes = 4 << 20;

// Installs the four routes on the partner pipeline (service LEFI, class MASSFRAGA, major 10),
// which authorises and governs them and checks Content-Type on POSTs; the handlers check the
// body or query string (400/413) → the order (404 RESURS_SAKNAS when it is not this actor's). An
// order naming a type the agreement does not allow is refused as a whole (403
// INFORMATIONSTYP_EJ_TILLATEN), so that every answer of it is complete. `now_ms` (Unix
// milliseconds) stamps orders and receipts; `today` bounds tomDatum as in v9. `orders` must outlive
// the router.
void add_bestallning_routes(platform::pipeline::PartnerPipeline& pipeline,
                            store::OrderStore& orders, const std::function<std::int64_t()>& now_ms,
                            std::function<domain::Date()> today);

}  // namespace utbyte::lefi::async
