#include "domain/organisationsnummer.h"

#include <string>

#include <gtest/gtest.h>

#include "domain/personnummer.h"

namespace utbyte::domain {
namespace {

TEST(OrganisationsnummerTest, AcceptsValidNumbers) {
  static const struct {
    const char* text;
    const char* digits;
  } kCases[] = {
      {"5561234567", "5561234567"},   // aktiebolag (group 5), the dev PKI default
      {"556123-4567", "5561234567"},  // printed form, normalised
      {"5560000001", "5560000001"},   // check digit 1
      {"5590000005", "5590000005"},   // newer 559 series
      {"2021005489", "2021005489"},   // group 2 (state/municipal), third digit 2
      {"802002-4280", "8020024280"},  // group 8 (ideell förening), third digit 2
      {"9697802545", "9697802545"},   // group 9 (handelsbolag)
  };
  for (const auto& c : kCases) {
    auto nr = parse_organisationsnummer(c.text);
    ASSERT_TRUE(nr.ok()) << c.text << ": " << nr.error().message;
    EXPECT_EQ(nr->digits(), c.digits) << c.text;
  }
}

TEST(OrganisationsnummerTest, FormatsWithSeparator) {
  auto nr = parse_organisationsnummer("5561234567");
  ASSERT_TRUE(nr.ok());
  EXPECT_EQ(nr->formatted(), "556123-4567");
  EXPECT_EQ(*nr, *parse_organisationsnummer("556123-4567"));
}

TEST(OrganisationsnummerTest, RejectsInvalidNumbersSayingWhichRuleFailed) {
  static const struct {
    const char* text;
    const char* expected_rule;  // a fragment of the Swedish message
  } kCases[] = {
      {"", "10 siffror"},
      {"556123456", "10 siffror"},        // 9 digits
      {"55612345678", "10 siffror"},      // 11 digits, no separator
      {"5561-234567", "10 siffror"},      // separator in the wrong place
      {"556123+4567", "10 siffror"},      // '+' is a personnummer separator, not ours
      {"556123-45678", "10 siffror"},     // 12 characters
      {"165561234567", "10 siffror"},     // 16-prefixed 12-digit form is not accepted here
      {"55612345X7", "siffror"},          // letter
      {"556123 4567", "10 siffror"},      // space as separator
      {"-556123456", "siffror"},          // sign
      {"5561234568", "kontrollsiffran"},  // bad Luhn
      {"5561234560", "kontrollsiffran"},
      {"1701012393", "tredje siffran"},  // a personnummer (sole trader): third digit 0
      {"8112189876", "tredje siffran"},  // a personnummer: third digit 1
  };
  for (const auto& c : kCases) {
    auto nr = parse_organisationsnummer(c.text);
    ASSERT_FALSE(nr.ok()) << c.text;
    EXPECT_EQ(nr.error().code, ErrorCode::kInvalidOrganisationsnummer) << c.text;
    EXPECT_NE(nr.error().message.find(c.expected_rule), std::string::npos)
        << c.text << ": " << nr.error().message;
  }
}

TEST(OrganisationsnummerTest, NeverEchoesTheRejectedNumber) {
  auto nr = parse_organisationsnummer("1701012393");
  ASSERT_FALSE(nr.ok());
  EXPECT_EQ(nr.error().message.find("1701012393"), std::string::npos);
}

TEST(OrganisationsnummerTest, EveryCheckDigitButOneIsRejected) {
  const std::string base = "556123456";
  const int good = luhn_check_digit(base);
  for (int c = 0; c <= 9; ++c) {
    auto nr = parse_organisationsnummer(base + std::to_string(c));
    EXPECT_EQ(nr.ok(), c == good) << c;
  }
}

}  // namespace
}  // namespace utbyte::domain
