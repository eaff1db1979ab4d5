#include <fmt/format.h>

#include "domain/information_type.h"
#include "store/record_codes.h"
#include "webui/pages.h"
#include "webui/payment_chart.h"

namespace utbyte::webui {
namespace {

using domain::format_date;
using lefi::LefiAnswer;
using lefi::MeddelandeKod;

std::string pnr_display(const std::string& digits) {
  return digits.size() == 12 ? digits.substr(0, 8) + "-" + digits.substr(8) : digits;
}

std::string type_names(const std::vector<domain::InformationType>& types) {
  std::string out;
  for (const auto type : types) {
    if (!out.empty()) out += ", ";
    out += domain::info(type).name;
  }
  return out;
}

// Notices that change how the answer must be read are shown first and loud; the rest quietly.
// A switch, so that a new kind of notice cannot be added without deciding which it is.
bool is_important(MeddelandeKod kod) {
  switch (kod) {
    case MeddelandeKod::kSyntetiskaUppgifter:
      return false;
    case MeddelandeKod::kInformationstypEjTillaten:
    case MeddelandeKod::kPersonSaknas:
    case MeddelandeKod::kAvliden:
    case MeddelandeKod::kSkyddadIdentitet:
    case MeddelandeKod::kSamordningsnummer:
    case MeddelandeKod::kFormanSparrad:
      return true;
  }
  return true;
}

std::string notices(const LefiAnswer& a) {
  std::string important, other;
  for (const auto& n : a.meddelanden) {
    std::string& target = is_important(n.kod) ? important : other;
    target += fmt::format(R"(<li data-kod="{}"><strong>{}</strong></li>)",
                          escape(lefi::to_string(n.kod)), escape(n.text));
  }
  std::string out;
  if (!important.empty()) {
    out += fmt::format(
        R"(<section class="meddelande viktig" role="alert" aria-labelledby="viktigt-rubrik"><h2 id="viktigt-rubrik">Observera</h2><ul>{}</ul></section>)",
        important);
  }
  if (!other.empty()) {
    out += fmt::format(
        R"(<section class="meddelande info" aria-label="Upplysningar"><ul>{}</ul></section>)",
        other);
  }
  return out;
}

std::string person_section(const store::PersonRecord& p) {
  std::string rows = fmt::format(
      "<tr><th scope=\"row\">Namn</th><td>{} {}</td></tr>"
      "<tr><th scope=\"row\">Personnummer</th><td>{}</td></tr>"
      "<tr><th scope=\"row\">Födelsedatum</th><td>{}</td></tr>"
      "<tr><th scope=\"row\">Kön</th><td>{}</td></tr>",
      escape(p.fornamn), escape(p.efternamn), escape(pnr_display(p.personnummer)),
      escape(format_date(p.fodelsedatum)), p.kon == domain::Kon::kKvinna ? "Kvinna" : "Man");
  if (p.avliden) {
    rows += fmt::format("<tr><th scope=\"row\">Avliden</th><td>{}</td></tr>",
                        escape(format_date(*p.avliden)));
  }
  const std::string adress = p.skyddad_identitet
                                 ? std::string("Lämnas inte ut (skyddade personuppgifter)")
                                 : escape(fmt::format("{}, {} {}", p.adress.utdelningsadress,
                                                      p.adress.postnummer, p.adress.postort));
  rows += fmt::format("<tr><th scope=\"row\">Adress</th><td>{}</td></tr>", adress);
  return fmt::format(
      R"(<section aria-labelledby="person-rubrik"><h2 id="person-rubrik">Person</h2><table class="tabell nyckelvarden" id="person">{}</table></section>)",
      rows);
}

const char* per_period(const std::optional<store::Beloppsperiod>& period) {
  if (!period) return "";
  switch (*period) {
    case store::Beloppsperiod::kDag:
      return " per dag";
    case store::Beloppsperiod::kManad:
      return " per månad";
    case store::Beloppsperiod::kAr:
      return " per år";
  }
  return "";
}

std::string amount_or_dash(const store::DecisionRecord& d) {
  if (!d.belopp) return "–";
  return escape(format_kronor(*d.belopp)) + per_period(d.period);
}

std::string benefits_section(const LefiAnswer& a) {
  std::string out =
      R"(<section aria-labelledby="formaner-rubrik"><h2 id="formaner-rubrik">Förmåner</h2>)";
  if (a.formaner.empty()) {
    out += "<p>Inga beslut om de valda förmånerna under perioden.</p>";
  }
  for (const auto& b : a.formaner) {
    std::string rows;
    for (const auto& d : b.beslut) {
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"belopp\">{}</td>"
          "<td>{}</td></tr>",
          escape(d.beslut_id), escape(format_date(d.beslutsdatum)), escape(format_date(d.from)),
          d.tom ? escape(format_date(*d.tom)) : "tills vidare", escape(store::to_string(d.status)),
          amount_or_dash(d), escape(d.omfattning.empty() ? d.beskrivning : d.omfattning));
    }
    const auto& info = domain::info(b.informationstyp);
    out += fmt::format(
        R"(<article class="forman" data-informationstyp="{}"><h3>{} <span class="myndighet">{}</span></h3>)"
        R"(<table class="tabell"><caption class="dold">Beslut om {}</caption><thead><tr><th scope="col">Beslut</th><th scope="col">Beslutsdatum</th><th scope="col">Från och med</th><th scope="col">Till och med</th><th scope="col">Status</th><th scope="col">Belopp</th><th scope="col">Omfattning</th></tr></thead><tbody>{}</tbody></table></article>)",
        escape(info.code), escape(info.name), escape(domain::to_string(b.myndighet)),
        escape(info.name), rows);
  }
  return out + "</section>";
}

std::string payments_section(const LefiAnswer& a,
                             const std::vector<store::PaymentRecord>& payments) {
  const auto totals = totals_per_month(payments);
  std::string out =
      R"(<section aria-labelledby="utbetalningar-rubrik"><h2 id="utbetalningar-rubrik">Utbetalningar</h2>)";
  if (payments.empty()) return out + "<p>Inga utbetalningar under perioden.</p></section>";

  std::int64_t brutto = 0, skatt = 0, netto = 0;
  std::string rows;
  for (const auto& t : totals) {
    rows += fmt::format(
        R"(<tr data-manad="{}"><th scope="row">{}</th><td class="antal">{}</td><td class="belopp brutto">{}</td><td class="belopp skatt">{}</td><td class="belopp netto">{}</td></tr>)",
        escape(t.month), escape(t.month), t.antal, escape(format_kronor(t.brutto)),
        escape(format_kronor(t.skatt)), escape(format_kronor(t.netto)));
    brutto += t.brutto;
    skatt += t.skatt;
    netto += t.netto;
  }
  out += fmt::format(
      R"(<h3>Summa per månad</h3><table class="tabell" id="manadssummor"><thead><tr><th scope="col">Månad</th><th scope="col">Antal</th><th scope="col">Brutto</th><th scope="col">Skatteavdrag</th><th scope="col">Netto</th></tr></thead><tbody>{}</tbody>)"
      R"(<tfoot><tr><th scope="row">Summa</th><td class="antal">{}</td><td class="belopp">{}</td><td class="belopp">{}</td><td class="belopp">{}</td></tr></tfoot></table>)",
      rows, payments.size(), escape(format_kronor(brutto)), escape(format_kronor(skatt)),
      escape(format_kronor(netto)));
  out += R"(<figure class="diagramram"><figcaption>Utbetalt netto per månad</figcaption>)" +
         payment_chart_svg(months_between(a.fraga.range.from, a.fraga.range.tom, totals)) +
         "</figure>";

  std::string detail;
  for (const auto& p : payments) {
    detail += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td><td class=\"belopp\">{}</td>"
        "<td class=\"belopp\">{}</td><td class=\"belopp\">{}</td><td>{}</td></tr>",
        escape(format_date(p.utbetalningsdatum)), escape(domain::info(p.type).name),
        escape(domain::to_string(p.myndighet)), escape(format_date(p.period_from)),
        escape(format_date(p.period_tom)), escape(format_kronor(p.bruttobelopp)),
        escape(format_kronor(p.skatteavdrag)), escape(format_kronor(p.nettobelopp)),
        escape(store::to_string(p.status)));
  }
  out += fmt::format(
      R"(<h3>Alla utbetalningar</h3><table class="tabell" id="utbetalningar"><thead><tr><th scope="col">Datum</th><th scope="col">Förmån</th><th scope="col">Myndighet</th><th scope="col">Period</th><th scope="col">Brutto</th><th scope="col">Skatteavdrag</th><th scope="col">Netto</th><th scope="col">Status</th></tr></thead><tbody>{}</tbody></table>)",
      detail);
  return out + "</section>";
}

}  // namespace

