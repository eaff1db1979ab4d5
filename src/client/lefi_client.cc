#include "client/lefi_client.h"

#include <map>

#include <fmt/format.h>

#include "platform/http/query_params.h"

namespace utbyte::client {
namespace {

using nlohmann::json;

std::string str(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string sek(std::int64_t amount) {
  // Swedish thousands separator (space), e.g. "12 345".
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return (amount < 0 ? "-" : "") + out;
}

}  // namespace

json lefi_request_body(const LefiFraga& fraga) {
  return {{"personnummer", fraga.personnummer},
          {"informationstyper", fraga.informationstyper},
          {"fromDatum", fraga.from_datum},
          {"tomDatum", fraga.tom_datum}};
}

std::string lefi_fraga_path(const std::string& base_path, const std::string& aktors_id) {
  const std::string rest = base_path.empty() ? "/rest" : "";
  return rest + "/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/" +
         platform::http::percent_encode_segment(aktors_id) + "/formansinformation/fraga";
}

std::string render_lefi_table(const json& answer) {
  std::string out;
  const json& fraga = answer.value("fraga", json::object());
  out += fmt::format("LEFI Online {}  transaktion {}\n", str(answer, "version"),
                     str(answer, "transaktionsId"));
  out += fmt::format("Person {}  period {} – {}\n", str(fraga, "personnummer"),
                     str(fraga, "fromDatum"), str(fraga, "tomDatum"));
  if (answer.contains("personuppgifter")) {
    const json& p = answer["personuppgifter"];
    out += fmt::format("\nPersonuppgifter\n  {} {}, född {}, {}\n", str(p, "fornamn"),
                       str(p, "efternamn"), str(p, "fodelsedatum"), str(p, "kon"));
    if (p.contains("adress")) {
      const json& a = p["adress"];
      out += fmt::format("  {}, {} {}\n", str(a, "utdelningsadress"), str(a, "postnummer"),
                         str(a, "postort"));
    }
  }
  for (const json& m : answer.value("meddelanden", json::array())) {
    out += fmt::format("\n! {}: {}", str(m, "kod"), str(m, "text"));
  }
  out += "\n";
  for (const json& f : answer.value("formaner", json::array())) {
    out += fmt::format("\n{} ({})\n", str(f, "benamning"), str(f, "myndighet"));
    out += fmt::format("  {:<12} {:<12} {:<12} {:<10} {:>10} {}\n", "Beslutsdatum", "Från", "Till",
                       "Status", "Belopp", "Per");
    for (const json& b : f.value("beslut", json::array())) {
      const std::string belopp = b.contains("belopp") ? sek(b["belopp"].get<std::int64_t>()) : "";
      out += fmt::format("  {:<12} {:<12} {:<12} {:<10} {:>10} {}\n", str(b, "beslutsdatum"),
                         str(b, "fromDatum"),
                         b.contains("tomDatum") ? str(b, "tomDatum") : "tills vidare",
                         str(b, "status"), belopp, str(b, "beloppsperiod"));
    }
  }
  const json& payments = answer.value("utbetalningar", json::array());
  if (!payments.empty()) {
    out += fmt::format("\nUtbetalningar\n  {:<11} {:<28} {:>9} {:>8} {:>9} {}\n", "Datum", "Förmån",
                       "Brutto", "Skatt", "Netto", "Status");
    std::int64_t brutto = 0;
    std::int64_t skatt = 0;
    std::int64_t netto = 0;
    for (const json& p : payments) {
      brutto += p.value("bruttobelopp", std::int64_t{0});
      skatt += p.value("skatteavdrag", std::int64_t{0});
      netto += p.value("nettobelopp", std::int64_t{0});
      out += fmt::format("  {:<11} {:<28} {:>9} {:>8} {:>9} {}\n", str(p, "utbetalningsdatum"),
                         str(p, "informationstyp"), sek(p.value("bruttobelopp", std::int64_t{0})),
                         sek(p.value("skatteavdrag", std::int64_t{0})),
                         sek(p.value("nettobelopp", std::int64_t{0})), str(p, "status"));
    }
    out += fmt::format("  {:<11} {:<28} {:>9} {:>8} {:>9}\n", "Summa", "", sek(brutto), sek(skatt),
                       sek(netto));
  }
  return out;
}

}  // namespace utbyte::client
