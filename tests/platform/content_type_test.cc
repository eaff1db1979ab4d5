#include "platform/http/content_type.h"

#include <gtest/gtest.h>

#include "platform/pipeline/partner_pipeline.h"

namespace utbyte::platform {
namespace {

TEST(ContentTypeTest, AcceptsJsonWithParametersInAnyCase) {
  EXPECT_TRUE(http::is_json_content_type("application/json"));
  EXPECT_TRUE(http::is_json_content_type("application/json; charset=utf-8"));
  EXPECT_TRUE(http::is_json_content_type("Application/JSON;charset=UTF-8"));
  EXPECT_TRUE(http::is_json_content_type(" application/json ; charset=utf-8"));
  EXPECT_FALSE(http::is_json_content_type(""));
  EXPECT_FALSE(http::is_json_content_type("text/plain"));
  EXPECT_FALSE(http::is_json_content_type("application/jsonx"));
  EXPECT_FALSE(http::is_json_content_type("application/json-patch+json"));
}

TEST(ContentTypeTest, SoapAndFormMediaTypes) {
  EXPECT_TRUE(http::is_soap_content_type("text/xml; charset=utf-8"));
  EXPECT_FALSE(http::is_soap_content_type("text/xmlx"));
  EXPECT_FALSE(http::is_soap_content_type("application/soap+xml"));
  EXPECT_TRUE(http::is_form_content_type("application/x-www-form-urlencoded;charset=UTF-8"));
  EXPECT_FALSE(http::is_form_content_type("multipart/form-data"));
}

TEST(ContentTypeTest, BodyRulesPerMethod) {
  using pipeline::BodyRule;
  using pipeline::content_type_allowed;
  EXPECT_TRUE(content_type_allowed(BodyRule::kNone, "POST", "text/plain"));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, "GET", ""));
  EXPECT_TRUE(content_type_allowed(BodyRule::kJsonOnPost, "GET", ""));
  EXPECT_TRUE(content_type_allowed(BodyRule::kJsonOnPost, "DELETE", ""));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJsonOnPost, "POST", "text/plain"));
  EXPECT_TRUE(content_type_allowed(BodyRule::kSoapXml, "POST", "text/xml"));
  EXPECT_FALSE(content_type_allowed(BodyRule::kForm, "POST", "application/json"));
}

}  // namespace
}  // namespace utbyte::platform
