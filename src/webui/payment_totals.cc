#include "webui/payment_totals.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace utbyte::webui {

std::vector<MonthTotal> totals_per_month(const std::vector<store::PaymentRecord>& payments) {
  std::map<std::string, MonthTotal> by_month;
  for (const auto& p : payments) {
    const std::string month = domain::format_date(p.utbetalningsdatum).substr(0, 7);
    MonthTotal& t = by_month[month];
    t.month = month;
    ++t.antal;
    t.brutto += p.bruttobelopp;
    t.skatt += p.skatteavdrag;
    t.netto += p.nettobelopp;
  }
  std::vector<MonthTotal> out;
  out.reserve(by_month.size());
  for (auto& entry : by_month) out.push_back(std::move(entry.second));
  return out;
}

std::vector<MonthTotal> months_between(domain::Date from, domain::Date tom,
                                       const std::vector<MonthTotal>& totals) {
  std::vector<MonthTotal> out;
  int year = static_cast<int>(from.year());
  int month = static_cast<int>(static_cast<unsigned>(from.month()));
  const int last_year = static_cast<int>(tom.year());
  const int last_month = static_cast<int>(static_cast<unsigned>(tom.month()));
  // At most 10 years of bars, whatever the input says.
  for (int i = 0; i < 120 && (year < last_year || (year == last_year && month <= last_month));
       ++i) {
    const std::string key = fmt::format("{:04d}-{:02d}", year, month);
    const auto it = std::find_if(totals.begin(), totals.end(),
                                 [&key](const MonthTotal& t) { return t.month == key; });
    out.push_back(it != totals.end() ? *it : MonthTotal{key, 0, 0, 0, 0});
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return out;
}

}  // namespace utbyte::webui
