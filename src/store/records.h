#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/information_type.h"
#include "domain/personnummer.h"

namespace utbyte::store {

using domain::Date;
using domain::InformationType;
using domain::Myndighet;

struct Address {
  std::string utdelningsadress;
  std::string postnummer;
  std::string postort;
};

// One person in the register (folkbokföring part as FK sees it).
struct PersonRecord {
  std::string personnummer;  // 12 digits
  std::string fornamn;
  std::string efternamn;
  Date fodelsedatum{};
  domain::Kon kon = domain::Kon::kKvinna;
  bool samordningsnummer = false;
  bool skyddad_identitet = false;  // address must never be disclosed
  std::optional<Date> avliden;     // date of death
  Address adress;
};

// Wire names: BEVILJAD, AVSLAG, UPPHORD, SPARRAD (blocked, e.g. missing levnadsintyg).
enum class BeslutStatus { kBeviljad, kAvslag, kUpphord, kSparrad };
// Wire names: DAG, MANAD, AR.
enum class Beloppsperiod { kDag, kManad, kAr };

// A decision (beslut) about one benefit for one person, valid over [from, tom].
struct DecisionRecord {
  std::string beslut_id;
  InformationType type = InformationType::kSjukpenning;
  Myndighet myndighet = Myndighet::kFK;
  Date beslutsdatum{};
  Date from{};
  std::optional<Date> tom;             // absent: open-ended (until further notice)
  std::string omfattning;              // "HEL", "TRE_FJARDEDELAR", "HALV", "EN_FJARDEDEL", or empty
  std::optional<std::int64_t> belopp;  // SEK per `period`; absent for non-monetary types
  std::optional<Beloppsperiod> period;
  BeslutStatus status = BeslutStatus::kBeviljad;
  std::string beskrivning;  // free text, e.g. "Inkomstgrundad ålderspension"
};

// Wire names: PRELIMINAR, UTBETALD.
enum class UtbetalningStatus { kPreliminar, kUtbetald };

// One payment (utbetalningsdetalj) of a benefit.
struct PaymentRecord {
  std::string utbetalnings_id;
  InformationType type = InformationType::kSjukpenning;
  Myndighet myndighet = Myndighet::kFK;
  std::string foretag;  // "Försäkringskassan" or "Pensionsmyndigheten"
  Date utbetalningsdatum{};
  Date period_from{};
  Date period_tom{};
  std::int64_t bruttobelopp = 0;
  std::int64_t skatteavdrag = 0;
  std::int64_t nettobelopp = 0;
  std::string beloppstyp;  // e.g. "DAGERSATTNING", "MANADSBELOPP", "KARENSERSATTNING"
  UtbetalningStatus status = UtbetalningStatus::kUtbetald;
};

// Facts about the register as a whole. Every answer built from a synthetic register says so.
struct RegisterInfo {
  bool synthetic = true;
  std::int64_t persons = 0;
  std::uint64_t seed = 0;
  std::string generated_at;  // ISO 8601 timestamp
  Date as_of{};              // the register's "today": payments after it are preliminary
};

// One disclosure, as written to the audit log.
struct AuditEvent {
  std::string tidpunkt;         // ISO 8601 UTC with milliseconds
  std::string transaktions_id;  // UUID of the request
  std::string aktors_id;
  std::string organisationsnummer;  // from the client certificate
  std::string anvandare;            // user id for web queries, empty for system-to-system
  std::string tjanst;               // e.g. "LEFI.FORMANSINFORMATION.V9"
  std::string personnummer;         // full number: the audit log is the disclosure record
  std::vector<std::string> informationstyper;
  std::string rattslig_grund;  // legal basis from the agreement ("TEST" in test mode)
  std::string utfall;          // "UTLAMNAT", "PERSON_SAKNAS", ...
};

struct AuditEntry {
  std::int64_t sekvens = 0;
  AuditEvent event;
  std::string prev_hash;  // hex SHA-256 of the previous entry, 64 zeros for the first
  std::string hash;       // hex SHA-256 over prev_hash and the canonical event
};

struct AuditVerification {
  std::int64_t entries = 0;
  // The first entry whose hash or link does not match, if any.
  std::optional<std::int64_t> first_broken;
  std::string reason;
};

// An operator-announced service window (servicefönster): the named services (all when empty)
// answer 503 from `start` up to, not including, `end`. Times are Unix seconds (UTC).
struct ServiceWindowRecord {
  std::string id;  // assigned by the store on add, e.g. "SF-3"
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string orsak;
  std::vector<std::string> tjanster;
  std::string skapad;  // ISO 8601 UTC
  // "ENSTAKA" (one planned window), "AKUT" (an emergency window, weekday 00–06) or "VECKOVIS"
  // (start–end is the first occurrence; it recurs every week at the same Stockholm times).
  std::string typ = "ENSTAKA";
};

}  // namespace utbyte::store
