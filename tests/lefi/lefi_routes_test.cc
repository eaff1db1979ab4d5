#include "lefi/lefi_routes.h"

#include <gtest/gtest.h>

namespace utbyte::lefi {
namespace {

TEST(ContentTypeTest, AcceptsJsonWithParametersInAnyCase) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("application/json; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type("Application/JSON;charset=UTF-8"));
  EXPECT_FALSE(is_json_content_type(""));
  EXPECT_FALSE(is_json_content_type("text/plain"));
  EXPECT_FALSE(is_json_content_type("application/jsonx"));
  EXPECT_FALSE(is_json_content_type("application/json-patch+json"));
}

}  // namespace
}  // namespace utbyte::lefi
