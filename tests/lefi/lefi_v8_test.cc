#include "lefi/lefi_v8.h"

#include <gtest/gtest.h>

#include "../store/test_db.h"
#include "lefi/lefi_routes.h"
#include "lefi/lefi_service.h"
#include "platform/actors.h"
#include "platform/http/router.h"
#include "store/store.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::lefi {
namespace {

using json = nlohmann::ordered_json;

json v9_answer() {
  return json::parse(R"({
    "transaktionsId": "4f0c1a9e-2b7d-4c3e-9a51-6d2e8b7f1c20",
    "version": "9.0.2",
    "tidpunkt": "2026-11-23T06:01:02.123Z",
    "syntetiskaUppgifter": true,
    "fraga": {"personnummer": "201701012393", "informationstyper": ["SJUKPENNING", "UTBETALNING"],
              "fromDatum": "2025-01-01", "tomDatum": "2025-12-31"},
    "personuppgifter": {"personnummer": "201701012393", "fornamn": "Test"},
    "formaner": [{"informationstyp": "SJUKPENNING", "benamning": "Sjukpenning", "myndighet": "FK",
                  "beslut": [{"beslutsId": "B-1", "beslutsdatum": "2025-02-03",
                              "fromDatum": "2025-01-20", "status": "BEVILJAD"}]}],
    "utbetalningar": [{"utbetalningsId": "U-1", "utbetalningsdatum": "2025-02-25",
                       "foretag": "Försäkringskassan", "myndighet": "FK",
                       "informationstyp": "SJUKPENNING", "periodFrom": "2025-01-20",
                       "periodTom": "2025-02-16", "bruttobelopp": 100, "skatteavdrag": 30,
                       "nettobelopp": 70, "beloppstyp": "Sjukpenning", "status": "UTBETALD"}],
    "meddelanden": [{"kod": "SYNTETISKA_UPPGIFTER", "text": "Syntetiskt."}]
  })");
}

TEST(LefiV8Test, PathIsTheV9PathOfMajor8) {
  EXPECT_EQ(std::string(kFragaPathV8),
            "/rest/FK.EXI.LevereraFormansinformation.V8/lefi-extern-formansinformation/v8/"
            "aktorer/{aktorsId}/formansinformation/fraga");
}

TEST(LefiV8Test, DropsWhatV9AddedAndKeepsTheRest) {
  const json v9 = v9_answer();
  const json v8 = to_v8_answer(v9);
  EXPECT_EQ(v8["version"], "8.3.1");
  EXPECT_FALSE(v8.contains("fraga"));
  EXPECT_FALSE(v8.contains("syntetiskaUppgifter"));
  ASSERT_EQ(v8["utbetalningar"].size(), 1u);
  const json& payment = v8["utbetalningar"][0];
  EXPECT_FALSE(payment.contains("utbetalningsId"));
  EXPECT_FALSE(payment.contains("myndighet"));
  EXPECT_EQ(payment["foretag"], "Försäkringskassan");
  EXPECT_EQ(payment.size(), v9["utbetalningar"][0].size() - 2);
  // Unchanged: ids, time, person, benefits (with their myndighet) and messages, in order.
  EXPECT_EQ(v8["transaktionsId"], v9["transaktionsId"]);
  EXPECT_EQ(v8["tidpunkt"], v9["tidpunkt"]);
  EXPECT_EQ(v8["personuppgifter"], v9["personuppgifter"]);
  EXPECT_EQ(v8["formaner"], v9["formaner"]);
  EXPECT_EQ(v8["meddelanden"], v9["meddelanden"]);
  std::vector<std::string> keys;
  for (const auto& item : v8.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"transaktionsId", "version", "tidpunkt", "personuppgifter",
                                      "formaner", "utbetalningar", "meddelanden"}));
  // Pure: the input is untouched.
  EXPECT_EQ(v9, v9_answer());
}

