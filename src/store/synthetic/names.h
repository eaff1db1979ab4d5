#pragma once

#include <string>

#include "domain/personnummer.h"
#include "store/records.h"
#include "store/synthetic/rng.h"

namespace utbyte::store::synthetic {

struct Name {
  std::string fornamn;
  std::string efternamn;
};

// A Swedish first name of the given sex and a Swedish surname.
Name random_name(Rng& rng, domain::Kon kon);

// A plausible Swedish postal address: street and number, a 5-digit postnummer inside the real
// range of the chosen postort, and the postort.
Address random_address(Rng& rng);

}  // namespace utbyte::store::synthetic
