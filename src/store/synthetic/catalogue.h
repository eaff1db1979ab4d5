#pragma once

#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/information_type.h"
#include "store/synthetic/benefit_rules.h"

namespace utbyte::store::synthetic {

// One fixed test person of every synthetic register. Integrators look these up by number, so
// the list is stable: add persons at the end, never renumber one.
struct CatalogueEntry {
  std::string personnummer;
  std::string namn;         // "Förnamn Efternamn"
  std::string beskrivning;  // what the person is for, in Swedish
  // What the person exercises: information type codes plus the special cases "AVLIDEN",
  // "SKYDDAD_IDENTITET", "SAMORDNINGSNUMMER", "INGA_FORMANER", "FORMAN_SPARRAD",
  // "KARENSERSATTNING", "GARANTIPENSION". The generator derives the person's records from these.
  std::vector<std::string> provar;
  std::vector<domain::InformationType> informationstyper;
};

// The catalogue, in the order it is generated.
const std::vector<CatalogueEntry>& catalogue();

// Everything the generator inserts for `entry` in a register whose today is `as_of`: the person
// and 24 months of decisions and payments up to as_of plus next month's preliminary payments.
// Depends only on (entry, as_of), not on the seed or the number of bulk persons.
PersonData build_catalogue_person(const CatalogueEntry& entry, domain::Date as_of);

}  // namespace utbyte::store::synthetic
