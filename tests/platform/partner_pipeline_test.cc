#include "platform/pipeline/partner_pipeline.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "platform/sla/service_gate.h"
#include "platform/versions.h"

namespace utbyte::platform::pipeline {
namespace {

constexpr const char* kLefiOrg = "5590000005";    // agreement LEFI-1: LEFI only
constexpr const char* kSsbtekOrg = "5590000013";  // agreement KOMMUN-1: SSBTEK, LEFI per basis
constexpr const char* kUnknownOrg = "5590000021";

class ManualClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    // Wednesday 2025-11-26 10:00 Stockholm: open, no window, v8 deprecated (until 2026-03-10).
    return std::chrono::sys_days{std::chrono::year{2025} / 11 / 26} + std::chrono::hours(9);
  }
  std::chrono::steady_clock::time_point steady_now() const override { return steady; }
  std::chrono::steady_clock::time_point steady{std::chrono::hours(1)};
};

class NoWindows final : public store::WindowStore {
 public:
  Result<store::ServiceWindowRecord> add(const store::ServiceWindowRecord& w) override { return w; }
  Result<std::vector<store::ServiceWindowRecord>> list() override {
    return std::vector<store::ServiceWindowRecord>{};
  }
  Result<bool> remove(const std::string&) override { return false; }
};

ActorRegistry production_actors() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("utbyte-pipeline-actors-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"aktorer":[)"
                      << R"({"aktorsId":"LEFI-1","organisationsnummer":")" << kLefiOrg
                      << R"(","informationstyper":["SJUKPENNING"],"rattsligGrund":"110 kap. SFB",)"
                      << R"("tjanster":["LEFI"]},)"
                      << R"({"aktorsId":"KOMMUN-1","organisationsnummer":")" << kSsbtekOrg
                      << R"(","informationstyper":["SJUKPENNING"],"rattsligGrund":"4 kap. SoL",)"
                      << R"("rattsligGrundPerTjanst":{"LEFI":"110 kap. 31 § SFB"},)"
                      << R"("tjanster":["SSBTEK","LEFI"]}]})";
  auto loaded = ActorRegistry::load(path.string());
  std::filesystem::remove(path);
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
  return std::move(loaded).value();
}

class PartnerPipelineTest : public ::testing::Test {
 protected:
  PartnerPipelineTest() {
    RouteProfile rest;
    rest.tjanst = std::string(kTjanstLefi);
    rest.gate = {"LEFI_ONLINE", sla::ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 9};
    rest.body = BodyRule::kJson;
    pipeline_.install({"POST", "/rest/x/aktorer/{aktorsId}/fraga", rest, record()});
    RouteProfile soap = rest;
    soap.tjanst = std::string(kTjanstSsbtek);
    soap.binding = Binding::kShs2;
    soap.gate = {"SSBTEK", sla::ServiceClass::kSsbtek, "SSBTEK", 1};
    soap.body = BodyRule::kSoapXml;
    pipeline_.install({"POST", "/shs2/X", soap, record()});
  }

  PartnerHandler record() {
    return [this](http::Request&, const Agreement& agreement) {
      ++calls_;
      last_basis_ = agreement.rattslig_grund;
      return http::Response{};
    };
  }

  http::Response post(const std::string& path, const char* org, const char* content_type) {
    tls::PeerIdentity peer;
    peer.organisationsnummer = org;
    http::Request request;
    request.method = "POST";
    request.path = request.target = path;
    request.headers["content-type"] = content_type;
    request.peer = &peer;
    request.transaktions_id = "tx-1";
    http::Response response = router_.dispatch(request);
    if (response.on_sent) response.on_sent();
    return response;
  }

  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }
  static std::string felkod(const http::Response& r) { return header(r, "X-Felkod"); }
  static std::string json_felkod(const http::Response& r) {
    return nlohmann::json::parse(r.body).value("felkod", "");
  }

  ActorRegistry actors_ = production_actors();
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  VersionRegistry versions_ = VersionRegistry::standard();
  NoWindows windows_;
  Metrics metrics_;
  sla::ServiceGate gate_{clock_, sla::SlaConfig{}, versions_, windows_, metrics_};
  http::Router router_;
  PartnerPipeline pipeline_{router_, actors_, &gate_};
  int calls_ = 0;
  std::string last_basis_;
};

