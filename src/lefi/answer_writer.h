#pragma once

#include <string>

#include "core/json_writer.h"
#include "lefi/lefi_answer.h"
#include "store/records.h"

namespace utbyte::lefi {

// The LEFI v9 answer document (contracts/openapi/lefi-formansinformation-v9.yaml,
// Formansinformationssvar) as compact JSON text, members in the contract's order.
std::string render_v9_json(const LefiAnswer& answer);

// Wire form of the parts of a LEFI v9 answer, shared with the v8 rendering and with LEKA's
// `tillstand`: each writes one JSON object as the next value of `w`.
void write_person(JsonWriter& w, const store::PersonRecord& person);
void write_forman(JsonWriter& w, const Forman& forman);
void write_decision(JsonWriter& w, const store::DecisionRecord& decision);
void write_payment(JsonWriter& w, const store::PaymentRecord& payment);
// A payment as v8 wrote it: without what v9 added (utbetalningsId, myndighet).
void write_payment_v8(JsonWriter& w, const store::PaymentRecord& payment);
void write_meddelande(JsonWriter& w, const Meddelande& meddelande);

// The members every major shares, from personuppgifter to meddelanden, and the end of the
// answer object; each major writes its own head and payments (`payment`).
using PaymentWriter = void (*)(JsonWriter&, const store::PaymentRecord&);
void write_answer_tail(JsonWriter& w, const LefiAnswer& answer, PaymentWriter payment);

}  // namespace utbyte::lefi
