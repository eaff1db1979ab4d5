#include "lefi/async/bestallning_routes.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "store/store.h"

namespace utbyte::lefi::async {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'795'424'400'000;  // 2026-11-23T09:00:00.000Z

const std::string kMottagare =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
    "lefi-extern-bestallningsmottagare/v10/aktorer/";
const std::string kLeverantor =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/";

const std::string kOrder =
    R"({"klientreferens":"REF-1","informationstyper":["SJUKPENNING"],"fromDatum":"2025-11-01",)"
    R"("tomDatum":"2026-10-31","personer":["198503129986","20170101239","19850312-9986"]})";

class BestallningRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite_store(dir_.file("orders.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    peer_.organisationsnummer = "5567890123";
    add_bestallning_routes(
        pipeline_, store_->orders(), [] { return kNow; },
        [] { return *domain::parse_date("2026-11-23"); });
  }

  platform::http::Response call(const std::string& method, const std::string& target,
                                const std::string& body = "",
                                const std::string& content_type = "application/json") {
    platform::http::Request request;
    request.method = method;
    request.target = target;
    request.path = target.substr(0, target.find('?'));
    if (!content_type.empty()) request.headers["content-type"] = content_type;
    request.body = body;
    request.peer = &peer_;
    request.transaktions_id = "t-1";
    return router_.dispatch(request);
  }

  static std::string felkod(const platform::http::Response& response) {
    return json::parse(response.body).value("felkod", "");
  }

  store::testing::TempDir dir_;
  store::StorePtr store_;
  platform::ActorRegistry actors_ = platform::ActorRegistry::test_mode();
  platform::tls::PeerIdentity peer_;
  platform::http::Router router_;
  platform::pipeline::PartnerPipeline pipeline_{router_, actors_, nullptr};
};

TEST_F(BestallningRoutesTest, SubmitReportsInvalidLinesAndIsIdempotentPerKlientreferens) {
  auto response = call("POST", kMottagare + "A1/bestallningar", kOrder);
  ASSERT_EQ(response.status, 202) << response.body;
  const auto body = json::parse(response.body);
  const std::string id = body["bestallningsId"];
  EXPECT_EQ(body["status"], "MOTTAGEN");
  EXPECT_EQ(body["klientreferens"], "REF-1");
  EXPECT_EQ(body["mottagen"], "2026-11-23T09:00:00.000Z");
  EXPECT_EQ(body["antal"], json::parse(R"({"totalt":3,"giltiga":2,"ogiltiga":1})"));
  ASSERT_EQ(body["ogiltiga"].size(), 1u);
  EXPECT_EQ(body["ogiltiga"][0]["rad"], 2);
  EXPECT_EQ(body["ogiltiga"][0]["personnummer"], "20170101239");
  EXPECT_EQ(body["ogiltiga"][0]["felkod"], "OGILTIGT_PERSONNUMMER");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Location");
  EXPECT_EQ(response.headers[0].second, kLeverantor + "A1/bestallningar/" + id);

  auto again = call("POST", kMottagare + "A1/bestallningar", kOrder);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["bestallningsId"], id);
  // Another actor's klientreferens space is its own.
  EXPECT_EQ(call("POST", kMottagare + "A2/bestallningar", kOrder).status, 202);
}

