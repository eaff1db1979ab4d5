#include "store/synthetic/benefit_rules.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "store/record_codes.h"

namespace utbyte::store::synthetic {
namespace {

using namespace std::chrono;
using domain::add_days;
using domain::days_between;
using domain::format_date;
using IT = InformationType;

constexpr std::int64_t kPbb2025 = 58800;
constexpr std::int64_t kIbb2025 = 80600;
constexpr std::int64_t kKarensersattning = 700;  // domain.md: flat 700 SEK for employees
// Dagersättning för totalförsvarspliktiga is not in benefit-amounts.md; 145 SEK/day is an
// [approx.] level, tax-free like the real one.
constexpr std::int64_t kDagersattningTotalforsvar = 145;

Date first_of(year_month ym) { return Date{ym / 1}; }
Date last_of(year_month ym) { return Date{ym / std::chrono::last}; }
year_month ym_of(Date d) { return d.year() / d.month(); }
Date min_date(Date a, Date b) { return a < b ? a : b; }
Date max_date(Date a, Date b) { return a < b ? b : a; }
int year_of(Date d) { return static_cast<int>(d.year()); }

Date add_years(Date d, int years) {
  Date r = (d.year() + std::chrono::years{years}) / d.month() / d.day();
  return r.ok() ? r : Date{r.year() / r.month() / std::chrono::last};  // 29 Feb
}

int age_at(Date birth, Date when) {
  int age = year_of(when) - year_of(birth);
  if (when.month() < birth.month() || (when.month() == birth.month() && when.day() < birth.day())) {
    --age;
  }
  return age;
}

// An amount given at its 2025 level, moved to `year` with the prisbasbelopp as pensions and
// most FK amounts are.
std::int64_t at_level(std::int64_t amount_2025, int year) {
  return amount_2025 * prisbasbelopp(year) / kPbb2025;
}

// Sjukpenning per calendar day: SGI × 0.97 × 0.80 / 365, SGI capped at 10 PBB.
std::int64_t sjukpenning_per_day(std::int64_t income, int year) {
  const std::int64_t sgi = std::min(income, 10 * prisbasbelopp(year));
  return sgi * 776 / 1000 / 365;
}

// Tillfällig föräldrapenning per workday: 80 % × 0.97 of SGI capped at 7.5 PBB, ÷ 260.
std::int64_t tfp_per_day(std::int64_t income, int year) {
  const std::int64_t sgi = std::min(income, 75 * prisbasbelopp(year) / 10);
  return sgi * 776 / 1000 / 260;
}

struct Omfattning {
  std::string_view code;
  int quarters;
};
constexpr std::array kOmfattningar = {Omfattning{"HEL", 4}, Omfattning{"TRE_FJARDEDELAR", 3},
                                      Omfattning{"HALV", 2}, Omfattning{"EN_FJARDEDEL", 1}};

// Payment days (benefit-amounts.md): pensions and SA/AE on the 18th (born 1-15) or 19th.
int pension_day(Date birth) { return static_cast<unsigned>(birth.day()) <= 15 ? 18 : 19; }
// Föräldrapenning on the 25th, 26th or 27th by the parent's day of birth.
int foraldrapenning_day(Date birth) {
  const unsigned d = static_cast<unsigned>(birth.day());
  return d <= 10 ? 25 : d <= 20 ? 26 : 27;
}

int workdays(Date from, Date tom) {
  int n = 0;
  for (Date d = from; d <= tom; d = add_days(d, 1)) {
    const weekday wd{sys_days{d}};
    if (wd != Saturday && wd != Sunday) ++n;
  }
  return n;
}

class Emitter {
 public:
  Emitter(const BenefitPlan& plan, const HistoryWindow& w, Rng& rng, PersonData& out)
      : plan_(plan),
        w_(w),
        rng_(rng),
        out_(out),
        birth_(out.person.fodelsedatum),
        key_(record_key(out.person.personnummer)) {}

  void run() {
    for (IT type : plan_.types) emit(type);
    apply_death();
  }

 private:
  bool has(IT type) const {
    return std::find(plan_.types.begin(), plan_.types.end(), type) != plan_.types.end();
  }

