#include "lefi/lefi_v8.h"

#include <gtest/gtest.h>

#include "../store/test_db.h"
#include "lefi/answer_writer.h"
#include "lefi/lefi_routes.h"
#include "lefi/lefi_service.h"
#include "legacy_v8.h"
#include "platform/actors.h"
#include "platform/http/router.h"
#include "store/store.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::lefi {
namespace {

using json = nlohmann::ordered_json;
using domain::InformationType;
using legacy::legacy_v8_json;

domain::Date date(const char* text) { return *domain::parse_date(text); }

// A small answer with every part v8 reshapes.
LefiAnswer sample_answer() {
  LefiAnswer a;
  a.transaktions_id = "4f0c1a9e-2b7d-4c3e-9a51-6d2e8b7f1c20";
  a.tidpunkt = "2026-11-23T06:01:02.123Z";
  a.syntetiska_uppgifter = true;
  a.fraga = {*domain::parse_personnummer("201701012393"),
             {InformationType::kSjukpenning, InformationType::kUtbetalning,
              InformationType::kPersonuppgifter},
             {date("2025-01-01"), date("2025-12-31")}};
  store::PersonRecord person;
  person.personnummer = "201701012393";
  person.fornamn = "Test";
  person.efternamn = "Testsson";
  person.fodelsedatum = date("2017-01-01");
  person.adress = {"Gatan 1", "12345", "Byn"};
  a.personuppgifter = person;
  store::DecisionRecord decision;
  decision.beslut_id = "B-1";
  decision.beslutsdatum = date("2025-02-03");
  decision.from = date("2025-01-20");
  a.formaner = {{InformationType::kSjukpenning, domain::Myndighet::kFK, {decision}}};
  store::PaymentRecord payment;
  payment.utbetalnings_id = "U-1";
  payment.foretag = "Försäkringskassan";
  payment.utbetalningsdatum = date("2025-02-25");
  payment.period_from = date("2025-01-20");
  payment.period_tom = date("2025-02-16");
  payment.bruttobelopp = 100;
  payment.skatteavdrag = 30;
  payment.nettobelopp = 70;
  payment.beloppstyp = "DAGERSATTNING";
  a.utbetalningar = std::vector<store::PaymentRecord>{payment};
  a.meddelanden = {{MeddelandeKod::kSyntetiskaUppgifter, "Syntetiskt.", std::nullopt}};
  return a;
}

TEST(LefiV8Test, PathIsTheV9PathOfMajor8) {
  EXPECT_EQ(std::string(kFragaPathV8),
            "/rest/FK.EXI.LevereraFormansinformation.V8/lefi-extern-formansinformation/v8/"
            "aktorer/{aktorsId}/formansinformation/fraga");
}

TEST(LefiV8Test, DropsWhatV9AddedAndKeepsTheRest) {
  const LefiAnswer answer = sample_answer();
  const std::string text = render_v8_json(answer);
  EXPECT_EQ(text, legacy_v8_json(render_v9_json(answer)));
  const json v9 = json::parse(render_v9_json(answer));
  const json v8 = json::parse(text);
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
}

TEST(LefiV8Test, AnswerWithoutPaymentsOrPersonStaysWithoutThem) {
  LefiAnswer answer = sample_answer();
  answer.utbetalningar.reset();
  answer.personuppgifter.reset();
  const std::string text = render_v8_json(answer);
  EXPECT_EQ(text, legacy_v8_json(render_v9_json(answer)));
  const json v8 = json::parse(text);
  EXPECT_FALSE(v8.contains("utbetalningar"));
  EXPECT_FALSE(v8.contains("personuppgifter"));
  EXPECT_TRUE(v8["formaner"].is_array());
}

TEST(LefiV8Test, EscapesStringsAsTheDomBasedRenderingDid) {
  // v9 has always written \b and \f as \u0008 and \u000c; nlohmann writes them short.
  LefiAnswer answer = sample_answer();
  std::string every_control;
  for (int c = 1; c < 0x20; ++c) every_control += static_cast<char>(c);
  answer.personuppgifter->fornamn = "Å\"\\/" + every_control + "\x7f";
  answer.formaner[0].beslut[0].beskrivning = "tab\there\bback\fform";
  answer.meddelanden[0].text = every_control;
  const std::string v9 = render_v9_json(answer);
  EXPECT_NE(v9.find("\\u0008"), std::string::npos);
  EXPECT_EQ(render_v8_json(answer), legacy_v8_json(v9));
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
  json expected = json::parse(legacy_v8_json(v9_response.body));
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
