#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace utbyte::domain {

// A Swedish organisationsnummer of a legal entity (juridisk person): 10 digits NNNNNNNNNC, the
// third digit 2 or higher, C the Luhn check digit over the first nine. Value type; always valid
// once constructed by parse_organisationsnummer().
//
// Sole traders (enskild näringsidkare) use their personnummer, whose third digit is the first
// digit of the month (0 or 1); such numbers are rejected here on purpose.
class Organisationsnummer {
 public:
  // The 10 digits, without separator.
  const std::string& digits() const { return digits_; }
  // The printed form NNNNNN-NNNN.
  std::string formatted() const;

  friend bool operator==(const Organisationsnummer&, const Organisationsnummer&) = default;

 private:
  friend Result<Organisationsnummer> parse_organisationsnummer(std::string_view);
  std::string digits_;
};

// Parses 10 digits, or the printed form NNNNNN-NNNN (normalised to 10 digits). Checks, in this
// order: length and form, digits only, third digit >= 2 (legal entity), Luhn check digit.
// Errors: kInvalidOrganisationsnummer with a Swedish message saying which rule failed. The
// rejected text itself is never echoed (it may be a personnummer).
Result<Organisationsnummer> parse_organisationsnummer(std::string_view text);

}  // namespace utbyte::domain