  DecisionRecord& decision(IT type, Date from, std::optional<Date> tom, std::string beskrivning) {
    DecisionRecord d;
    d.beslut_id = make_id('B', ++decisions_);
    d.type = type;
    d.myndighet = domain::info(type).owner;
    // Decided shortly before it takes effect, never after the register's today.
    d.beslutsdatum = min_date(max_date(add_days(from, -10), birth_), w_.as_of);
    d.from = from;
    d.tom = tom;
    d.beskrivning = std::move(beskrivning);
    out_.decisions.push_back(std::move(d));
    return out_.decisions.back();
  }

  // "B-<key>-<n>" without fmt (called for every generated row).
  std::string make_id(char kind, int n) const {
    std::string id;
    id.reserve(24);
    id += kind;
    id += '-';
    id += key_;
    id += '-';
    id += std::to_string(n);
    return id;
  }

  void payment(IT type, Date paid, Date from, Date tom, std::int64_t brutto,
               std::string_view beloppstyp) {
    if (paid > w_.last || paid < w_.first || brutto <= 0) return;
    PaymentRecord p;
    p.utbetalnings_id = make_id('U', ++payments_);
    p.type = type;
    p.myndighet = domain::info(type).owner;
    p.foretag = std::string(foretag(p.myndighet));
    p.utbetalningsdatum = paid;
    p.period_from = from;
    p.period_tom = tom;
    p.bruttobelopp = brutto;
    p.skatteavdrag = preliminary_tax(type, brutto);
    p.nettobelopp = brutto - p.skatteavdrag;
    p.beloppstyp = std::string(beloppstyp);
    p.status = paid > w_.as_of ? UtbetalningStatus::kPreliminar : UtbetalningStatus::kUtbetald;
    out_.payments.push_back(std::move(p));
  }

  // A benefit paid per month on `day`, for each month of [start, end] inside the window,
  // prorated by calendar days in a part month. `amount(month)` is the full-month amount.
  template <typename AmountFn>
  void monthly(IT type, Date start, std::optional<Date> end, int day, std::string_view beloppstyp,
               AmountFn amount, std::optional<Date> stop = std::nullopt) {
    for (year_month ym = ym_of(max_date(start, w_.first)); ym <= ym_of(w_.last); ym += months{1}) {
      const Date from = max_date(first_of(ym), start);
      const Date tom = end ? min_date(last_of(ym), *end) : last_of(ym);
      if (from > tom) break;
      if (stop && from >= *stop) break;
      const std::int64_t full = amount(ym);
      const int days = days_between(from, tom) + 1;
      const int month_days = days_between(first_of(ym), last_of(ym)) + 1;
      payment(type, payment_day(Date{ym / std::chrono::day(static_cast<unsigned>(day))}), from, tom,
              full * days / month_days, beloppstyp);
    }
  }

  // A daily benefit over [start, end], paid in arrears: each month's days on `day` of the next
  // month. Counts calendar days, or workdays when `workdays_only`.
  void daily(IT type, Date start, Date end, std::int64_t per_day, int day, bool workdays_only,
             std::string_view beloppstyp) {
    for (year_month ym = ym_of(max_date(start, add_days(w_.first, -31))); ym <= ym_of(end);
         ym += months{1}) {
      const Date from = max_date(first_of(ym), start);
      const Date tom = min_date(last_of(ym), end);
      if (from > tom) continue;
      const int days = workdays_only ? workdays(from, tom) : days_between(from, tom) + 1;
      const year_month next = ym + months{1};
      payment(type, payment_day(Date{next / std::chrono::day(static_cast<unsigned>(day))}), from,
              tom, per_day * days, beloppstyp);
    }
  }

  // A random start for an episode of `length` days that is paid inside the window.
  Date episode_start(int length) {
    // Within the last ~10 months, so a query for "the last year" finds every kind of episode.
    const Date earliest = max_date(add_days(w_.first, -length / 2), add_days(w_.as_of, -300));
    const Date latest = add_days(w_.as_of, -plan_.min_episode_lead_days);
    return add_days(earliest, rng_.uniform_int(0, std::max(0, days_between(earliest, latest))));
  }

  const Omfattning& omfattning() {
    const int r = rng_.uniform_int(0, 99);
    return kOmfattningar[r < 65 ? 0 : r < 75 ? 1 : r < 92 ? 2 : 3];
  }

