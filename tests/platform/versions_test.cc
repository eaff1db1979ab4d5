#include "platform/versions.h"

#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/calendar.h"

namespace utbyte::platform {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using std::chrono::sys_days;
using ::testing::HasSubstr;
using ::testing::Pair;
using TimePoint = std::chrono::system_clock::time_point;

constexpr std::string_view kLefi = kApiLefiFormansinformation;

domain::Date d(const char* iso) { return *domain::parse_date(iso); }

TimePoint sthlm(const char* iso_date, int hh, int mm, int ss = 0) {
  return domain::from_stockholm(d(iso_date), hh * 60 + mm) + seconds{ss};
}

TimePoint utc(const char* iso_date, int hh) { return sys_days{d(iso_date)} + hours{hh}; }

ApiVersion lefi(int major, const char* version, const char* released) {
  return {std::string(kLefi), major, version, d(released),
          "/rest/FK.EXI.LevereraFormansinformation.V" + std::to_string(major) + "/"};
}

std::string header(const VersionCheck& check, std::string_view name) {
  for (const auto& [key, value] : check.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(VersionRegistryTest, StandardRegistryServesV8AndV9) {
  const auto registry = VersionRegistry::standard();
  const auto versions = registry.versions(kLefi);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].major, 8);
  EXPECT_EQ(versions[0].version, "8.3.1");
  EXPECT_EQ(versions[0].released, d("2024-03-11"));
  EXPECT_EQ(versions[1].major, 9);
  EXPECT_EQ(versions[1].version, "9.0.2");
  EXPECT_EQ(versions[1].released, d("2025-03-10"));
  EXPECT_EQ(versions[1].in_test_from, d("2025-02-10"));
  // Every partner service has an entry, so that no route is served without one.
  for (const char* api : {"LEKA_PRENUMERATION", "LEKA_AVISERING", "EIOA_ANMALAN_ARBETSGIVARE",
                          "SSBTEK", "LEFI_BESTALLNINGSMOTTAGARE", "LEFI_BESTALLNINGSLEVERANTOR"}) {
    EXPECT_EQ(registry.versions(api).size(), 1u) << api;
  }
  EXPECT_EQ(registry.versions("LEKA_AVISERING")[0].version, "9.0.1");
  EXPECT_EQ(registry.end_of_life(kLefi, 8), sthlm("2026-03-10", 0, 0));
  EXPECT_EQ(registry.end_of_life(kLefi, 9), std::nullopt);
}

// Seed 001 was last updated on 30 June 2025 and lists 9.0.2 and 10.0.0 in production, seed 000
// (14 April 2025) LEKA 9.0.1: on those dates each was released and current.
TEST(VersionRegistryTest, TheSeedsVersionsAreCurrentOnTheSeedsDates) {
  const auto registry = VersionRegistry::standard();
  const auto seed_001 = sthlm("2025-06-30", 12, 0);
  for (const auto& [api, major, version] :
       std::vector<std::tuple<std::string_view, int, std::string>>{
           {kLefi, 9, "9.0.2"},
           {kApiLefiBestallningsmottagare, 10, "10.0.0"},
           {kApiLefiBestallningsleverantor, 10, "10.0.0"}}) {
    const auto check = registry.check(api, major, seed_001);
    EXPECT_FALSE(check.gone) << api;
    EXPECT_TRUE(check.headers.empty()) << api;
    EXPECT_EQ(check.version, version) << api;
  }
  for (const char* api : {"LEKA_PRENUMERATION", "LEKA_AVISERING"}) {
    const auto check = registry.check(api, 9, sthlm("2025-04-14", 12, 0));
    EXPECT_FALSE(check.gone) << api;
    EXPECT_EQ(check.version, "9.0.1");
  }
}

// LEKA's SOAP generations, a line of their own on LEFI's SOAP dates (decisions R33): v7 is
// current since 2020-03-09; v6 ended a year after that, v5 at v7's release.
TEST(VersionRegistryTest, LekasSoapGenerationsAreALineOfTheirOwn) {
  const auto registry = VersionRegistry::standard();
  const auto now = sthlm("2026-11-23", 12, 0);
  const auto v7 = registry.check(kApiLekaKundavisering, 7, now);
  EXPECT_FALSE(v7.gone);
  EXPECT_TRUE(v7.headers.empty());
  EXPECT_EQ(v7.version, "7.2.0");
  for (int major : {5, 6}) {
    const auto gone = registry.check(kApiLekaKundavisering, major, now);
    EXPECT_TRUE(gone.gone) << major;
    EXPECT_NE(gone.message.find("7.2.0"), std::string::npos) << gone.message;
  }
  EXPECT_EQ(registry.end_of_life(kApiLekaKundavisering, 5), sthlm("2020-03-09", 0, 0));
  EXPECT_EQ(registry.end_of_life(kApiLekaKundavisering, 6), sthlm("2021-03-09", 0, 0));
  EXPECT_FALSE(registry.check(kApiLekaKundavisering, 6, sthlm("2021-03-08", 12, 0)).gone);
  // The REST line is untouched.
  EXPECT_EQ(registry.check(kApiLekaAvisering, 9, now).version, "9.0.1");
}

TEST(VersionRegistryTest, CurrentMajorIsServedWithoutHeaders) {
  const auto registry = VersionRegistry::standard();
  const auto check = registry.check(kLefi, 9, sthlm("2026-11-23", 10, 0));
  EXPECT_FALSE(check.gone);
  EXPECT_FALSE(check.preview);
  EXPECT_TRUE(check.headers.empty());
  EXPECT_TRUE(check.message.empty());
  EXPECT_EQ(check.version, "9.0.2");
}

TEST(VersionRegistryTest, PreviousMajorIsDeprecatedWithExactHeaders) {
  const auto registry = VersionRegistry::standard();
  const auto check = registry.check(kLefi, 8, sthlm("2025-11-24", 10, 0));
  EXPECT_FALSE(check.gone);
  EXPECT_EQ(check.version, "8.3.1");
  // v9's release, 2025-03-10 00:00 CET = 2025-03-09T23:00:00Z.
  EXPECT_THAT(
      check.headers,
      ::testing::ElementsAre(
          Pair("Deprecation", "@1741561200"), Pair("Sunset", "Mon, 09 Mar 2026 23:00:00 GMT"),
          Pair("Link",
               "</rest/FK.EXI.LevereraFormansinformation.V9/"
               "lefi-extern-formansinformation/v9/>; rel=\"successor-version\"")));
  EXPECT_THAT(check.message, HasSubstr("9.0.2"));
  EXPECT_THAT(check.message, HasSubstr("2026-03-09"));
}

TEST(VersionRegistryTest, DeprecationStartsExactlyAtTheSuccessorsRelease) {
  const auto registry = VersionRegistry::standard();
  const auto before = registry.check(kLefi, 8, sthlm("2025-03-09", 23, 59, 59));
  EXPECT_FALSE(before.gone);
  EXPECT_TRUE(before.headers.empty());
  const auto at = registry.check(kLefi, 8, sthlm("2025-03-10", 0, 0));
  EXPECT_FALSE(at.gone);
  EXPECT_EQ(header(at, "Deprecation"), "@1741561200");
  // Before v9's release, production does not serve v9 yet.
  const auto v9_early = registry.check(kLefi, 9, sthlm("2025-03-09", 23, 59, 59));
  EXPECT_TRUE(v9_early.gone);
  EXPECT_FALSE(v9_early.preview);
  EXPECT_EQ(v9_early.version, "9.0.2");
  EXPECT_THAT(v9_early.message, HasSubstr("inte släppt"));
  EXPECT_THAT(v9_early.message, HasSubstr("2025-03-10"));
  EXPECT_THAT(v9_early.message, HasSubstr("8.3.1"));  // the current version then
  EXPECT_FALSE(registry.check(kLefi, 9, sthlm("2025-03-10", 0, 0)).gone);
}

TEST(VersionRegistryTest, TheTestEnvironmentServesTheComingMajorFromItsTestDate) {
  const auto test = VersionRegistry::standard(Environment::kTest);
  EXPECT_EQ(test.environment(), Environment::kTest);
  // Before its test date, not even the test environment has it.
  EXPECT_TRUE(test.check(kLefi, 9, sthlm("2025-02-09", 23, 59, 59)).gone);
  const auto preview = test.check(kLefi, 9, sthlm("2025-02-10", 0, 0));
  EXPECT_FALSE(preview.gone);
  EXPECT_TRUE(preview.preview);
  EXPECT_TRUE(preview.headers.empty());
  EXPECT_THAT(preview.message, HasSubstr("2025-03-10"));
  // The preview does not start v8's deprecation: that runs from the production release.
  const auto v8 = test.check(kLefi, 8, sthlm("2025-02-20", 10, 0));
  EXPECT_FALSE(v8.gone);
  EXPECT_TRUE(v8.headers.empty());
  // Production refuses the same major at the same instant.
  const auto production = VersionRegistry::standard().check(kLefi, 9, sthlm("2025-02-20", 10, 0));
  EXPECT_TRUE(production.gone);
  EXPECT_FALSE(production.preview);
  // Released: no longer a preview.
  EXPECT_FALSE(test.check(kLefi, 9, sthlm("2025-03-10", 0, 0)).preview);
}

TEST(VersionRegistryTest, GoneExactlyAtEndOfLifeMidnightStockholm) {
  const auto registry = VersionRegistry::standard();
  // 2026-03-10 00:00 Stockholm is 2026-03-09T23:00:00Z (CET).
  EXPECT_EQ(sthlm("2026-03-10", 0, 0), utc("2026-03-09", 23));
  const auto last = registry.check(kLefi, 8, utc("2026-03-09", 23) - seconds{1});
  EXPECT_FALSE(last.gone);
  EXPECT_EQ(header(last, "Sunset"), "Mon, 09 Mar 2026 23:00:00 GMT");

  const auto gone = registry.check(kLefi, 8, utc("2026-03-09", 23));
  EXPECT_TRUE(gone.gone);
  EXPECT_TRUE(gone.headers.empty());
  EXPECT_EQ(gone.version, "8.3.1");
  EXPECT_THAT(gone.message, HasSubstr("9.0.2"));
  EXPECT_THAT(gone.message, HasSubstr("2026-03-10"));

  // Today (the seeds' rule, no v10 announced): v8 is gone, v9 current.
  EXPECT_TRUE(registry.check(kLefi, 8, sthlm("2026-12-03", 10, 0)).gone);
  EXPECT_FALSE(registry.check(kLefi, 9, sthlm("2026-12-03", 10, 0)).gone);
}

TEST(VersionRegistryTest, ThirdMajorWithinTheYearEndsThePreviousAtItsRelease) {
  VersionRegistry registry;
  registry.add(lefi(8, "8.3.1", "2025-03-10"));
  registry.add(lefi(9, "9.0.2", "2026-03-09"));
  registry.add(lefi(10, "10.0.0", "2026-09-14"));  // CEST: 00:00 = 22:00 UTC the day before
  EXPECT_EQ(registry.end_of_life(kLefi, 8), sthlm("2026-09-14", 0, 0));
  EXPECT_EQ(registry.end_of_life(kLefi, 9), sthlm("2027-09-14", 0, 0));

  // Announced but not yet released: v8's Sunset already says 14 September.
  const auto v8 = registry.check(kLefi, 8, sthlm("2026-06-01", 12, 0));
  EXPECT_FALSE(v8.gone);
  EXPECT_EQ(header(v8, "Sunset"), "Sun, 13 Sep 2026 22:00:00 GMT");
  const auto v10 = registry.check(kLefi, 10, sthlm("2026-06-01", 12, 0));
  EXPECT_TRUE(v10.gone);
  EXPECT_THAT(v10.message, HasSubstr("inte släppt"));
  EXPECT_THAT(v10.message, HasSubstr("9.0.2"));
  EXPECT_TRUE(registry.check(kLefi, 9, sthlm("2026-06-01", 12, 0)).headers.empty());

  // At v10's release v8 dies, v9 becomes the deprecated previous major, v10 is current.
  const auto at = sthlm("2026-09-14", 0, 0);
  EXPECT_FALSE(registry.check(kLefi, 8, at - seconds{1}).gone);
  const auto v8_gone = registry.check(kLefi, 8, at);
  EXPECT_TRUE(v8_gone.gone);
  EXPECT_THAT(v8_gone.message, HasSubstr("10.0.0"));
  const auto v9 = registry.check(kLefi, 9, at);
  EXPECT_FALSE(v9.gone);
  EXPECT_EQ(header(v9, "Sunset"), "Mon, 13 Sep 2027 22:00:00 GMT");
  EXPECT_THAT(header(v9, "Link"), HasSubstr("V10/"));
  const auto v10_now = registry.check(kLefi, 10, at);
  EXPECT_FALSE(v10_now.gone);
  EXPECT_TRUE(v10_now.headers.empty());
}

TEST(VersionRegistryTest, OlderThanPreviousIsGone) {
  VersionRegistry registry;
  registry.add(lefi(9, "9.0.2", "2026-03-09"));
  registry.add(lefi(7, "7.1.0", "2024-03-11"));
  registry.add(lefi(8, "8.3.1", "2025-03-10"));
  const auto v7 = registry.check(kLefi, 7, sthlm("2026-03-10", 12, 0));
  EXPECT_TRUE(v7.gone);
  EXPECT_EQ(v7.version, "7.1.0");
  EXPECT_THAT(v7.message, HasSubstr("2026-03-09"));  // ended by v9's release
  EXPECT_THAT(v7.message, HasSubstr("9.0.2"));
  const auto versions = registry.versions(kLefi);
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].major, 7);
  EXPECT_EQ(versions[2].major, 9);
}

