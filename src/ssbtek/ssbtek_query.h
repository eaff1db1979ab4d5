#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "domain/personnummer.h"
#include "ssbtek/kalla.h"
#include "ssbtek/sources/source_adapter.h"

namespace utbyte::ssbtek {

// A validated SSBTEK question: an applicant household and what to ask about it.
struct SsbtekQuery {
  domain::Personnummer sokande;
  std::optional<domain::Personnummer> medsokande;
  domain::DateRange period;
  std::vector<Kalla> kallor;   // without duplicates, in kAllaKallor order; never empty
  std::string arendereferens;  // the municipality's case reference, 1–64 printable characters
};

// The period rules (docs/ssbtek.md): fromDatum ≥ 2000-01-01, tomDatum ≥ fromDatum, at most five
// years, tomDatum at most one year after `today`. Errors: kInvalidDateRange.
Status check_period(const domain::DateRange& period, domain::Date today);

// One block of the answer: what one source said about one person.
struct Block {
  Kalla kalla = Kalla::kAkassa;
  sources::SourceResult result;
};

// The blocks of one person of the household.
struct PersonBlocks {
  std::string roll;  // "SOKANDE" or "MEDSOKANDE"
  std::string personnummer;
  std::vector<Block> blocks;  // in the order of SsbtekQuery::kallor
};

// The combined answer.
struct SsbtekAnswer {
  std::string transaktions_id;
  std::string tidpunkt;  // ISO 8601 UTC
  std::string arendereferens;
  domain::DateRange period;
  // Every block answered (BESVARAD or INGA_UPPGIFTER): the answer is not partial.
  bool komplett = true;
  // Synthetic register or simulated sources: not real data.
  bool syntetiska_uppgifter = false;
  std::vector<PersonBlocks> personer;
};

}  // namespace utbyte::ssbtek