  // Children of the person, oldest first, generated on first use so that graviditetspenning,
  // föräldrapenning and barnbidrag all refer to the same children.
  const std::vector<Date>& children() {
    if (children_generated_) return children_;
    children_generated_ = true;
    Date youngest;
    if (has(IT::kGraviditetspenning)) {
      youngest = add_days(w_.as_of, -rng_.uniform_int(90, 200));
    } else if (has(IT::kForaldrapenning)) {
      youngest = add_days(w_.as_of, -rng_.uniform_int(30, 500));
    } else {
      youngest = add_days(w_.as_of, -rng_.uniform_int(300, 11 * 365));
    }
    const Date adult = add_years(birth_, 19);
    if (youngest < adult) youngest = min_date(adult, add_days(w_.as_of, -30));
    const int count = rng_.uniform_int(1, 100) <= 45 ? 1 : rng_.uniform_int(1, 100) <= 75 ? 2 : 3;
    Date child = youngest;
    for (int i = 0; i < count; ++i) {
      children_.insert(children_.begin(), child);
      child = add_days(child, -rng_.uniform_int(550, 1600));
      if (child < adult) break;
    }
    return children_;
  }

  Date youngest_child() { return children().back(); }

  Date pension_start() const {
    return first_of(ym_of(add_years(birth_, 66)) + months{1});  // month after the 66th birthday
  }

  void emit(IT type);
  void emit_alderspension();
  void emit_levnadsintyg();
  void apply_death();

