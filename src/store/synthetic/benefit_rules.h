#pragma once

// How one synthetic person's decisions and payments are derived from the rules in
// reference/benefit-amounts.md (amounts, caps, payment days, 30 % preliminary tax). Shared by the
// bulk persons and the fixed catalogue persons so both look alike.

#include <cstdint>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/synthetic/rng.h"

namespace utbyte::store::synthetic {

// One person with everything the generator inserts for them.
struct PersonData {
  PersonRecord person;
  std::vector<DecisionRecord> decisions;
  std::vector<PaymentRecord> payments;
};

// The stretch of time a person's history covers.
struct HistoryWindow {
  Date first;  // first day of the first month with payments
  Date as_of;  // the register's today: payments after it are PRELIMINAR
  Date last;   // last day of the month after as_of: nothing is paid later
};

// History from the first day of the month `months_back` months before as_of's month.
HistoryWindow make_window(Date as_of, int months_back);

// What to generate for one person.
struct BenefitPlan {
  std::vector<InformationType> types;
  std::int64_t yearly_income = 0;  // basis of SGI and income-related amounts
  bool karensersattning = false;   // sjukpenning starts with a karensersättning payment
  bool garantipension = false;     // ålderspension includes garantipension
  bool pension_blocked = false;    // ÅP/BT blocked for a missing levnadsintyg
  // Day-based episodes (sjukpenning, …) start at least this long before as_of. The catalogue
  // uses a long lead so that its persons always have paid (not only preliminary) payments.
  int min_episode_lead_days = 7;
};

// Appends decisions and payments for every planned type to `out`. `out.person` must be complete
// (birth date, avliden). After a death, decisions end and no later period is paid.
void add_benefits(const BenefitPlan& plan, const HistoryWindow& window, Rng& rng, PersonData& out);

// The opaque per-person part of record ids ("B-<key>-<n>", "U-<key>-<n>"): 16 hex digits of a
// bijective mix of the personnummer, so ids are unique without showing the number in clear.
std::string record_key(const std::string& personnummer);

// Prisbasbelopp of `year` (2024-2026 from the reference; nearest known year otherwise).
std::int64_t prisbasbelopp(int year);
// False for the tax-free benefits (barnbidrag, bostadsbidrag, underhållsstöd, ...).
bool is_taxed(InformationType type);
// 30 % preliminary tax rounded down to whole SEK on taxed benefits, else 0.
std::int64_t preliminary_tax(InformationType type, std::int64_t brutto);
// `wanted`, moved back to the previous Friday when it falls on a weekend.
Date payment_day(Date wanted);

}  // namespace utbyte::store::synthetic
