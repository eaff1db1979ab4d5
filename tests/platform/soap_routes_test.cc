#include "platform/soap/soap_routes.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace utbyte::platform::soap {
namespace {

constexpr const char* kOrg = "5561234567";

std::string envelope(const std::string& payload, const std::string& header = "") {
  return write_soap_envelope(payload, header);
}

std::string label(const std::string& from = kOrg, const std::string& sequence = "request") {
  return std::string(R"(<shs:shs.label xmlns:shs="urn:shs:label:1.2" version="1.2" )") +
         R"(tx.id="0e0cbf54-ca82-48f0-a478-0be00bf8b2be" corr.id="k" transfer-type="synch" )" +
         R"(sequence-type=")" + sequence + R"(" status="test"><shs:from>)" + from +
         R"(</shs:from><shs:to>2021005521</shs:to><shs:product>P.X</shs:product>)"
         R"(<shs:datetime>2026-11-23T09:00:00Z</shs:datetime><shs:content content-id="c"/></shs:shs.label>)";
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

class SoapRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    peer_.organisationsnummer = kOrg;
    for (bool shs2 : {false, true}) {
      SoapEndpoint endpoint;
      endpoint.path = shs2 ? "/shs2/P.X" : "/ws/P.X";
      endpoint.tjanst = std::string(kTjanstEioa);
      endpoint.soap_action = "Skicka";
      endpoint.shs2 = shs2;
      endpoint.shs_product = "P.X";
      endpoint.shs_recipient = "2021005521";
      endpoint.wsdl = R"(<definitions><address location="{{ADRESS}}"/></definitions>)";
      endpoint.schemas["typer v1.xsd"] = "<schema/>";
      endpoint.limits.max_bytes = 4096;
      add_soap_endpoint(pipeline_, endpoint, [this](const SoapCall& call) {
        ++calls_;
        seen_label_ = call.label != nullptr;
        if (xml::local_name(call.payload) == "fail") {
          return SoapOutcome::failed(make_error(ErrorCode::kInvalidPersonnummer, "dåligt"));
        }
        if (xml::local_name(call.payload) == "storefail") {
          return SoapOutcome::failed(make_error(
              ErrorCode::kStoreError, "SQLite: BEGIN IMMEDIATE: database is locked (/var/db)"));
        }
        return SoapOutcome::answer(R"(<ok xmlns="urn:ok"/>)");
      });
    }
  }

  http::Response post(const std::string& path, const std::string& body,
                      const std::string& content_type = "text/xml; charset=utf-8",
                      const std::string& action = "") {
    http::Request request;
    request.method = "POST";
    request.path = request.target = path;
    request.headers["content-type"] = content_type;
    if (!action.empty()) request.headers["soapaction"] = action;
    request.body = body;
    request.peer = &peer_;
    request.transaktions_id = "tx-1";
    return router_.dispatch(request);
  }

  tls::PeerIdentity peer_;
  ActorRegistry actors_ = ActorRegistry::test_mode();
  http::Router router_;
  pipeline::PartnerPipeline pipeline_{router_, actors_, nullptr};
  int calls_ = 0;
  bool seen_label_ = false;
};

TEST_F(SoapRoutesTest, DispatchesPayloadAndWrapsAnswer) {
  const auto response = post("/ws/P.X", envelope("<p/>"), "text/xml", "\"Skicka\"");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.body.find(R"(<ok xmlns="urn:ok"/>)"), std::string::npos);
  EXPECT_EQ(calls_, 1);
  EXPECT_FALSE(seen_label_);
}

