#pragma once

#include <functional>

#include "domain/date.h"
#include "lefi/lefi_service.h"
#include "lefi/lefi_v8.h"
#include "platform/actors.h"
#include "platform/http/router.h"

namespace utbyte::lefi {

// The path of the LEFI Online v9 query, with its {aktorsId} placeholder.
inline constexpr const char* kFragaPathV9 =
    "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/"
    "{aktorsId}/formansinformation/fraga";

// Registers `POST …/formansinformation/fraga`. Order of checks, as FK's integration layer:
// Content-Type (415) → aktorsId and agreement (400/403) → body (400) → answer.
// `service`, `actors` and `today` must outlive the router.
void add_lefi_routes(platform::http::Router& router, LefiService& service,
                     const platform::ActorRegistry& actors,
                     std::function<domain::Date()> today = domain::today_utc);

// Registers the LEFI Online v8 query (kFragaPathV8, lefi/lefi_v8.h), the previous major: the
// same checks and data as v9, the answer rendered by render_v8_json and audited with tjanst
// "LEFI.FORMANSINFORMATION.V8". Whether v8 is still served at all (deprecation headers, 410
// after its end of life) is the service gate's business (platform/versions.h).
void add_lefi_v8_route(platform::http::Router& router, LefiService& service,
                       const platform::ActorRegistry& actors,
                       std::function<domain::Date()> today = domain::today_utc);

// True when the Content-Type's media type is application/json (parameters such as charset
// allowed, case-insensitive).
bool is_json_content_type(std::string_view content_type);

}  // namespace utbyte::lefi
