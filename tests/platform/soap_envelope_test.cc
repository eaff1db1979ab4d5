#include "platform/soap/soap_envelope.h"

#include <gtest/gtest.h>

namespace utbyte::platform::soap {
namespace {

using xml::parse_xml;

constexpr const char* kEnvelope = R"(<?xml version="1.0"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Header><h:x xmlns:h="urn:h">1</h:x></soapenv:Header>
  <soapenv:Body>
    <!-- a comment is fine -->
    <p:Payload xmlns:p="urn:p"><p:a>1</p:a></p:Payload>
  </soapenv:Body>
</soapenv:Envelope>)";

TEST(SoapEnvelopeTest, SplitsHeadersAndPayload) {
  auto doc = parse_xml(kEnvelope);
  ASSERT_TRUE(doc.ok());
  auto envelope = parse_soap_envelope(*doc);
  ASSERT_TRUE(envelope.ok()) << envelope.error().message;
  ASSERT_EQ(envelope->headers.size(), 1u);
  EXPECT_TRUE(xml::is_element(envelope->headers[0], "urn:h", "x"));
  EXPECT_TRUE(xml::is_element(envelope->payload, "urn:p", "Payload"));
}

TEST(SoapEnvelopeTest, RejectsNamespaceAndShapeMistakes) {
  const char* cases[] = {
      // SOAP 1.2
      R"(<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><p/></e:Body></e:Envelope>)",
      // no namespace
      "<Envelope><Body><p/></Body></Envelope>",
      // Body in the wrong namespace
      R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><Body><p/></Body></e:Envelope>)",
      // empty body
      R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>)",
      // two payloads
      R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a/><b/></e:Body></e:Envelope>)",
      // text in the body
      R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>x<a/></e:Body></e:Envelope>)",
      // header after body
      R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a/></e:Body><e:Header/></e:Envelope>)",
  };
  for (const char* text : cases) {
    auto doc = parse_xml(text);
    ASSERT_TRUE(doc.ok()) << text;
    auto envelope = parse_soap_envelope(*doc);
    ASSERT_FALSE(envelope.ok()) << text;
    EXPECT_EQ(envelope.error().code, ErrorCode::kSoapMalformed) << text;
  }
}

TEST(SoapEnvelopeTest, FaultListsEveryProblemAndParses) {
  auto fault = SoapFault::from_problems(ErrorCode::kSchemaViolation, "Anmälan innehåller 2 fel <&>",
                                        {{ErrorCode::kSchemaViolation, "fel 1", "/a/b (rad 3)"},
                                         {ErrorCode::kInvalidPersonnummer, "fel 2", ""}});
  fault.transaktions_id = "tx-1";
  const auto response = soap_fault_response(fault);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "text/xml; charset=utf-8");
  auto doc = parse_xml(response.body);
  ASSERT_TRUE(doc.ok()) << response.body;
  auto envelope = parse_soap_envelope(*doc);
  ASSERT_TRUE(envelope.ok());
  const xmlNode* f = envelope->payload;
  ASSERT_TRUE(xml::is_element(f, kSoap11Namespace, "Fault"));
  EXPECT_EQ(xml::text_of(xml::find_child(f, "", "faultcode")), "soapenv:Client");
  EXPECT_EQ(xml::text_of(xml::find_child(f, "", "faultstring")), "Anmälan innehåller 2 fel <&>");
  const xmlNode* fel =
      xml::find_child(xml::find_child(f, "", "detail"), kFaultDetailNamespace, "Fel");
  ASSERT_NE(fel, nullptr);
  EXPECT_EQ(xml::text_of(xml::find_child(fel, kFaultDetailNamespace, "felkod")), "SCHEMAFEL");
  EXPECT_EQ(xml::text_of(xml::find_child(fel, kFaultDetailNamespace, "transaktionsId")), "tx-1");
  int problems = 0;
  for (const xmlNode* p : xml::child_elements(fel)) {
    if (xml::local_name(p) == "problem") ++problems;
  }
  EXPECT_EQ(problems, 2);
}

TEST(SoapEnvelopeTest, ServerFaultForOurErrors) {
  const auto body =
      write_soap_fault(SoapFault::from_error(make_error(ErrorCode::kStoreError, "x")));
  EXPECT_NE(body.find("<faultcode>soapenv:Server</faultcode>"), std::string::npos);
}

TEST(SoapEnvelopeTest, ResponseWrapsPayload) {
  const auto response = soap_response(R"(<r xmlns="urn:r"><tx-id>1</tx-id></r>)");
  EXPECT_EQ(response.status, 200);
  auto doc = parse_xml(response.body);
  ASSERT_TRUE(doc.ok());
  auto envelope = parse_soap_envelope(*doc);
  ASSERT_TRUE(envelope.ok());
  EXPECT_TRUE(xml::is_element(envelope->payload, "urn:r", "r"));
}

}  // namespace
}  // namespace utbyte::platform::soap
