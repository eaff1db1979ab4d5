#pragma once

// Monthly sums of a LEFI answer's payments, for the Visa page's table and chart.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "store/records.h"

namespace utbyte::webui {

struct MonthTotal {
  std::string month;  // "2026-03"
  int antal = 0;
  std::int64_t brutto = 0;
  std::int64_t skatt = 0;
  std::int64_t netto = 0;
};

// Per calendar month of utbetalningsdatum, in date order; months without payments are left out.
std::vector<MonthTotal> totals_per_month(const std::vector<store::PaymentRecord>& payments);

// Every month from the month of `from` to the month of `tom`, each with the totals of `totals`
// or zero: the chart's x axis, so that a month without payments shows as one.
std::vector<MonthTotal> months_between(domain::Date from, domain::Date tom,
                                       const std::vector<MonthTotal>& totals);

}  // namespace utbyte::webui
