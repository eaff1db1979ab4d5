#include "webui/answer_view.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/information_type.h"

namespace utbyte::webui {
namespace {

using nlohmann::json;

std::string text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t number(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

bool flag(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::string type_name(const std::string& code) {
  const auto type = domain::parse_information_type(code);
  return type ? std::string(domain::info(*type).name) : code;
}

PersonView read_person(const json& p) {
  PersonView v;
  v.personnummer = text(p, "personnummer");
  v.fornamn = text(p, "fornamn");
  v.efternamn = text(p, "efternamn");
  v.fodelsedatum = text(p, "fodelsedatum");
  v.kon = text(p, "kon");
  v.skyddad_identitet = flag(p, "skyddadIdentitet");
  v.samordningsnummer = flag(p, "samordningsnummer");
  if (flag(p, "avliden")) v.avliden_datum = text(p, "avlidenDatum");
  if (const auto a = p.find("adress"); a != p.end() && a->is_object()) {
    v.adress = fmt::format("{}, {} {}", text(*a, "utdelningsadress"), text(*a, "postnummer"),
                           text(*a, "postort"));
  }
  return v;
}

DecisionView read_decision(const json& d) {
  DecisionView v;
  v.beslut_id = text(d, "beslutsId");
  v.beslutsdatum = text(d, "beslutsdatum");
  v.from = text(d, "fromDatum");
  v.tom = text(d, "tomDatum");
  v.status = text(d, "status");
  v.omfattning = text(d, "omfattning");
  if (d.contains("belopp")) v.belopp = number(d, "belopp");
  v.beloppsperiod = text(d, "beloppsperiod");
  v.beskrivning = text(d, "beskrivning");
  return v;
}

PaymentView read_payment(const json& p) {
  PaymentView v;
  v.utbetalningsdatum = text(p, "utbetalningsdatum");
  v.informationstyp = text(p, "informationstyp");
  v.benamning = type_name(v.informationstyp);
  v.myndighet = text(p, "myndighet");
  v.period_from = text(p, "periodFrom");
  v.period_tom = text(p, "periodTom");
  v.brutto = number(p, "bruttobelopp");
  v.skatt = number(p, "skatteavdrag");
  v.netto = number(p, "nettobelopp");
  v.status = text(p, "status");
  return v;
}

}  // namespace

bool AnswerView::has_notice(std::string_view kod) const {
  return std::any_of(meddelanden.begin(), meddelanden.end(),
                     [kod](const NoticeView& n) { return n.kod == kod; });
}

Result<AnswerView> read_answer(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return make_error(ErrorCode::kInternal, "Svaret är inte ett JSON-objekt");
  AnswerView view;
  view.transaktions_id = text(doc, "transaktionsId");
  view.tidpunkt = text(doc, "tidpunkt");
  view.syntetiska = flag(doc, "syntetiskaUppgifter");
  if (const auto q = doc.find("fraga"); q != doc.end() && q->is_object()) {
    view.personnummer = text(*q, "personnummer");
    view.from = text(*q, "fromDatum");
    view.tom = text(*q, "tomDatum");
    if (const auto t = q->find("informationstyper"); t != q->end() && t->is_array()) {
      for (const auto& code : *t) {
        if (code.is_string()) view.informationstyper.push_back(code.get<std::string>());
      }
    }
  }
  if (const auto p = doc.find("personuppgifter"); p != doc.end() && p->is_object()) {
    view.person = read_person(*p);
  }
  if (const auto f = doc.find("formaner"); f != doc.end() && f->is_array()) {
    for (const auto& item : *f) {
      BenefitView b;
      b.informationstyp = text(item, "informationstyp");
      b.benamning = text(item, "benamning");
      b.myndighet = text(item, "myndighet");
      if (const auto d = item.find("beslut"); d != item.end() && d->is_array()) {
        for (const auto& decision : *d) b.beslut.push_back(read_decision(decision));
      }
      view.formaner.push_back(std::move(b));
    }
  }
  if (const auto u = doc.find("utbetalningar"); u != doc.end() && u->is_array()) {
    std::vector<PaymentView> payments;
    for (const auto& item : *u) payments.push_back(read_payment(item));
    view.utbetalningar = std::move(payments);
  }
  if (const auto m = doc.find("meddelanden"); m != doc.end() && m->is_array()) {
    for (const auto& item : *m) view.meddelanden.push_back({text(item, "kod"), text(item, "text")});
  }
  return view;
}

std::vector<MonthTotal> totals_per_month(const std::vector<PaymentView>& payments) {
  std::map<std::string, MonthTotal> by_month;
  for (const auto& p : payments) {
    const std::string month = p.utbetalningsdatum.substr(0, 7);
    MonthTotal& t = by_month[month];
    t.month = month;
    ++t.antal;
    t.brutto += p.brutto;
    t.skatt += p.skatt;
    t.netto += p.netto;
  }
  std::vector<MonthTotal> out;
  out.reserve(by_month.size());
  for (auto& entry : by_month) out.push_back(std::move(entry.second));
  return out;
}

std::vector<MonthTotal> months_between(std::string_view from, std::string_view tom,
                                       const std::vector<MonthTotal>& totals) {
  std::vector<MonthTotal> out;
  int year = 0, month = 0, last_year = 0, last_month = 0;
  if (from.size() < 7 || tom.size() < 7 ||
      std::sscanf(std::string(from.substr(0, 7)).c_str(), "%4d-%2d", &year, &month) != 2 ||
      std::sscanf(std::string(tom.substr(0, 7)).c_str(), "%4d-%2d", &last_year, &last_month) != 2) {
    return totals;
  }
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
