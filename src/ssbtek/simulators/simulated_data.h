#pragma once

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "domain/personnummer.h"
#include "ssbtek/kalla.h"

namespace utbyte::ssbtek::simulators {

// What a SIMULATED base service knows about a person for a period: the "uppgifter" object of
// its answer (docs/ssbtek.md, "Simulated base services"), or null when it knows nothing.
//
// Deterministic: a function of (kalla, personnummer, period, today) only. Most persons get data
// derived from a seeded hash of their personnummer (about 15 % have unemployment benefit, 85 %
// taxed income, ...); the fixed catalogue persons below get chosen data in every simulator so
// that tests can expect exact answers. `kalla` must not be kFkPm (answered by LEFI, not a
// simulator). None of this is real data.
nlohmann::json simulated_uppgifter(Kalla kalla, const domain::Personnummer& person,
                                   domain::DateRange period, domain::Date today);

// Catalogue persons with fixed simulator data (see docs/ssbtek.md):
// Oskar Lund — data in every source (a complete answer);
inline constexpr std::string_view kPersonAllaKallor = "199405309999";
// Sara Holm — Oskar's co-applicant: registered at Arbetsförmedlingen, taxed income, no car;
inline constexpr std::string_view kPersonMedsokande = "198209239980";
// Karin Johansson — no data in any simulator (every block INGA_UPPGIFTER).
inline constexpr std::string_view kPersonIngaUppgifter = "198706119982";

}  // namespace utbyte::ssbtek::simulators