TEST_F(BestallningRoutesTest, SubmitErrors) {
  EXPECT_EQ(call("POST", kMottagare + "A1/bestallningar", kOrder, "text/plain").status, 415);
  EXPECT_EQ(call("POST", kMottagare + "A1/bestallningar", kOrder, "").status, 415);
  // Any aktorsId a URL can carry is fine in test mode ("A%20B" is "A B"); a control character
  // is not.
  auto bad_actor = call("POST", kMottagare + "A%01B/bestallningar", kOrder);
  EXPECT_EQ(bad_actor.status, 400);
  EXPECT_EQ(felkod(bad_actor), "OGILTIGT_AKTORSID");
  auto empty = call("POST", kMottagare + "A1/bestallningar",
                    R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2025-11-01",)"
                    R"("tomDatum":"2026-10-31","personer":[]})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(felkod(empty), "OGILTIG_FRAGA");
  auto dates = call("POST", kMottagare + "A1/bestallningar",
                    R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2026-11-01",)"
                    R"("tomDatum":"2025-10-31","personer":["198503129986"]})");
  EXPECT_EQ(felkod(dates), "OGILTIGT_DATUMINTERVALL");
}

TEST_F(BestallningRoutesTest, StatusAnswersAndKvittens) {
  const std::string id =
      json::parse(call("POST", kMottagare + "A1/bestallningar", kOrder).body)["bestallningsId"];
  const std::string order_path = kLeverantor + "A1/bestallningar/" + id;

  auto status = call("GET", order_path, "", "");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(json::parse(status.body)["antal"],
            json::parse(R"({"totalt":3,"giltiga":2,"ogiltiga":1,"besvarade":0,"aterstar":2,)"
                        R"("kvitterade":0})"));
  EXPECT_FALSE(json::parse(status.body).contains("klar"));
  EXPECT_EQ(felkod(call("GET", kLeverantor + "A2/bestallningar/" + id, "", "")), "RESURS_SAKNAS");
  EXPECT_EQ(call("GET", kLeverantor + "A1/bestallningar/B-0000000000000000", "", "").status, 404);

  // Nothing answered yet: row 1 is still waiting, so the page is empty.
  auto page = json::parse(call("GET", order_path + "/svar", "", "").body);
  EXPECT_TRUE(page["svar"].empty());
  EXPECT_EQ(page["nastaEfterRad"], 0);
  EXPECT_EQ(page["slut"], false);

  for (const char* bad : {"?antal=0", "?antal=1001", "?efterRad=-1", "?efterRad=x",
                          "?antal=1&antal=2", "?efterRad="}) {
    auto response = call("GET", order_path + "/svar" + bad, "", "");
    EXPECT_EQ(response.status, 400) << bad;
    EXPECT_EQ(felkod(response), "OGILTIG_FRAGA") << bad;
  }

  const std::int64_t now = kNow;
  auto items = store_->orders().claim(10, "w", now, now + 60'000);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  std::vector<store::CompletedItem> done;
  for (const auto& item : *items) {
    done.push_back({item.order_id, item.rad, store::AnswerOutcome::kPersonSaknas,
                    R"({"fraga":{"personnummer":")" + item.personnummer + R"("}})"});
  }
  ASSERT_TRUE(store_->orders().complete(done, now + 5).ok());

  auto first = json::parse(call("GET", order_path + "/svar?antal=2", "", "").body);
  EXPECT_EQ(first["status"], "KLAR");
  ASSERT_EQ(first["svar"].size(), 2u);
  EXPECT_EQ(first["svar"][0]["status"], "BESVARAD");
  EXPECT_EQ(first["svar"][0]["utfall"], "PERSON_SAKNAS");
  EXPECT_EQ(first["svar"][0]["svar"]["fraga"]["personnummer"], "198503129986");
  EXPECT_EQ(first["svar"][1]["status"], "OGILTIG");
  EXPECT_EQ(first["svar"][1]["fel"]["felkod"], "OGILTIGT_PERSONNUMMER");
  EXPECT_EQ(first["nastaEfterRad"], 2);
  EXPECT_EQ(first["slut"], false);
  auto rest = json::parse(call("GET", order_path + "/svar?efterRad=2&antal=100", "", "").body);
  ASSERT_EQ(rest["svar"].size(), 1u);
  EXPECT_EQ(rest["svar"][0]["rad"], 3);
  EXPECT_EQ(rest["slut"], true);

  auto done_status = json::parse(call("GET", order_path, "", "").body);
  EXPECT_EQ(done_status["status"], "KLAR");
  EXPECT_EQ(done_status["klar"], "2026-11-23T09:00:00.005Z");

  EXPECT_EQ(call("POST", order_path + "/kvittens", R"({"tomRad":2})", "text/plain").status, 415);
  EXPECT_EQ(felkod(call("POST", order_path + "/kvittens", R"({"tomRad":-1})")), "OGILTIG_FRAGA");
  EXPECT_EQ(felkod(call("POST", order_path + "/kvittens", R"({"rad":1})")), "OGILTIG_FRAGA");
  EXPECT_EQ(felkod(call("POST", order_path + "/kvittens", "{")), "FELAKTIG_JSON");
  auto kvittens = call("POST", order_path + "/kvittens", R"({"tomRad":2})");
  ASSERT_EQ(kvittens.status, 200) << kvittens.body;
  EXPECT_EQ(json::parse(kvittens.body),
            json::parse(R"({"bestallningsId":")" + id + R"(","kvitteradeNu":2,"kvitterade":2})"));
  EXPECT_EQ(
      json::parse(call("POST", order_path + "/kvittens", R"({"tomRad":3})").body)["kvitteradeNu"],
      1);
  EXPECT_EQ(
      call("POST", kLeverantor + "A2/bestallningar/" + id + "/kvittens", R"({"tomRad":3})").status,
      404);
}

}  // namespace
}  // namespace utbyte::lefi::async
