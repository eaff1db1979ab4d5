#include "eioa/anmalan_rules.h"

#include <gtest/gtest.h>

#include "domain/personnummer.h"
#include "eioa/anmalan.h"
#include "eioa/example.h"
#include "platform/xml/xml_document.h"

namespace utbyte::eioa {
namespace {

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

Anmalan valid() {
  auto doc = platform::xml::parse_xml(example_anmalan("0e0cbf54-ca82-48f0-a478-0be00bf8b2be"));
  EXPECT_TRUE(doc.ok());
  return read_anmalan(doc->root());
}

// A Luhn-valid 12-digit number for a birth date and serial.
std::string pnr(const std::string& yyyymmdd, const std::string& serial) {
  const std::string nine = yyyymmdd.substr(2) + serial;
  return yyyymmdd + serial + std::to_string(domain::luhn_check_digit(nine));
}

TEST(AnmalanRulesTest, ExampleIsValid) {
  const Anmalan a = valid();
  EXPECT_EQ(a.id, "0e0cbf54-ca82-48f0-a478-0be00bf8b2be");
  EXPECT_EQ(a.assistent.personnummer, "198802149990");
  EXPECT_TRUE(a.assistansanordnare.assistent_anstalld_av_anordnare);
  EXPECT_TRUE(a.assistent.bosatt_innanfor_ees);
  EXPECT_FALSE(a.assistent.narstaende);
  EXPECT_TRUE(check_rules(a, kToday).empty());
}

TEST(AnmalanRulesTest, EachRuleHasItsCode) {
  struct Case {
    const char* name;
    void (*change)(Anmalan&);
    ErrorCode code;
  };
  const Case cases[] = {
      {"bad luhn", [](Anmalan& a) { a.assistent.personnummer = "198802149991"; },
       ErrorCode::kInvalidPersonnummer},
      {"bad date in pnr",
       [](Anmalan& a) { a.person_som_har_assistans.personnummer = "197502309984"; },
       ErrorCode::kInvalidPersonnummer},
      {"bad orgnr", [](Anmalan& a) { a.assistansanordnare.organisationsnummer = "5560000002"; },
       ErrorCode::kInvalidOrganisationsnummer},
      {"same person",
       [](Anmalan& a) { a.assistent.personnummer = a.person_som_har_assistans.personnummer; },
       ErrorCode::kAssistantIsAssistedPerson},
      {"under 18", [](Anmalan& a) { a.assistent.personnummer = pnr("20090601", "998"); },
       ErrorCode::kAssistantUnderAge},
      {"change before employment",
       [](Anmalan& a) { a.assistent.andring_galler_from = "2024-12-31"; },
       ErrorCode::kInconsistentDates},
      {"far future",
       [](Anmalan& a) {
         a.assistent.anstallningsdatum = "2028-01-01";
         a.assistent.andring_galler_from = "2028-01-01";
       },
       ErrorCode::kInconsistentDates},
      {"before 1994", [](Anmalan& a) { a.assistent.anstallningsdatum = "1993-12-31"; },
       ErrorCode::kInconsistentDates},
      {"not a date", [](Anmalan& a) { a.assistent.anstallningsdatum = "2025-02-30"; },
       ErrorCode::kInvalidDate},
  };
  for (const auto& c : cases) {
    Anmalan a = valid();
    c.change(a);
    const auto problems = check_rules(a, kToday);
    ASSERT_FALSE(problems.empty()) << c.name;
    EXPECT_EQ(problems.front().code, c.code) << c.name << ": " << problems.front().message;
    EXPECT_FALSE(problems.front().location.empty()) << c.name;
  }
}

TEST(AnmalanRulesTest, EighteenOnTheEmploymentDayIsEnough) {
  Anmalan a = valid();
  a.assistent.personnummer = pnr("20070101", "998");
  a.assistent.anstallningsdatum = "2025-01-01";
  a.assistent.andring_galler_from = "2025-01-01";
  EXPECT_TRUE(check_rules(a, kToday).empty());
  a.assistent.anstallningsdatum = "2024-12-31";
  const auto problems = check_rules(a, kToday);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, ErrorCode::kAssistantUnderAge);
  EXPECT_NE(problems[0].message.find("17 år"), std::string::npos) << problems[0].message;
}

TEST(AnmalanRulesTest, SamordningsnummerIsAccepted) {
  Anmalan a = valid();
  a.assistent.personnummer = "199204779996";  // catalogue samordningsnummer
  EXPECT_TRUE(check_rules(a, kToday).empty());
}

TEST(AnmalanRulesTest, ReportsEveryProblemAtOnce) {
  Anmalan a = valid();
  a.person_som_har_assistans.personnummer = "197501189985";
  a.assistent.personnummer = pnr("20100101", "998");
  a.assistansanordnare.organisationsnummer = "1234567890";
  a.assistent.andring_galler_from = "2024-01-01";
  const auto problems = check_rules(a, kToday);
  EXPECT_EQ(problems.size(), 4u);
}

}  // namespace
}  // namespace utbyte::eioa
