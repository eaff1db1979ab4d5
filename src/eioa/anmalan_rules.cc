#include "eioa/anmalan_rules.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "domain/organisationsnummer.h"
#include "domain/personnummer.h"

namespace utbyte::eioa {
namespace {

using platform::xml::Problem;
using platform::xml::Problems;

std::optional<domain::Personnummer> checked_personnummer(const std::string& text,
                                                         std::string_view who,
                                                         std::string_view module,
                                                         domain::Date today, Problems& problems) {
  auto parsed = domain::parse_personnummer(text);
  if (!parsed.ok()) {
    problems.push_back({ErrorCode::kInvalidPersonnummer,
                        fmt::format("{}: {}", who, parsed.error().message),
                        field_path(module, "personnummer")});
    return std::nullopt;
  }
  if (parsed->birth_date() > today) {
    problems.push_back({ErrorCode::kInvalidPersonnummer,
                        fmt::format("{}: födelsedatumet ligger i framtiden", who),
                        field_path(module, "personnummer")});
    return std::nullopt;
  }
  return *parsed;
}

std::optional<domain::Date> checked_date(const std::string& text, std::string_view name,
                                         domain::Date today, Problems& problems) {
  auto date = domain::parse_date(text);
  if (!date.ok()) {
    problems.push_back({ErrorCode::kInvalidDate,
                        fmt::format("{} ska vara ett datum ÅÅÅÅ-MM-DD", name),
                        field_path("assistent", name)});
    return std::nullopt;
  }
  if (*date < kEarliestDate) {
    problems.push_back(
        {ErrorCode::kInconsistentDates,
         fmt::format("{} får inte vara före {}", name, domain::format_date(kEarliestDate)),
         field_path("assistent", name)});
  } else if (domain::days_between(today, *date) > kMaxDaysAhead) {
    problems.push_back({ErrorCode::kInconsistentDates,
                        fmt::format("{} får ligga högst ett år fram i tiden", name),
                        field_path("assistent", name)});
  }
  return *date;
}

// Whole years between `born` and `on`.
int age_on(domain::Date born, domain::Date on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(born.year());
  if (std::chrono::month_day{on.month(), on.day()} <
      std::chrono::month_day{born.month(), born.day()}) {
    --years;
  }
  return years;
}

}  // namespace

Problems check_rules(const Anmalan& anmalan, domain::Date today) {
  Problems problems;
  const auto person =
      checked_personnummer(anmalan.person_som_har_assistans.personnummer,
                           "Personen som har assistans", "personSomHarAssistans", today, problems);
  const auto assistent = checked_personnummer(anmalan.assistent.personnummer, "Assistenten",
                                              "assistent", today, problems);
  if (person && assistent && person->digits() == assistent->digits()) {
    problems.push_back({ErrorCode::kAssistantIsAssistedPerson,
                        "Assistenten kan inte vara samma person som den som har assistans",
                        field_path("assistent", "personnummer")});
  }
  if (auto org = domain::parse_organisationsnummer(anmalan.assistansanordnare.organisationsnummer);
      !org.ok()) {
    problems.push_back({ErrorCode::kInvalidOrganisationsnummer,
                        "Assistansanordnaren: " + org.error().message,
                        field_path("assistansanordnare", "organisationsnummer")});
  }
  const auto anstalld =
      checked_date(anmalan.assistent.anstallningsdatum, "anstallningsdatum", today, problems);
  const auto galler =
      checked_date(anmalan.assistent.andring_galler_from, "andringGallerFrom", today, problems);
  if (anstalld && galler && *galler < *anstalld) {
    problems.push_back({ErrorCode::kInconsistentDates,
                        "andringGallerFrom får inte vara före anstallningsdatum",
                        field_path("assistent", "andringGallerFrom")});
  }
  if (assistent && anstalld && age_on(assistent->birth_date(), *anstalld) < 18) {
    problems.push_back({ErrorCode::kAssistantUnderAge,
                        fmt::format("Assistenten är {} år på anställningsdagen {}; en personlig "
                                    "assistent ska ha fyllt 18 år",
                                    std::max(0, age_on(assistent->birth_date(), *anstalld)),
                                    domain::format_date(*anstalld)),
                        field_path("assistent", "anstallningsdatum")});
  }
  return problems;
}

}  // namespace utbyte::eioa