  const BenefitPlan& plan_;
  const HistoryWindow& w_;
  Rng& rng_;
  PersonData& out_;
  const Date birth_;
  const std::string key_;
  int decisions_ = 0;
  int payments_ = 0;
  bool children_generated_ = false;
  std::vector<Date> children_;
  std::optional<Date> blocked_from_;  // first day of the month ÅP/BT stop being paid
};

void Emitter::emit(IT type) {
  const std::int64_t income = plan_.yearly_income;
  const int as_of_year = year_of(w_.as_of);
  switch (type) {
    case IT::kSgi: {
      auto& d = decision(type, first_of(year_month{year{as_of_year - 1}, January}), std::nullopt,
                         "Sjukpenninggrundande inkomst");
      d.from = max_date(d.from, add_years(birth_, 16));
      d.belopp = std::min(income, 10 * prisbasbelopp(as_of_year));
      d.period = Beloppsperiod::kAr;
      break;
    }
    case IT::kForsakringstillhorighet: {
      const bool arbete = out_.person.samordningsnummer;
      const Date from = arbete ? add_days(w_.as_of, -rng_.uniform_int(200, 2000)) : birth_;
      decision(type, max_date(from, birth_), std::nullopt,
               arbete ? "Försäkrad för arbetsbaserade förmåner (arbete i Sverige)"
                      : "Försäkrad i Sverige (bosatt)");
      break;
    }
    case IT::kSjukpenning:
    case IT::kSmittbararersattning:
    case IT::kRehabiliteringsersattning:
    case IT::kNarstaendepenning: {
      const bool sp = type == IT::kSjukpenning;
      const int length = type == IT::kSmittbararersattning ? rng_.uniform_int(5, 30)
                         : type == IT::kNarstaendepenning  ? rng_.uniform_int(10, 60)
                                                           : rng_.uniform_int(14, 150);
      const Date start = episode_start(length);
      const Date end = add_days(start, length - 1);
      const Omfattning& o = sp ? omfattning() : kOmfattningar[0];
      const std::int64_t per_day = sjukpenning_per_day(income, year_of(start)) * o.quarters / 4;
      auto& d = decision(type, start, end,
                         sp                                       ? "Sjukpenning på normalnivå"
                         : type == IT::kSmittbararersattning      ? "Smittbärarersättning"
                         : type == IT::kRehabiliteringsersattning ? "Rehabiliteringspenning"
                                                                  : "Närståendepenning");
      d.omfattning = std::string(o.code);
      d.belopp = per_day;
      d.period = Beloppsperiod::kDag;
      d.beslutsdatum = min_date(add_days(start, 7), w_.as_of);
      const std::size_t first_payment = out_.payments.size();
      daily(type, start, end, per_day, 25, false,
            type == IT::kRehabiliteringsersattning ? "REHABILITERINGSPENNING" : "DAGERSATTNING");
      if (sp && plan_.karensersattning && out_.payments.size() > first_payment) {
        // domain.md: karensersättning is reported as a sjukpenning payment, 700 SEK, tax 30 %
        // rounded down; it is in the payment history but has no decision of its own.
        const Date paid = out_.payments[first_payment].utbetalningsdatum;
        payment(type, paid, start, start, kKarensersattning, "KARENSERSATTNING");
      }
      break;
    }
    case IT::kGraviditetspenning: {
      // At most 50 days, from day 60 to day 11 before the due date (here: the birth).
      const Date birth = youngest_child();
      const Date start = add_days(birth, -60);
      const Date end = add_days(birth, -11);
      const std::int64_t per_day = sjukpenning_per_day(income, year_of(start));
      auto& d = decision(type, start, end, "Graviditetspenning, fysiskt ansträngande arbete");
      d.omfattning = "HEL";
      d.belopp = per_day;
      d.period = Beloppsperiod::kDag;
      daily(type, start, end, per_day, 25, false, "DAGERSATTNING");
      break;
    }
    case IT::kForaldrapenning: {
      const Date birth = youngest_child();
      const Date start = max_date(birth, add_days(w_.first, -200));
      const Date end = add_days(birth, 540);
      const std::int64_t per_day = std::min<std::int64_t>(
          sjukpenning_per_day(income, year_of(start)), at_level(1250, as_of_year));
      auto& d = decision(type, start, end, "Föräldrapenning på sjukpenningnivå");
      d.omfattning = "HEL";
      d.belopp = per_day;
      d.period = Beloppsperiod::kDag;
      // Not every day is taken: each month pays for a share of its days.
      for (year_month ym = ym_of(max_date(start, add_days(w_.first, -31)));
           ym <= ym_of(min_date(end, w_.as_of)); ym += months{1}) {
        const Date from = max_date(first_of(ym), start);
        const Date tom = min_date(last_of(ym), end);
        if (from > tom) continue;
        const int days =
            rng_.uniform_int(std::min(5, days_between(from, tom) + 1), days_between(from, tom) + 1);
        const Date paid =
            payment_day(Date{(ym + months{1}) / std::chrono::day(foraldrapenning_day(birth_))});
        payment(type, paid, from, tom, per_day * days, "DAGERSATTNING");
      }
      break;
    }
    case IT::kTillfalligForaldrapenning: {
      const Date child = youngest_child();
      const std::int64_t per_day = tfp_per_day(income, as_of_year);
      int episodes = 0;
      for (year_month ym = ym_of(w_.first); ym <= ym_of(w_.as_of); ym += months{1}) {
        if (!rng_.chance(episodes == 0 && ym == ym_of(w_.as_of) ? 1000 : 250)) continue;
        const Date start = add_days(first_of(ym), rng_.uniform_int(0, 20));
        if (start > w_.as_of || age_at(child, start) >= 12 || start < child) continue;
        const Date end = add_days(start, rng_.uniform_int(0, 3));
        auto& d = decision(type, start, end, "Tillfällig föräldrapenning, vård av sjukt barn");
        d.omfattning = "HEL";
        d.belopp = per_day;
        d.period = Beloppsperiod::kDag;
        d.beslutsdatum = min_date(add_days(end, 5), w_.as_of);
        const Date paid = payment_day(Date{(ym + months{1}) / std::chrono::day(25)});
        payment(type, paid, start, end, per_day * workdays(start, end), "DAGERSATTNING");
        ++episodes;
      }
      break;
    }
    case IT::kBarnbidrag: {
      const auto& kids = children();
      auto count_at = [&kids](Date d) {
        int n = 0;
        for (Date born : kids) n += born < d && age_at(born, d) < 16 ? 1 : 0;
        return n;
      };
      auto supplement = [](int n) -> std::int64_t {
        static constexpr std::array<std::int64_t, 7> kTillagg = {0, 0, 150, 730, 1740, 2990, 4240};
        return n < 7 ? kTillagg[static_cast<std::size_t>(n)] : 4240 + 1250 * (n - 6);
      };
      const Date start = first_of(ym_of(kids.front()) + months{1});
      const int n_now = std::max(1, count_at(w_.as_of));
      auto& d = decision(
          type, start, std::nullopt,
          fmt::format("Barnbidrag för {} barn{}", n_now, n_now > 1 ? " med flerbarnstillägg" : ""));
      d.belopp = 1250 * n_now + supplement(n_now);
      d.period = Beloppsperiod::kManad;
      for (year_month ym = ym_of(max_date(start, w_.first)); ym <= ym_of(w_.last);
           ym += months{1}) {
        const int n = count_at(first_of(ym));
        if (n == 0) continue;
        const Date paid = payment_day(Date{ym / std::chrono::day(20)});
        payment(type, paid, first_of(ym), last_of(ym), 1250 * n, "BARNBIDRAG");
        if (n > 1)
          payment(type, paid, first_of(ym), last_of(ym), supplement(n), "FLERBARNSTILLAGG");
      }
      break;
    }
    case IT::kUnderhallsstod: {
      const Date child = youngest_child();
      const Date start = max_date(first_of(ym_of(child) + months{1}),
                                  add_days(w_.as_of, -rng_.uniform_int(200, 2500)));
      const Date end = add_days(add_years(child, 18), -1);
      auto amount = [child](year_month ym) -> std::int64_t {
        const int age = age_at(child, first_of(ym));
        return age < 7 ? 1673 : age < 11 ? 1823 : age < 15 ? 1973 : 2223;
      };
      auto& d = decision(type, first_of(ym_of(start)), end,
                         fmt::format("Underhållsstöd för barn fött {}", year_of(child)));
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, d.from, end, 25, "UNDERHALLSSTOD", amount);
      break;
    }
    case IT::kOmvardnadsbidrag: {
      const Date child = youngest_child();
      const Omfattning& o = omfattning();
      const Date start = first_of(
          ym_of(max_date(add_days(child, 180), add_days(w_.as_of, -rng_.uniform_int(200, 1500)))));
      const Date end = Date{(child.year() + years{19}) / June / 30};
      auto amount = [&o](year_month ym) {
        return 25 * prisbasbelopp(static_cast<int>(ym.year())) / 10 / 12 * o.quarters / 4;
      };
      auto& d = decision(type, start, end, "Omvårdnadsbidrag för barn med funktionsnedsättning");
      d.omfattning = std::string(o.code);
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, start, end, 25, "OMVARDNADSBIDRAG", amount);
      break;
    }
    case IT::kMerkostnadsersattning: {
      const int step = rng_.uniform_int(3, 7);  // 30-70 % of PBB per year
      const Date start = first_of(
          ym_of(max_date(add_years(birth_, 19), add_days(w_.as_of, -rng_.uniform_int(100, 3000)))));
      auto amount = [step](year_month ym) {
        return prisbasbelopp(static_cast<int>(ym.year())) * step / 10 / 12;
      };
      auto& d = decision(type, start, std::nullopt,
                         fmt::format("Merkostnadsersättning, nivå {} ({} % av prisbasbeloppet)",
                                     step - 2, step * 10));
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, start, std::nullopt, 25, "MERKOSTNADSERSATTNING", amount);
      break;
    }
    case IT::kBostadsbidrag: {
      const std::int64_t base = rng_.uniform(8, 45) * 100 + rng_.uniform(0, 99);
      const Date start = first_of(ym_of(add_days(w_.as_of, -rng_.uniform_int(60, 1500))));
      auto& d = decision(type, max_date(start, first_of(ym_of(add_years(birth_, 18)))),
                         std::nullopt, "Preliminärt bostadsbidrag");
      d.belopp = base;
      d.period = Beloppsperiod::kManad;
      monthly(type, d.from, std::nullopt, 27, "BOSTADSBIDRAG", [base](year_month) { return base; });
      break;
    }
    case IT::kAktivitetsstod: {
      const int length = rng_.uniform_int(60, 300);
      const Date start = episode_start(length);
      const Date end = add_days(start, length - 1);
      const std::int64_t per_day = rng_.chance(200) ? 223 : rng_.uniform(365, 1200);
      auto& d = decision(type, start, end, "Aktivitetsstöd, arbetsmarknadspolitiskt program");
      d.omfattning = "HEL";
      d.belopp = per_day;
      d.period = Beloppsperiod::kDag;
      daily(type, start, end, per_day, 25, true, "DAGERSATTNING");
      break;
    }
    case IT::kDagpenningTotalforsvarspliktiga: {
      const int length = rng_.uniform_int(270, 450);
      const Date start = add_days(w_.as_of, -rng_.uniform_int(30, 360));
      const Date end = add_days(start, length - 1);
      auto& d = decision(type, start, end, "Dagersättning under grundutbildning (värnplikt)");
      d.belopp = kDagersattningTotalforsvar;
      d.period = Beloppsperiod::kDag;
      daily(type, start, end, kDagersattningTotalforsvar, 25, false, "DAGERSATTNING");
      break;
    }
    case IT::kSjukAktivitetsersattning: {
      const int age = age_at(birth_, w_.as_of);
      const bool ae = age < 30;
      const Date start = first_of(ym_of(max_date(
          add_years(birth_, 19), add_days(w_.as_of, -rng_.uniform_int(100, ae ? 900 : 5000)))));
      const std::optional<Date> end =
          ae ? std::optional<Date>(add_days(add_years(start, 3), -1))
             : std::optional<Date>(last_of(ym_of(add_years(birth_, 66))));
      const Omfattning& o = rng_.chance(700) ? kOmfattningar[0] : omfattning();
      // Garantiersättning 2.78 PBB/yr from age 30 (less for the young), or income-related.
      const bool garanti = income < 300000;
      const std::int64_t income_related = std::min<std::int64_t>(income * 647 / 1000 / 12, 23778);
      auto amount = [&](year_month ym) {
        const std::int64_t full =
            garanti ? (ae ? at_level(12152, static_cast<int>(ym.year()))
                          : prisbasbelopp(static_cast<int>(ym.year())) * 278 / 100 / 12)
                    : at_level(income_related, static_cast<int>(ym.year()));
        return full * o.quarters / 4;
      };
      auto& d =
          decision(type, start, end,
                   fmt::format("{} ({})", ae ? "Aktivitetsersättning" : "Sjukersättning",
                               garanti ? "garantiersättning" : "inkomstrelaterad ersättning"));
      d.omfattning = std::string(o.code);
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, start, end, pension_day(birth_), "MANADSBELOPP", amount);
      break;
    }
    case IT::kArbetsskadelivranta:
    case IT::kYrkesskadelivranta: {
      const bool arbetsskada = type == IT::kArbetsskadelivranta;
      const std::int64_t base = arbetsskada ? rng_.uniform(1500, 12000) : rng_.uniform(500, 4000);
      const Date start =
          first_of(ym_of(arbetsskada ? max_date(add_years(birth_, 20),
                                                add_days(w_.as_of, -rng_.uniform_int(400, 5000)))
                                     : add_years(birth_, rng_.uniform_int(20, 28))));
      auto amount = [base](year_month ym) { return at_level(base, static_cast<int>(ym.year())); };
      auto& d = decision(type, start, std::nullopt,
                         arbetsskada ? "Livränta vid arbetsskada (inkomstförlust)"
                                     : "Yrkesskadelivränta (skada före 1977)");
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, start, std::nullopt, pension_day(birth_), "LIVRANTA", amount);
      break;
    }
    case IT::kAlderspension:
      emit_alderspension();
      break;
    case IT::kBostadstillagg: {
      const std::int64_t base = rng_.uniform(1500, 7290);
      const Date start = max_date(pension_start(),
                                  first_of(ym_of(add_days(w_.as_of, -rng_.uniform_int(90, 4000)))));
      auto& d = decision(type, start, std::nullopt, "Bostadstillägg för pensionärer");
      d.belopp = base;
      d.period = Beloppsperiod::kManad;
      if (plan_.pension_blocked) {
        d.status = BeslutStatus::kSparrad;
        d.beskrivning += ", spärrat: levnadsintyg saknas";
      }
      monthly(
          type, start, std::nullopt, pension_day(birth_), "BOSTADSTILLAGG",
          [base](year_month) { return base; }, blocked_from_);
      break;
    }
    case IT::kEfterlevandepension: {
      const int age = age_at(birth_, w_.as_of);
      std::int64_t base = 0;
      std::string what;
      Date start;
      std::optional<Date> end;
      if (age < 18) {
        base = rng_.uniform(1960, 4500);
        what = "Barnpension";
        start = first_of(ym_of(
            max_date(add_days(birth_, 30), add_days(w_.as_of, -rng_.uniform_int(200, 2000)))));
        end = last_of(ym_of(add_years(birth_, 18)) - months{1});
      } else if (age >= 66) {
        base = rng_.uniform(2000, 7000);
        what = "Änkepension";
        start = first_of(ym_of(add_years(birth_, rng_.uniform_int(45, 64))));
      } else {
        base = rng_.uniform(5000, 14000);
        what = "Omställningspension";
        start = first_of(ym_of(add_days(w_.as_of, -rng_.uniform_int(30, 300))));
        end = last_of(ym_of(start) + months{11});
      }
      auto amount = [base](year_month ym) { return at_level(base, static_cast<int>(ym.year())); };
      auto& d = decision(type, start, end, what);
      d.belopp = amount(ym_of(w_.as_of));
      d.period = Beloppsperiod::kManad;
      monthly(type, start, end, pension_day(birth_), "MANADSBELOPP", amount);
      break;
    }
    case IT::kIntjanande: {
      // Pension rights: 17.21 % of income up to 7.5 IBB, decided in December the year after.
      for (int income_year = as_of_year - 2; income_year < as_of_year; ++income_year) {
        auto& d = decision(type, Date{year{income_year} / January / 1},
                           Date{year{income_year} / December / 31},
                           fmt::format("Pensionsrätt för inkomståret {}", income_year));
        d.beslutsdatum = min_date(Date{year{income_year + 1} / December / 15}, w_.as_of);
        d.belopp = std::min(income, 75 * kIbb2025 / 10) * 1721 / 10000;
        d.period = Beloppsperiod::kAr;
      }
      break;
    }
    case IT::kPensionsprognos: {
      auto& d = decision(type, add_days(w_.as_of, -rng_.uniform_int(10, 300)), std::nullopt,
                         "Prognos allmän pension vid uttag från 66 år (dagens penningvärde)");
      d.belopp = std::min(income, 75 * kIbb2025 / 10) * 55 / 100 / 12 + rng_.uniform(0, 900);
      d.period = Beloppsperiod::kManad;
      break;
    }
    case IT::kLevnadsintyg:
      emit_levnadsintyg();
      break;
    case IT::kUtbetalning:
    case IT::kPersonuppgifter:
      break;  // not benefits: payments and personal data come with the others
  }
}

