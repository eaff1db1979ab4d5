#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

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

// Maps a v9 answer (Formansinformationssvar of the v9 contract) to the v8 shape. v8 serves the
// same data and the same query; its answer differs only in what v9 added:
//  - `version` is "8.3.1";
//  - no `fraga` (v9 echoes the query) and no `syntetiskaUppgifter` flag (a synthetic register is
//    still announced by the meddelande SYNTETISKA_UPPGIFTER, which v8 already had);
//  - payments (`utbetalningar[]`) have no `utbetalningsId` and no `myndighet` (v8 names the
//    paying authority only by `foretag`).
// Everything else (order of fields included) is kept. Pure; a non-object is returned unchanged.
nlohmann::ordered_json to_v8_answer(const nlohmann::ordered_json& v9_answer);

}  // namespace utbyte::lefi
