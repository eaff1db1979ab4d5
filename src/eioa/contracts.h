#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "platform/soap/soap_routes.h"

namespace utbyte::eioa {

inline constexpr std::string_view kAnmalanXsdFile = "anmalan_fran_arbetsgivare_extern_v1.xsd";
inline constexpr std::string_view kSvarXsdFile = "skicka_anmalan_svar_v1.xsd";
inline constexpr std::string_view kFelXsdFile = "soap_fel_v1.xsd";
inline constexpr std::string_view kWsdlFile = "anmalan_fran_arbetsgivare_v1.wsdl";

// The published contracts directory (contracts/ with xsd/ and wsdl/), found in this order:
// `explicit_dir` when not empty, $UTBYTE_CONTRACTS, then <binary dir>/../contracts,
// <binary dir>/contracts and /usr/share/utbyte/contracts. The server and the CLI read the XSD
// from there at start, so what is validated is exactly what is published.
// Errors: kConfigError listing the places tried.
Result<std::filesystem::path> find_contracts_dir(const std::string& explicit_dir = {});

// The WSDL prepared for serving (its address and schema locations as "{{ADRESS}}" markers, see
// platform/soap/soap_routes.h) and the schemas it imports, by file name.
using ServedContracts = platform::soap::ServedContract;

// As platform::soap::load_served_contract, but every file must be there: E-IOA is not served
// without its contracts. Errors: kConfigError naming a missing file.
Result<ServedContracts> load_served_contracts(const std::filesystem::path& contracts_dir);

}  // namespace utbyte::eioa