void Emitter::emit_alderspension() {
  const Date start = pension_start();
  const std::int64_t garanti_full = at_level(11907, 2025);  // 2.43 PBB / 12, single
  const std::int64_t inkomst =
      plan_.garantipension ? rng_.uniform(2500, 9000) : rng_.uniform(9000, 26000);
  // Garantipension tops up a low income pension; it shrinks as the income pension grows.
  const std::int64_t garanti =
      plan_.garantipension ? std::max<std::int64_t>(500, garanti_full - inkomst * 48 / 100) : 0;
  if (plan_.pension_blocked) {
    blocked_from_ = first_of(ym_of(add_days(w_.as_of, -rng_.uniform_int(60, 100))));
  }
  auto at = [](std::int64_t base) {
    return [base](year_month ym) { return at_level(base, static_cast<int>(ym.year())); };
  };
  auto& d = decision(IT::kAlderspension, start, std::nullopt,
                     "Inkomstgrundad ålderspension (inkomst-, tilläggs- och premiepension)");
  d.belopp = at(inkomst)(ym_of(w_.as_of));
  d.period = Beloppsperiod::kManad;
  d.omfattning = "HEL";
  if (blocked_from_) {
    d.status = BeslutStatus::kSparrad;
    d.beskrivning = fmt::format("Ålderspension spärrad från {}: levnadsintyg har inte inkommit",
                                format_date(*blocked_from_));
  }
  monthly(IT::kAlderspension, start, std::nullopt, pension_day(birth_), "INKOMSTPENSION",
          at(inkomst), blocked_from_);
  if (garanti > 0) {
    auto& g = decision(IT::kAlderspension, start, std::nullopt, "Garantipension");
    g.belopp = at(garanti)(ym_of(w_.as_of));
    g.period = Beloppsperiod::kManad;
    g.omfattning = "HEL";
    if (blocked_from_) g.status = BeslutStatus::kSparrad;
    monthly(IT::kAlderspension, start, std::nullopt, pension_day(birth_), "GARANTIPENSION",
            at(garanti), blocked_from_);
  }
  if (blocked_from_ && !has(IT::kLevnadsintyg)) emit_levnadsintyg();
}

