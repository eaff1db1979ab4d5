#include "platform/soap/shs_label.h"

#include <gtest/gtest.h>

#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {
namespace {

constexpr const char* kLabel =
    R"(<shs:shs.label xmlns:shs="urn:shs:label:1.2" version="1.2" tx.id="0e0cbf54-ca82-48f0-a478-0be00bf8b2be" )"
    R"(corr.id="k-1" transfer-type="synch" sequence-type="request" status="test">)"
    R"(<shs:from>5561234567</shs:from><shs:to>2021005521</shs:to>)"
    R"(<shs:product>FK.EIOA.AnmalanArbetsgivare</shs:product><shs:datetime>2026-11-23T09:00:00Z</shs:datetime>)"
    R"(<shs:content content-id="c-1"><shs:data datapart-type="xml"/></shs:content></shs:shs.label>)";

TEST(ShsLabelTest, ParsesAndWritesRoundTrip) {
  auto doc = xml::parse_xml(kLabel);
  ASSERT_TRUE(doc.ok());
  xml::Problems problems;
  auto label = parse_shs_label(doc->root(), &problems);
  ASSERT_TRUE(label.ok()) << (problems.empty() ? "" : problems[0].message);
  EXPECT_EQ(label->from, "5561234567");
  EXPECT_EQ(label->to, "2021005521");
  EXPECT_EQ(label->transfer_type, "synch");
  EXPECT_EQ(label->content_id, "c-1");
  auto again = xml::parse_xml(write_shs_label(*label));
  ASSERT_TRUE(again.ok());
  auto reparsed = parse_shs_label(again->root(), &problems);
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->tx_id, label->tx_id);
  EXPECT_EQ(reparsed->product, label->product);
}

TEST(ShsLabelTest, ReplySwapsPartiesAndKeepsIdsOfASynchRequest) {
  auto doc = xml::parse_xml(kLabel);
  ASSERT_TRUE(doc.ok());
  xml::Problems problems;
  auto label = parse_shs_label(doc->root(), &problems);
  ASSERT_TRUE(label.ok());
  const ShsLabel reply = make_reply_label(*label, "2026-11-23T09:00:01Z", "c-2", "new-tx");
  EXPECT_EQ(reply.tx_id, label->tx_id);
  EXPECT_EQ(reply.corr_id, "k-1");
  EXPECT_EQ(reply.from, "2021005521");
  EXPECT_EQ(reply.to, "5561234567");
  EXPECT_EQ(reply.sequence_type, "reply");
  EXPECT_EQ(reply.content_id, "c-2");
  ShsLabel asynch = *label;
  asynch.transfer_type = "asynch";
  EXPECT_EQ(make_reply_label(asynch, "t", "c", "new-tx").tx_id, "new-tx");
}

TEST(ShsLabelTest, ReportsEveryProblem) {
  auto doc = xml::parse_xml(
      R"(<shs:shs.label xmlns:shs="urn:shs:label:1.2" tx.id="nope" transfer-type="x" sequence-type="y">)"
      R"(<shs:from>5561234568</shs:from></shs:shs.label>)");
  ASSERT_TRUE(doc.ok());
  xml::Problems problems;
  auto label = parse_shs_label(doc->root(), &problems);
  ASSERT_FALSE(label.ok());
  EXPECT_EQ(label.error().code, ErrorCode::kShsLabelInvalid);
  // tx.id, corr.id, transfer-type, sequence-type, from (Luhn), product, datetime, content.
  EXPECT_EQ(problems.size(), 8u);
}

TEST(ShsLabelTest, WrongNamespaceIsRefused) {
  auto doc = xml::parse_xml(R"(<shs.label tx.id="x"/>)");
  ASSERT_TRUE(doc.ok());
  xml::Problems problems;
  EXPECT_FALSE(parse_shs_label(doc->root(), &problems).ok());
  EXPECT_EQ(problems.size(), 1u);
}

TEST(ShsLabelTest, UuidForm) {
  EXPECT_TRUE(is_uuid("0e0cbf54-ca82-48f0-a478-0be00bf8b2be"));
  EXPECT_FALSE(is_uuid("0e0cbf54ca8248f0a4780be00bf8b2be"));
  EXPECT_FALSE(is_uuid("0e0cbf54-ca82-48f0-a478-0be00bf8b2bg"));
}

}  // namespace
}  // namespace utbyte::platform::soap
