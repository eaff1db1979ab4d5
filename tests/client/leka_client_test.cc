#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "client/leka_client.h"

namespace utbyte::client {
namespace {

using nlohmann::ordered_json;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("utbyte-leka-client-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(LekaClientTest, PathsFollowTheUrlScheme) {
  EXPECT_EQ(leka_prenumerationer_path("", "A"),
            "/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/"
            "aktorer/A/prenumerationer");
  EXPECT_EQ(leka_aviseringar_path("/rest", "A", 5, 100),
            "/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/A/"
            "aviseringar?fromSekvens=5&antal=100");
  EXPECT_TRUE(
      leka_prenumerationer_query_path("", "A", "198503129986", "7", 10)
          .ends_with("/aktorer/A/prenumerationer?antal=10&personnummer=198503129986&cursor=7"));
}

TEST(LekaClientTest, NewLinesSkipWhatTheStateHasAndKeepKeyOrder) {
  const auto page = ordered_json::parse(
      R"({"aviseringar":[{"sekvensnummer":3,"b":1,"a":2},{"sekvensnummer":4,"x":true}],"kvitteradTomSekvens":2})");
  FoljState state;
  state.sista_sekvens = 3;
  auto fresh = leka_new_lines(page, state);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(fresh->lines.size(), 1u);
  EXPECT_EQ(fresh->lines[0], R"({"sekvensnummer":4,"x":true})");
  EXPECT_EQ(fresh->sista_sekvens, 4);
  state.sista_sekvens = 0;
  EXPECT_EQ(leka_new_lines(page, state)->lines[0], R"({"sekvensnummer":3,"b":1,"a":2})");
  EXPECT_FALSE(leka_new_lines(ordered_json::parse(R"({"x":1})"), state).ok());
  EXPECT_FALSE(leka_new_lines(ordered_json::parse(
                                  R"({"aviseringar":[{"sekvensnummer":2},{"sekvensnummer":2}]})"),
                              state)
                   .ok());
}

TEST(LekaClientTest, NewLinesMovePastWithheldNotifications) {
  FoljState state;
  state.sista_sekvens = 2;
  // 3 and 5 were withheld (the agreement no longer allows them): the cursor is past them.
  auto fresh = leka_new_lines(
      ordered_json::parse(
          R"({"aviseringar":[{"sekvensnummer":4}],"nastaFromSekvens":6,"meddelanden":[]})"),
      state);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(fresh->lines.size(), 1u);
  EXPECT_EQ(fresh->sista_sekvens, 5);
  // A page of withheld notifications only still moves on.
  auto withheld =
      leka_new_lines(ordered_json::parse(R"({"aviseringar":[],"nastaFromSekvens":9})"), state);
  ASSERT_TRUE(withheld.ok());
  EXPECT_TRUE(withheld->lines.empty());
  EXPECT_EQ(withheld->sista_sekvens, 8);
  // An empty feed does not.
  auto empty =
      leka_new_lines(ordered_json::parse(R"({"aviseringar":[],"nastaFromSekvens":3})"), state);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->sista_sekvens, 2);
}

TEST(LekaClientTest, StateRoundTripsAndOutputIsCutBackToTheState) {
  const std::string state_path = temp_path("state.json");
  const std::string out = temp_path("out.jsonl");
  std::filesystem::remove(state_path);
  std::filesystem::remove(out);
  EXPECT_TRUE(load_folj_state(state_path)->aktors_id.empty());
  auto size = append_lines_durably(out, {"{\"sekvensnummer\":1}", "{\"sekvensnummer\":2}"});
  ASSERT_TRUE(size.ok());
  FoljState state{"A", 2, *size};
  ASSERT_TRUE(save_folj_state(state_path, state).ok());
  auto loaded = load_folj_state(state_path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->aktors_id, "A");
  EXPECT_EQ(loaded->sista_sekvens, 2);
  EXPECT_EQ(loaded->bytes, *size);
  // Killed after writing line 3 but before saving the state: the line is cut off.
  ASSERT_TRUE(append_lines_durably(out, {"{\"sekvensnummer\":3}"}).ok());
  ASSERT_TRUE(prepare_folj_output(out, *loaded).ok());
  EXPECT_EQ(read_file(out), "{\"sekvensnummer\":1}\n{\"sekvensnummer\":2}\n");
  // A shorter file than the state says was changed behind our back.
  std::filesystem::resize_file(out, 3);
  EXPECT_EQ(prepare_folj_output(out, *loaded).code(), ErrorCode::kConfigError);
  EXPECT_FALSE(folj_state_from_json("{\"aktorsId\":1}").ok());
  std::filesystem::remove(state_path);
  std::filesystem::remove(out);
}

}  // namespace
}  // namespace utbyte::client
