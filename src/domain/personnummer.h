#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/date.h"

namespace utbyte::domain {

enum class Kon { kKvinna, kMan };

// A Swedish personal identity number or coordination number, held in FK's 12-digit form
// YYYYMMDDNNNC. Value type; always valid once constructed by parse_personnummer().
class Personnummer {
 public:
  // The 12 digits.
  const std::string& digits() const { return digits_; }
  // True for a samordningsnummer (day of birth + 60).
  bool samordningsnummer() const { return samordningsnummer_; }
  Date birth_date() const { return birth_date_; }
  Kon kon() const { return kon_; }
  // For logs: "19121212-****" (birth date kept, serial and check digit hidden).
  std::string masked() const;

  friend bool operator==(const Personnummer&, const Personnummer&) = default;

 private:
  friend Result<Personnummer> parse_personnummer(std::string_view);
  std::string digits_;
  bool samordningsnummer_ = false;
  Date birth_date_{};
  Kon kon_ = Kon::kKvinna;
};

// Parses the strict 12-digit form (the only form the REST API accepts): century, date (or date
// with day + 60 for samordningsnummer), serial and Luhn check digit over the last ten digits.
// Errors: kInvalidPersonnummer with a message saying which rule failed.
Result<Personnummer> parse_personnummer(std::string_view text);

// The Luhn (modulus 10, weights 2,1,...) check digit over the given digits.
int luhn_check_digit(std::string_view digits);

// Masks, for log lines, the last four digits of every personnummer or samordningsnummer in free
// text, in any notation: ÅÅÅÅMMDDNNNN, ÅÅÅÅMMDD-NNNN, ÅÅMMDDNNNN, ÅÅMMDD-NNNN (or '+'), where MMDD
// is a date (the day + 60 for a samordningsnummer) and the number stands alone: digits inside a
// longer token (a UUID, a hash, a version, an id with letters) are left as they are.
std::string mask_personnummer_in(std::string_view text);

}  // namespace utbyte::domain
