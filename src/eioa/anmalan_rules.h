#pragma once

#include "domain/date.h"
#include "eioa/anmalan.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::eioa {

// The earliest date an employment or change may be reported from: assistansersättning (then
// LASS) began on 1994-01-01.
inline constexpr domain::Date kEarliestDate{std::chrono::year{1994}, std::chrono::January,
                                            std::chrono::day{1}};
// How far ahead of today an employment or change may be dated.
inline constexpr int kMaxDaysAhead = 366;

// FK's business rules for one notification (docs/eioa.md), every problem reported:
//  - both personnummer valid (12 digits, real date, Luhn); samordningsnummer are accepted
//    (kInvalidPersonnummer), and not born after today;
//  - organisationsnummer of a legal entity, Luhn-valid (kInvalidOrganisationsnummer);
//  - the assistant is not the person with assistance (kAssistantIsAssistedPerson);
//  - the assistant is at least 18 on anstallningsdatum (kAssistantUnderAge);
//  - dates are real dates (kInvalidDate), andringGallerFrom >= anstallningsdatum, neither before
//    1994-01-01 nor more than a year after `today` (kInconsistentDates).
// One assistant per file is the schema's rule (maxOccurs 1).
platform::xml::Problems check_rules(const Anmalan& anmalan, domain::Date today);

}  // namespace utbyte::eioa