TEST(LefiV8Test, AnswerWithoutPaymentsOrPersonStaysWithoutThem) {
  json v9 = v9_answer();
  v9.erase("utbetalningar");
  v9.erase("personuppgifter");
  const json v8 = to_v8_answer(v9);
  EXPECT_FALSE(v8.contains("utbetalningar"));
  EXPECT_FALSE(v8.contains("personuppgifter"));
  EXPECT_TRUE(v8["formaner"].is_array());
  EXPECT_EQ(to_v8_answer(json::array()), json::array());
}

// The v8 route over a real register: same checks and data as v9, v8 shape, audited as V8.
class LefiV8RouteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::synthetic::GenerateOptions options;
    options.persons = 0;
    options.seed = 1;
    options.as_of = domain::today_utc();
    ASSERT_TRUE(store::synthetic::generate_register(db_, options, nullptr).ok());
    auto opened = store::open_sqlite_store(db_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    service_ = std::make_unique<LefiService>(*store_);
    add_lefi_routes(pipeline_, *service_);
    add_lefi_v8_route(pipeline_, *service_);
    peer_.organisationsnummer = "2120000142";
  }

  platform::http::Response post(const std::string& major, const std::string& body,
                                const std::string& content_type = "application/json") {
    platform::http::Request request;
    request.method = "POST";
    request.path = "/rest/FK.EXI.LevereraFormansinformation.V" + major +
                   "/lefi-extern-formansinformation/v" + major +
                   "/aktorer/TEST-AKTOR/formansinformation/fraga";
    request.target = request.path;
    if (!content_type.empty()) request.headers["content-type"] = content_type;
    request.body = body;
    request.peer = &peer_;
    request.transaktions_id = "txid-" + major + "-" + std::to_string(++count_);
    return router_.dispatch(request);
  }

  std::string query() const {
    const std::string today = domain::format_date(domain::today_utc());
    const std::string from = domain::format_date(domain::add_days(domain::today_utc(), -700));
    return R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING","UTBETALNING",)"
           R"("PERSONUPPGIFTER"],"fromDatum":")" +
           from + R"(","tomDatum":")" + today + R"("})";
  }

  store::testing::TempDir dir_;
  std::string db_ = dir_.file("register.db");
  store::StorePtr store_;
  std::unique_ptr<LefiService> service_;
  platform::ActorRegistry actors_ = platform::ActorRegistry::test_mode();
  platform::http::Router router_;
  platform::pipeline::PartnerPipeline pipeline_{router_, actors_, nullptr};
  platform::tls::PeerIdentity peer_;
  int count_ = 0;
};

TEST_F(LefiV8RouteTest, AnswersTheV9DataInTheV8ShapeAndAuditsAsV8) {
  const auto v9_response = post("9", query());
  ASSERT_EQ(v9_response.status, 200) << v9_response.body;
  const auto v8_response = post("8", query());
  ASSERT_EQ(v8_response.status, 200) << v8_response.body;

  const json v9 = json::parse(v9_response.body);
  const json v8 = json::parse(v8_response.body);
  EXPECT_EQ(v9["version"], "9.0.2");
  EXPECT_EQ(v8["version"], "8.3.1");
  json expected = to_v8_answer(v9);
  // Only the per-request fields differ.
  expected["transaktionsId"] = v8["transaktionsId"];
  expected["tidpunkt"] = v8["tidpunkt"];
  EXPECT_EQ(v8, expected);
  EXPECT_FALSE(v8["utbetalningar"].empty()) << "the catalogue sjukpenning person has payments";

  auto entries = store_->audit().read(0, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].event.tjanst, "LEFI.FORMANSINFORMATION.V9");
  EXPECT_EQ((*entries)[1].event.tjanst, "LEFI.FORMANSINFORMATION.V8");
  EXPECT_EQ((*entries)[1].event.transaktions_id, v8["transaktionsId"]);
}

TEST_F(LefiV8RouteTest, AppliesTheSameChecksAsV9) {
  EXPECT_EQ(post("8", query(), "text/plain").status, 415);
  const auto bad = post("8", R"({"personnummer":"201701012394"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("felkod"), std::string::npos);
  auto entries = store_->audit().read(0, 10);
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
}

}  // namespace
}  // namespace utbyte::lefi