TEST(VersionRegistryTest, NoLinkHeaderWithoutSuccessorPath) {
  VersionRegistry registry;
  registry.add({"X", 1, "1.0.0", d("2025-01-01"), ""});
  registry.add({"X", 2, "2.0.0", d("2025-06-02"), ""});
  const auto check = registry.check("X", 1, sthlm("2025-07-01", 12, 0));
  EXPECT_FALSE(check.gone);
  EXPECT_EQ(check.headers.size(), 2u);
  EXPECT_EQ(header(check, "Link"), "<absent>");
  EXPECT_EQ(header(check, "Sunset"), "Mon, 01 Jun 2026 22:00:00 GMT");
}

TEST(VersionRegistryTest, OneYearAfterALeapDayIsTheFirstOfMarch) {
  VersionRegistry registry;
  registry.add({"X", 1, "1.0.0", d("2027-01-04"), ""});
  registry.add({"X", 2, "2.0.0", d("2028-02-29"), ""});
  EXPECT_EQ(registry.end_of_life("X", 1), sthlm("2029-03-01", 0, 0));
}

TEST(VersionRegistryTest, AddReplacesTheSameMajor) {
  VersionRegistry registry;
  registry.add(lefi(9, "9.0.1", "2026-03-09"));
  registry.add(lefi(9, "9.0.2", "2026-03-09"));
  ASSERT_EQ(registry.versions(kLefi).size(), 1u);
  EXPECT_EQ(registry.check(kLefi, 9, sthlm("2026-11-23", 0, 0)).version, "9.0.2");
}

