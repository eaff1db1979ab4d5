// Massfråga's answers are handed out only while the agreement still allows every type of the
// order: an order accepted under a wider agreement (the actors file narrowed and the server
// restarted since) gets 403 INFORMATIONSTYP_EJ_TILLATEN on its pages. Its stored answers are
// whole v9 documents and are not edited.

#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "lefi/async/bestallning_routes.h"
#include "store/store.h"

namespace utbyte::lefi::async {
namespace {

using domain::InformationType;
using nlohmann::json;

constexpr const char* kOrg = "5560000001";
constexpr std::int64_t kNow = 1'795'424'400'000;

const std::string kLeverantor =
    "/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
    "lefi-extern-bestallningsleverantor/v10/aktorer/KOMMUN-1/bestallningar/";

class BestallningAgreementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite_store(dir_.file("orders.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    peer_.organisationsnummer = kOrg;

    // An order accepted while SJUKPENNING and UTBETALNING were allowed, answered in full.
    store::OrderRequest request;
    request.aktors_id = "KOMMUN-1";
    request.organisationsnummer = kOrg;
    request.informationstyper = {InformationType::kSjukpenning, InformationType::kUtbetalning};
    request.period = {*domain::parse_date("2025-11-01"), *domain::parse_date("2026-10-31")};
    request.rattslig_grund = "SFB 110 kap. 31 §";
    request.mottagen_ms = kNow;
    const std::vector<store::OrderLine> lines = {{"198503129986", "", ""}};
    auto created = store_->orders().create(request, lines);
    ASSERT_TRUE(created.ok());
    order_id_ = created->order.id;
    auto items = store_->orders().claim(10, "w", kNow, kNow + 60'000);
    ASSERT_TRUE(items.ok() && items->size() == 1u);
    const std::vector<store::CompletedItem> done = {
        {order_id_, 1, store::AnswerOutcome::kUtlamnat, R"({"formaner":[]})"}};
    ASSERT_TRUE(store_->orders().complete(done, kNow + 1).ok());
  }

  // A GET of `path` (below the order) on a server started with `types` in the agreement.
  platform::http::Response get(const std::string& types, const std::string& path) {
    const std::string file = dir_.file("actors.json");
    std::ofstream(file) << R"({"aktorer":[{"aktorsId":"KOMMUN-1","organisationsnummer":")" << kOrg
                        << R"(","namn":"Kommun","informationstyper":[)" << types
                        << R"(],"rattsligGrund":"SFB 110 kap. 31 §"}]})";
    auto actors = platform::ActorRegistry::load(file);
    EXPECT_TRUE(actors.ok()) << actors.error().message;
    platform::http::Router router;
    platform::pipeline::PartnerPipeline pipeline(router, *actors, nullptr);
    add_bestallning_routes(
        pipeline, store_->orders(), [] { return kNow; },
        [] { return *domain::parse_date("2026-11-23"); });
    platform::http::Request request;
    request.method = "GET";
    request.target = kLeverantor + order_id_ + path;
    request.path = request.target.substr(0, request.target.find('?'));
    request.peer = &peer_;
    request.transaktions_id = "t-1";
    return router.dispatch(request);
  }

  store::testing::TempDir dir_;
  store::StorePtr store_;
  platform::tls::PeerIdentity peer_;
  std::string order_id_;
};

TEST_F(BestallningAgreementTest, AnswersNeedEveryTypeOfTheOrderStillAllowed) {
  auto allowed = get(R"("SJUKPENNING","UTBETALNING","BARNBIDRAG")", "/svar");
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(json::parse(allowed.body)["svar"].size(), 1u);

  auto narrowed = get(R"("UTBETALNING","BARNBIDRAG")", "/svar?efterRad=0");
  EXPECT_EQ(narrowed.status, 403);
  const auto error = json::parse(narrowed.body);
  EXPECT_EQ(error["felkod"], "INFORMATIONSTYP_EJ_TILLATEN");
  EXPECT_EQ(error["felmeddelande"],
            "Avtalet medger inte längre informationstypen SJUKPENNING som beställningen omfattar; "
            "svaren lämnas inte ut");
  auto none = get(R"("BARNBIDRAG")", "/svar");
  EXPECT_EQ(json::parse(none.body)["felmeddelande"],
            "Avtalet medger inte längre informationstyperna SJUKPENNING, UTBETALNING som "
            "beställningen omfattar; svaren lämnas inte ut");
  // The status discloses no benefit information and stays readable.
  EXPECT_EQ(get(R"("BARNBIDRAG")", "").status, 200);
  // Downloads are not audited (the workers audit each answered person): nothing was added.
  auto entries = store_->audit().read(0, 100);
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
}

}  // namespace
}  // namespace utbyte::lefi::async
