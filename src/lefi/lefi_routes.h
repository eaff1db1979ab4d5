#pragma once

#include <functional>

#include "domain/date.h"
#include "lefi/lefi_service.h"
#include "lefi/lefi_v8.h"
#include "platform/pipeline/partner_pipeline.h"

namespace utbyte::lefi {

// The path of the LEFI Online v9 query, with its {aktorsId} placeholder.
inline constexpr const char* kFragaPathV9 =
    "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/"
    "{aktorsId}/formansinformation/fraga";

// Installs `POST …/formansinformation/fraga` (service LEFI, class ONLINE, JSON) on the partner
// pipeline, which authorises and governs it; the handler checks the body (400) and answers.
// `service` and `today` must outlive the router.
void add_lefi_routes(platform::pipeline::PartnerPipeline& pipeline, LefiService& service,
                     std::function<domain::Date()> today = domain::today_utc);

// Installs the LEFI Online v8 query (kFragaPathV8, lefi/lefi_v8.h), the previous major: the
// same checks and data as v9, the answer rendered by render_v8_json and audited with tjanst
// "LEFI.FORMANSINFORMATION.V8". Whether v8 is still served at all (deprecation headers, 410
// after its end of life) is the gate's business (platform/versions.h).
void add_lefi_v8_route(platform::pipeline::PartnerPipeline& pipeline, LefiService& service,
                       std::function<domain::Date()> today = domain::today_utc);

// The profile of the LEFI Online query of `major` (8 or 9): also the web UI's query.
platform::pipeline::RouteProfile lefi_online_profile(int major);

}  // namespace utbyte::lefi
