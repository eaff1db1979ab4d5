#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/https_client.h"
#include "core/result.h"

namespace utbyte::client {

struct LefiFraga {
  std::string aktors_id;
  std::string personnummer;
  std::vector<std::string> informationstyper;
  std::string from_datum;
  std::string tom_datum;
};

// The body of a LEFI v9 query, exactly as the contract names its fields.
nlohmann::json lefi_request_body(const LefiFraga& fraga);

// The request path below the REST base (`/rest` is added when the URL has no base path).
std::string lefi_fraga_path(const std::string& base_path, const std::string& aktors_id);

// Renders an answer (Formansinformationssvar) as a readable table for a terminal.
std::string render_lefi_table(const nlohmann::json& answer);

}  // namespace utbyte::client
