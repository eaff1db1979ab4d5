#include "platform/actors.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace utbyte::platform {
namespace {

// Luhn-valid organisation numbers with third digit >= 2.
constexpr const char* kOrgA = "5560000001";
constexpr const char* kOrgB = "2120000142";

class ActorRegistryTest : public ::testing::Test {
 protected:
  std::string write_actors(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("utbyte-actors-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json");
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  static tls::PeerIdentity peer(const std::string& orgnr) {
    tls::PeerIdentity p;
    p.organisationsnummer = orgnr;
    return p;
  }

  std::filesystem::path path_;
};

TEST_F(ActorRegistryTest, TestModeAcceptsAnyStringAllowedInAUrl) {
  const auto registry = ActorRegistry::test_mode();
  auto agreement = registry.authorize(peer(kOrgA), "min-testaktor_1.x~");
  ASSERT_TRUE(agreement.ok());
  EXPECT_EQ(agreement->aktors_id, "min-testaktor_1.x~");
  EXPECT_EQ(agreement->rattslig_grund, "TESTMILJO");
  EXPECT_EQ(agreement->informationstyper.size(), domain::all_information_types().size());
  // What a URL can carry once percent-decoded (seeds 000/001: "godtycklig sträng").
  std::string sixty_four_a_ring;
  for (int i = 0; i < 64; ++i) sixty_four_a_ring += "å";
  for (const std::string& good :
       {std::string("a/b"), std::string("å"), std::string("Kommun Åre 1"), std::string("x%20"),
        std::string("a!$&'()*+,;=:@b"), std::string("\xF0\x9F\x98\x80"), sixty_four_a_ring}) {
    EXPECT_TRUE(registry.authorize(peer(kOrgA), good).ok()) << good;
  }
  for (const std::string& bad :
       {std::string(), std::string(65, 'a'), sixty_four_a_ring + "a", std::string("a\x01b"),
        std::string("a\x7F"), std::string("\xC2\x85"), std::string("\xC3"), std::string("\xC0\xAF"),
        std::string("\xED\xA0\x80"), std::string("a\0b", 3)}) {
    auto r = registry.authorize(peer(kOrgA), bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidAktorsId);
  }
}

TEST_F(ActorRegistryTest, ProductionMapsCertificateToAgreement) {
  auto registry = ActorRegistry::load(write_actors(
      std::string(R"({"aktorer":[{"aktorsId":"KOMMUN-1","organisationsnummer":")") + kOrgA +
      R"(","namn":"Kommun","informationstyper":["BOSTADSBIDRAG","UTBETALNING"],)"
      R"("rattsligGrund":"SFB 110 kap. 31 §"}]})"));
  ASSERT_TRUE(registry.ok()) << registry.error().message;
  auto ok = registry->authorize(peer(kOrgA), "KOMMUN-1");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->informationstyper.size(), 2u);
  EXPECT_EQ(ok->rattslig_grund, "SFB 110 kap. 31 §");

  auto mismatch = registry->authorize(peer(kOrgA), "KOMMUN-2");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, ErrorCode::kActorNotPermitted);
  auto stranger = registry->authorize(peer(kOrgB), "KOMMUN-1");
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, ErrorCode::kActorNotPermitted);
  EXPECT_FALSE(registry->authorize(peer(""), "KOMMUN-1").ok());
}

TEST_F(ActorRegistryTest, ServiceAgreementsByOrganisation) {
  auto registry = ActorRegistry::load(write_actors(
      std::string(R"({"aktorer":[{"aktorsId":"KOMMUN-1","organisationsnummer":")") + kOrgA +
      R"(","informationstyper":["UTBETALNING"],"rattsligGrund":"4 kap. SoL",)"
      R"("tjanster":["LEFI","SSBTEK"]},)"
      R"({"aktorsId":"FORSAKRING-1","organisationsnummer":")" +
      kOrgB + R"(","informationstyper":["SGI"],"rattsligGrund":"x"}]})"));
  ASSERT_TRUE(registry.ok()) << registry.error().message;
  auto kommun = registry->authorize_service(peer(kOrgA), kTjanstSsbtek);
  ASSERT_TRUE(kommun.ok());
  EXPECT_EQ(kommun->aktors_id, "KOMMUN-1");
  EXPECT_FALSE(kommun->covers(kTjanstLeka));
  // Without "tjanster" an agreement covers LEFI and LEKA only.
  auto insurer = registry->authorize_service(peer(kOrgB), kTjanstSsbtek);
  ASSERT_FALSE(insurer.ok());
  EXPECT_EQ(insurer.error().code, ErrorCode::kServiceNotCovered);
  // The same answer when the address names the aktorsId: the agreement exists, the service not.
  auto by_id = registry->authorize_for(peer(kOrgB), "FORSAKRING-1", kTjanstSsbtek);
  ASSERT_FALSE(by_id.ok());
  EXPECT_EQ(by_id.error().code, ErrorCode::kServiceNotCovered);
  EXPECT_TRUE(registry->authorize_for(peer(kOrgB), "FORSAKRING-1", kTjanstLefi).ok());
  EXPECT_EQ(registry->authorize_for(peer(kOrgA), "FORSAKRING-1", kTjanstLefi).error().code,
            ErrorCode::kActorNotPermitted)
      << "another organisation's aktorsId";
  EXPECT_TRUE(registry->authorize(peer(kOrgB), "FORSAKRING-1")->covers(kTjanstLeka));

  auto test = ActorRegistry::test_mode().authorize_service(peer(kOrgB), kTjanstEioa);
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(test->aktors_id, kOrgB);
  EXPECT_TRUE(test->covers(kTjanstSsbtek));
}

