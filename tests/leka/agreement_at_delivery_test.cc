// LEKA re-checks the agreement when it delivers: notifications produced while the agreement
// allowed their types are withheld (and not audited) once it no longer does, the page says so,
// and the cursor still moves past them. The "restart with a narrowed actors file" is a second
// pipeline over the same database with another ActorRegistry.

#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "leka/delivery_filter.h"
#include "leka/leka_routes.h"
#include "leka/leka_service.h"
#include "store/store.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::leka {
namespace {

using nlohmann::json;

constexpr const char* kOrg = "5560000001";
constexpr std::int64_t kNow = 1'795'424'400'000;  // 2026-11-23T09:00:00.000Z
const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

const std::string kPren =
    "/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/"
    "KOMMUN-1/prenumerationer";
const std::string kAvis =
    "/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/KOMMUN-1/"
    "aviseringar";

// One server: a pipeline over the shared database, with the actors file as it is at its start.
class Server {
 public:
  Server(store::Store& store, LekaService& service, const std::string& actors_file)
      : actors_(*platform::ActorRegistry::load(actors_file)) {
    peer_.organisationsnummer = kOrg;
    add_leka_routes(
        pipeline_, service, store, [] { return kNow; }, [] { return kToday; });
  }

  platform::http::Response call(const std::string& method, const std::string& target,
                                const std::string& body = "") {
    platform::http::Request request;
    request.method = method;
    request.target = target;
    request.path = target.substr(0, target.find('?'));
    if (!body.empty()) request.headers["content-type"] = "application/json";
    request.body = body;
    request.peer = &peer_;
    request.transaktions_id = "tx-" + std::to_string(++calls_);
    return router_.dispatch(request);
  }

 private:
  platform::ActorRegistry actors_;
  platform::tls::PeerIdentity peer_;
  platform::http::Router router_;
  platform::pipeline::PartnerPipeline pipeline_{router_, actors_, nullptr};
  int calls_ = 0;
};

class AgreementAtDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db = dir_.file("leka.db");
    ASSERT_TRUE(store::synthetic::generate_register(db, {60, 3, kToday}, nullptr).ok());
    auto opened = store::open_sqlite_store(db);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    service_ = std::make_unique<LekaService>(*store_, [] { return kNow; });
  }

  std::string actors(const std::string& name, const std::string& types) {
    const std::string path = dir_.file(name);
    std::ofstream(path) << R"({"aktorer":[{"aktorsId":"KOMMUN-1","organisationsnummer":")" << kOrg
                        << R"(","namn":"Kommun","informationstyper":[)" << types
                        << R"(],"rattsligGrund":"SFB 110 kap. 31 §"}]})";
    return path;
  }

  // The LEKA.AVISERING.V9 audit entries' types, as "personnummer TYPE".
  std::multiset<std::string> audited() {
    std::multiset<std::string> out;
    auto entries = store_->audit().read(0, 100000);
    EXPECT_TRUE(entries.ok());
    for (const auto& e : *entries) {
      if (e.event.tjanst != "LEKA.AVISERING.V9") continue;
      for (const auto& t : e.event.informationstyper) out.insert(e.event.personnummer + " " + t);
    }
    return out;
  }

  // Every stored notification of the actor, whatever the agreement says.
  std::vector<store::StoredNotification> stored() {
    auto page = store_->leka().notifications("KOMMUN-1", 1, 1000);
    EXPECT_TRUE(page.ok());
    return page->items;
  }

  store::testing::TempDir dir_;
  store::StorePtr store_;
  std::unique_ptr<LekaService> service_;
};

