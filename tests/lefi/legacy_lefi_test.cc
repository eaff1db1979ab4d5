// LEFI's SOAP generations 5–7 over a real synthetic register: every answer is valid against its
// generation's XSD in contracts/, carries the same decisions and payments as the typed answer
// v9 renders, and the question is checked with v9's rules.

#include "lefi/legacy/legacy_lefi.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "../store/test_db.h"
#include "lefi/lefi_service.h"
#include "platform/transaction_id.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xsd_validator.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::lefi::legacy {
namespace {

using domain::InformationType;
namespace xml = platform::xml;

const std::filesystem::path kContracts =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "contracts";
const domain::Date kToday = *domain::parse_date("2026-11-01");

// Catalogue persons (store/synthetic/catalogue.cc).
constexpr const char* kSjukpenning = "198503129986";
constexpr const char* kAvliden = "194002149997";
constexpr const char* kSkyddad = "197903089980";
constexpr const char* kOkand = "197001010011";

xml::XmlDocument parse(const std::string& text) {
  auto doc = xml::parse_xml(text);
  EXPECT_TRUE(doc.ok()) << doc.error().message << "\n" << text;
  return std::move(doc).value();
}

std::size_t count(const xmlNode* parent, std::string_view name) {
  std::size_t n = 0;
  for (const xmlNode* child : xml::child_elements(parent)) n += xml::local_name(child) == name;
  return n;
}

class LegacyLefiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store::synthetic::generate_register(db_, {0, 1, kToday}, nullptr).ok());
    auto opened = store::open_sqlite_store(db_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    service_ = std::make_unique<LefiService>(*store_);
    agreement_.aktors_id = "AKTOR-A";
    agreement_.rattslig_grund = "TESTMILJO";
    for (const auto& info : domain::all_information_types()) {
      agreement_.informationstyper.insert(info.type);
    }
  }

  LefiAnswer ask(const char* personnummer, const LegacyVersion& version) {
    std::vector<InformationType> types = {InformationType::kPersonuppgifter,
                                          InformationType::kSjukpenning,
                                          InformationType::kAlderspension};
    if (version.payments) types.push_back(InformationType::kUtbetalning);
    const LefiQuery query{*domain::parse_personnummer(personnummer),
                          types,
                          {*domain::parse_date("2022-11-02"), kToday}};
    // A real transaction id: the schemas say what one looks like.
    const Requester requester{platform::new_transaction_id(), "5567890123", "", version.tjanst};
    auto answer = service_->answer(query, agreement_, requester);
    EXPECT_TRUE(answer.ok()) << answer.error().message;
    return std::move(answer).value();
  }

  store::testing::TempDir dir_;
  std::string db_ = dir_.file("register.db");
  store::StorePtr store_;
  std::unique_ptr<LefiService> service_;
  platform::Agreement agreement_;
};

TEST_F(LegacyLefiTest, EveryGenerationsAnswerIsValidAndCarriesTheTypedAnswersData) {
  for (const LegacyVersion& version : kLegacyVersions) {
    SCOPED_TRACE(version.version);
    auto schema = xml::XsdValidator::load(kContracts / "xsd" / version.xsd_file);
    ASSERT_TRUE(schema.ok()) << schema.error().message;
    for (const char* person : {kSjukpenning, kAvliden, kSkyddad, kOkand}) {
      SCOPED_TRACE(person);
      const LefiAnswer answer = ask(person, version);
      const auto doc = parse(render_legacy_answer(answer, version));
      const auto problems = schema->validate(doc);
      EXPECT_TRUE(problems.empty()) << problems.front().message;
      const xmlNode* root = doc.root();
      EXPECT_TRUE(xml::is_element(root, version.xml_namespace, kAnswerElement));
      EXPECT_EQ(xml::text_of(xml::find_child(root, version.xml_namespace, "transaktionsId")),
                answer.transaktions_id);
      EXPECT_EQ(count(root, "forman"), answer.formaner.size());
      EXPECT_EQ(count(root, "meddelande"), answer.meddelanden.size());
      std::size_t decisions = 0;
      for (const xmlNode* forman : xml::child_elements(root)) {
        if (xml::local_name(forman) == "forman") decisions += count(forman, "beslut");
      }
      std::size_t expected_decisions = 0;
      for (const Forman& f : answer.formaner) expected_decisions += f.beslut.size();
      EXPECT_EQ(decisions, expected_decisions);
      EXPECT_EQ(count(root, "utbetalning"),
                version.payments && answer.utbetalningar ? answer.utbetalningar->size() : 0U);
      const xmlNode* person_node = xml::find_child(root, version.xml_namespace, "person");
      EXPECT_EQ(person_node != nullptr, answer.personuppgifter.has_value());
      if (answer.personuppgifter && answer.personuppgifter->skyddad_identitet) {
        EXPECT_EQ(xml::find_child(person_node, version.xml_namespace, "adress"), nullptr)
            << "a protected address is never disclosed";
      }
    }
  }
  // The sjukpenning person has payments and decisions: the check above is not vacuous.
  const LefiAnswer v7 = ask(kSjukpenning, kLegacyVersions[2]);
  EXPECT_FALSE(v7.formaner.empty());
  ASSERT_TRUE(v7.utbetalningar.has_value());
  EXPECT_FALSE(v7.utbetalningar->empty());
}

