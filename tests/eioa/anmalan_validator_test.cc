#include "eioa/anmalan_validator.h"

#include <gtest/gtest.h>

#include "eioa/example.h"
#include "eioa/signature.h"
#include "eioa_test_env.h"

namespace utbyte::eioa {
namespace {

namespace xml = platform::xml;
namespace tls = platform::tls;
using testing::EioaPki;

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

AnmalanValidator validator() {
  auto v = AnmalanValidator::load(EioaPki::get().contracts,
                                  EioaPki::get().trusted / tls::kSigningCaCertFile);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
  return std::move(v).value();
}

std::string signed_text(std::string text) {
  auto doc = xml::parse_xml(text);
  EXPECT_TRUE(doc.ok());
  const auto& pki = EioaPki::get();
  EXPECT_TRUE(
      sign_anmalan(*doc, pki.trusted / tls::kSignerKeyFile, pki.trusted / tls::kSignerCertFile)
          .ok());
  return doc->to_string();
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

const std::string kId = "0e0cbf54-ca82-48f0-a478-0be00bf8b2be";

TEST(AnmalanValidatorTest, SignedExampleIsAccepted) {
  const auto check = validator().check_text(signed_text(example_anmalan(kId)), kToday);
  ASSERT_TRUE(check.accepted.has_value())
      << (check.problems.empty() ? "" : check.problems.front().message);
  EXPECT_EQ(check.accepted->anmalan.id, kId);
  EXPECT_EQ(check.accepted->signer.personnummer, tls::kDevSignerPersonnummer);
}

TEST(AnmalanValidatorTest, SchemaViolationsAreAllReported) {
  std::string text = example_anmalan(kId);
  text =
      with(text, "<ase:narstaende>false</ase:narstaende>", "<ase:narstaende>nej</ase:narstaende>");
  text = with(text, "<ase:id>" + kId + "</ase:id>", "<ase:id>inte-ett-uuid</ase:id>");
  const auto check = validator().check_text(signed_text(text), kToday);
  ASSERT_FALSE(check.accepted.has_value());
  ASSERT_EQ(check.problems.size(), 2u);
  for (const auto& p : check.problems) EXPECT_EQ(p.code, ErrorCode::kSchemaViolation);
  EXPECT_EQ(check.fault().code, ErrorCode::kSchemaViolation);
}

TEST(AnmalanValidatorTest, TwoAssistantsBreakTheSchema) {
  const std::string text = example_anmalan(kId);
  const auto start = text.find("<ase:assistent>");
  const auto end = text.find("</ase:assistent>") + 16;
  std::string twice = text;
  twice.insert(end, text.substr(start, end - start));
  const auto check = validator().check_text(signed_text(twice), kToday);
  ASSERT_FALSE(check.accepted.has_value());
  EXPECT_EQ(check.problems.front().code, ErrorCode::kSchemaViolation);
}

TEST(AnmalanValidatorTest, RulesAndSignatureProblemsTogether) {
  // Bad personnummer, unsigned: both reported.
  const std::string text = with(example_anmalan(kId), "<ase:personnummer>198802149990",
                                "<ase:personnummer>198802149991");
  const auto check = validator().check_text(text, kToday);
  ASSERT_EQ(check.problems.size(), 2u);
  EXPECT_EQ(check.problems[0].code, ErrorCode::kInvalidPersonnummer);
  EXPECT_EQ(check.problems[1].code, ErrorCode::kSignatureMissing);
  const auto fault = check.fault();
  EXPECT_EQ(fault.code, ErrorCode::kInvalidPersonnummer);
  EXPECT_NE(fault.faultstring.find("2 fel"), std::string::npos);
}

TEST(AnmalanValidatorTest, WrongNamespaceIsASchemaProblem) {
  const std::string text =
      with(example_anmalan(kId), "anmalanfranarbetsgivare/1\"", "anmalanfranarbetsgivare/2\"");
  const auto check = validator().check_text(text, kToday);
  ASSERT_FALSE(check.problems.empty());
  EXPECT_EQ(check.problems.front().code, ErrorCode::kSchemaViolation);
}

TEST(AnmalanValidatorTest, HostileXmlIsRefusedBeforeAnyCheck) {
  const auto v = validator();
  auto xxe = v.check_text(
      R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)",
      kToday);
  ASSERT_EQ(xxe.problems.size(), 1u);
  EXPECT_EQ(xxe.problems[0].code, ErrorCode::kXmlForbiddenConstruct);
  auto big = v.check_text("<r>" + std::string(kMaxAnmalanBytes, 'x') + "</r>", kToday);
  ASSERT_EQ(big.problems.size(), 1u);
  EXPECT_EQ(big.problems[0].code, ErrorCode::kXmlLimitExceeded);
}

}  // namespace
}  // namespace utbyte::eioa
