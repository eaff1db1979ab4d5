#pragma once

#include <optional>
#include <string_view>

#include "store/records.h"

namespace utbyte::store {

// Wire strings of the register enums, as stored in the database and sent on the wire.
std::string_view to_string(BeslutStatus status);       // "BEVILJAD", "AVSLAG", ...
std::string_view to_string(Beloppsperiod period);      // "DAG", "MANAD", "AR"
std::string_view to_string(UtbetalningStatus status);  // "PRELIMINAR", "UTBETALD"
std::string_view kon_code(domain::Kon kon);            // "KVINNA", "MAN"

std::optional<BeslutStatus> parse_beslut_status(std::string_view code);
std::optional<Beloppsperiod> parse_beloppsperiod(std::string_view code);
std::optional<UtbetalningStatus> parse_utbetalning_status(std::string_view code);
std::optional<domain::Kon> parse_kon(std::string_view code);
std::optional<Myndighet> parse_myndighet(std::string_view code);  // "FK", "PM"

// The paying company of a myndighet: "Försäkringskassan" or "Pensionsmyndigheten".
std::string_view foretag(Myndighet myndighet);

}  // namespace utbyte::store
