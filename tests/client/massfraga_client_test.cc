#include "client/massfraga_client.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace utbyte::client {
namespace {

using nlohmann::json;

std::vector<PersonLine> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_person_lines(in);
}

TEST(MassfragaPersonFile, OnePerLineSkipsBlanksAndComments) {
  const auto persons = parse("198503129986\n\n# kommentar\n  19850312-9986  \r\nfel\n");
  ASSERT_EQ(persons.size(), 3u);
  EXPECT_EQ(persons[0].line, 1u);
  EXPECT_EQ(persons[0].personnummer, "198503129986");
  EXPECT_EQ(persons[1].line, 4u);
  EXPECT_EQ(persons[1].personnummer, "19850312-9986");
  // Not a header (it is not the first line): kept, for the server to report as invalid.
  EXPECT_EQ(persons[2].line, 5u);
  EXPECT_EQ(persons[2].personnummer, "fel");
}

TEST(MassfragaPersonFile, CsvFirstColumnAndHeader) {
  const auto persons = parse(
      "# export\npersonnummer;namn\n\"198503129986\";\"Anna, A\"\n191212121212,x\n"
      "200001012380\tTab\n");
  ASSERT_EQ(persons.size(), 3u);
  EXPECT_EQ(persons[0].personnummer, "198503129986");
  EXPECT_EQ(persons[0].line, 3u);
  EXPECT_EQ(persons[1].personnummer, "191212121212");
  EXPECT_EQ(persons[2].personnummer, "200001012380");
}

TEST(MassfragaPersonFile, FirstLineWithDigitsIsNoHeader) {
  const auto persons = parse(
      "\xEF\xBB\xBF"
      "198503129986\nabc\n");
  ASSERT_EQ(persons.size(), 2u);
  EXPECT_EQ(persons[0].personnummer, "198503129986");
  EXPECT_EQ(persons[1].personnummer, "abc");
}

TEST(MassfragaPersonFile, EmptyAndMissingFile) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("# bara\n\npersonnummer\n").empty());
  EXPECT_FALSE(read_person_file("/nonexistent/personer.csv").ok());
}

TEST(MassfragaRequest, BodyAndPaths) {
  MassfragaBestallning b;
  b.informationstyper = {"SJUKPENNING"};
  b.from_datum = "2025-11-01";
  b.tom_datum = "2026-10-31";
  b.personer = {"198503129986"};
  json body = massfraga_request_body(b);
  EXPECT_FALSE(body.contains("klientreferens"));
  EXPECT_EQ(body["personer"], json::array({"198503129986"}));
  b.klientreferens = "REF-1";
  EXPECT_EQ(massfraga_request_body(b)["klientreferens"], "REF-1");

  EXPECT_EQ(massfraga_bestallningar_path("", "A1"),
            "/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
            "lefi-extern-bestallningsmottagare/v10/aktorer/A1/bestallningar");
  EXPECT_EQ(massfraga_svar_path("/rest", "A1", "B-1", 200, 100),
            "/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
            "lefi-extern-bestallningsleverantor/v10/aktorer/A1/bestallningar/B-1/"
            "svar?efterRad=200&antal=100");
  EXPECT_EQ(massfraga_kvittens_path("", "A1", "B-1").substr(0, 5), "/rest");

  const std::string ref = generate_klientreferens();
  EXPECT_EQ(ref.size(), 23u);
  EXPECT_EQ(ref.rfind("utbyte-", 0), 0u);
}

TEST(MassfragaProgressBar, Renders) {
  EXPECT_EQ(group_thousands(10000), "10 000");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1234567), "1 234 567");
  EXPECT_EQ(render_progress_bar(4812, 10000, 1203.2),
            "[####------] 4 812/10 000 besvarade, 1 203/s");
  EXPECT_EQ(render_progress_bar(0, 0, -1), "[##########] 0/0 besvarade");
  EXPECT_EQ(render_progress_bar(5, 10, -1, "rader", 4), "[##--] 5/10 rader");
}

