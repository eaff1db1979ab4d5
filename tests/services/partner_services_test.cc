#include "services/partner_services.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "platform/sla/service_windows.h"
#include "platform/tls/cert_authority.h"
#include "platform/versions.h"
#include "store/synthetic/register_generator.h"

// Every partner route that `utbyte serve` installs, enumerated: each has a complete profile,
// nothing partner-facing is wired beside the pipeline, and each refuses an organisation whose
// agreement leaves its service out, before its handler runs and without an audit entry.

namespace utbyte::services {
namespace {

namespace http = platform::http;
namespace pipeline = platform::pipeline;

constexpr std::string_view kServices[] = {platform::kTjanstLefi, platform::kTjanstLeka,
                                          platform::kTjanstEioa, platform::kTjanstSsbtek};
// One organisation per service its agreement leaves out, and one with all four.
constexpr std::pair<std::string_view, const char*> kOrgWithout[] = {
    {platform::kTjanstLefi, "5590000005"},
    {platform::kTjanstLeka, "5590000013"},
    {platform::kTjanstEioa, "5590000021"},
    {platform::kTjanstSsbtek, "5590000039"}};
constexpr const char* kOrgWithAll = "5590000047";

std::filesystem::path source_root() {
  return (std::filesystem::path(__FILE__).parent_path() / ".." / "..").lexically_normal();
}

std::string aktors_id_of(const std::string& org) { return "AKTOR-" + org; }

// The production agreements above, every information type.
std::string actors_file(const std::filesystem::path& dir) {
  nlohmann::json aktorer = nlohmann::json::array();
  const auto agreement = [](const std::string& org, std::vector<std::string> tjanster) {
    return nlohmann::json{{"aktorsId", aktors_id_of(org)},
                          {"organisationsnummer", org},
                          {"informationstyper", {"SJUKPENNING", "PERSONUPPGIFTER", "UTBETALNING"}},
                          {"rattsligGrund", "110 kap. 31 § SFB"},
                          {"tjanster", tjanster}};
  };
  std::vector<std::string> all(std::begin(kServices), std::end(kServices));
  for (const auto& entry : kOrgWithout) {
    // Not a structured binding: clang 14 cannot capture those in a lambda.
    const std::string_view left_out = entry.first;
    std::vector<std::string> rest;
    std::copy_if(all.begin(), all.end(), std::back_inserter(rest),
                 [left_out](const std::string& s) { return s != left_out; });
    aktorer.push_back(agreement(entry.second, rest));
  }
  aktorer.push_back(agreement(kOrgWithAll, all));
  const auto path = dir / "actors.json";
  std::ofstream(path) << nlohmann::json{{"aktorer", aktorer}}.dump();
  return path.string();
}

class PartnerServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path dir = dir_.file("");
    ASSERT_TRUE(platform::tls::init_dev_certs(dir / "certs").ok());
    store::synthetic::GenerateOptions generate;
    generate.persons = 0;
    generate.seed = 1;
    generate.as_of = domain::today_utc();
    ASSERT_TRUE(
        store::synthetic::generate_register(dir_.file("register.db"), generate, nullptr).ok());
    auto opened = store::open_sqlite_store(dir_.file("register.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    auto actors = platform::ActorRegistry::load(actors_file(dir));
    ASSERT_TRUE(actors.ok()) << actors.error().message;
    actors_.emplace(std::move(actors).value());
    lefi_ = std::make_unique<lefi::LefiService>(*store_);
    pipeline_.emplace(router_, *actors_, nullptr);

    PartnerServiceOptions options;
    options.eioa.certs_dir = (dir / "certs").string();
    options.eioa.contracts = (source_root() / "contracts").string();
    options.ssbtek.simulators = true;
    options.ssbtek.certs_dir = options.eioa.certs_dir;
    options.ssbtek.contracts_dir = options.eioa.contracts;
    auto installed =
        PartnerServices::install(*pipeline_, *store_, *lefi_, platform::system_clock(), options);
    ASSERT_TRUE(installed.ok()) << installed.error().message;
    services_ = std::move(installed).value();
  }

  // A request to `route` with its placeholders filled, from `org`.
  http::Response call(const pipeline::InstalledRoute& route, const std::string& org) {
    std::string path = route.pattern;
    for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      const std::size_t close = path.find('}', open);
      const bool aktor = path.compare(open, close - open + 1, "{aktorsId}") == 0;
      path.replace(open, close - open + 1, aktor ? aktors_id_of(org) : "X1");
    }
    platform::tls::PeerIdentity peer;
    peer.organisationsnummer = org;
    http::Request request;
    request.method = route.method;
    request.path = request.target = path;
    request.peer = &peer;
    request.transaktions_id = "tx-matris";
    request.body = "{}";
    request.headers["content-type"] = "application/json";
    return router_.dispatch(request);
  }

  static std::string felkod_of(const http::Response& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "X-Felkod") return value;
    }
    const auto doc = nlohmann::json::parse(response.body, nullptr, false);
    return doc.is_object() ? doc.value("felkod", "") : "";
  }

  std::int64_t audit_rows() {
    auto rows = store_->audit().read(0, 100000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? static_cast<std::int64_t>(rows->size()) : -1;
  }

  store::testing::TempDir dir_;
  store::StorePtr store_;
  std::optional<platform::ActorRegistry> actors_;
  std::unique_ptr<lefi::LefiService> lefi_;
  http::Router router_;
  std::optional<pipeline::PartnerPipeline> pipeline_;
  std::unique_ptr<PartnerServices> services_;
};

