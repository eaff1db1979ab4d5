#include "platform/versions.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "domain/calendar.h"

namespace utbyte::platform {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

// A release or end of life takes effect at 00:00 Stockholm time on its date.
TimePoint effective(domain::Date date) { return domain::from_stockholm(date, 0); }

// The same calendar date one year later; 29 February rolls over to 1 March.
domain::Date one_year_after(domain::Date date) {
  const domain::Date next{date.year() + std::chrono::years{1}, date.month(), date.day()};
  return domain::Date{std::chrono::sys_days{next}};
}

std::string describe(const ApiVersion& v) {
  return fmt::format("{} version {} ({})", v.api, v.major, v.version);
}

}  // namespace

std::string imf_fixdate(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{seconds - day};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                     kDays[std::chrono::weekday{day}.c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

void VersionRegistry::add(ApiVersion v) {
  const auto key = [](const ApiVersion& a) {
    return std::pair<std::string_view, int>(a.api, a.major);
  };
  auto it =
      std::lower_bound(versions_.begin(), versions_.end(), v,
                       [&](const ApiVersion& a, const ApiVersion& b) { return key(a) < key(b); });
  if (it != versions_.end() && key(*it) == key(v)) {
    *it = std::move(v);
  } else {
    versions_.insert(it, std::move(v));
  }
}

std::span<const ApiVersion> VersionRegistry::majors_of(std::string_view api) const {
  const auto first = std::find_if(versions_.begin(), versions_.end(),
                                  [&](const ApiVersion& v) { return v.api == api; });
  const auto last =
      std::find_if(first, versions_.end(), [&](const ApiVersion& v) { return v.api != api; });
  return {first, last};
}

std::vector<ApiVersion> VersionRegistry::versions(std::string_view api) const {
  const auto majors = majors_of(api);
  return {majors.begin(), majors.end()};
}

std::optional<TimePoint> VersionRegistry::end_of_life(std::string_view api, int major) const {
  const auto majors = majors_of(api);
  const auto it = std::find_if(majors.begin(), majors.end(),
                               [&](const ApiVersion& v) { return v.major == major; });
  if (it == majors.end() || it + 1 == majors.end()) return std::nullopt;
  domain::Date eol = one_year_after((it + 1)->released);
  if (it + 2 != majors.end()) eol = std::min(eol, (it + 2)->released);
  return effective(eol);
}

VersionCheck VersionRegistry::check(std::string_view api, int major, TimePoint now) const {
  VersionCheck result;
  const auto majors = majors_of(api);
  if (majors.empty()) {
    result.gone = true;
    result.message = fmt::format("API:t {} finns inte.", api);
    return result;
  }

  // The current version: the newest major released at `now`.
  const ApiVersion* current = nullptr;
  for (const auto& v : majors) {
    if (effective(v.released) <= now) current = &v;
  }
  const std::string current_text = current ? fmt::format("Aktuell version är {}.", current->version)
                                           : std::string("Ingen version är släppt ännu.");

  const auto it = std::find_if(majors.begin(), majors.end(),
                               [&](const ApiVersion& v) { return v.major == major; });
  if (it == majors.end()) {
    result.gone = true;
    result.message = fmt::format("{} version {} finns inte. {}", api, major, current_text);
    return result;
  }
  const ApiVersion& requested = *it;
  result.version = requested.version;

  if (now < effective(requested.released)) {
    if (environment_ == Environment::kTest && requested.in_test_from &&
        now >= effective(*requested.in_test_from)) {
      result.preview = true;
      result.message = fmt::format("{} är en kommande version i testmiljön; den släpps {}.",
                                   describe(requested), domain::format_date(requested.released));
      return result;
    }
    result.gone = true;
    result.message = fmt::format("{} är inte släppt ännu; den släpps {}. {}", describe(requested),
                                 domain::format_date(requested.released), current_text);
    return result;
  }

  // No successor released yet: this major is the current one.
  const auto successor = it + 1;
  if (successor == majors.end() || now < effective(successor->released)) return result;

  domain::Date eol = one_year_after(successor->released);
  if (successor + 1 != majors.end()) eol = std::min(eol, (successor + 1)->released);
  if (now >= effective(eol)) {
    result.gone = true;
    result.message = fmt::format("{} stöds inte sedan {}. {}", describe(requested),
                                 domain::format_date(eol), current_text);
    return result;
  }

  const auto deprecated_at =
      std::chrono::floor<std::chrono::seconds>(effective(successor->released));
  result.message = fmt::format("{} är ersatt av {} och stöds till och med {}.", describe(requested),
                               successor->version, domain::format_date(domain::add_days(eol, -1)));
  result.headers.emplace_back("Deprecation",
                              fmt::format("@{}", deprecated_at.time_since_epoch().count()));
  result.headers.emplace_back("Sunset", imf_fixdate(effective(eol)));
  if (!successor->base_path.empty()) {
    result.headers.emplace_back(
        "Link", fmt::format("<{}>; rel=\"successor-version\"", successor->base_path));
  }
  return result;
}

VersionRegistry VersionRegistry::standard(Environment environment) {
  using std::chrono::February;
  using std::chrono::January;
  using std::chrono::March;
  using std::chrono::year;
  // Seed 001 ("Senast uppdaterad 30 juni 2025") lists LEFI Förmånsinformation 9.0.2 and LEFI
  // Asynkron 10.0.0 in production, seed 000 (14 April 2025) LEKA 9.0.1: each major was released
  // before those dates. The seeds give no days; ours follow the pattern of majors shipping on a
  // Monday in early March, available in the test environment four weeks before (R28).
  const domain::Date released_2025 = year{2025} / March / 10;
  const domain::Date in_test_2025 = year{2025} / February / 10;
  VersionRegistry registry(environment);
  // Major 8 (8.3.1 its last patch) was released on Monday 11 March 2024, so with v9 it was
  // deprecated from 10 March 2025 and is gone from 10 March 2026 (the one-year rule).
  registry.add({std::string(kApiLefiFormansinformation), 8, "8.3.1", year{2024} / March / 11,
                "/rest/FK.EXI.LevereraFormansinformation.V8/lefi-extern-formansinformation/v8/"});
  registry.add({std::string(kApiLefiFormansinformation), 9, "9.0.2", released_2025,
                "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/",
                in_test_2025});
  // LEFI Asynkron: one major so far.
  registry.add({std::string(kApiLefiBestallningsmottagare), 10, "10.0.0", released_2025,
                "/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
                "lefi-extern-bestallningsmottagare/v10/",
                in_test_2025});
  registry.add({std::string(kApiLefiBestallningsleverantor), 10, "10.0.0", released_2025,
                "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
                "lefi-extern-bestallningsleverantor/v10/",
                in_test_2025});
  // LEKA Prenumeration and Avisering 9.0.1: one major so far.
  registry.add({std::string(kApiLekaPrenumeration), 9, "9.0.1", released_2025,
                "/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/",
                in_test_2025});
  registry.add({std::string(kApiLekaAvisering), 9, "9.0.1", released_2025,
                "/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/",
                in_test_2025});
  // LEFI's SOAP generations (seed 001: "versionerna 5, 6 och 7"), a line of their own (R32):
  // v7 (7.3.0, preliminary payments, FK's release note of March 2020) released 2020-03-09 is
  // current; v6 ended a year after it, v5 at v7's release.
  registry.add(
      {std::string(kApiLefiHamtaFormansinformation), 5, "5.4.0", year{2018} / March / 12, ""});
  registry.add(
      {std::string(kApiLefiHamtaFormansinformation), 6, "6.2.1", year{2019} / March / 11, ""});
  registry.add(
      {std::string(kApiLefiHamtaFormansinformation), 7, "7.3.0", year{2020} / March / 9, ""});
  // LEKA's SOAP generations (seed 000: "Inlämningsadress för versionerna 5, 6 och 7"), a line of
  // their own on the same dates as LEFI's (R33): v7 is current, v5 and v6 are gone.
  registry.add({std::string(kApiLekaKundavisering), 5, "5.3.0", year{2018} / March / 12, ""});
  registry.add({std::string(kApiLekaKundavisering), 6, "6.1.0", year{2019} / March / 11, ""});
  registry.add({std::string(kApiLekaKundavisering), 7, "7.2.0", year{2020} / March / 9, ""});
  // E-IOA and SSBTEK publish no version numbers (seeds 002, 003): our contracts are v1 (the
  // namespaces and WSDLs end in _v1), served since long before any --fake-time a test uses.
  registry.add({std::string(kApiEioaAnmalan), 1, "1.0.0", year{2024} / January / 1, ""});
  registry.add({std::string(kApiSsbtek), 1, "1.0.0", year{2024} / January / 1, ""});
  return registry;
}

}  // namespace utbyte::platform
