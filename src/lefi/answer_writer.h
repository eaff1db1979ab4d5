#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "domain/information_type.h"
#include "store/records.h"

namespace utbyte::lefi {

// A special message (meddelande) of an answer.
struct Meddelande {
  std::string_view kod;  // e.g. "PERSON_SAKNAS"
  std::string text;      // Swedish
  std::optional<domain::InformationType> informationstyp;
};

// Wire form of register records in a LEFI v9 answer (contracts/openapi, Formansinformationssvar):
// each writes one JSON object as the next value of `w`.
void write_person(JsonWriter& w, const store::PersonRecord& person);
void write_decision(JsonWriter& w, const store::DecisionRecord& decision);
void write_payment(JsonWriter& w, const store::PaymentRecord& payment);
void write_meddelande(JsonWriter& w, const Meddelande& meddelande);

}  // namespace utbyte::lefi