TEST_F(ActorRegistryTest, LegalBasisPerService) {
  auto registry = ActorRegistry::load(write_actors(
      std::string(R"({"aktorer":[{"aktorsId":"KOMMUN-1","organisationsnummer":")") + kOrgA +
      R"(","informationstyper":["UTBETALNING"],"rattsligGrund":"110 kap. 31 § SFB",)"
      R"("rattsligGrundPerTjanst":{"SSBTEK":"4 kap. SoL"},"tjanster":["LEFI","SSBTEK"]}]})"));
  ASSERT_TRUE(registry.ok()) << registry.error().message;
  EXPECT_EQ(registry->authorize_service(peer(kOrgA), kTjanstSsbtek)->rattslig_grund, "4 kap. SoL");
  EXPECT_EQ(registry->authorize_for(peer(kOrgA), "KOMMUN-1", kTjanstLefi)->rattslig_grund,
            "110 kap. 31 § SFB");
  for (const char* bad :
       {R"("rattsligGrundPerTjanst":["x"])", R"("rattsligGrundPerTjanst":{"OKAND":"x"})",
        R"("rattsligGrundPerTjanst":{"LEFI":""})"}) {
    auto refused = ActorRegistry::load(write_actors(
        std::string(R"({"aktorer":[{"aktorsId":"K","organisationsnummer":")") + kOrgA +
        R"(","informationstyper":["UTBETALNING"],"rattsligGrund":"x",)" + bad + "}]}"));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kConfigError);
  }
}

TEST_F(ActorRegistryTest, RejectsBadActorsFiles) {
  for (const std::string& text : {
           std::string("not json"),
           std::string(R"({"aktorer":{}})"),
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":"5560000002",)"
                       R"("informationstyper":[],"rattsligGrund":"x"}]})"),
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["NOPE"],"rattsligGrund":"x"}]})",
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["SGI"]}]})",
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["SGI"],"rattsligGrund":"x","tjanster":["FOO"]}]})",
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["SGI"],"rattsligGrund":"x","ssekSignatur":"ja"}]})",
           // One aktorsId for two organisations (issue 18), or twice for one.
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["SGI"],"rattsligGrund":"x"},{"aktorsId":"A",)" +
               R"("organisationsnummer":")" + kOrgB +
               R"(","informationstyper":["SGI"],"rattsligGrund":"y"}]})",
           std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
               R"(","informationstyper":["SGI"],"rattsligGrund":"x"},{"aktorsId":"A",)" +
               R"("organisationsnummer":")" + kOrgA +
               R"(","informationstyper":["SGI"],"rattsligGrund":"y"}]})",
       }) {
    auto r = ActorRegistry::load(write_actors(text));
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kConfigError);
  }
  EXPECT_FALSE(ActorRegistry::load("/nonexistent/actors.json").ok());
}

TEST_F(ActorRegistryTest, SsekSignatureRequirementIsPerAgreement) {
  auto r = ActorRegistry::load(
      write_actors(std::string(R"({"aktorer":[{"aktorsId":"A","organisationsnummer":")") + kOrgA +
                   R"(","informationstyper":["SGI"],"rattsligGrund":"x","ssekSignatur":true},)" +
                   R"({"aktorsId":"B","organisationsnummer":")" + kOrgB +
                   R"(","informationstyper":["SGI"],"rattsligGrund":"x"}]})"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto a = r->authorize(peer(kOrgA), "A");
  auto b = r->authorize(peer(kOrgB), "B");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->ssek_signatur);
  EXPECT_FALSE(b->ssek_signatur);
}

}  // namespace
}  // namespace utbyte::platform
