#include "store/synthetic/register_advance.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "domain/personnummer.h"
#include "store/record_codes.h"
#include "store/register_writers.h"
#include "store/store.h"
#include "store/synthetic/benefit_rules.h"
#include "store/synthetic/rng.h"

namespace utbyte::store::synthetic {
namespace {

using namespace std::chrono;
using domain::add_days;
using domain::format_date;
using IT = InformationType;

// Catalogue persons whose story `advance` continues (store/synthetic/catalogue.cc).
constexpr std::string_view kDiesPensioner = "194806039998";        // Bengt Öberg
constexpr std::string_view kPensionBlocked = "195509299987";       // Margareta Sjöberg
constexpr std::string_view kLevnadsintygArrives = "194411059985";  // Ingrid Wallin

// Daily rates for bulk persons, in millionths: a new sickness episode for a person with SGI, an
// extension of a sickness episode ending in two days (per episode), a death of a pensioner
// aged 80 or more.
constexpr std::int64_t kNewSicknessPerMillion = 200;
constexpr std::int64_t kExtensionPerMillion = 300'000;
constexpr std::int64_t kDeathPerMillion = 50;

Date first_of(year_month ym) { return Date{ym / 1}; }
Date last_of(year_month ym) { return Date{ym / std::chrono::last}; }
year_month ym_of(Date d) { return d.year() / d.month(); }
Date min_date(Date a, Date b) { return a < b ? a : b; }
Date max_date(Date a, Date b) { return a < b ? b : a; }

int age_at(Date birth, Date when) {
  int age = static_cast<int>(when.year()) - static_cast<int>(birth.year());
  if (when.month() < birth.month() || (when.month() == birth.month() && when.day() < birth.day())) {
    --age;
  }
  return age;
}

int workdays(Date from, Date tom) {
  int n = 0;
  for (Date d = from; d <= tom; d = add_days(d, 1)) {
    const weekday wd{sys_days{d}};
    if (wd != Saturday && wd != Sunday) ++n;
  }
  return n;
}

// How a benefit is paid, as the generator pays it (benefit_rules.cc): on which day of the month,
// per month in advance or per day in arrears, and under which beloppstyp.
struct PayRule {
  int day = 25;
  bool daily = false;          // days of one month, paid the next month
  bool workdays_only = false;  // count Monday–Friday only
  std::string_view beloppstyp;
};

std::optional<PayRule> pay_rule(IT type, Date birth) {
  const int pension_day = static_cast<unsigned>(birth.day()) <= 15 ? 18 : 19;
  const unsigned bd = static_cast<unsigned>(birth.day());
  switch (type) {
    case IT::kAlderspension:
      return PayRule{pension_day, false, false, "INKOMSTPENSION"};
    case IT::kBostadstillagg:
      return PayRule{pension_day, false, false, "BOSTADSTILLAGG"};
    case IT::kEfterlevandepension:
    case IT::kSjukAktivitetsersattning:
      return PayRule{pension_day, false, false, "MANADSBELOPP"};
    case IT::kArbetsskadelivranta:
    case IT::kYrkesskadelivranta:
      return PayRule{pension_day, false, false, "LIVRANTA"};
    case IT::kBarnbidrag:
      return PayRule{20, false, false, "BARNBIDRAG"};
    case IT::kUnderhallsstod:
      return PayRule{25, false, false, "UNDERHALLSSTOD"};
    case IT::kOmvardnadsbidrag:
      return PayRule{25, false, false, "OMVARDNADSBIDRAG"};
    case IT::kMerkostnadsersattning:
      return PayRule{25, false, false, "MERKOSTNADSERSATTNING"};
    case IT::kBostadsbidrag:
      return PayRule{27, false, false, "BOSTADSBIDRAG"};
    case IT::kForaldrapenning:
      return PayRule{bd <= 10 ? 25 : bd <= 20 ? 26 : 27, true, false, "DAGERSATTNING"};
    case IT::kRehabiliteringsersattning:
      return PayRule{25, true, false, "REHABILITERINGSPENNING"};
    case IT::kSjukpenning:
    case IT::kSmittbararersattning:
    case IT::kNarstaendepenning:
    case IT::kGraviditetspenning:
    case IT::kDagpenningTotalforsvarspliktiga:
      return PayRule{25, true, false, "DAGERSATTNING"};
    case IT::kTillfalligForaldrapenning:
    case IT::kAktivitetsstod:
      return PayRule{25, true, true, "DAGERSATTNING"};
    default:
      return std::nullopt;  // SGI, försäkringstillhörighet, intjänande, prognos, levnadsintyg
  }
}

// A decision that may still pay or end, held in memory for the whole advance.
struct Active {
  std::string personnummer;
  Date birth{};
  DecisionRecord decision;
  bool live = true;  // false once ended (tom passed, death)

