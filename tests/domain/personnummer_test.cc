#include "domain/personnummer.h"

#include <gtest/gtest.h>

namespace utbyte::domain {
namespace {

TEST(PersonnummerTest, AcceptsSkatteverketTestNumbers) {
  static const char* const kValid[] = {"201701012393", "191212121212", "198112189876"};
  for (const char* text : kValid) {
    auto p = parse_personnummer(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.error().message;
    EXPECT_EQ(p->digits(), text);
    EXPECT_FALSE(p->samordningsnummer());
  }
}

TEST(PersonnummerTest, ComputesLuhnOverTenDigits) {
  EXPECT_EQ(luhn_check_digit("170101239"), 3);
  EXPECT_EQ(luhn_check_digit("121212121"), 2);
}

TEST(PersonnummerTest, ParsesSamordningsnummer) {
  // Day 61 = the 1st; check digit computed for 170161239.
  const std::string digits = "20170161239" + std::to_string(luhn_check_digit("170161239"));
  auto p = parse_personnummer(digits);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(p->samordningsnummer());
  EXPECT_EQ(format_date(p->birth_date()), "2017-01-01");
}

TEST(PersonnummerTest, RejectsMalformedInput) {
  static const struct {
    const char* text;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"20170101239", "11 digits"},
      {"2017010123933", "13 digits"},
      {"20170101-2393", "separator"},
      {"201701012394", "bad Luhn"},
      {"201702302391", "30 February"},
      {"201713012390", "month 13"},
      {"170101239300", "century 17"},
      {"20170101000X", "letter"},
      {"201701010008", "serial 000"},
  };
  for (const auto& c : kCases) {
    auto p = parse_personnummer(c.text);
    ASSERT_FALSE(p.ok()) << c.why;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidPersonnummer) << c.why;
  }
}

TEST(PersonnummerTest, DerivesSexFromSerial) {
  EXPECT_EQ(parse_personnummer("201701012393")->kon(), Kon::kMan);  // serial 239: odd
}

TEST(PersonnummerTest, MasksInLogs) {
  auto p = parse_personnummer("201701012393");
  EXPECT_EQ(p->masked(), "20170101-****");
  EXPECT_EQ(mask_personnummer_in("fråga om 201701012393 klar"), "fråga om 20170101**** klar");
  EXPECT_EQ(mask_personnummer_in("id 1234567890123456"), "id 1234567890123456");
}

TEST(PersonnummerTest, MasksEveryNotationButNoPartOfAnId) {
  // Every notation of a personnummer or samordningsnummer (day + 60), in JSON and in text.
  EXPECT_EQ(mask_personnummer_in(R"({"pnr":"19850312-9986"})"), R"({"pnr":"19850312-****"})");
  EXPECT_EQ(mask_personnummer_in("850312-9986 och 8503129986."), "850312-**** och 850312****.");
  EXPECT_EQ(mask_personnummer_in("121212+1212"), "121212+****");
  EXPECT_EQ(mask_personnummer_in("samordning 197010632391"), "samordning 19701063****");
  EXPECT_EQ(mask_personnummer_in("/personer/198503129986/x"), "/personer/19850312****/x");
  // Not numbers of persons: UUIDs (even all-digit segments), organisation numbers (month >= 20),
  // epoch seconds and milliseconds, hex digests, versions, a longer run.
  for (const char* kept :
       {"0e0cbf54-ca82-48f0-a478-0be00bf8b2be", "19850312-1234-5678-9abc-def012345678",
        "a478-198503129986", "5561234567", "556123-4567", "1741561200", "1733250000000",
        "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "v19850312.9986", "1985031299861",
        "x198503129986"}) {
    EXPECT_EQ(mask_personnummer_in(kept), kept);
  }
}

}  // namespace
}  // namespace utbyte::domain
