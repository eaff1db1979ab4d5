#include "core/json_limits.h"

#include <string>

#include <gtest/gtest.h>

namespace utbyte {
namespace {

TEST(JsonLimitsTest, CountsNestingOutsideStrings) {
  EXPECT_EQ(json_nesting_depth("{}"), 1);
  EXPECT_EQ(json_nesting_depth(R"({"a":[1,{"b":[]}]})"), 4);
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[{{{{"})"), 1);
  EXPECT_EQ(json_nesting_depth(R"({"a":"\"[[[["})"), 1);
  EXPECT_EQ(json_nesting_depth("42"), 0);
}

TEST(JsonLimitsTest, StopsEarlyOnDeepInput) {
  const std::string deep(1 << 20, '[');
  EXPECT_EQ(json_nesting_depth(deep, 32), 33);
}

TEST(JsonLimitsTest, RefusesTooDeepAndInvalidJson) {
  std::string deep = std::string(40, '[') + std::string(40, ']');
  auto too_deep = parse_request_json(deep, "Frågan");
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().code, ErrorCode::kMalformedJson);
  EXPECT_NE(too_deep.error().message.find("djupare än 32"), std::string::npos);

  auto broken = parse_request_json("{\"a\":", "Frågan");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kMalformedJson);

  auto ok = parse_request_json(R"({"a":[[1]]})", "Frågan");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["a"][0][0], 1);
}

}  // namespace
}  // namespace utbyte