TEST_F(PartnerServicesTest, EveryPartnerRouteHasACompleteProfile) {
  const platform::VersionRegistry versions = platform::VersionRegistry::standard();
  std::map<std::string, int> per_service;
  for (const http::RouteInfo& route : router_.routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    if (route.access == http::RouteAccess::kPublic) {
      // What discloses nothing: WSDLs and schemas of the SOAP services, the web UI's assets.
      EXPECT_EQ(route.method, "GET");
      EXPECT_TRUE(route.pattern.starts_with("/ws/") || route.pattern.starts_with("/shs2/") ||
                  route.pattern.starts_with("/ssek/") || route.pattern.starts_with("/webb"));
      continue;
    }
    const auto& doors = pipeline_->doors();
    const auto door = std::find_if(doors.begin(), doors.end(), [&](const pipeline::Door& d) {
      return d.method == route.method && d.pattern == route.pattern;
    });
    if (door != doors.end()) {
      // A shared address (/ws, /shs2, a product's): every request goes on to a route that has
      // its own profile, so it takes that route's road.
      EXPECT_FALSE(door->targets.empty());
      for (const std::string& target : door->targets) {
        const pipeline::RouteProfile* behind = pipeline_->profile_of(route.method, target);
        ASSERT_NE(behind, nullptr) << target;
        EXPECT_EQ(behind->binding, door->binding) << target;
        EXPECT_FALSE(behind->payload_namespace.empty()) << target;
      }
      continue;
    }
    const pipeline::RouteProfile* profile = pipeline_->profile_of(route.method, route.pattern);
    ASSERT_NE(profile, nullptr) << "a partner route wired beside the pipeline";
    EXPECT_NE(std::find(std::begin(kServices), std::end(kServices), profile->tjanst),
              std::end(kServices));
    EXPECT_NE(std::find(std::begin(platform::sla::kAllWindowServices),
                        std::end(platform::sla::kAllWindowServices), profile->gate.service),
              std::end(platform::sla::kAllWindowServices));
    // A registered major (whether served today is the registry's business: v8 is past its end
    // of life and answers 410).
    const auto majors = versions.versions(profile->gate.api);
    EXPECT_TRUE(
        std::any_of(majors.begin(), majors.end(),
                    [&](const platform::ApiVersion& v) { return v.major == profile->gate.major; }))
        << profile->gate.api << " " << profile->gate.major;
    if (profile->binding == pipeline::Binding::kWeb) {
      EXPECT_TRUE(profile->render_error);
    }
    // One Content-Type rule for every REST call of every service.
    if (profile->binding == pipeline::Binding::kRest) {
      EXPECT_EQ(profile->body, pipeline::BodyRule::kJson);
    }
    if (profile->binding == pipeline::Binding::kSoap ||
        profile->binding == pipeline::Binding::kShs2 ||
        profile->binding == pipeline::Binding::kSsek) {
      EXPECT_EQ(profile->body, pipeline::BodyRule::kSoapXml);
    }
    // Only pages that show a form may go without a capacity budget.
    if (!profile->gate.sla_class) {
      EXPECT_EQ(profile->binding, pipeline::Binding::kWeb);
    }
    ++per_service[profile->tjanst];
  }
  // LEFI: v9, v8, 4 Massfråga routes, 5 web pages and v5–7 on WS, SHS2 and SSEK; LEKA: 7 of v9
  // and v5–7's 5 operations on WS and SHS2; E-IOA and SSBTEK on WS and SHS2.
  EXPECT_EQ(per_service["LEFI"], 20);
  EXPECT_EQ(per_service["LEKA"], 37);
  EXPECT_EQ(per_service["EIOA"], 2);
  EXPECT_EQ(per_service["SSBTEK"], 2);
  EXPECT_EQ(pipeline_->routes().size(), 61u);
  // The doors: /ws and /shs2 in front of every SOAP operation, LEFI's product addresses (WS,
  // SHS2, SSEK) in front of its three generations, LEKA's in front of its fifteen operations.
  std::map<std::string, std::size_t> doors;
  for (const auto& door : pipeline_->doors()) doors[door.pattern] = door.targets.size();
  EXPECT_EQ(doors, (std::map<std::string, std::size_t>{{"/ws", 20},
                                                       {"/shs2", 20},
                                                       {"/ws/FK.EXA.Lefi.Fraga", 3},
                                                       {"/shs2/FK.EXA.Lefi.Fraga", 3},
                                                       {"/ssek/FK.EXA.Lefi.Fraga", 3},
                                                       {"/ws/FK.EXA.Leka", 15},
                                                       {"/shs2/FK.EXA.Leka", 15}}));
}

TEST_F(PartnerServicesTest, EveryRouteRefusesAnAgreementWithoutItsService) {
  const std::int64_t before = audit_rows();
  for (const pipeline::InstalledRoute& route : pipeline_->routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    const auto without =
        std::find_if(std::begin(kOrgWithout), std::end(kOrgWithout),
                     [&](const auto& e) { return e.first == route.profile.tjanst; });
    ASSERT_NE(without, std::end(kOrgWithout));
    const http::Response refused = call(route, without->second);
    EXPECT_EQ(refused.status, 403);
    if (route.profile.binding != pipeline::Binding::kWeb) {
      EXPECT_EQ(felkod_of(refused), "TJANST_EJ_I_AVTALET");
    } else {
      EXPECT_NE(refused.body.find("omfattar LEFI"), std::string::npos) << refused.body;
    }
    // An organisation whose agreement covers it reaches the service (which may well refuse the
    // empty request for its own reasons).
    const http::Response served = call(route, kOrgWithAll);
    EXPECT_NE(felkod_of(served), "TJANST_EJ_I_AVTALET");
    EXPECT_NE(felkod_of(served), "AKTOR_EJ_BEHORIG");
  }
  EXPECT_EQ(audit_rows(), before) << "nothing was disclosed, so nothing was audited";
}

}  // namespace
}  // namespace utbyte::services
