#pragma once

#include <nlohmann/json.hpp>

#include "store/records.h"

namespace utbyte::lefi {

// Wire form of register records in a LEFI v9 answer (see contracts/openapi).
nlohmann::ordered_json to_json(const store::PersonRecord& person);
nlohmann::ordered_json to_json(const store::DecisionRecord& decision);
nlohmann::ordered_json to_json(const store::PaymentRecord& payment);

// A special message (meddelande) of the answer.
nlohmann::ordered_json meddelande(std::string_view kod, std::string text);
nlohmann::ordered_json meddelande(std::string_view kod, std::string text, domain::InformationType type);

}  // namespace utbyte::lefi