TEST(VersionRegistryTest, UnknownApiOrMajorIsGone) {
  const auto registry = VersionRegistry::standard();
  const auto api = registry.check("OKAND_API", 9, sthlm("2026-11-23", 10, 0));
  EXPECT_TRUE(api.gone);
  EXPECT_EQ(api.version, "");
  EXPECT_THAT(api.message, HasSubstr("OKAND_API"));
  const auto major = registry.check(kLefi, 7, sthlm("2026-11-23", 10, 0));
  EXPECT_TRUE(major.gone);
  EXPECT_EQ(major.version, "");
  EXPECT_TRUE(major.headers.empty());
  EXPECT_THAT(major.message, HasSubstr("finns inte"));
  EXPECT_THAT(major.message, HasSubstr("9.0.2"));
  EXPECT_EQ(registry.end_of_life(kLefi, 7), std::nullopt);
}

TEST(ImfFixdateTest, FormatsRfc9110) {
  EXPECT_EQ(imf_fixdate(utc("1994-11-06", 8) + std::chrono::seconds{49 * 60 + 37}),
            "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(imf_fixdate(utc("2027-03-08", 23) + std::chrono::milliseconds{999}),
            "Mon, 08 Mar 2027 23:00:00 GMT");
}

}  // namespace
}  // namespace utbyte::platform