TEST_F(PartnerPipelineTest, ServesTheAgreementForTheRoutesServiceWithItsLegalBasis) {
  EXPECT_EQ(post("/rest/x/aktorer/LEFI-1/fraga", kLefiOrg, "application/json").status, 200);
  EXPECT_EQ(last_basis_, "110 kap. SFB");
  EXPECT_EQ(post("/rest/x/aktorer/KOMMUN-1/fraga", kSsbtekOrg, "application/json").status, 200);
  EXPECT_EQ(last_basis_, "110 kap. 31 § SFB") << "the basis the agreement names for LEFI";
  EXPECT_EQ(post("/shs2/X", kSsbtekOrg, "text/xml").status, 200);
  EXPECT_EQ(last_basis_, "4 kap. SoL");
  EXPECT_EQ(calls_, 3);
}

TEST_F(PartnerPipelineTest, RefusesAServiceOutsideTheAgreementBeforeTheHandler) {
  const auto rest = post("/shs2/X", kLefiOrg, "text/xml");
  EXPECT_EQ(rest.status, 403);
  EXPECT_EQ(felkod(rest), "TJANST_EJ_I_AVTALET");
  EXPECT_NE(rest.body.find("Fault>"), std::string::npos) << "a SOAP fault: " << rest.body;
  const auto unknown = post("/rest/x/aktorer/LEFI-1/fraga", kUnknownOrg, "application/json");
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(json_felkod(unknown), "AKTOR_EJ_BEHORIG");
  const auto other = post("/rest/x/aktorer/LEFI-1/fraga", kSsbtekOrg, "application/json");
  EXPECT_EQ(json_felkod(other), "AKTOR_EJ_BEHORIG") << "another organisation's aktorsId";
  EXPECT_EQ(calls_, 0);
}

TEST_F(PartnerPipelineTest, RefusalsSpendNoBudgetAndAdmittedCallsDo) {
  for (int i = 0; i < 3; ++i) post("/rest/x/aktorer/LEFI-1/fraga", kUnknownOrg, "application/json");
  EXPECT_EQ(post("/rest/x/aktorer/LEFI-1/fraga", kLefiOrg, "application/json").status, 200);
  const auto refused = post("/rest/x/aktorer/LEFI-1/fraga", kLefiOrg, "application/json");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "1");
  EXPECT_EQ(calls_, 1);
}

TEST_F(PartnerPipelineTest, ChecksTheMediaTypeAfterTheGate) {
  const auto wrong = post("/rest/x/aktorer/LEFI-1/fraga", kLefiOrg, "text/plain");
  EXPECT_EQ(wrong.status, 415);
  EXPECT_EQ(json_felkod(wrong), "FEL_CONTENT_TYPE");
  clock_->steady += std::chrono::seconds(2);
  const auto soap = post("/shs2/X", kSsbtekOrg, "application/json");
  EXPECT_EQ(soap.status, 415);
  EXPECT_EQ(felkod(soap), "FEL_CONTENT_TYPE");
  EXPECT_EQ(calls_, 0);
}

TEST_F(PartnerPipelineTest, ADeferredAnswerKeepsTheGateHeadersAndTicket) {
  RouteProfile v8;
  v8.tjanst = std::string(kTjanstLefi);
  v8.gate = {"LEFI_ONLINE", sla::ServiceClass::kOnline, "LEFI_FORMANSINFORMATION", 8};
  http::Responder later;
  pipeline_.install(
      {"POST", "/rest/v8/aktorer/{aktorsId}/fraga", v8, [&later](http::Request&, const Agreement&) {
         http::Response pending;
         pending.deferred = [&later](http::Responder respond) { later = std::move(respond); };
         return pending;
       }});
  const auto pending = post("/rest/v8/aktorer/LEFI-1/fraga", kLefiOrg, "application/json");
  ASSERT_TRUE(pending.deferred);
  http::Response final_answer;
  pending.deferred([&final_answer](http::Response r) { final_answer = std::move(r); });
  ASSERT_TRUE(later);
  http::Response answer;
  answer.body = "{}";
  later(std::move(answer));
  EXPECT_EQ(final_answer.body, "{}");
  EXPECT_NE(header(final_answer, "Deprecation"), "") << "v8 is deprecated on 2025-11-26";
  EXPECT_TRUE(final_answer.on_sent) << "the SLA ticket ends when the final answer is sent";
}

TEST_F(PartnerPipelineTest, KnowsEveryProfileItInstalled) {
  ASSERT_EQ(pipeline_.routes().size(), 2u);
  ASSERT_NE(pipeline_.profile_of("POST", "/shs2/X"), nullptr);
  EXPECT_EQ(pipeline_.profile_of("POST", "/shs2/X")->binding, Binding::kShs2);
  EXPECT_EQ(pipeline_.profile_of("GET", "/shs2/X"), nullptr);
  for (const auto& route : router_.routes()) EXPECT_EQ(route.access, http::RouteAccess::kPartner);
}

}  // namespace
}  // namespace utbyte::platform::pipeline
