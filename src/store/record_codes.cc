#include "store/record_codes.h"

namespace utbyte::store {

std::string_view to_string(BeslutStatus status) {
  switch (status) {
    case BeslutStatus::kBeviljad:
      return "BEVILJAD";
    case BeslutStatus::kAvslag:
      return "AVSLAG";
    case BeslutStatus::kUpphord:
      return "UPPHORD";
    case BeslutStatus::kSparrad:
      return "SPARRAD";
  }
  return "BEVILJAD";
}

std::string_view to_string(Beloppsperiod period) {
  switch (period) {
    case Beloppsperiod::kDag:
      return "DAG";
    case Beloppsperiod::kManad:
      return "MANAD";
    case Beloppsperiod::kAr:
      return "AR";
  }
  return "DAG";
}

std::string_view to_string(UtbetalningStatus status) {
  return status == UtbetalningStatus::kPreliminar ? "PRELIMINAR" : "UTBETALD";
}

std::string_view kon_code(domain::Kon kon) { return kon == domain::Kon::kMan ? "MAN" : "KVINNA"; }

std::optional<BeslutStatus> parse_beslut_status(std::string_view code) {
  for (auto s : {BeslutStatus::kBeviljad, BeslutStatus::kAvslag, BeslutStatus::kUpphord,
                 BeslutStatus::kSparrad}) {
    if (to_string(s) == code) return s;
  }
  return std::nullopt;
}

std::optional<Beloppsperiod> parse_beloppsperiod(std::string_view code) {
  for (auto p : {Beloppsperiod::kDag, Beloppsperiod::kManad, Beloppsperiod::kAr}) {
    if (to_string(p) == code) return p;
  }
  return std::nullopt;
}

std::optional<UtbetalningStatus> parse_utbetalning_status(std::string_view code) {
  if (code == "PRELIMINAR") return UtbetalningStatus::kPreliminar;
  if (code == "UTBETALD") return UtbetalningStatus::kUtbetald;
  return std::nullopt;
}

std::optional<domain::Kon> parse_kon(std::string_view code) {
  if (code == "KVINNA") return domain::Kon::kKvinna;
  if (code == "MAN") return domain::Kon::kMan;
  return std::nullopt;
}

std::optional<Myndighet> parse_myndighet(std::string_view code) {
  if (code == "FK") return Myndighet::kFK;
  if (code == "PM") return Myndighet::kPM;
  return std::nullopt;
}

std::string_view foretag(Myndighet myndighet) {
  return myndighet == Myndighet::kPM ? "Pensionsmyndigheten" : "Försäkringskassan";
}

}  // namespace utbyte::store
