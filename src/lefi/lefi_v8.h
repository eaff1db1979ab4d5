#pragma once

#include <string>
#include <string_view>

#include "lefi/lefi_answer.h"

namespace utbyte::lefi {

// The path of the LEFI Online v8 query (the previous major), with its {aktorsId} placeholder.
inline constexpr const char* kFragaPathV8 =
    "/rest/FK.EXI.LevereraFormansinformation.V8/lefi-extern-formansinformation/v8/aktorer/"
    "{aktorsId}/formansinformation/fraga";

// The version of the LEFI Förmånsinformation v8 contract (contracts/openapi/
// lefi-formansinformation-v8.yaml).
inline constexpr std::string_view kLefiVersionV8 = "8.3.1";

// The tjanst of v8 disclosures in the audit log.
inline constexpr std::string_view kTjanstV8 = "LEFI.FORMANSINFORMATION.V8";

// The answer in the v8 shape, as compact JSON text. v8 serves the same data and the same query;
// its answer differs from v9 (render_v9_json) only in what v9 added:
//  - `version` is "8.3.1";
//  - no `fraga` (v9 echoes the query) and no `syntetiskaUppgifter` flag (a synthetic register is
//    still announced by the meddelande SYNTETISKA_UPPGIFTER, which v8 already had);
//  - payments (`utbetalningar[]`) have no `utbetalningsId` and no `myndighet` (v8 names the
//    paying authority only by `foretag`).
// Everything else, order of members included, is as in v9. Byte for byte what v8 answered when
// it was the v9 text reshaped through nlohmann::ordered_json, so \b and \f are written short.
std::string render_v8_json(const LefiAnswer& answer);

}  // namespace utbyte::lefi
