#include "core/json_writer.h"

#include <limits>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace utbyte {
namespace {

TEST(JsonWriterTest, NestsObjectsAndArraysWithCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .member("a", 1)
      .member("b", "x")
      .key("c")
      .begin_array()
      .value(true)
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .value(std::int64_t{-42})
      .end_array()
      .member("d", false)
      .end_object();
  EXPECT_EQ(out, R"({"a":1,"b":"x","c":[true,{},[],-42],"d":false})");
}

TEST(JsonWriterTest, EscapesLikeAStandardParserExpects) {
  const std::string tricky =
      std::string("quote\" back\\ nl\n tab\t cr\r bell\x07 nul") + std::string(1, '\0') + " åäö €";
  std::string out;
  JsonWriter(out).begin_object().member("s", std::string_view(tricky)).end_object();
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed["s"].get<std::string>(), tricky);
}

TEST(JsonWriterTest, ShortControlEscapesMatchNlohmannDumpByteForByte) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control += static_cast<char>(c);
  const std::string text = every_control + "\x7f \" \\ / åäö";
  std::string unicode, short_form;
  JsonWriter(unicode).value(std::string_view(text));
  JsonWriter(short_form, JsonWriter::ControlEscapes::kShort).value(std::string_view(text));
  EXPECT_EQ(short_form, nlohmann::json(text).dump());
  // The default keeps its long form for the two characters with a short one.
  EXPECT_NE(unicode.find("\\u0008"), std::string::npos);
  EXPECT_NE(unicode.find("\\u000c"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(unicode).get<std::string>(), text);
}

TEST(JsonWriterTest, WritesExtremeIntegers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::int64_t>::max())
      .value(0)
      .end_array();
  EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,0]");
}

}  // namespace
}  // namespace utbyte