void Emitter::emit_levnadsintyg() {
  // Persons living abroad send a levnadsintyg once a year; a missing one blocks their pension.
  if (plan_.pension_blocked && !blocked_from_) {
    blocked_from_ = first_of(ym_of(add_days(w_.as_of, -rng_.uniform_int(60, 100))));
  }
  const Date received = blocked_from_ ? add_years(*blocked_from_, -1)
                                      : add_days(w_.as_of, -rng_.uniform_int(30, 300));
  auto& ok = decision(IT::kLevnadsintyg, received, add_days(add_years(received, 1), -1),
                      "Levnadsintyg har inkommit");
  ok.beslutsdatum = min_date(received, w_.as_of);
  if (blocked_from_) {
    const Date requested = add_days(*blocked_from_, -90);
    auto& missing = decision(
        IT::kLevnadsintyg, *blocked_from_, std::nullopt,
        fmt::format("Levnadsintyg saknas: begärt {}, ej inkommet; förmåner spärrade från {}",
                    format_date(requested), format_date(*blocked_from_)));
    missing.status = BeslutStatus::kSparrad;
    missing.beslutsdatum = min_date(*blocked_from_, w_.as_of);
  }
}

void Emitter::apply_death() {
  if (!out_.person.avliden) return;
  const Date died = *out_.person.avliden;
  const Date month_end = last_of(ym_of(died));
  std::erase_if(out_.decisions, [died](const DecisionRecord& d) { return d.from > died; });
  for (auto& d : out_.decisions) {
    if (!d.tom || *d.tom > month_end) {
      // Monthly benefits run to the end of the month of death; daily ones stop on the day.
      d.tom = d.period == Beloppsperiod::kManad ? month_end : died;
      d.status = BeslutStatus::kUpphord;
    }
  }
  std::erase_if(out_.payments, [died](const PaymentRecord& p) { return p.period_from > died; });
}

}  // namespace

