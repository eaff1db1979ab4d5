#include "platform/http/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace utbyte::platform::http {
namespace {

Response ok_with(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(
        "POST", "/rest/X.V9/x/v9/aktorer/{aktorsId}/fraga",
        [](Request& request) { return ok_with(request.path_params["aktorsId"]); }, 4 << 20);
    router_.add_public("GET", "/health", [](Request&) { return ok_with("up"); });
  }

  Response call(const std::string& method, const std::string& path) {
    Request request;
    request.method = method;
    request.path = path;
    request.transaktions_id = "tx";
    return router_.dispatch(request);
  }

  Router router_;
};

TEST_F(RouterTest, ExtractsPlaceholders) {
  const Response r = call("POST", "/rest/X.V9/x/v9/aktorer/KOMMUN-1/fraga");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "KOMMUN-1");
}

TEST_F(RouterTest, AnswersNotFoundInTheStandardErrorBody) {
  for (const char* path :
       {"/rest/X.V9/x/v9/aktorer//fraga", "/rest/X.V9/x/v9/aktorer/A/fraga/x", "/", "/healthz"}) {
    const Response r = call("POST", path);
    EXPECT_EQ(r.status, 404) << path;
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["felkod"], "RESURS_SAKNAS");
    EXPECT_EQ(body["transaktionsId"], "tx");
    EXPECT_TRUE(body.contains("tidpunkt"));
    EXPECT_TRUE(body.contains("felmeddelande"));
  }
}

// A path that is not UTF-8 is quoted in the 404 message; building that body once threw and
// ended the server (found by fuzz/fuzz_http_request).
TEST_F(RouterTest, NotFoundForAPathThatIsNotUtf8) {
  const Response r = call("GET", "/h\xff\xfe/\xc3");
  EXPECT_EQ(r.status, 404);
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["felkod"], "RESURS_SAKNAS");
}

TEST_F(RouterTest, AnswersMethodNotAllowedWithAllow) {
  const Response r = call("GET", "/rest/X.V9/x/v9/aktorer/A/fraga");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "POST");
}

TEST_F(RouterTest, KnowsEachRoutesAccessAndBodyLimit) {
  const auto routes = router_.routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].access, RouteAccess::kPartner);
  EXPECT_EQ(routes[1].access, RouteAccess::kPublic);
  EXPECT_EQ(router_.body_limit("POST", "/rest/X.V9/x/v9/aktorer/A/fraga?x=1"), 4u << 20);
  EXPECT_EQ(router_.body_limit("GET", "/rest/X.V9/x/v9/aktorer/A/fraga"), 0u) << "other method";
  EXPECT_EQ(router_.body_limit("GET", "/health"), 0u);
  EXPECT_EQ(router_.body_limit("POST", "/okand"), 0u);
}

}  // namespace
}  // namespace utbyte::platform::http
