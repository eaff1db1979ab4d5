#include "platform/http/query_params.h"

#include <gtest/gtest.h>

namespace utbyte::platform::http {
namespace {

TEST(QueryParamsTest, ReadsTheKnownParametersOfTheQuery) {
  auto params = QueryParams::parse("/a/b?antal=5&cursor=7&utm_source=x&flagga",
                                   {"antal", "cursor", "flagga", "saknas"});
  ASSERT_TRUE(params.ok()) << params.error().message;
  ASSERT_NE(params->find("antal"), nullptr);
  EXPECT_EQ(*params->find("antal"), "5");
  EXPECT_EQ(*params->find("cursor"), "7");
  EXPECT_EQ(*params->find("flagga"), "");  // no '=': the empty value
  EXPECT_FALSE(params->has("saknas"));
  EXPECT_FALSE(params->has("utm_source"));  // not asked for: ignored

  auto none = QueryParams::parse("/a/b", {"antal"});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has("antal"));
  EXPECT_TRUE(QueryParams::parse("/a/b?", {"antal"}).ok());
  EXPECT_TRUE(QueryParams::parse("/a/b?&&antal=1&", {"antal"}).ok());
}

TEST(QueryParamsTest, PercentDecodesNamesAndValuesButKeepsPlus) {
  auto params = QueryParams::parse(
      "/p?personnummer=19121212%2B1212&%61ntal=3&x=19121212+1212&"
      "bad=%zz%4",
      {"personnummer", "antal", "x", "bad"});
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(*params->find("personnummer"), "19121212+1212");
  EXPECT_EQ(*params->find("antal"), "3");
  EXPECT_EQ(*params->find("x"), "19121212+1212");
  EXPECT_EQ(*params->find("bad"), "%zz%4");  // left for the value's own check to refuse
}

TEST(QueryParamsTest, AKnownParameterTwiceIsRefused) {
  for (const char* target :
       {"/p?antal=1&antal=2", "/p?antal=1&antal=1", "/p?antal=1&%61ntal=1", "/p?antal&antal"}) {
    auto params = QueryParams::parse(target, {"antal"});
    ASSERT_FALSE(params.ok()) << target;
    EXPECT_EQ(params.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(params.error().message, "Parametern 'antal' får anges en gång");
  }
  // Unknown parameters may repeat.
  EXPECT_TRUE(QueryParams::parse("/p?x=1&x=2&antal=1", {"antal"}).ok());
}

TEST(QueryParamsTest, CountsAreWholeNonNegativeNumbers) {
  EXPECT_EQ(parse_count("0").value_or(-1), 0);
  EXPECT_EQ(parse_count("000123").value_or(-1), 123);
  EXPECT_EQ(parse_count("999999999999999999").value_or(-1), 999999999999999999);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "x", "1e3", "1234567890123456789"}) {
    EXPECT_FALSE(parse_count(bad).has_value()) << bad;
  }
}

TEST(QueryParamsTest, PageSizeHasADefaultAndBounds) {
  const auto size = [](const char* target) {
    return page_size(*QueryParams::parse(target, {"antal"}), 100, 1000);
  };
  EXPECT_EQ(*size("/p"), 100);
  EXPECT_EQ(*size("/p?antal=1"), 1);
  EXPECT_EQ(*size("/p?antal=1000"), 1000);
  for (const char* bad :
       {"/p?antal=0", "/p?antal=1001", "/p?antal=", "/p?antal=-5", "/p?antal=abc"}) {
    auto refused = size(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(refused.error().message, "Parametern 'antal' ska vara ett heltal 1–1000");
  }
}

TEST(PercentEncodeSegmentTest, KeepsUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(percent_encode_segment("KOMMUN-1._~"), "KOMMUN-1._~");
  EXPECT_EQ(percent_encode_segment("Kommun Åre/1"), "Kommun%20%C3%85re%2F1");
  EXPECT_EQ(percent_encode_segment("a%b+c"), "a%25b%2Bc");
  for (const std::string text : {"Kommun Åre/1", "x?y#z", "100%"}) {
    EXPECT_EQ(percent_decode(percent_encode_segment(text), PlusSign::kPlus), text);
  }
}

}  // namespace
}  // namespace utbyte::platform::http