TEST(MassfragaAnswerLine, KeyOrderAndOptionalFields) {
  const json answered = json::parse(
      R"({"status":"BESVARAD","svar":{"a":1},"utfall":"UTLAMNAT","personnummer":"198503129986",
          "rad":1,"extra":true})");
  auto line = massfraga_answer_line(answered);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line,
            R"({"rad":1,"personnummer":"198503129986","status":"BESVARAD","utfall":"UTLAMNAT",)"
            R"("svar":{"a":1}})");

  const json invalid = json::parse(
      R"({"rad":3,"personnummer":"x","status":"OGILTIG","fel":{"felkod":"OGILTIGT_PERSONNUMMER"}})");
  line = massfraga_answer_line(invalid);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(
      *line,
      R"({"rad":3,"personnummer":"x","status":"OGILTIG","fel":{"felkod":"OGILTIGT_PERSONNUMMER"}})");

  EXPECT_FALSE(massfraga_answer_line(json::parse(R"({"status":"BESVARAD"})")).ok());
  EXPECT_FALSE(massfraga_answer_line(json::parse(R"({"rad":0,"status":"BESVARAD"})")).ok());
  EXPECT_FALSE(massfraga_answer_line(json::parse(R"({"rad":2})")).ok());
  EXPECT_FALSE(massfraga_answer_line(json::array()).ok());
}

TEST(MassfragaProgressFile, JsonRoundTripAndRejects) {
  HamtaProgress p{"B-1", 2000, 123456, false};
  auto back = progress_from_json(progress_to_json(p).dump());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->bestallnings_id, "B-1");
  EXPECT_EQ(back->sista_rad, 2000);
  EXPECT_EQ(back->bytes, 123456u);
  EXPECT_FALSE(back->slut);
  EXPECT_FALSE(progress_from_json("{}").ok());
  EXPECT_FALSE(progress_from_json("not json").ok());
  EXPECT_FALSE(
      progress_from_json(R"({"bestallningsId":"B","sistaRad":-1,"byte":0,"slut":false})").ok());
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("massfraga_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

using MassfragaProgressDisk = TempDir;

TEST_F(MassfragaProgressDisk, SaveAndLoadAtomically) {
  const std::string path = progress_path_for((dir_ / "svar.jsonl").string());
  EXPECT_EQ(path, (dir_ / "svar.jsonl.progress").string());
  auto missing = load_progress(path);
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->bestallnings_id.empty());

  ASSERT_TRUE(save_progress(path, HamtaProgress{"B-7", 1000, 5000, false}).ok());
  ASSERT_TRUE(save_progress(path, HamtaProgress{"B-7", 2000, 9000, true}).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  auto loaded = load_progress(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->sista_rad, 2000);
  EXPECT_EQ(loaded->bytes, 9000u);
  EXPECT_TRUE(loaded->slut);

  std::ofstream(path) << "garbage";
  EXPECT_FALSE(load_progress(path).ok());
  EXPECT_FALSE(save_progress((dir_ / "no" / "such" / "p").string(), HamtaProgress{}).ok());
}

TEST(MassfragaResume, FreshStart) {
  auto plan = plan_resume(HamtaProgress{}, "B-1", -1);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->efter_rad, 0);
  EXPECT_EQ(plan->truncate_to, 0u);
  EXPECT_FALSE(plan->already_complete);
  // An empty output file left by a crash before the first page is fine too.
  EXPECT_TRUE(plan_resume(HamtaProgress{}, "B-1", 0).ok());
}

TEST(MassfragaResume, ForeignOutputIsNeverOverwritten) {
  EXPECT_FALSE(plan_resume(HamtaProgress{}, "B-1", 42).ok());
}

TEST(MassfragaResume, ContinuesAfterLastWrittenRowAndDropsPartialPage) {
  // Page 2 was half written when the process died: the file is longer than the progress says.
  auto plan = plan_resume(HamtaProgress{"B-1", 1000, 70000, false}, "B-1", 91234);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->efter_rad, 1000);
  EXPECT_EQ(plan->truncate_to, 70000u);
  EXPECT_FALSE(plan->already_complete);
}

TEST(MassfragaResume, RejectsOtherOrderAndShrunkOutput) {
  EXPECT_FALSE(plan_resume(HamtaProgress{"B-2", 10, 100, false}, "B-1", 100).ok());
  EXPECT_FALSE(plan_resume(HamtaProgress{"B-1", 10, 100, false}, "B-1", 99).ok());
  EXPECT_FALSE(plan_resume(HamtaProgress{"B-1", 10, 100, false}, "B-1", -1).ok());
}

TEST(MassfragaResume, CompleteDownloadIsNotRepeated) {
  auto plan = plan_resume(HamtaProgress{"B-1", 10000, 100, true}, "B-1", 100);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->already_complete);
}

}  // namespace
}  // namespace utbyte::client
