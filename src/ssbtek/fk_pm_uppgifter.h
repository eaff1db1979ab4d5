#pragma once

#include <nlohmann/json.hpp>

#include "lefi/lefi_answer.h"

namespace utbyte::ssbtek {

// The data (uppgifter) of the FK_PM block, built from the LEFI answer it summarises
// (FkPmUppgifter in contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd, block_schema.h): each benefit
// with its number of decisions, and every payment with the members of a LEFI v9 payment.
// Null when the answer has neither benefits nor payments (the block is then INGA_UPPGIFTER).
nlohmann::json fk_pm_uppgifter(const lefi::LefiAnswer& answer);

}  // namespace utbyte::ssbtek