std::string visa_page(const VisaPageModel& m) {
  const LefiAnswer& a = m.answer;
  std::string body = fmt::format(
      R"(<h1>Förmånsinformation</h1>
<div class="atgarder"><a class="knapp-sekundar" href="/webb/hamta">Ny fråga</a> <button type="button" class="knapp-sekundar" id="skriv-ut">Skriv ut</button></div>
<dl class="fraga">
<dt>Personnummer</dt><dd id="fraga-personnummer">{}</dd>
<dt>Period</dt><dd>{} – {}</dd>
<dt>Informationstyper</dt><dd>{}</dd>
<dt>Hämtad</dt><dd>{} av {} ({})</dd>
<dt>Transaktions-id</dt><dd id="transaktionsid">{}</dd>
</dl>
{})",
      escape(pnr_display(a.fraga.personnummer.digits())), escape(format_date(a.fraga.range.from)),
      escape(format_date(a.fraga.range.tom)), escape(type_names(a.fraga.informationstyper)),
      escape(a.tidpunkt), escape(m.user.anvandare), escape(m.user.organisation),
      escape(a.transaktions_id), notices(a));
  if (a.personuppgifter) body += person_section(*a.personuppgifter);
  if (!a.has(MeddelandeKod::kPersonSaknas)) {
    body += benefits_section(a);
    if (a.utbetalningar) body += payments_section(a, *a.utbetalningar);
  }
  return page("Visa förmånsinformation", m.user, body);
}

}  // namespace utbyte::webui
