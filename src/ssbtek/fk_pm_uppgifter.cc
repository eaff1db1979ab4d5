#include "ssbtek/fk_pm_uppgifter.h"

#include <string>

#include "domain/date.h"
#include "store/record_codes.h"

namespace utbyte::ssbtek {
namespace {

using json = nlohmann::json;

std::string text(std::string_view s) { return std::string(s); }

json forman(const lefi::Forman& f) {
  const auto& info = domain::info(f.informationstyp);
  return {{"informationstyp", text(info.code)},
          {"benamning", text(info.name)},
          {"myndighet", text(domain::to_string(f.myndighet))},
          {"antalBeslut", f.beslut.size()}};
}

// The members of a LEFI v9 payment (lefi::write_payment), so that the block shows a payment as
// LEFI does.
json payment(const store::PaymentRecord& p) {
  return {{"utbetalningsId", p.utbetalnings_id},
          {"utbetalningsdatum", domain::format_date(p.utbetalningsdatum)},
          {"foretag", p.foretag},
          {"myndighet", text(domain::to_string(p.myndighet))},
          {"informationstyp", text(domain::to_string(p.type))},
          {"periodFrom", domain::format_date(p.period_from)},
          {"periodTom", domain::format_date(p.period_tom)},
          {"bruttobelopp", p.bruttobelopp},
          {"skatteavdrag", p.skatteavdrag},
          {"nettobelopp", p.nettobelopp},
          {"beloppstyp", p.beloppstyp},
          {"status", text(store::to_string(p.status))}};
}

}  // namespace

json fk_pm_uppgifter(const lefi::LefiAnswer& answer) {
  const bool no_payments = !answer.utbetalningar || answer.utbetalningar->empty();
  if (answer.formaner.empty() && no_payments) return nullptr;
  json formaner = json::array();
  for (const auto& f : answer.formaner) formaner.push_back(forman(f));
  json utbetalningar = json::array();
  if (answer.utbetalningar) {
    for (const auto& p : *answer.utbetalningar) utbetalningar.push_back(payment(p));
  }
  return {{"formaner", std::move(formaner)}, {"utbetalningar", std::move(utbetalningar)}};
}

}  // namespace utbyte::ssbtek