TEST_F(SoapRoutesTest, HandlerErrorBecomesFault) {
  const auto response = post("/ws/P.X", envelope("<fail/>"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(felkod_of(response), "OGILTIGT_PERSONNUMMER");
  EXPECT_NE(response.body.find("tx-1"), std::string::npos);
}

TEST_F(SoapRoutesTest, FaultsInsideTheServerShowNoDetails) {
  // As the REST body: the SQL and the path go to the log, the partner gets the transaction id.
  const auto response = post("/ws/P.X", envelope("<storefail/>"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(felkod_of(response), "LAGRINGSFEL");
  EXPECT_EQ(response.body.find("SQLite"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("/var/db"), std::string::npos);
  EXPECT_NE(response.body.find("Ange transaktionsId tx-1"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("soapenv:Server"), std::string::npos);
}

TEST_F(SoapRoutesTest, TransportChecksComeFirst) {
  EXPECT_EQ(felkod_of(post("/ws/P.X", envelope("<p/>"), "application/json")), "FEL_CONTENT_TYPE");
  EXPECT_EQ(felkod_of(post("/ws/P.X", envelope("<p/>"), "text/xml", "Annan")), "FEL_SOAPACTION");
  EXPECT_EQ(felkod_of(post("/ws/P.X", "<p/>")), "FELAKTIGT_SOAP_KUVERT");
  EXPECT_EQ(felkod_of(post("/ws/P.X", "<p>")), "FELAKTIG_XML");
  EXPECT_EQ(felkod_of(post("/ws/P.X", "<!DOCTYPE p [<!ENTITY e 'x'>]><p>&e;</p>")),
            "OTILLATEN_XML_KONSTRUKTION");
  EXPECT_EQ(felkod_of(post("/ws/P.X", envelope(std::string(5000, ' ') + "<p/>"))),
            "XML_GRANS_OVERSKRIDEN");
  EXPECT_EQ(calls_, 0);
}

TEST_F(SoapRoutesTest, UnknownMustUnderstandHeaderIsRefused) {
  const auto response = post(
      "/ws/P.X",
      envelope(
          "<p/>",
          R"(<h:x xmlns:h="urn:h" xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:mustUnderstand="1"/>)"));
  EXPECT_EQ(felkod_of(response), "SOAP_HUVUD_OKANT");
  EXPECT_NE(response.body.find("soapenv:MustUnderstand"), std::string::npos);
  EXPECT_EQ(calls_, 0);
}

TEST_F(SoapRoutesTest, Shs2ChecksALabelWhenThereIsOneAndRepliesWithOne) {
  EXPECT_EQ(felkod_of(post("/shs2/P.X", envelope("<p/>", label(kOrg, "reply")))),
            "OGILTIG_SHS_ETIKETT");
  EXPECT_EQ(calls_, 0);
  // Without a label: plain SOAP, answered without one (seed 002's example carries none).
  const auto plain = post("/shs2/P.X", envelope("<p/>"));
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_FALSE(seen_label_);
  EXPECT_EQ(plain.body.find("shs.label"), std::string::npos);
  calls_ = 0;
  const auto response = post("/shs2/P.X", envelope("<p/>", label()));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(seen_label_);
  auto doc = xml::parse_xml(response.body);
  ASSERT_TRUE(doc.ok());
  auto env = parse_soap_envelope(*doc);
  ASSERT_TRUE(env.ok());
  ASSERT_EQ(env->headers.size(), 1u);
  xml::Problems problems;
  auto reply = parse_shs_label(env->headers[0], &problems);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->sequence_type, "reply");
  EXPECT_EQ(reply->tx_id, "0e0cbf54-ca82-48f0-a478-0be00bf8b2be");
  EXPECT_EQ(reply->to, kOrg);
  EXPECT_EQ(reply->from, "2021005521");
}

TEST_F(SoapRoutesTest, ServesWsdlWithTheCalledAddress) {
  http::Request request;
  request.method = "GET";
  request.path = "/ws/P.X";
  request.target = "/ws/P.X?wsdl";
  request.headers["host"] = "127.0.0.1:8443";
  request.peer = &peer_;
  const auto response = router_.dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("https://127.0.0.1:8443/ws/P.X"), std::string::npos);
}

TEST_F(SoapRoutesTest, ServesSchemasByTheirDecodedNameAndExplainsOtherQueries) {
  const auto get = [this](const std::string& target) {
    http::Request request;
    request.method = "GET";
    request.path = "/ws/P.X";
    request.target = target;
    request.peer = &peer_;
    request.transaktions_id = "tx-1";
    return router_.dispatch(request);
  };
  const auto schema = get("/ws/P.X?xsd=typer%20v1.xsd");
  EXPECT_EQ(schema.status, 200);
  EXPECT_EQ(schema.body, "<schema/>");
  EXPECT_EQ(get("/ws/P.X?xsd=andra.xsd").status, 404);
  // Another parameter beside ?wsdl (a cache buster) does not hide the description.
  EXPECT_EQ(get("/ws/P.X?wsdl&_=1").status, 200);
  // Which schema was meant cannot be known.
  EXPECT_EQ(get("/ws/P.X?xsd=a.xsd&xsd=b.xsd").status, 400);
  EXPECT_EQ(get("/ws/P.X").status, 405);
}

TEST_F(SoapRoutesTest, ADoorSendsEachRequestToTheOperationItNames) {
  http::Router router;
  pipeline::PartnerPipeline pipeline(router, actors_, nullptr);
  std::vector<std::string> served;
  for (const char* name : {"A", "B"}) {
    SoapEndpoint endpoint;
    endpoint.path = std::string("/ws/") + name;
    endpoint.tjanst = std::string(kTjanstEioa);
    endpoint.soap_action = std::string("urn:") + name + "#Op";
    endpoint.payload_namespace = std::string("urn:") + name;
    add_soap_endpoint(pipeline, endpoint, [&served, name](const SoapCall&) {
      served.emplace_back(name);
      return SoapOutcome::answer("<ok/>");
    });
  }
  add_soap_door(pipeline, "/ws", false, {"/ws/A", "/ws/B"});
  const auto send = [&](const std::string& payload, const std::string& action) {
    http::Request request;
    request.method = "POST";
    request.path = request.target = "/ws";
    request.headers["content-type"] = "text/xml; charset=utf-8";
    if (!action.empty()) request.headers["soapaction"] = action;
    request.body = envelope(payload);
    request.peer = &peer_;
    request.transaktions_id = "tx-1";
    return router.dispatch(request);
  };
  // By the body's namespace, and by SOAPAction (which wins: no parse needed).
  EXPECT_EQ(send(R"(<b:x xmlns:b="urn:B"/>)", "").status, 200);
  EXPECT_EQ(send(R"(<a:x xmlns:a="urn:A"/>)", "").status, 200);
  EXPECT_EQ(send(R"(<b:x xmlns:b="urn:B"/>)", "\"urn:A#Op\"").status, 200);
  EXPECT_EQ(served, (std::vector<std::string>{"B", "A", "A"}));
  // Neither names an operation here: a SOAP fault, nothing served.
  const auto unknown = send(R"(<c:x xmlns:c="urn:C"/>)", "");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(felkod_of(unknown), "OKAND_SOAP_OPERATION");
  EXPECT_EQ(felkod_of(send(R"(<a:x xmlns:a="urn:A"/>)", "urn:C#Op")), "OKAND_SOAP_OPERATION");
  EXPECT_EQ(felkod_of(send("<not xml", "")), "FELAKTIG_XML");
  EXPECT_EQ(served.size(), 3U);
}

TEST_F(SoapRoutesTest, ProductionRefusesOrganisationsWithoutTheService) {
  const auto path = std::filesystem::temp_directory_path() / "utbyte-soap-actors.json";
  std::ofstream(path) << R"({"aktorer":[{"aktorsId":"A","organisationsnummer":"5561234567",)"
                         R"("namn":"A","informationstyper":["SJUKPENNING"],"rattsligGrund":"x"}]})";
  auto production = ActorRegistry::load(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(production.ok()) << production.error().message;
  http::Router router;
  pipeline::PartnerPipeline pipeline(router, *production, nullptr);
  SoapEndpoint endpoint;
  endpoint.path = "/ws/P.X";
  endpoint.tjanst = std::string(kTjanstEioa);
  add_soap_endpoint(pipeline, endpoint,
                    [](const SoapCall&) { return SoapOutcome::answer("<ok/>"); });
  http::Request request;
  request.method = "POST";
  request.path = "/ws/P.X";
  request.headers["content-type"] = "text/xml";
  request.body = envelope("<p/>");
  request.peer = &peer_;
  const http::Response refused = router.dispatch(request);
  // The organisation has an agreement, but not for E-IOA: refused before the service, with
  // the error's own status.
  EXPECT_EQ(felkod_of(refused), "TJANST_EJ_I_AVTALET");
  EXPECT_EQ(refused.status, 403);
}

}  // namespace
}  // namespace utbyte::platform::soap
