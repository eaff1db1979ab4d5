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
  const auto request = [](const char* method, const char* content_type, const char* body = "") {
    http::Request r;
    r.method = method;
    if (*content_type != '\0') r.headers["content-type"] = content_type;
    r.body = body;
    return r;
  };
  EXPECT_TRUE(content_type_allowed(BodyRule::kNone, request("POST", "text/plain", "x")));
  EXPECT_TRUE(content_type_allowed(BodyRule::kSoapXml, request("POST", "text/xml")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kForm, request("POST", "application/json")));
  // REST's one rule: what sends (or may send) a body says application/json.
  EXPECT_TRUE(content_type_allowed(BodyRule::kJson, request("POST", "application/json", "{}")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, request("POST", "", "{}")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, request("POST", "")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, request("PUT", "text/plain", "{}")));
  EXPECT_TRUE(content_type_allowed(BodyRule::kJson, request("GET", "")));
  EXPECT_TRUE(content_type_allowed(BodyRule::kJson, request("DELETE", "")));
  EXPECT_TRUE(content_type_allowed(BodyRule::kJson, request("GET", "application/json")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, request("GET", "text/plain")));
  EXPECT_FALSE(content_type_allowed(BodyRule::kJson, request("DELETE", "", "{}")));
}

}  // namespace
}  // namespace utbyte::platform
