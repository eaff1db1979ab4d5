#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "client/https_client.h"
#include "core/result.h"

namespace utbyte::client {

// POSTs a SOAP 1.1 envelope (text/xml) to base_path + `path` and returns the answer of any
// status: SOAP services answer faults with HTTP 500 (403 for a refused actor at SSBTEK), and
// the caller reads the fault from the body. Errors: those of HttpsClient::request.
Result<HttpResult> post_soap(HttpsClient& http, const std::string& path,
                             const std::string& envelope);

// Renders the JSON form of an SSBTEK answer (ssbtek::answer_to_json, docs/ssbtek.md) as a table
// for a terminal: one row per person and source with its status, time and a summary of the data.
std::string render_ssbtek_table(const nlohmann::json& answer);

}  // namespace utbyte::client
