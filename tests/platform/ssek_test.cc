// SSEK on a SOAP endpoint: the ssek:SSEK header, WS-Security signatures (signed with xmlsec here,
// with the npm soap client in tests/e2e/lefi_soap.test.mjs) and TxId idempotency.

#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "platform/soap/soap_routes.h"
#include "platform/soap/ssek_binding.h"
#include "platform/soap/ssek_header.h"
#include "platform/soap/ssek_tx_log.h"
#include "platform/soap/ws_security.h"
#include "platform/tls/cert_authority.h"

namespace utbyte::platform::soap {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFk = "2021005521";

std::string ssek_header(const std::string& sender, const std::string& receiver = kFk,
                        const std::string& tx_id = "tx-1", const std::string& type = "ORGNR") {
  return write_ssek_header({{type, sender}, {"ORGNR", receiver}, tx_id});
}

std::string felkod_of(const http::Response& response) {
  auto doc = xml::parse_xml(response.body);
  if (!doc.ok()) return "UNPARSABLE";
  auto env = parse_soap_envelope(*doc);
  if (!env.ok()) return "NO_ENVELOPE";
  const xmlNode* fel =
      xml::find_child(xml::find_child(env->payload, "", "detail"), kFaultDetailNamespace, "Fel");
  return xml::text_of(xml::find_child(fel, kFaultDetailNamespace, "felkod"));
}

// ---- the header ---------------------------------------------------------------------------------

Result<SsekHeader> parse(const std::string& header_xml, xml::Problems* problems) {
  static thread_local std::optional<xml::XmlDocument> doc;
  auto parsed = xml::parse_xml(header_xml);
  if (!parsed.ok()) return parsed.error();
  doc = std::move(parsed).value();
  return parse_ssek_header(doc->root(), problems);
}

TEST(SsekHeaderTest, ReadsWhatItWrites) {
  xml::Problems problems;
  auto header = parse(ssek_header("5561234567"), &problems);
  ASSERT_TRUE(header.ok()) << header.error().message;
  EXPECT_EQ(header->sender.type, "ORGNR");
  EXPECT_EQ(header->sender.id, "5561234567");
  EXPECT_EQ(header->receiver.id, kFk);
  EXPECT_EQ(header->tx_id, "tx-1");
  EXPECT_TRUE(problems.empty());
}

TEST(SsekHeaderTest, ReplySwapsSenderAndReceiverAndEchoesTxId) {
  xml::Problems problems;
  auto reply =
      parse(write_ssek_reply_header({{"ORGNR", "5561234567"}, {"ORGNR", kFk}, "abc"}), &problems);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->sender.id, kFk);
  EXPECT_EQ(reply->receiver.id, "5561234567");
  EXPECT_EQ(reply->tx_id, "abc");
}

TEST(SsekHeaderTest, ListsEveryProblem) {
  xml::Problems problems;
  const std::string ns = std::string(kSsekNamespace);
  auto header = parse("<s:SSEK xmlns:s='" + ns + "'><s:SenderId>5561234567</s:SenderId>" +
                          "<s:TxId></s:TxId><s:Okand/></s:SSEK>",
                      &problems);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, ErrorCode::kSsekHeaderInvalid);
  // SenderId without Type, ReceiverId missing, an empty TxId, an unknown SSEK element.
  ASSERT_EQ(problems.size(), 4u);
  for (const auto& p : problems) EXPECT_EQ(p.code, ErrorCode::kSsekHeaderInvalid);
}

// ---- TxId ---------------------------------------------------------------------------------------

TEST(SsekTxLogTest, SameMessageGetsTheSameAnswerAnotherIsRefused) {
  auto now = std::chrono::steady_clock::time_point{};
  SsekTxLog log(2, std::chrono::seconds(60), [&now] { return now; });
  EXPECT_FALSE(log.find("A", "1", "d1"));
  log.remember("A", "1", "d1", "svar 1");
  auto same = log.find("A", "1", "d1");
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->same_message);
  EXPECT_EQ(same->answer, "svar 1");
  auto other = log.find("A", "1", "d2");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->same_message);
  EXPECT_FALSE(log.find("B", "1", "d1")) << "a TxId belongs to its sender";

  log.remember("A", "2", "d", "svar 2");
  log.remember("A", "3", "d", "svar 3");  // full: the oldest goes
  EXPECT_FALSE(log.find("A", "1", "d1"));
  now += std::chrono::seconds(61);
  EXPECT_FALSE(log.find("A", "3", "d")) << "too old";
}

// ---- an SSEK endpoint ---------------------------------------------------------------------------

class SsekEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("utbyte-ssek-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto set = tls::init_dev_certs(dir_);
    ASSERT_TRUE(set.ok()) << set.error().message;
    org_ = set->client_organisationsnummer;
    peer_.organisationsnummer = org_;
    auto rsa =
        tls::issue_client_certificate(dir_, dir_ / "rsa", org_, "Test AB",
                                      tls::PartnerKeyUsage::kClientAuth, tls::KeyType::kRsa2048);
    ASSERT_TRUE(rsa.ok()) << rsa.error().message;
    auto other = tls::issue_client_certificate(dir_, dir_ / "annan", "5560000001");
    ASSERT_TRUE(other.ok());
    auto verifier = WsSecurityVerifier::load(dir_ / "ca.pem");
    ASSERT_TRUE(verifier.ok()) << verifier.error().message;

    auto binding = std::make_shared<SsekBinding>();
    binding->receiver = kFk;
    binding->signatures = std::make_shared<const WsSecurityVerifier>(std::move(verifier).value());
    binding->tx_log = std::make_shared<SsekTxLog>();
    SoapEndpoint endpoint;
    endpoint.path = "/ssek/P.X";
    endpoint.tjanst = std::string(kTjanstLefi);
    endpoint.ssek = binding;
    endpoint.limits.max_bytes = 64 << 10;
    add_soap_endpoint(pipeline_, endpoint, [this](const SoapCall&) {
      ++calls_;
      return SoapOutcome::answer("<ok xmlns=\"urn:ok\">" + std::to_string(calls_) + "</ok>");
    });
  }
  void TearDown() override { fs::remove_all(dir_); }

  http::Response post(const std::string& body) {
    http::Request request;
    request.method = "POST";
    request.path = request.target = "/ssek/P.X";
    request.headers["content-type"] = "text/xml; charset=utf-8";
    request.body = body;
    request.peer = &peer_;
    request.transaktions_id = "t";
    return router_.dispatch(request);
  }

  // `envelope` signed with dir_/<name>.key and .pem.
  std::string signed_with(const std::string& envelope, const std::string& name) {
    auto doc = xml::parse_xml(envelope);
    EXPECT_TRUE(doc.ok());
    const Status s = sign_ws_security(*doc, dir_ / (name + ".key"), dir_ / (name + ".pem"));
    EXPECT_TRUE(s.ok()) << s.error().message;
    return doc->to_string();
  }

  fs::path dir_;
  std::string org_;
  tls::PeerIdentity peer_;
  ActorRegistry actors_ = ActorRegistry::test_mode();
  http::Router router_;
  pipeline::PartnerPipeline pipeline_{router_, actors_, nullptr};
  int calls_ = 0;
};

TEST_F(SsekEndpointTest, AnswersWithTheReplyHeader) {
  const auto response = post(write_soap_envelope("<q/>", ssek_header(org_)));
  ASSERT_EQ(response.status, 200) << response.body;
  auto doc = xml::parse_xml(response.body);
  ASSERT_TRUE(doc.ok());
  auto env = parse_soap_envelope(*doc);
  ASSERT_TRUE(env.ok());
  ASSERT_EQ(env->headers.size(), 1u);
  xml::Problems problems;
  auto reply = parse_ssek_header(env->headers.front(), &problems);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->sender.id, kFk);
  EXPECT_EQ(reply->receiver.id, org_);
  EXPECT_EQ(reply->tx_id, "tx-1");
}

TEST_F(SsekEndpointTest, RefusesWrongOrMissingHeaderWithSsekFaultCodes) {
  auto fault = post(write_soap_envelope("<q/>"));
  EXPECT_EQ(felkod_of(fault), "OGILTIGT_SSEK_HUVUD");
  EXPECT_NE(fault.body.find("MissingSSEKHeader"), std::string::npos);
  fault = post(write_soap_envelope("<q/>", ssek_header("5560000001")));
  EXPECT_EQ(felkod_of(fault), "SSEK_OKAND_AVSANDARE");
  EXPECT_NE(fault.body.find(">fc:SenderIdUnknown<"), std::string::npos) << fault.body;
  fault = post(write_soap_envelope("<q/>", ssek_header(org_, "2021005522")));
  EXPECT_EQ(felkod_of(fault), "SSEK_OKAND_MOTTAGARE");
  EXPECT_NE(fault.body.find(">fc:ReceiverIdUnknown<"), std::string::npos);
  EXPECT_EQ(felkod_of(post(write_soap_envelope("<q/>", ssek_header(org_, kFk, "1", "CN")))),
            "SSEK_OKAND_AVSANDARE");
  EXPECT_EQ(calls_, 0);
}