HistoryWindow make_window(Date as_of, int months_back) {
  const year_month ym = ym_of(as_of);
  return HistoryWindow{first_of(ym - months{months_back}), as_of, last_of(ym + months{1})};
}

std::string record_key(const std::string& personnummer) {
  std::uint64_t value = 0;
  for (char c : personnummer) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  // A fixed key keeps ids stable across seeds and registers; mix64 is a bijection, so two
  // personnummer never share a key.
  return fmt::format("{:016x}", mix64(value ^ 0x5f3759df2b1e4c3dULL));
}

std::int64_t prisbasbelopp(int year) {
  // 2022 and 2023 are general knowledge (48 300, 52 500) for histories reaching back; later
  // years than 2026 keep the 2026 level.
  if (year <= 2022) return 48300;
  if (year == 2023) return 52500;
  if (year == 2024) return 57300;
  if (year == 2025) return 58800;
  return 59200;
}

bool is_taxed(InformationType type) {
  switch (type) {
    case IT::kBarnbidrag:
    case IT::kBostadsbidrag:
    case IT::kUnderhallsstod:
    case IT::kMerkostnadsersattning:
    case IT::kBostadstillagg:
    case IT::kDagpenningTotalforsvarspliktiga:
      return false;
    default:
      return true;
  }
}

std::int64_t preliminary_tax(InformationType type, std::int64_t brutto) {
  return is_taxed(type) ? brutto * 30 / 100 : 0;
}

Date payment_day(Date wanted) {
  const weekday wd{sys_days{wanted}};
  if (wd == Saturday) return add_days(wanted, -1);
  if (wd == Sunday) return add_days(wanted, -2);
  return wanted;
}

void add_benefits(const BenefitPlan& plan, const HistoryWindow& window, Rng& rng, PersonData& out) {
  Emitter(plan, window, rng, out).run();
}

}  // namespace utbyte::store::synthetic
