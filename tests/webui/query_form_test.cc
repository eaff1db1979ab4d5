#include "webui/query_form.h"

#include <gtest/gtest.h>

namespace utbyte::webui {
namespace {

using domain::InformationType;

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};
const std::set<InformationType> kAllowed = {InformationType::kSjukpenning,
                                            InformationType::kUtbetalning};

QueryFormInput valid() {
  return {"19121212-1212", {"SJUKPENNING", "UTBETALNING"}, "2026-01-01", "2026-10-31"};
}

std::vector<FieldError> errors_of(const QueryFormInput& input) {
  auto check = check_query_form(input, kAllowed, kToday);
  EXPECT_TRUE(check.ok());
  return check.ok() ? check->errors : std::vector<FieldError>{};
}

TEST(QueryFormTest, AcceptsAValidForm) {
  auto check = check_query_form(valid(), kAllowed, kToday);
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(check->errors.empty());
  ASSERT_TRUE(check->query.has_value());
  EXPECT_EQ(check->query->personnummer.digits(), "191212121212");
  EXPECT_EQ(
      check->query->informationstyper,
      (std::vector<InformationType>{InformationType::kSjukpenning, InformationType::kUtbetalning}));
  EXPECT_EQ(domain::format_date(check->query->range.tom), "2026-10-31");
}

TEST(QueryFormTest, AcceptsPersonnummerWithoutHyphenAndWithSpaces) {
  auto input = valid();
  input.personnummer = " 191212121212 ";
  EXPECT_TRUE(errors_of(input).empty());
}

TEST(QueryFormTest, EachPersonnummerMistakeHasItsMessage) {
  auto input = valid();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "Ange personnummer"},         {"1212121212", "12 siffror"},
      {"19121212-12a2", "12 siffror"},   {"19121212-1213", "Kontrollsiffran"},
      {"19121312-1211", "födelsedatum"},  // month 13, Luhn-valid
  };
  for (const auto& [text, expected] : cases) {
    input.personnummer = text;
    const auto errors = errors_of(input);
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors[0].field, "personnummer");
    EXPECT_NE(errors[0].message.find(expected), std::string::npos)
        << text << ": " << errors[0].message;
  }
}

TEST(QueryFormTest, NoTypeChosen) {
  auto input = valid();
  input.typer.clear();
  const auto errors = errors_of(input);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "typer");
}

TEST(QueryFormTest, DateMistakes) {
  auto input = valid();
  input.from = "";
  input.tom = "2026-02-30";
  auto errors = errors_of(input);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "fromDatum");
  EXPECT_EQ(errors[1].field, "tomDatum");

  input = valid();
  input.from = "2026-05-01";
  input.tom = "2026-04-30";
  errors = errors_of(input);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "tomDatum");
  EXPECT_NE(errors[0].message.find("före"), std::string::npos);

  input = valid();
  input.from = "2020-01-01";
  input.tom = "2026-01-01";
  errors = errors_of(input);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Perioden får vara högst 5 år");

  input = valid();
  input.from = "1999-12-31";
  input.tom = "2000-03-01";
  errors = errors_of(input);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "fromDatum");
  EXPECT_EQ(errors[0].message, "Från och med-datum får inte vara före 2000-01-01");

  input = valid();
  input.from = "2027-01-01";
  input.tom = "2028-01-01";
  errors = errors_of(input);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "tomDatum");
}

TEST(QueryFormTest, ReportsEveryFieldAtOnce) {
  const auto errors = errors_of({"123", {}, "x", "y"});
  ASSERT_EQ(errors.size(), 4u);
}

TEST(QueryFormTest, TypeOutsideBehorighetIsARefusalNotAFieldError) {
  auto input = valid();
  input.typer.push_back("BARNBIDRAG");
  auto check = check_query_form(input, kAllowed, kToday);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::kInformationTypeNotPermitted);
  input.typer = {"PÅHITTAD"};
  check = check_query_form(input, kAllowed, kToday);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::kUnknownInformationType);
}

TEST(QueryFormTest, DefaultsCoverTheLastYear) {
  const auto input = default_query_form(kToday);
  EXPECT_EQ(input.from, "2025-11-01");
  EXPECT_EQ(input.tom, "2026-11-23");
}

}  // namespace
}  // namespace utbyte::webui