  StoredDecision key() const { return StoredDecision{personnummer, decision}; }
};

// A preliminary payment waiting for its day.
struct Pending {
  PreliminaryPayment payment;
  bool live = true;  // false when deleted (death, blocked pension)
};

// The number after the last '-' of "B-<key>-<n>": the decision's own part of the id.
std::string_view id_tail(std::string_view id) {
  const auto dash = id.rfind('-');
  return dash == std::string_view::npos ? id : id.substr(dash + 1);
}

std::string yyyymmdd(Date d) {
  return fmt::format("{:04d}{:02d}{:02d}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

class Advancer {
 public:
  Advancer(RegisterEditor& db, const AdvanceOptions& options, Date as_of, AdvanceStats& stats)
      : db_(db), options_(options), as_of_(as_of), stats_(stats) {}

  Status prepare() { return load(); }

  Status run(const std::function<void(int, int, std::int64_t)>& progress) {
    Rng plan(mix64(options_.seed ^
                   static_cast<std::uint64_t>(sys_days{as_of_}.time_since_epoch().count())));
    const int span = std::min(options_.days, 28);
    const int death_day = plan.uniform_int(1, span);
    const int block_day = plan.uniform_int(1, span);
    const int release_day = plan.uniform_int(1, span);
    for (int n = 1; n <= options_.days; ++n) {
      const Date day = add_days(as_of_, n);
      Rng rng(mix64(options_.seed ^
                    mix64(static_cast<std::uint64_t>(sys_days{day}.time_since_epoch().count()))));
      if (Status s = pay_out(day); !s.ok()) return s;
      if (Status s = end_decisions(day); !s.ok()) return s;
      if (day.day() == std::chrono::day{1}) {
        if (Status s = schedule_payments(day); !s.ok()) return s;
      }
      if (Status s = bulk_events(day, rng); !s.ok()) return s;
      if (n == death_day) {
        if (Status s = die(std::string(kDiesPensioner), day); !s.ok()) return s;
      }
      if (n == block_day) {
        if (Status s = block_pension(std::string(kPensionBlocked), day); !s.ok()) return s;
      }
      if (n == release_day) {
        if (Status s = release_pension(std::string(kLevnadsintygArrives), day); !s.ok()) return s;
      }
      if (progress) progress(n, options_.days, stats_.total);
    }
    return Status::ok_status();
  }

 private:
  Status load() {
    // Decisions that can still pay or end: granted or blocked, not ended before this month.
    auto decisions = db_.live_decisions(first_of(ym_of(as_of_)));
    if (!decisions.ok()) return decisions.error();
    std::string last_pnr;
    Date birth{};
    active_.reserve(decisions->size());
    for (auto& stored : *decisions) {
      if (stored.personnummer != last_pnr) {
        auto pnr = domain::parse_personnummer(stored.personnummer);
        if (!pnr.ok()) return corrupt("beslut.personnummer", stored.personnummer);
        birth = pnr->birth_date();
        last_pnr = stored.personnummer;
      }
      active_.push_back(Active{std::move(stored.personnummer), birth, std::move(stored.decision)});
    }
    // The rows come ordered by personnummer, so active_ is sorted up to here; decisions made
    // during the advance are appended after sorted_count_.
    sorted_count_ = active_.size();

    auto pending = db_.preliminary_payments();
    if (!pending.ok()) return pending.error();
    pending_.reserve(pending->size());
    for (auto& p : *pending) pending_.push_back(Pending{std::move(p), true});
    return Status::ok_status();
  }

  static Error corrupt(std::string_view what, std::string_view value) {
    return make_error(ErrorCode::kStoreError, fmt::format("Registret innehåller ett ogiltigt "
                                                          "värde i {}: '{}'",
                                                          what, value.substr(0, 40)));
  }

  Status record(const std::string& pnr, IT type, Myndighet m, Handelse h, Date date,
                const std::string& referens) {
    RegisterChange c;
    c.personnummer = pnr;
    c.informationstyp = type;
    c.myndighet = m;
    c.handelse = h;
    c.handelsedatum = date;
    c.referens = referens;
    if (Status s = db_.append_change(c); !s.ok()) return s;
    ++stats_.events[h];
    ++stats_.total;
    return Status::ok_status();
  }

  // Preliminary payments whose day has come are paid.
  Status pay_out(Date day) {
    for (; next_pending_ < pending_.size() &&
           pending_[next_pending_].payment.utbetalningsdatum <= day;
         ++next_pending_) {
      if (!pending_[next_pending_].live) continue;
      const PreliminaryPayment& p = pending_[next_pending_].payment;
      if (Status s = db_.mark_paid(p); !s.ok()) return s;
      if (Status s = record(p.personnummer, p.type, p.myndighet, Handelse::kUtbetalningGenomford,
                            p.utbetalningsdatum, p.utbetalnings_id);
          !s.ok()) {
        return s;
      }
    }
    return Status::ok_status();
  }

  // Decisions whose last day was yesterday have ended.
  Status end_decisions(Date day) {
    const Date yesterday = add_days(day, -1);
    for (Active& a : active_) {
      if (!a.live || !a.decision.tom || *a.decision.tom != yesterday) continue;
      a.live = false;
      if (Status s = record(a.personnummer, a.decision.type, a.decision.myndighet,
                            Handelse::kFormanUpphord, day, a.decision.beslut_id);
          !s.ok()) {
        return s;
      }
    }
    return Status::ok_status();
  }

  // On the first of month M the register gets the payments due in month M+1 (the generator's
  // window reaches to the end of the month after today): monthly benefits for M+1, daily ones
  // for the days of M.
  Status schedule_payments(Date day) {
    const year_month pay_month = ym_of(day) + months{1};
    std::vector<Pending> added;
    const std::size_t count = active_.size();
    for (std::size_t i = 0; i < count; ++i) {
      const Active& a = active_[i];
      const DecisionRecord& d = a.decision;
      if (!a.live || d.status != BeslutStatus::kBeviljad || !d.belopp || !d.period) continue;
      const auto rule = pay_rule(d.type, a.birth);
      if (!rule) continue;
      const year_month covered = rule->daily ? ym_of(day) : pay_month;
      const Date from = max_date(first_of(covered), d.from);
      const Date tom = d.tom ? min_date(last_of(covered), *d.tom) : last_of(covered);
      if (from > tom) continue;
      std::int64_t brutto = 0;
      if (rule->daily) {
        if (*d.period != Beloppsperiod::kDag) continue;
        const int days =
            rule->workdays_only ? workdays(from, tom) : domain::days_between(from, tom) + 1;
        brutto = *d.belopp * days;
      } else {
        const std::int64_t full = *d.period == Beloppsperiod::kAr      ? *d.belopp / 12
                                  : *d.period == Beloppsperiod::kManad ? *d.belopp
                                                                       : 0;
        const int month_days = domain::days_between(first_of(covered), last_of(covered)) + 1;
        brutto = full * (domain::days_between(from, tom) + 1) / month_days;
      }
      if (brutto <= 0) continue;
      PaymentRecord p;
      p.utbetalnings_id =
          fmt::format("U-{}-{}-{:04d}{:02d}", record_key(a.personnummer), id_tail(d.beslut_id),
                      static_cast<int>(pay_month.year()), static_cast<unsigned>(pay_month.month()));
      p.type = d.type;
      p.myndighet = d.myndighet;
      p.foretag = std::string(foretag(d.myndighet));
      p.utbetalningsdatum =
          payment_day(Date{pay_month / std::chrono::day(static_cast<unsigned>(rule->day))});
      p.period_from = from;
      p.period_tom = tom;
      p.bruttobelopp = brutto;
      p.skatteavdrag = preliminary_tax(d.type, brutto);
      p.nettobelopp = brutto - p.skatteavdrag;
      p.beloppstyp = std::string(rule->beloppstyp);
      p.status = UtbetalningStatus::kPreliminar;
      if (Status s = db_.insert_payment(a.personnummer, p); !s.ok()) return s;
      if (Status s = record(a.personnummer, p.type, p.myndighet, Handelse::kNyUtbetalning,
                            p.utbetalningsdatum, p.utbetalnings_id);
          !s.ok()) {
        return s;
      }
      added.push_back(Pending{PreliminaryPayment{a.personnummer, p.utbetalningsdatum, p.period_from,
                                                 p.type, p.myndighet, p.utbetalnings_id},
                              true});
    }
    // Keep the not-yet-paid tail ordered by day.
    pending_.insert(pending_.end(), std::make_move_iterator(added.begin()),
                    std::make_move_iterator(added.end()));
    std::stable_sort(pending_.begin() + static_cast<std::ptrdiff_t>(next_pending_), pending_.end(),
                     [](const Pending& a, const Pending& b) {
                       return a.payment.utbetalningsdatum < b.payment.utbetalningsdatum;
                     });
    return Status::ok_status();
  }

  Status bulk_events(Date day, Rng& rng) {
    const std::size_t count = active_.size();
    std::vector<std::string> deaths;
    for (std::size_t i = 0; i < count; ++i) {
      Active& a = active_[i];
      if (!a.live || dead_.contains(a.personnummer)) continue;
      const DecisionRecord& d = a.decision;
      if (d.type == IT::kSgi && d.belopp && age_at(a.birth, day) < 65 &&
          rng.uniform(0, 999'999) < kNewSicknessPerMillion &&
          !has_live(a.personnummer, IT::kSjukpenning)) {
        if (Status s = new_sickness(i, day, rng); !s.ok()) return s;
      } else if (d.type == IT::kSjukpenning && d.tom && *d.tom == add_days(day, 2) &&
                 rng.uniform(0, 999'999) < kExtensionPerMillion) {
        const Date tom = add_days(*d.tom, 30);
        if (Status s = db_.set_decision_tom(a.key(), tom); !s.ok()) return s;
        a.decision.tom = tom;
        if (Status s = record(a.personnummer, d.type, d.myndighet, Handelse::kAndratBeslut, day,
                              d.beslut_id);
            !s.ok()) {
          return s;
        }
      } else if (d.type == IT::kAlderspension && age_at(a.birth, day) >= 80 &&
                 rng.uniform(0, 999'999) < kDeathPerMillion) {
        deaths.push_back(a.personnummer);
      }
    }
    for (const std::string& pnr : deaths) {
      if (Status s = die(pnr, day); !s.ok()) return s;
    }
    return Status::ok_status();
  }

  bool has_live(const std::string& pnr, IT type) {
    bool found = false;
    for_person(pnr,
               [&found, type](Active& a) { found = found || (a.live && a.decision.type == type); });
    return found;
  }

  template <typename Fn>
  void for_person(const std::string& pnr, Fn fn) {
    const auto sorted_end = active_.begin() + static_cast<std::ptrdiff_t>(sorted_count_);
    auto it =
        std::lower_bound(active_.begin(), sorted_end, pnr,
                         [](const Active& a, const std::string& p) { return a.personnummer < p; });
    for (; it != sorted_end && it->personnummer == pnr; ++it) fn(*it);
    for (std::size_t i = sorted_count_; i < active_.size(); ++i) {
      if (active_[i].personnummer == pnr) fn(active_[i]);
    }
  }

  Status new_sickness(std::size_t sgi_index, Date day, Rng& rng) {
    const Active sgi = active_[sgi_index];  // copied: push_back below may reallocate
    Active a;
    a.personnummer = sgi.personnummer;
    a.birth = sgi.birth;
    DecisionRecord& d = a.decision;
    d.beslut_id = fmt::format("B-{}-S{}", record_key(a.personnummer), yyyymmdd(day));
    d.type = IT::kSjukpenning;
    d.myndighet = domain::info(IT::kSjukpenning).owner;
    d.beslutsdatum = day;
    d.from = day;
    d.tom = add_days(day, rng.uniform_int(14, 90) - 1);
    d.omfattning = "HEL";
    // As the generator: SGI (capped at 10 prisbasbelopp) × 0.97 × 0.80 / 365 per calendar day.
    const std::int64_t cap = 10 * prisbasbelopp(static_cast<int>(day.year()));
    d.belopp = std::min(*sgi.decision.belopp, cap) * 776 / 1000 / 365;
    d.period = Beloppsperiod::kDag;
    d.status = BeslutStatus::kBeviljad;
    d.beskrivning = "Sjukpenning på normalnivå";
    if (Status s = db_.insert_decision(a.personnummer, d); !s.ok()) return s;
    if (Status s =
            record(a.personnummer, d.type, d.myndighet, Handelse::kNyttBeslut, day, d.beslut_id);
        !s.ok()) {
      return s;
    }
    active_.push_back(std::move(a));
    return Status::ok_status();
  }

  // Preliminary payments of `pnr` (of `type`, or all) for periods after `after` are withdrawn.
  Status withdraw_pending(const std::string& pnr, std::optional<IT> type, Date after) {
    for (std::size_t i = next_pending_; i < pending_.size(); ++i) {
      Pending& p = pending_[i];
      if (!p.live || p.payment.personnummer != pnr || (type && p.payment.type != *type) ||
          p.payment.period_from <= after) {
        continue;
      }
      if (Status s = db_.delete_payment(p.payment); !s.ok()) return s;
      p.live = false;
    }
    return Status::ok_status();
  }

  // The person dies: every running decision ends on the day of death, later periods are not
  // paid, and one AVLIDEN event is written per benefit type that was running.
  Status die(const std::string& pnr, Date day) {
    if (dead_.contains(pnr)) return Status::ok_status();
    auto died = db_.mark_died(pnr, day);
    if (!died.ok()) return died.error();
    if (!*died) return Status::ok_status();  // already dead or unknown
    dead_.insert(pnr);
    std::set<std::pair<IT, Myndighet>> types;
    Status status;
    for_person(pnr, [&](Active& a) {
      if (!status.ok() || !a.live) return;
      a.live = false;
      if (!domain::info(a.decision.type).is_benefit) return;
      types.emplace(a.decision.type, a.decision.myndighet);
      if (!a.decision.tom || *a.decision.tom > day) {
        status = db_.set_decision_tom(a.key(), day);
        a.decision.tom = day;
      }
    });
    if (!status.ok()) return status;
    if (Status s = withdraw_pending(pnr, std::nullopt, day); !s.ok()) return s;
    for (const auto& [type, myndighet] : types) {
      if (Status s = record(pnr, type, myndighet, Handelse::kAvliden, day, pnr); !s.ok()) return s;
    }
    return Status::ok_status();
  }

  Status set_pension_status(const std::string& pnr, Date day, BeslutStatus from, BeslutStatus to,
                            Handelse handelse) {
    if (dead_.contains(pnr)) return Status::ok_status();
    Status status;
    std::optional<Myndighet> changed;
    for_person(pnr, [&](Active& a) {
      if (!status.ok() || !a.live || a.decision.type != IT::kAlderspension ||
          a.decision.status != from) {
        return;
      }
      status = db_.set_decision_status(a.key(), to);
      a.decision.status = to;
      changed = a.decision.myndighet;
    });
    if (!status.ok()) return status;
    if (!changed) return Status::ok_status();  // not in the expected state (advanced before)
    if (to == BeslutStatus::kSparrad) {
      if (Status s = withdraw_pending(pnr, IT::kAlderspension, add_days(day, -1)); !s.ok()) {
        return s;
      }
    }
    return record(pnr, IT::kAlderspension, *changed, handelse, day, pnr);
  }

  Status block_pension(const std::string& pnr, Date day) {
    return set_pension_status(pnr, day, BeslutStatus::kBeviljad, BeslutStatus::kSparrad,
                              Handelse::kFormanSparrad);
  }

  Status release_pension(const std::string& pnr, Date day) {
    return set_pension_status(pnr, day, BeslutStatus::kSparrad, BeslutStatus::kBeviljad,
                              Handelse::kLevnadsintygInkommet);
  }

  RegisterEditor& db_;
  const AdvanceOptions options_;
  const Date as_of_;
  AdvanceStats& stats_;

  std::vector<Active> active_;
  std::size_t sorted_count_ = 0;
  std::vector<Pending> pending_;  // by day; [0, next_pending_) handled
  std::size_t next_pending_ = 0;
  std::set<std::string> dead_;
};

}  // namespace

Status advance_register(const std::string& db_path, const AdvanceOptions& options,
                        const std::function<void(int, int, std::int64_t)>& progress,
                        AdvanceStats* stats) {
  if (options.days < 1 || options.days > 366) {
    return make_error(ErrorCode::kInvalidRequest, "--days ska vara 1–366");
  }
  // The editor's transaction holds the register's write lock until commit.
  auto db = open_register_editor(db_path);
  if (!db.ok()) return db.error();
  auto as_of = (*db)->as_of();
  if (!as_of.ok()) return as_of.error();
  if (!*as_of) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("'{}' innehåller inget register; skapa det med 'utbyte register "
                                  "generate'",
                                  masked_spec(db_path)));
  }
  AdvanceStats local;
  AdvanceStats& out = stats != nullptr ? *stats : local;
  out = AdvanceStats{};
  out.from = **as_of;
  Advancer advancer(**db, options, **as_of, out);
  if (Status s = advancer.prepare(); !s.ok()) return s;
  if (Status s = advancer.run(progress); !s.ok()) return s;
  out.to = add_days(**as_of, options.days);
  if (Status s = (*db)->put_meta("as_of", format_date(out.to)); !s.ok()) return s;
  return (*db)->commit();
}

}  // namespace utbyte::store::synthetic