TEST_F(AgreementAtDeliveryTest, NarrowedAgreementWithholdsFeedAndRefresh) {
  const std::string broad =
      actors("broad.json", R"("SJUKPENNING","SGI","BARNBIDRAG","UTBETALNING")");
  const std::string narrow = actors("narrow.json", R"("SGI","BARNBIDRAG","UTBETALNING")");
  const std::string subscription =
      R"({"personnummer":"198503129986","informationstyper":["SJUKPENNING","SGI","UTBETALNING"],)"
      R"("fromDatum":"2025-01-01"})";
  {
    Server before(*store_, *service_, broad);
    ASSERT_EQ(before.call("POST", kPren, subscription).status, 201);
    ASSERT_EQ(before
                  .call("POST", kPren,
                        R"({"personnummer":"199007059984","informationstyper":["BARNBIDRAG"],)"
                        R"("fromDatum":"2025-01-01"})")
                  .status,
              201);
  }
  const auto all = stored();
  std::int64_t sjukpenning = 0;
  for (const auto& n : all)
    sjukpenning += n.informationstyp == domain::InformationType::kSjukpenning;
  ASSERT_GT(sjukpenning, 0) << "the catalogue person has sickness benefit";
  ASSERT_LT(sjukpenning, static_cast<std::int64_t>(all.size()));

  Server after(*store_, *service_, narrow);
  // Registering SJUKPENNING again is refused: no new first delivery of it.
  EXPECT_EQ(after.call("POST", kPren, subscription).status, 403);

  auto response = after.call("GET", kAvis + "?antal=1000");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto page = json::parse(response.body);
  EXPECT_EQ(page["aviseringar"].size(), all.size() - static_cast<std::size_t>(sjukpenning));
  for (const auto& n : page["aviseringar"]) EXPECT_NE(n["informationstyp"], "SJUKPENNING");
  EXPECT_EQ(page["senasteSekvens"], all.back().sekvens);
  EXPECT_EQ(page["nastaFromSekvens"], all.back().sekvens + 1);  // past the withheld ones
  ASSERT_EQ(page["meddelanden"].size(), 1u);
  const auto& note = page["meddelanden"][0];
  EXPECT_EQ(note["kod"], "AVISERINGAR_UNDANHALLNA");
  EXPECT_EQ(note["informationstyp"], "SJUKPENNING");
  EXPECT_EQ(note["antal"], sjukpenning);
  EXPECT_EQ(note["sekvensnummer"].size(), static_cast<std::size_t>(sjukpenning));
  EXPECT_EQ(note["text"], withheld_text({domain::InformationType::kSjukpenning,
                                         note["sekvensnummer"].get<std::vector<std::int64_t>>()}));

  // Nothing of SJUKPENNING audited; the rest is.
  const auto entries = audited();
  EXPECT_EQ(entries.count("198503129986 SJUKPENNING"), 0u);
  EXPECT_EQ(entries.count("198503129986 SGI"), 1u);
  // SGI's first delivery carries its payments (UTBETALNING is subscribed and still allowed).
  EXPECT_EQ(entries.count("198503129986 UTBETALNING"), 1u);
  EXPECT_EQ(entries.count("199007059984 BARNBIDRAG"), 1u);

  // The partner acknowledges past the withheld notifications and is not stuck on them.
  auto ack = after.call("POST", kAvis + "/kvittens",
                        fmt::format(R"({{"tomSekvens":{}}})", all.back().sekvens));
  ASSERT_EQ(ack.status, 200) << ack.body;
  const auto empty = json::parse(after.call("GET", kAvis).body);
  EXPECT_TRUE(empty["aviseringar"].empty());
  EXPECT_FALSE(empty.contains("meddelanden"));

  // A full refresh produces only what the agreement allows now, and says what it left out.
  auto refresh = after.call("POST", kAvis + "/heluppdatering", "{}");
  ASSERT_EQ(refresh.status, 202) << refresh.body;
  const auto refreshed = json::parse(refresh.body);
  EXPECT_EQ(refreshed["prenumerationer"], 2);
  ASSERT_EQ(refreshed["meddelanden"].size(), 1u);
  EXPECT_EQ(refreshed["meddelanden"][0]["kod"], "INFORMATIONSTYP_EJ_TILLATEN");
  EXPECT_EQ(refreshed["meddelanden"][0]["informationstyp"], "SJUKPENNING");
  EXPECT_EQ(refreshed["meddelanden"][0]["antal"], 1);
  const auto now = stored();
  ASSERT_EQ(static_cast<std::int64_t>(now.size()),
            all.back().sekvens + refreshed["aviseringar"].get<std::int64_t>());
  for (std::size_t i = all.size(); i < now.size(); ++i) {
    EXPECT_NE(now[i].informationstyp, domain::InformationType::kSjukpenning);
  }
  const auto refresh_page = json::parse(after.call("GET", kAvis).body);
  EXPECT_EQ(refresh_page["aviseringar"].size(), now.size() - all.size());
  EXPECT_FALSE(refresh_page.contains("meddelanden"));
}

TEST_F(AgreementAtDeliveryTest, WithoutUtbetalningNotificationsWithPaymentsAreWithheld) {
  {
    Server before(*store_, *service_, actors("broad.json", R"("SJUKPENNING","SGI","UTBETALNING")"));
    ASSERT_EQ(before
                  .call("POST", kPren,
                        R"({"personnummer":"198503129986","informationstyper":)"
                        R"(["SJUKPENNING","SGI","UTBETALNING"],"fromDatum":"2025-01-01"})")
                  .status,
              201);
  }
  Server after(*store_, *service_, actors("narrow.json", R"("SJUKPENNING","SGI")"));
  const auto page = json::parse(after.call("GET", kAvis + "?antal=1000").body);
  // The first delivery of each type carries its payments: all of it is withheld.
  EXPECT_TRUE(page["aviseringar"].empty());
  ASSERT_EQ(page["meddelanden"].size(), 1u);
  EXPECT_EQ(page["meddelanden"][0]["informationstyp"], "UTBETALNING");
  EXPECT_EQ(page["nastaFromSekvens"], page["senasteSekvens"].get<std::int64_t>() + 1);
  EXPECT_TRUE(audited().empty());

  // A refresh renders the same benefits without payments, which may then be delivered.
  auto refresh = after.call("POST", kAvis + "/heluppdatering", "{}");
  ASSERT_EQ(refresh.status, 202);
  EXPECT_EQ(json::parse(refresh.body)["meddelanden"][0]["informationstyp"], "UTBETALNING");
  const auto refreshed = json::parse(
      after
          .call("GET",
                kAvis + "?fromSekvens=" + std::to_string(page["nastaFromSekvens"].get<int>()))
          .body);
  ASSERT_FALSE(refreshed["aviseringar"].empty());
  for (const auto& n : refreshed["aviseringar"]) {
    EXPECT_EQ(n["handelse"], "HELUPPDATERING");
    EXPECT_FALSE(n["tillstand"].contains("utbetalningar"));
  }
  EXPECT_FALSE(refreshed.contains("meddelanden"));
  EXPECT_EQ(audited().count("198503129986 UTBETALNING"), 0u);
}

}  // namespace
}  // namespace utbyte::leka
