#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"

namespace utbyte::platform {

// One major version of an API that utbyte serves.
struct ApiVersion {
  std::string api;  // e.g. "LEFI_FORMANSINFORMATION"
  int major = 0;
  std::string version;    // full semver of the newest minor/patch of this major, e.g. "9.0.2"
  domain::Date released;  // release date (Europe/Stockholm) of this major, i.e. of major.0.0
  // Where this major is served, relative to the server root, e.g.
  // "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/". The Link
  // header of a deprecated major points at its successor's base path; empty = no Link header.
  std::string base_path;
  // FK makes a coming major available in its test environment "i tid innan" its production
  // release (seed 001). From this date a test-mode server serves it; production waits for
  // `released`. Unset: the same day as `released`.
  std::optional<domain::Date> in_test_from = std::nullopt;
};

// Which environment asks: production serves released majors only, the test environment also
// the coming major from its `in_test_from` date.
enum class Environment { kProduction, kTest };

// The verdict on one request's major at one instant.
struct VersionCheck {
  bool gone = false;     // past end of life, or not released → 410
  bool preview = false;  // a coming major served by the test environment before its release
  std::string message;   // Swedish; names the current version
  std::vector<std::pair<std::string, std::string>> headers;  // Deprecation, Sunset, Link
  std::string version;  // full semver of the requested major ("" if unknown)
};

// The majors of each API and their life cycle, after FK's versioning rules (seeds 000/001,
// domain.md §1 "Versioning"): semver; two majors are served, the current and the previous one;
// the previous major is supported for one year from the release of its successor, unless yet
// another major is released within that year, which ends it at that release.
//
// Dates are Europe/Stockholm calendar dates and take effect at 00:00 Stockholm time. "One year"
// is the same calendar date a year later (a 29 February release gives 1 March).
//
// Filled at start-up with add(); afterwards read-only and safe from any thread.
class VersionRegistry {
 public:
  explicit VersionRegistry(Environment environment = Environment::kProduction)
      : environment_(environment) {}

  // Adds (or replaces) `v.major` of `v.api`. At start-up only.
  void add(ApiVersion v);

  // Status of `major` of `api` at `now`:
  //  - the newest major released at `now` is current: not gone, no headers, empty message;
  //  - the major before it is deprecated from the newer one's release (headers Deprecation,
  //    Sunset and, when the successor has a base_path, Link; a Swedish message) and gone from
  //    its end of life: one year after the newer one's release, or the release of the major
  //    after that, whichever is earlier (a registered future major brings the Sunset forward);
  //  - older majors are gone;
  //  - a registered major released after `now` is not served yet: gone, with a message saying
  //    when it is released; except in the test environment from its `in_test_from` date, where
  //    it is served as a preview (not gone, `preview`, no headers). The deprecation clock of the
  //    major before it runs from the production release only;
  //  - an unknown api or major is gone (fail closed: a route without a registered version is
  //    never served), with version "".
  // Messages of gone majors name the current version.
  VersionCheck check(std::string_view api, int major,
                     std::chrono::system_clock::time_point now) const;

  // The registered majors of `api`, oldest first; empty for an unknown api.
  std::vector<ApiVersion> versions(std::string_view api) const;

  // The instant at which `major` of `api` stops being served, or nullopt when no successor is
  // registered (or the api/major is unknown). For documentation and SLA status.
  std::optional<std::chrono::system_clock::time_point> end_of_life(std::string_view api,
                                                                   int major) const;

  // The registry utbyte serves (dates in docs/decisions.md R28), e.g.
  //   LEFI_FORMANSINFORMATION 8.3.1, major 8 released 2024-03-11
  //   LEFI_FORMANSINFORMATION 9.0.2, major 9 in test from 2025-02-10, released 2025-03-10
  // so v8 was deprecated from 2025-03-10 and is gone from 2026-03-10 00:00 Stockholm time.
  static VersionRegistry standard(Environment environment = Environment::kProduction);

  Environment environment() const { return environment_; }

 private:
  // The majors of `api`, oldest first: a view into versions_.
  std::span<const ApiVersion> majors_of(std::string_view api) const;

  Environment environment_;
  std::vector<ApiVersion> versions_;  // sorted by (api, major)
};

// Name of the API of LEFI Online Förmånsinformation in the registry.
inline constexpr std::string_view kApiLefiFormansinformation = "LEFI_FORMANSINFORMATION";
inline constexpr std::string_view kApiLefiBestallningsmottagare = "LEFI_BESTALLNINGSMOTTAGARE";
inline constexpr std::string_view kApiLefiBestallningsleverantor = "LEFI_BESTALLNINGSLEVERANTOR";
inline constexpr std::string_view kApiLekaPrenumeration = "LEKA_PRENUMERATION";
inline constexpr std::string_view kApiLekaAvisering = "LEKA_AVISERING";
inline constexpr std::string_view kApiEioaAnmalan = "EIOA_ANMALAN_ARBETSGIVARE";
inline constexpr std::string_view kApiSsbtek = "SSBTEK";
// LEFI Online's SOAP generations (HamtaFormansinformation v5–7, /ws, /shs2, /ssek): a line of
// majors of its own beside the REST one, which is how LEFI system-to-system "kan finnas i 2‑3
// major‑versioner" (seed 001) while each line keeps the two-majors rule.
inline constexpr std::string_view kApiLefiHamtaFormansinformation = "LEFI_HAMTA_FORMANSINFORMATION";
// LEKA's SOAP generations (Prenumeration and Avisering v5–7 at /ws and /shs2, seed 000), likewise
// a line of their own beside LEKA v9 (decisions R33).
inline constexpr std::string_view kApiLekaKundavisering = "LEKA_KUNDAVISERING";

// `t` as an HTTP IMF-fixdate (RFC 9110 §5.6.7), e.g. "Mon, 08 Mar 2027 23:00:00 GMT".
std::string imf_fixdate(std::chrono::system_clock::time_point t);

}  // namespace utbyte::platform