TEST_F(LegacyLefiTest, TheQuestionIsCheckedWithV9sRules) {
  const LegacyVersion& v7 = kLegacyVersions[2];
  const auto question = [&](const std::string& children, const LegacyVersion& version) {
    return parse(std::string("<lf:HamtaFormansinformation xmlns:lf=\"") +
                 std::string(version.xml_namespace) + "\">" + children +
                 "</lf:HamtaFormansinformation>");
  };
  const std::string dates =
      "<lf:fromDatum>2025-01-01</lf:fromDatum><lf:tomDatum>2025-12-31</lf:tomDatum>";
  const auto ok = question(
      "<lf:personnummer>198503129986</lf:personnummer>"
      "<lf:informationstyp>SJUKPENNING</lf:informationstyp>"
      "<lf:informationstyp>UTBETALNING</lf:informationstyp>" +
          dates,
      v7);
  auto query = read_legacy_query(ok.root(), v7, kToday);
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->personnummer.digits(), "198503129986");
  EXPECT_EQ(query->informationstyper,
            (std::vector{InformationType::kSjukpenning, InformationType::kUtbetalning}));
  // What a client writes reads back the same.
  const auto written = parse(write_legacy_query(*query, v7));
  auto again = read_legacy_query(written.root(), v7, kToday);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->informationstyper, query->informationstyper);
  EXPECT_EQ(again->range.tom, query->range.tom);

  const auto refused = [&](const std::string& children, const LegacyVersion& version) {
    const auto doc = question(children, version);
    auto result = read_legacy_query(doc.root(), version, kToday);
    return result.ok() ? ErrorCode::kInternal : result.error().code;
  };
  const std::string pnr = "<lf:personnummer>198503129986</lf:personnummer>";
  const std::string sjuk = "<lf:informationstyp>SJUKPENNING</lf:informationstyp>";
  EXPECT_EQ(refused(pnr + "<lf:informationstyp>UTBETALNING</lf:informationstyp>" + dates,
                    kLegacyVersions[0]),
            ErrorCode::kUnknownInformationType);  // no payments before v6
  EXPECT_EQ(refused("<lf:personnummer>198503129987</lf:personnummer>" + sjuk + dates, v7),
            ErrorCode::kInvalidPersonnummer);
  EXPECT_EQ(refused(pnr + dates, v7), ErrorCode::kMissingInformationType);
  EXPECT_EQ(refused(pnr + "<lf:informationstyp>BILSKATT</lf:informationstyp>" + dates, v7),
            ErrorCode::kUnknownInformationType);
  EXPECT_EQ(refused(pnr + sjuk + sjuk + dates, v7), ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused(pnr + pnr + sjuk + dates, v7), ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused(pnr + sjuk +
                        "<lf:fromDatum>2025-12-31</lf:fromDatum>"
                        "<lf:tomDatum>2025-01-01</lf:tomDatum>",
                    v7),
            ErrorCode::kInvalidDateRange);
  EXPECT_EQ(refused(pnr + sjuk +
                        "<lf:fromDatum>2025-02-30</lf:fromDatum>"
                        "<lf:tomDatum>2025-12-31</lf:tomDatum>",
                    v7),
            ErrorCode::kInvalidDate);
  EXPECT_EQ(refused(sjuk + dates, v7), ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused(pnr + sjuk + dates + "<lf:extra>1</lf:extra>", v7), ErrorCode::kInvalidRequest);
  // Another generation's namespace is another question.
  const auto v6_question = question(pnr + sjuk + dates, kLegacyVersions[1]);
  EXPECT_TRUE(read_legacy_query(v6_question.root(), kLegacyVersions[1], kToday).ok());
  EXPECT_FALSE(read_legacy_query(v6_question.root(), v7, kToday).ok());
}

}  // namespace
}  // namespace utbyte::lefi::legacy