TEST_F(SsekEndpointTest, ResentMessageGetsTheFirstAnswerAnotherUnderTheSameTxIdIsRefused) {
  const auto first = post(write_soap_envelope("<q/>", ssek_header(org_, kFk, "t-42")));
  ASSERT_EQ(first.status, 200);
  const auto again = post(write_soap_envelope("<q/>", ssek_header(org_, kFk, "t-42")));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(calls_, 1) << "a resent message is not handled again";
  const auto other = post(write_soap_envelope("<q2/>", ssek_header(org_, kFk, "t-42")));
  EXPECT_EQ(felkod_of(other), "SSEK_TXID_ANVAND");
  EXPECT_NE(other.body.find("TxIdAlreadyReceived"), std::string::npos);
  EXPECT_NE(other.body.find("<ssek:TxId>t-42</ssek:TxId>"), std::string::npos)
      << "the fault carries the reply header";
  EXPECT_EQ(post(write_soap_envelope("<q/>", ssek_header(org_, kFk, ""))).status, 200);
  EXPECT_EQ(calls_, 2);
}

TEST_F(SsekEndpointTest, VerifiesSignaturesEcdsaAndRsa) {
  for (const std::string name : {"client", "rsa"}) {
    const auto response =
        post(signed_with(write_soap_envelope("<q/>", ssek_header(org_, kFk, name)), name));
    EXPECT_EQ(response.status, 200) << name << ": " << response.body;
  }
  EXPECT_EQ(calls_, 2);
}

TEST_F(SsekEndpointTest, RefusesTamperedForeignAndWrappedSignatures) {
  const std::string good =
      signed_with(write_soap_envelope("<q>1</q>", ssek_header(org_)), "client");
  std::string tampered = good;
  tampered.replace(tampered.find("<q>1</q>"), 8, "<q>2</q>");
  EXPECT_EQ(felkod_of(post(tampered)), "SIGNATUR_OGILTIG");

  // Signed by another organisation than the sender's.
  EXPECT_EQ(felkod_of(post(signed_with(write_soap_envelope("<q/>", ssek_header(org_)), "annan"))),
            "SIGNERARE_EJ_BETRODD");

  // A forged body beside a signed twin with the same Id (signature wrapping).
  std::string wrapped = good;
  const auto body = wrapped.find("<soapenv:Body");
  wrapped.insert(
      wrapped.find("</soapenv:Header>"),
      "<x:Lur xmlns:x='urn:x' xmlns:wsu='" + std::string(kWsuNamespace) + "' wsu:Id='body'/>");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(felkod_of(post(wrapped)), "SIGNATUR_OGILTIG");
  EXPECT_EQ(calls_, 0);
}

TEST_F(SsekEndpointTest, UntrustedSignerIsRefused) {
  const fs::path other = dir_ / "other-ca";
  ASSERT_TRUE(tls::init_dev_certs(other).ok());
  auto doc = xml::parse_xml(write_soap_envelope("<q/>", ssek_header(org_)));
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(sign_ws_security(*doc, other / "client.key", other / "client.pem").ok());
  EXPECT_EQ(felkod_of(post(doc->to_string())), "SIGNERARE_EJ_BETRODD");
  EXPECT_EQ(calls_, 0);
}

TEST_F(SsekEndpointTest, AnAgreementMayRequireSignatures) {
  SsekBinding binding;
  binding.receiver = kFk;
  binding.tx_log = std::make_shared<SsekTxLog>();
  auto verifier = WsSecurityVerifier::load(dir_ / "ca.pem");
  ASSERT_TRUE(verifier.ok());
  binding.signatures = std::make_shared<const WsSecurityVerifier>(std::move(verifier).value());
  Agreement agreement;
  agreement.ssek_signatur = true;
  http::Request request;
  request.peer = &peer_;
  const auto check = [&](const std::string& text) {
    auto doc = xml::parse_xml(text);
    EXPECT_TRUE(doc.ok());
    auto env = parse_soap_envelope(*doc);
    EXPECT_TRUE(env.ok());
    return check_ssek_message(binding, request, agreement, *doc, env->headers, env->payload);
  };
  auto unsigned_message = check(write_soap_envelope("<q/>", ssek_header(org_)));
  ASSERT_FALSE(unsigned_message.ok());
  EXPECT_EQ(unsigned_message.error().code, ErrorCode::kSignatureMissing);
  auto signed_message = check(signed_with(write_soap_envelope("<q/>", ssek_header(org_)), "rsa"));
  EXPECT_TRUE(signed_message.ok()) << signed_message.error().message;
}

}  // namespace
}  // namespace utbyte::platform::soap
