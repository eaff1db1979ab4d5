#pragma once

// The LEFI v9 answer (the JSON LefiService returns, exactly what the API discloses) read into
// what the Visa page shows. The page is built from the same document as the API answer, so the
// two cannot disagree.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace utbyte::webui {

struct PersonView {
  std::string personnummer;
  std::string fornamn;
  std::string efternamn;
  std::string fodelsedatum;
  std::string kon;
  bool skyddad_identitet = false;
  bool samordningsnummer = false;
  std::optional<std::string> avliden_datum;
  std::optional<std::string> adress;  // one line; absent for protected identity
};

struct DecisionView {
  std::string beslut_id;
  std::string beslutsdatum;
  std::string from;
  std::string tom;  // empty: open-ended
  std::string status;
  std::string omfattning;
  std::optional<std::int64_t> belopp;
  std::string beloppsperiod;
  std::string beskrivning;
};

struct BenefitView {
  std::string informationstyp;
  std::string benamning;
  std::string myndighet;
  std::vector<DecisionView> beslut;
};

struct PaymentView {
  std::string utbetalningsdatum;
  std::string informationstyp;
  std::string benamning;
  std::string myndighet;
  std::string period_from;
  std::string period_tom;
  std::int64_t brutto = 0;
  std::int64_t skatt = 0;
  std::int64_t netto = 0;
  std::string status;
};

struct MonthTotal {
  std::string month;  // "2026-03"
  int antal = 0;
  std::int64_t brutto = 0;
  std::int64_t skatt = 0;
  std::int64_t netto = 0;
};

struct NoticeView {
  std::string kod;
  std::string text;
};

struct AnswerView {
  std::string transaktions_id;
  std::string tidpunkt;
  std::string personnummer;  // as asked
  std::string from;
  std::string tom;
  std::vector<std::string> informationstyper;
  bool syntetiska = false;
  std::optional<PersonView> person;  // when PERSONUPPGIFTER was asked for and the person exists
  std::vector<BenefitView> formaner;
  std::optional<std::vector<PaymentView>> utbetalningar;  // present when UTBETALNING was asked
  std::vector<NoticeView> meddelanden;

  bool has_notice(std::string_view kod) const;
};

// Errors: kInternal when the text is not a v9 answer (a bug, never user input).
Result<AnswerView> read_answer(std::string_view json_text);

// Per calendar month of utbetalningsdatum, in date order; months without payments are left out.
std::vector<MonthTotal> totals_per_month(const std::vector<PaymentView>& payments);

// Every month from the month of `from` to the month of `tom` (both "YYYY-MM-DD"), each with the
// totals of `totals` or zero: the chart's x axis, so that a month without payments shows as one.
std::vector<MonthTotal> months_between(std::string_view from, std::string_view tom,
                                       const std::vector<MonthTotal>& totals);

}  // namespace utbyte::webui
