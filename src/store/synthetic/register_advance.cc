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
#include "store/sqlite/change_log_writer.h"
#include "store/sqlite/register_writer.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_db.h"
#include "store/synthetic/benefit_rules.h"
#include "store/synthetic/rng.h"

namespace utbyte::store::synthetic {
namespace {

using namespace std::chrono;
using domain::add_days;
using domain::format_date;
using sqlite::Connection;
using sqlite::ResetOnExit;
using sqlite::Statement;
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
};

// A preliminary payment waiting for its day.
struct Pending {
  std::string personnummer;
  Date paid{};
  Date period_from{};
  IT type = IT::kSjukpenning;
  Myndighet myndighet = Myndighet::kFK;
  std::string id;
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
  Advancer(Connection& conn, sqlite::RegisterWriter& writer, sqlite::ChangeLogWriter& log,
           const AdvanceOptions& options, Date as_of, AdvanceStats& stats)
      : conn_(conn), writer_(writer), log_(log), options_(options), as_of_(as_of), stats_(stats) {}

  Status prepare() {
    const std::pair<Statement**, const char*> sql[] = {
        {&pay_,
         "UPDATE utbetalning SET status = 'UTBETALD' WHERE personnummer = ?1 AND "
         "utbetalningsdatum = ?2 AND informationstyp = ?3 AND utbetalnings_id = ?4"},
        {&set_tom_,
         "UPDATE beslut SET tom_datum = ?5 WHERE personnummer = ?1 AND "
         "informationstyp = ?2 AND from_datum = ?3 AND beslut_id = ?4"},
        {&set_status_,
         "UPDATE beslut SET status = ?5 WHERE personnummer = ?1 AND "
         "informationstyp = ?2 AND from_datum = ?3 AND beslut_id = ?4"},
        {&delete_pending_,
         "DELETE FROM utbetalning WHERE personnummer = ?1 AND "
         "utbetalningsdatum = ?2 AND informationstyp = ?3 AND "
         "utbetalnings_id = ?4"},
        {&died_, "UPDATE person SET avliden = ?2 WHERE personnummer = ?1 AND avliden IS NULL"},
    };
    for (const auto& entry : sql) {
      auto stmt = conn_.prepare(entry.second);
      if (!stmt.ok()) return stmt.error();
      statements_.push_back(std::move(stmt).value());
      *entry.first = &statements_.back();
    }
    return load();
  }

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
    auto stmt = conn_.prepare(
        "SELECT personnummer, informationstyp, from_datum, beslut_id, myndighet, beslutsdatum, "
        "tom_datum, omfattning, belopp, beloppsperiod, status, beskrivning FROM beslut "
        "WHERE status IN ('BEVILJAD', 'SPARRAD') AND (tom_datum IS NULL OR tom_datum >= ?1)");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, format_date(first_of(ym_of(as_of_))));
    std::string last_pnr;
    Date birth{};
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      Active a;
      a.personnummer = stmt->column_string(0);
      if (a.personnummer != last_pnr) {
        auto pnr = domain::parse_personnummer(a.personnummer);
        if (!pnr.ok()) return corrupt("beslut.personnummer", a.personnummer);
        birth = pnr->birth_date();
        last_pnr = a.personnummer;
      }
      a.birth = birth;
      DecisionRecord& d = a.decision;
      auto type = domain::parse_information_type(stmt->column_text(1));
      if (!type) return corrupt("beslut.informationstyp", stmt->column_text(1));
      d.type = *type;
      auto from = domain::parse_date(stmt->column_text(2));
      if (!from.ok()) return corrupt("beslut.from_datum", stmt->column_text(2));
      d.from = *from;
      d.beslut_id = stmt->column_string(3);
      auto myndighet = parse_myndighet(stmt->column_text(4));
      if (!myndighet) return corrupt("beslut.myndighet", stmt->column_text(4));
      d.myndighet = *myndighet;
      auto decided = domain::parse_date(stmt->column_text(5));
      if (!decided.ok()) return corrupt("beslut.beslutsdatum", stmt->column_text(5));
      d.beslutsdatum = *decided;
      if (!stmt->column_is_null(6)) {
        auto tom = domain::parse_date(stmt->column_text(6));
        if (!tom.ok()) return corrupt("beslut.tom_datum", stmt->column_text(6));
        d.tom = *tom;
      }
      d.omfattning = stmt->column_string(7);
      if (!stmt->column_is_null(8)) d.belopp = stmt->column_int64(8);
      if (!stmt->column_is_null(9)) d.period = parse_beloppsperiod(stmt->column_text(9));
      auto status = parse_beslut_status(stmt->column_text(10));
      if (!status) return corrupt("beslut.status", stmt->column_text(10));
      d.status = *status;
      d.beskrivning = stmt->column_string(11);
      active_.push_back(std::move(a));
    }
    // The rows come in primary-key order, so active_ is sorted by personnummer up to here;
    // decisions made during the advance are appended after sorted_count_.
    sorted_count_ = active_.size();

    auto pending = conn_.prepare(
        "SELECT personnummer, utbetalningsdatum, period_from, informationstyp, myndighet, "
        "utbetalnings_id FROM utbetalning WHERE status = 'PRELIMINAR' "
        "ORDER BY utbetalningsdatum, personnummer");
    if (!pending.ok()) return pending.error();
    for (;;) {
      auto row = pending->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      Pending p;
      p.personnummer = pending->column_string(0);
      auto paid = domain::parse_date(pending->column_text(1));
      if (!paid.ok()) return corrupt("utbetalning.utbetalningsdatum", pending->column_text(1));
      p.paid = *paid;
      auto from = domain::parse_date(pending->column_text(2));
      if (!from.ok()) return corrupt("utbetalning.period_from", pending->column_text(2));
      p.period_from = *from;
      auto type = domain::parse_information_type(pending->column_text(3));
      if (!type) return corrupt("utbetalning.informationstyp", pending->column_text(3));
      p.type = *type;
      auto myndighet = parse_myndighet(pending->column_text(4));
      if (!myndighet) return corrupt("utbetalning.myndighet", pending->column_text(4));
      p.myndighet = *myndighet;
      p.id = pending->column_string(5);
      pending_.push_back(std::move(p));
    }
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
    if (Status s = log_.append(c); !s.ok()) return s;
    ++stats_.events[h];
    ++stats_.total;
    return Status::ok_status();
  }

  static void bind_key(Statement& stmt, const Active& a) {
    stmt.bind(1, a.personnummer);
    stmt.bind(2, domain::to_string(a.decision.type));
    stmt.bind(3, format_date(a.decision.from));
    stmt.bind(4, a.decision.beslut_id);
  }

  // Preliminary payments whose day has come are paid.
  Status pay_out(Date day) {
    for (; next_pending_ < pending_.size() && pending_[next_pending_].paid <= day;
         ++next_pending_) {
      Pending& p = pending_[next_pending_];
      if (!p.live) continue;
      pay_->bind(1, p.personnummer);
      pay_->bind(2, format_date(p.paid));
      pay_->bind(3, domain::to_string(p.type));
      pay_->bind(4, p.id);
      if (Status s = pay_->run(); !s.ok()) return s;
      if (Status s = record(p.personnummer, p.type, p.myndighet, Handelse::kUtbetalningGenomford,
                            p.paid, p.id);
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
      if (Status s = writer_.insert_payment(a.personnummer, p); !s.ok()) return s;
      if (Status s = record(a.personnummer, p.type, p.myndighet, Handelse::kNyUtbetalning,
                            p.utbetalningsdatum, p.utbetalnings_id);
          !s.ok()) {
        return s;
      }
      added.push_back(Pending{a.personnummer, p.utbetalningsdatum, p.period_from, p.type,
                              p.myndighet, p.utbetalnings_id, true});
    }
    // Keep the not-yet-paid tail ordered by day.
    pending_.insert(pending_.end(), std::make_move_iterator(added.begin()),
                    std::make_move_iterator(added.end()));
    std::stable_sort(pending_.begin() + static_cast<std::ptrdiff_t>(next_pending_), pending_.end(),
                     [](const Pending& a, const Pending& b) { return a.paid < b.paid; });
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
        set_tom_->bind(5, format_date(tom));
        bind_key(*set_tom_, a);
        if (Status s = set_tom_->run(); !s.ok()) return s;
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
    if (Status s = writer_.insert_decision(a.personnummer, d); !s.ok()) return s;
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
      if (!p.live || p.personnummer != pnr || (type && p.type != *type) || p.period_from <= after) {
        continue;
      }
      delete_pending_->bind(1, p.personnummer);
      delete_pending_->bind(2, format_date(p.paid));
      delete_pending_->bind(3, domain::to_string(p.type));
      delete_pending_->bind(4, p.id);
      if (Status s = delete_pending_->run(); !s.ok()) return s;
      p.live = false;
    }
    return Status::ok_status();
  }

  // The person dies: every running decision ends on the day of death, later periods are not
  // paid, and one AVLIDEN event is written per benefit type that was running.
  Status die(const std::string& pnr, Date day) {
    if (dead_.contains(pnr)) return Status::ok_status();
    died_->bind(1, pnr);
    died_->bind(2, format_date(day));
    if (Status s = died_->run(); !s.ok()) return s;
    if (sqlite3_changes(conn_.get()) == 0) return Status::ok_status();  // already dead or unknown
    dead_.insert(pnr);
    std::set<std::pair<IT, Myndighet>> types;
    Status status;
    for_person(pnr, [&](Active& a) {
      if (!status.ok() || !a.live) return;
      a.live = false;
      if (!domain::info(a.decision.type).is_benefit) return;
      types.emplace(a.decision.type, a.decision.myndighet);
      if (!a.decision.tom || *a.decision.tom > day) {
        set_tom_->bind(5, format_date(day));
        bind_key(*set_tom_, a);
        status = set_tom_->run();
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
      set_status_->bind(5, to_string(to));
      bind_key(*set_status_, a);
      status = set_status_->run();
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

  Connection& conn_;
  sqlite::RegisterWriter& writer_;
  sqlite::ChangeLogWriter& log_;
  const AdvanceOptions options_;
  const Date as_of_;
  AdvanceStats& stats_;

  std::deque<Statement> statements_;  // owns; deque keeps addresses stable
  Statement* pay_ = nullptr;
  Statement* set_tom_ = nullptr;
  Statement* set_status_ = nullptr;
  Statement* delete_pending_ = nullptr;
  Statement* died_ = nullptr;

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
  auto conn = Connection::open(db_path, /*create=*/false);
  if (!conn.ok()) return conn.error();
  if (Status s = sqlite::migrate(*conn); !s.ok()) return s;
  auto tx = sqlite::Transaction::begin(*conn, "IMMEDIATE");
  if (!tx.ok()) return tx.error();

  std::optional<Date> as_of;
  {
    auto meta = conn->prepare("SELECT value FROM register_meta WHERE key = 'as_of'");
    if (!meta.ok()) return meta.error();
    auto row = meta->step();
    if (!row.ok()) return row.error();
    if (*row) {
      auto parsed = domain::parse_date(meta->column_text(0));
      if (parsed.ok()) as_of = *parsed;
    }
  }
  if (!as_of) {
    return make_error(ErrorCode::kStoreError,
                      fmt::format("'{}' innehåller inget register; skapa det med 'utbyte register "
                                  "generate'",
                                  db_path));
  }
  auto writer = sqlite::RegisterWriter::create(*conn);
  if (!writer.ok()) return writer.error();
  auto log = sqlite::ChangeLogWriter::create(*conn);
  if (!log.ok()) return log.error();

  AdvanceStats local;
  AdvanceStats& out = stats != nullptr ? *stats : local;
  out = AdvanceStats{};
  out.from = *as_of;
  Advancer advancer(*conn, *writer, *log, options, *as_of, out);
  if (Status s = advancer.prepare(); !s.ok()) return s;
  if (Status s = advancer.run(progress); !s.ok()) return s;
  out.to = add_days(*as_of, options.days);
  if (Status s = writer->put_meta("as_of", format_date(out.to)); !s.ok()) return s;
  return tx->commit();
}

}  // namespace utbyte::store::synthetic
