#include "ssbtek/simulators/simulated_data.h"

#include <algorithm>
#include <array>
#include <string>

#include "store/synthetic/benefit_rules.h"
#include "store/synthetic/rng.h"

namespace utbyte::ssbtek::simulators {
namespace {

using domain::add_days;
using domain::Date;
using domain::DateRange;
using domain::format_date;
using json = nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

// A uniform draw in [0, 1) and integer ranges from the register's reproducible generator.
class Draw {
 public:
  Draw(const domain::Personnummer& person, Kalla kalla)
      : rng_(store::synthetic::mix64(std::stoull(person.digits()) ^
                                     (0x55b7e4ULL * (static_cast<std::uint64_t>(kalla) + 1)))) {}
  double unit() { return static_cast<double>(rng_.next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  int between(int lo, int hi) { return lo + static_cast<int>(unit() * (hi - lo + 1)); }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[static_cast<std::size_t>(unit() * N) % N];
  }

 private:
  store::synthetic::Rng rng_;
};

int age_on(const domain::Personnummer& person, Date day) {
  const Date born = person.birth_date();
  int age = static_cast<int>(day.year()) - static_cast<int>(born.year());
  if (std::chrono::month_day{day.month(), day.day()} <
      std::chrono::month_day{born.month(), born.day()}) {
    --age;
  }
  return age;
}

Date first_of_month(Date d) { return Date{d.year(), d.month(), std::chrono::day{1}}; }
Date last_of_month(Date d) { return Date{d.year() / d.month() / std::chrono::last}; }
Date next_month(Date d) {
  const auto ym = std::chrono::year_month{d.year(), d.month()} + std::chrono::months{1};
  return Date{ym.year(), ym.month(), std::chrono::day{1}};
}
Date day_of_month(Date month, unsigned day) {
  return Date{month.year(), month.month(), std::chrono::day{day}};
}

int weekdays_between(Date from, Date tom) {
  int count = 0;
  for (sys_days d{from}; d <= sys_days{tom}; d += days{1}) {
    const std::chrono::weekday wd{d};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) ++count;
  }
  return count;
}

// A stretch of time something lasts: [start, end].
struct Episode {
  Date start;
  Date end;
};

// Calls `pay(month_first, benefit_from, benefit_tom, payday)` for every calendar month of the
// episode whose payment (on `payday_of_month` of the month after) falls inside the period and
// no later than today: the base services report payments made, not planned ones.
template <typename Pay>
void monthly_payments(const Episode& episode, const DateRange& period, Date today,
                      unsigned payday_of_month, Pay&& pay) {
  for (Date month = first_of_month(episode.start); month <= episode.end;
       month = next_month(month)) {
    const Date from = std::max(month, episode.start);
    const Date tom = std::min(last_of_month(month), episode.end);
    const Date payday =
        store::synthetic::payment_day(day_of_month(next_month(month), payday_of_month));
    if (payday > today) break;
    if (period.contains(payday)) pay(month, from, tom, payday);
  }
}

std::int64_t tax(std::int64_t brutto) { return brutto * 30 / 100; }

// ---- A-kassorna: dagpenning paid per month for the weekdays of the month.
struct AkassaProfile {
  std::string kassa;
  int dagpenning = 0;
  Episode episode;
};

json akassa_json(const AkassaProfile& p, const DateRange& period, Date today) {
  json utbetalningar = json::array();
  monthly_payments(p.episode, period, today, 12, [&](Date, Date from, Date tom, Date payday) {
    const int dagar = weekdays_between(from, tom);
    if (dagar == 0) return;
    const std::int64_t brutto = std::int64_t{p.dagpenning} * dagar;
    utbetalningar.push_back({{"utbetalningsdatum", format_date(payday)},
                             {"periodFrom", format_date(from)},
                             {"periodTom", format_date(tom)},
                             {"ersattningsdagar", dagar},
                             {"dagpenning", p.dagpenning},
                             {"bruttobelopp", brutto},
                             {"skatteavdrag", tax(brutto)},
                             {"nettobelopp", brutto - tax(brutto)}});
  });
  if (utbetalningar.empty()) return nullptr;
  return {{"kassa", p.kassa}, {"utbetalningar", std::move(utbetalningar)}};
}

// ---- Arbetsförmedlingen: registration and programmes overlapping the period.
struct AfProfile {
  Episode inskrivning;
  bool ongoing = true;
  std::string kategori;
  std::string kontor;
  std::string program;  // empty: none
  Date program_start;
};

json af_json(const AfProfile& p, const DateRange& period) {
  if (!period.overlaps(p.inskrivning.start, p.inskrivning.end)) return nullptr;
  json doc = {{"inskrivningsdatum", format_date(p.inskrivning.start)},
              {"sokandekategori", p.kategori},
              {"arbetsformedlingskontor", p.kontor},
              {"program", json::array()}};
  if (!p.ongoing) doc["avskrivningsdatum"] = format_date(p.inskrivning.end);
  if (!p.program.empty() && period.overlaps(p.program_start, p.inskrivning.end)) {
    json program = {{"programnamn", p.program}, {"fromDatum", format_date(p.program_start)}};
    if (!p.ongoing) program["tomDatum"] = format_date(p.inskrivning.end);
    doc["program"].push_back(std::move(program));
  }
  return doc;
}

// ---- CSN: studiemedel (grant + loan) or studiehjälp, paid on the 25th for the month itself,
// no payments in June and July (no studies over the summer).
struct CsnProfile {
  bool studiehjalp = false;
  int studietakt = 100;
  Episode episode;
};

json csn_json(const CsnProfile& p, const DateRange& period, Date today) {
  json utbetalningar = json::array();
  for (Date month = first_of_month(p.episode.start); month <= p.episode.end;
       month = next_month(month)) {
    if (month.month() == std::chrono::June || month.month() == std::chrono::July) continue;
    const Date payday = store::synthetic::payment_day(day_of_month(month, 25));
    if (payday > today) break;
    if (!period.contains(payday)) continue;
    // 2025 rates for four weeks of full-time study: bidrag 3 612, lån 8 388; studiehjälp 1 250.
    const std::int64_t bidrag = p.studiehjalp ? 1250 : 3612LL * p.studietakt / 100;
    const std::int64_t lan = p.studiehjalp ? 0 : 8388LL * p.studietakt / 100;
    utbetalningar.push_back({{"stodform", p.studiehjalp ? "STUDIEHJALP" : "STUDIEMEDEL"},
                             {"utbetalningsdatum", format_date(payday)},
                             {"studietakt", p.studietakt},
                             {"bidrag", bidrag},
                             {"lan", lan}});
  }
  if (utbetalningar.empty()) return nullptr;
  return {{"utbetalningar", std::move(utbetalningar)}};
}

// ---- Migrationsverket: the case and LMA dagersättning (71 SEK/day for a single adult who
// pays for food, 24 SEK/day where meals are included).
struct MigrationProfile {
  std::string arendetyp;
  std::string status;
  Date datum;             // ansökningsdatum or beslutsdatum
  int dagersattning = 0;  // per day; 0: none paid
};

json migration_json(const MigrationProfile& p, const DateRange& period, Date today) {
  if (p.datum > period.tom) return nullptr;
  json payments = json::array();
  if (p.dagersattning > 0) {
    monthly_payments({p.datum, add_days(today, 60)}, period, today, 23,
                     [&](Date, Date from, Date tom, Date payday) {
                       const int dagar = domain::days_between(from, tom) + 1;
                       payments.push_back({{"utbetalningsdatum", format_date(payday)},
                                           {"periodFrom", format_date(from)},
                                           {"periodTom", format_date(tom)},
                                           {"belopp", std::int64_t{p.dagersattning} * dagar}});
                     });
  }
  return {{"arendetyp", p.arendetyp},
          {"status", p.status},
          {"datum", format_date(p.datum)},
          {"dagersattning", std::move(payments)}};
}

// ---- Skatteverket: final taxation per income year; year Y is decided in Y+1.
struct TaxProfile {
  std::int64_t tjanst = 0;
  std::int64_t naringsverksamhet = 0;
  std::int64_t kapital = 0;
  int first_year = 0;  // first income year with income
};

json tax_json(const TaxProfile& p, const domain::Personnummer& person, const DateRange& period,
              Date today) {
  json inkomster = json::array();
  const int last =
      std::min(static_cast<int>(period.tom.year()), static_cast<int>(today.year())) - 1;
  for (int year = static_cast<int>(period.from.year()) - 1; year <= last; ++year) {
    if (year < p.first_year) continue;
    if (age_on(person, Date{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}}) <
        18) {
      continue;
    }
    // Income grows about 3 % a year up to the latest year.
    const int back = last - year;
    std::int64_t tjanst = p.tjanst;
    for (int i = 0; i < back; ++i) tjanst = tjanst * 100 / 103;
    tjanst = tjanst / 100 * 100;
    const std::int64_t total = tjanst + p.naringsverksamhet + p.kapital;
    inkomster.push_back({{"inkomstar", year},
                         {"tjanst", tjanst},
                         {"naringsverksamhet", p.naringsverksamhet},
                         {"kapital", p.kapital},
                         {"slutligSkatt", total * 31 / 100}});
  }
  if (inkomster.empty()) return nullptr;
  return {{"inkomster", std::move(inkomster)}};
}

// ---- Transportstyrelsen: vehicles owned at some time in the period.
struct Vehicle {
  std::string registreringsnummer;
  std::string fordonsslag;
  std::string fabrikat;
  std::string modell;
  int arsmodell = 0;
  Date agare_from;
};

json vehicles_json(const std::vector<Vehicle>& vehicles, const DateRange& period) {
  json fordon = json::array();
  for (const auto& v : vehicles) {
    if (v.agare_from > period.tom) continue;
    fordon.push_back({{"registreringsnummer", v.registreringsnummer},
                      {"fordonsslag", v.fordonsslag},
                      {"fabrikat", v.fabrikat},
                      {"modell", v.modell},
                      {"arsmodell", v.arsmodell},
                      {"agareFrom", format_date(v.agare_from)}});
  }
  if (fordon.empty()) return nullptr;
  return {{"fordon", std::move(fordon)}};
}

Date parse_fixed(std::string_view text) { return *domain::parse_date(text); }

// ---- The fixed catalogue persons.
json catalogue_uppgifter(Kalla kalla, const domain::Personnummer& person, const DateRange& period,
                         Date today, bool& handled) {
  handled = true;
  const std::string& pnr = person.digits();
  if (pnr == kPersonIngaUppgifter) return nullptr;
  if (pnr == kPersonAllaKallor) {
    switch (kalla) {
      case Kalla::kAkassa:
        return akassa_json({"Unionens a-kassa", 912, {add_days(today, -300), add_days(today, 200)}},
                           period, today);
      case Kalla::kArbetsformedlingen:
        return af_json({{add_days(today, -320), add_days(today, 365)},
                        true,
                        "I_PROGRAM",
                        "Arbetsförmedlingen Malmö",
                        "Jobb- och utvecklingsgarantin",
                        add_days(today, -120)},
                       period);
      case Kalla::kCsn:
        return csn_json({false, 50, {add_days(today, -400), add_days(today, 100)}}, period, today);
      case Kalla::kMigrationsverket:
        return migration_json(
            {"UPPEHALLSTILLSTAND", "PERMANENT_UPPEHALLSTILLSTAND", parse_fixed("2015-11-02"), 0},
            period, today);
      case Kalla::kSkatteverket:
        return tax_json({312'000, 0, 1'200, 2014}, person, period, today);
      case Kalla::kTransportstyrelsen:
        return vehicles_json(
            {{"MLB27K", "PERSONBIL", "Volvo", "V70", 2009, parse_fixed("2021-06-15")}}, period);
      case Kalla::kFkPm:
        return nullptr;
    }
  }
  if (pnr == kPersonMedsokande) {
    switch (kalla) {
      case Kalla::kArbetsformedlingen:
        return af_json({{add_days(today, -200), add_days(today, 365)},
                        true,
                        "ARBETSSOKANDE",
                        "Arbetsförmedlingen Malmö",
                        "",
                        today},
                       period);
      case Kalla::kSkatteverket:
        return tax_json({214'000, 0, 0, 2001}, person, period, today);
      default:
        return nullptr;
    }
  }
  handled = false;
  return nullptr;
}

// ---- Everyone else: derived from the personnummer.
constexpr std::array kKassor = {
    "Unionens a-kassa",  "Akademikernas a-kassa", "Byggnads a-kassa", "Handelsanställdas a-kassa",
    "Kommunals a-kassa", "IF Metalls a-kassa",    "Alfa-kassan"};
constexpr std::array kKontor = {"Arbetsförmedlingen Stockholm", "Arbetsförmedlingen Göteborg",
                                "Arbetsförmedlingen Malmö",     "Arbetsförmedlingen Uppsala",
                                "Arbetsförmedlingen Umeå",      "Arbetsförmedlingen Örebro"};
constexpr std::array kProgram = {"Jobb- och utvecklingsgarantin", "Arbetsmarknadsutbildning",
                                 "Etableringsprogrammet", "Jobbsökaraktiviteter"};
constexpr std::array kKategorier = {"ARBETSLOS", "ARBETSSOKANDE", "I_PROGRAM", "DELTIDSARBETSLOS"};
struct Model {
  const char* fabrikat;
  const char* modell;
};
constexpr std::array kModeller = {Model{"Volvo", "V70"},       Model{"Volvo", "XC60"},
                                  Model{"Volkswagen", "Golf"}, Model{"Toyota", "Corolla"},
                                  Model{"Kia", "Ceed"},        Model{"Tesla", "Model 3"},
                                  Model{"Skoda", "Octavia"},   Model{"Saab", "9-3"}};

std::string registration_number(Draw& draw) {
  // Swedish plates: three letters without I, Q and V (nor Å, Ä, Ö), two digits, a digit or
  // letter.
  static constexpr std::string_view kLetters = "ABCDEFGHJKLMNOPRSTUWXYZ";
  std::string reg;
  for (int i = 0; i < 3; ++i) reg += kLetters[static_cast<std::size_t>(draw.between(0, 22))];
  reg += std::to_string(draw.between(10, 99));
  reg += draw.chance(0.5) ? static_cast<char>('0' + draw.between(0, 9))
                          : kLetters[static_cast<std::size_t>(draw.between(0, 22))];
  return reg;
}

json derived_uppgifter(Kalla kalla, const domain::Personnummer& person, const DateRange& period,
                       Date today) {
  Draw draw(person, kalla);
  const int age = age_on(person, today);
  switch (kalla) {
    case Kalla::kAkassa: {
      if (age < 20 || age > 64 || !draw.chance(0.15)) return nullptr;
      const Date start = add_days(today, -draw.between(30, 700));
      return akassa_json({draw.pick(kKassor),
                          draw.between(500, 1200) / 2 * 2,
                          {start, add_days(start, draw.between(60, 600))}},
                         period, today);
    }
    case Kalla::kArbetsformedlingen: {
      if (age < 16 || age > 64 || !draw.chance(0.20)) return nullptr;
      const Date start = add_days(today, -draw.between(10, 900));
      const Date end = add_days(start, draw.between(90, 900));
      const bool program = draw.chance(0.4);
      return af_json({{start, end},
                      end > today,
                      program ? "I_PROGRAM" : draw.pick(kKategorier),
                      draw.pick(kKontor),
                      program ? draw.pick(kProgram) : "",
                      add_days(start, draw.between(30, 90))},
                     period);
    }
    case Kalla::kCsn: {
      if (age >= 16 && age <= 19 && draw.chance(0.9)) {
        return csn_json(
            {true, 100, {add_days(today, -draw.between(200, 900)), add_days(today, 200)}}, period,
            today);
      }
      if (age < 20 || age > 45 || !draw.chance(0.15)) return nullptr;
      const Date start = add_days(today, -draw.between(30, 1000));
      return csn_json(
          {false, draw.chance(0.7) ? 100 : 50, {start, add_days(start, draw.between(300, 1100))}},
          period, today);
    }
    case Kalla::kMigrationsverket: {
      if (!person.samordningsnummer() || !draw.chance(0.6)) return nullptr;
      const bool asylum = draw.chance(0.5);
      const Date datum = add_days(today, -draw.between(20, 700));
      return migration_json({asylum ? "ASYL" : "ARBETSTILLSTAND",
                             asylum ? "ASYLSOKANDE" : "UPPEHALLSTILLSTAND_BEVILJAT", datum,
                             asylum ? (draw.chance(0.5) ? 71 : 24) : 0},
                            period, today);
    }
    case Kalla::kSkatteverket: {
      if (age < 19 || !draw.chance(0.85)) return nullptr;
      const bool business = draw.chance(0.1);
      return tax_json(
          {draw.between(80, 700) * 1000LL, business ? draw.between(20, 400) * 1000LL : 0,
           draw.chance(0.4) ? draw.between(1, 60) * 500LL : 0,
           static_cast<int>(person.birth_date().year()) + 19},
          person, period, today);
    }
    case Kalla::kTransportstyrelsen: {
      if (age < 18 || !draw.chance(0.4)) return nullptr;
      std::vector<Vehicle> vehicles;
      const int count = draw.chance(0.2) ? 2 : 1;
      for (int i = 0; i < count; ++i) {
        const auto& model = draw.pick(kModeller);
        vehicles.push_back({registration_number(draw), "PERSONBIL", model.fabrikat, model.modell,
                            draw.between(2004, 2025), add_days(today, -draw.between(30, 3000))});
      }
      return vehicles_json(vehicles, period);
    }
    case Kalla::kFkPm:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

json simulated_uppgifter(Kalla kalla, const domain::Personnummer& person, DateRange period,
                         Date today) {
  bool handled = false;
  json fixed = catalogue_uppgifter(kalla, person, period, today, handled);
  if (handled) return fixed;
  return derived_uppgifter(kalla, person, period, today);
}

}  // namespace utbyte::ssbtek::simulators
