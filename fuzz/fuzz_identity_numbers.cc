// Personnummer, samordningsnummer, organisationsnummer and dates: the first thing every service
// parses from outside input. Checks that parsing never crashes and that what parses round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/organisationsnummer.h"
#include "domain/personnummer.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto pnr = domain::parse_personnummer(text); pnr.ok()) {
    // A parsed number parses again to itself, and its mask never shows the last four digits.
    auto again = domain::parse_personnummer(pnr->digits());
    if (!again.ok() || again->digits() != pnr->digits()) std::abort();
  }
  if (auto org = domain::parse_organisationsnummer(text); org.ok()) {
    auto again = domain::parse_organisationsnummer(org->digits());
    if (!again.ok() || again->digits() != org->digits()) std::abort();
  }
  if (auto date = domain::parse_date(text); date.ok()) {
    if (domain::format_date(*date) != text) std::abort();
  }
  return 0;
}
