#include "platform/sla/sla_config.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace utbyte::platform::sla {
namespace {

class SlaConfigTest : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            (std::string("utbyte-sla-") +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json");
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(SlaConfigTest, AbsentKeysKeepTheSeedsFigures) {
  auto config = load_sla_config(write(R"({"klasser":{"ONLINE":{"perSekund":5}}})"), {});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->limits[ServiceClass::kOnline].per_second, 5);
  EXPECT_EQ(config->limits[ServiceClass::kOnline].per_minute, 60);
  EXPECT_EQ(config->limits[ServiceClass::kOnline].min_gap, std::chrono::milliseconds(300));
  EXPECT_EQ(config->limits[ServiceClass::kMassfraga].max_concurrent, 5);
  EXPECT_EQ(config->limits[ServiceClass::kSsbtek].per_second, 2);
  EXPECT_TRUE(config->regular_window.enabled);
}

TEST_F(SlaConfigTest, ReadsTheClassesOfEioaSsbtekAndWebLogins) {
  auto config =
      load_sla_config(write(R"({"klasser":{"EIOA":{"perSekund":50},"SSBTEK":{"samtidiga":1},)"
                            R"("WEBBINLOGGNING":{"perMinut":10}}})"),
                      {});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->limits[ServiceClass::kEioa].per_second, 50);
  EXPECT_EQ(config->limits[ServiceClass::kSsbtek].max_concurrent, 1);
  EXPECT_EQ(config->limits[ServiceClass::kWebbInloggning].per_minute, 10);
  EXPECT_EQ(config->limits[ServiceClass::kOnline].per_second, 1) << "untouched";
}

TEST_F(SlaConfigTest, TurnsTheRegularWindowOff) {
  auto config = load_sla_config(write(R"({"reguljartServicefonster":{"aktivt":false}})"), {});
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->regular_window.enabled);
}

TEST_F(SlaConfigTest, RejectsBadFiles) {
  for (const char* text :
       {"[]", "{", R"({"okand":1})", R"({"klasser":{"ANNAN":{}}})",
        R"({"klasser":{"ONLINE":{"perSekund":-1}}})", R"({"klasser":{"ONLINE":{"perSekund":"1"}}})",
        R"({"reguljartServicefonster":{"aktivt":"ja"}})",
        R"({"klasser":{"ONLINE":{"perSekunde":5}}})",
        R"({"reguljartServicefonster":{"aktivt":true,"fran":"lor"}})"}) {
    auto config = load_sla_config(write(text), {});
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.error().code, ErrorCode::kConfigError);
  }
  EXPECT_FALSE(load_sla_config("/nonexistent.json", {}).ok());
}

}  // namespace
}  // namespace utbyte::platform::sla
