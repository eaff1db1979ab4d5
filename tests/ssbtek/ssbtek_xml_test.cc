#include "ssbtek/ssbtek_xml.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "platform/xml/xml_document.h"
#include "platform/xml/xsd_validator.h"
#include "ssbtek/simulators/simulated_data.h"

namespace utbyte::ssbtek {
namespace {

using nlohmann::json;

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

const std::filesystem::path kXsd =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "contracts" /
    "xsd" / "ssbtek_ekonomiskt_bistand_v1.xsd";

platform::xml::XmlDocument parse(const std::string& text) {
  auto doc = platform::xml::parse_xml(text);
  EXPECT_TRUE(doc.ok()) << doc.error().message << "\n" << text;
  return std::move(doc).value();
}

std::string request_xml(const std::string& children) {
  return std::string("<sb:HamtaUppgifterEkonomisktBistand xmlns:sb=\"") +
         std::string(kSsbtekNamespace) + "\">" + children + "</sb:HamtaUppgifterEkonomisktBistand>";
}

TEST(SsbtekXmlTest, RequestRoundTrip) {
  RequestFields fields{
      "199405309999",  "198209239980", "2025-11-23", "2026-11-23", {"csn", "AKASSA", "FK_PM"},
      "ÄRENDE-2026/17"};
  const auto doc = parse(write_request(fields));
  auto query = parse_request(doc.root(), kToday);
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->sokande.digits(), "199405309999");
  ASSERT_TRUE(query->medsokande);
  EXPECT_EQ(query->medsokande->digits(), "198209239980");
  EXPECT_EQ(query->kallor, (std::vector<Kalla>{Kalla::kAkassa, Kalla::kCsn, Kalla::kFkPm}));
  EXPECT_EQ(query->arendereferens, "ÄRENDE-2026/17");
  // Without kallor: every source.
  fields.kallor.clear();
  EXPECT_EQ(parse_request(parse(write_request(fields)).root(), kToday)->kallor.size(), 7u);
}

TEST(SsbtekXmlTest, WrittenRequestValidatesAgainstTheXsd) {
  auto schema = platform::xml::XsdValidator::load(kXsd);
  ASSERT_TRUE(schema.ok()) << schema.error().message;
  const auto doc = parse(
      write_request({"199405309999", "", "2025-11-23", "2026-11-23", {"SKATTEVERKET"}, "A-1"}));
  EXPECT_TRUE(schema->validate(doc).empty());
}

TEST(SsbtekXmlTest, BadRequestsGetStableCodes) {
  const std::string ok_dates =
      "<sb:fromDatum>2025-11-23</sb:fromDatum><sb:tomDatum>2026-11-23</sb:tomDatum>";
  const struct {
    std::string children;
    ErrorCode code;
  } cases[] = {
      {"<sb:sokande>199405309999</sb:sokande>" + ok_dates, ErrorCode::kInvalidRequest},  // no ref
      {"<sb:arendereferens>A</sb:arendereferens>" + ok_dates, ErrorCode::kInvalidRequest},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309998</sb:sokande>" + ok_dates,
       ErrorCode::kInvalidPersonnummer},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>"
       "<sb:medsokande>199405309999</sb:medsokande>" +
           ok_dates,
       ErrorCode::kInvalidRequest},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>"
       "<sb:fromDatum>2025-13-01</sb:fromDatum><sb:tomDatum>2026-11-23</sb:tomDatum>",
       ErrorCode::kInvalidDate},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>"
       "<sb:fromDatum>2026-11-23</sb:fromDatum><sb:tomDatum>2025-11-23</sb:tomDatum>",
       ErrorCode::kInvalidDateRange},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>" + ok_dates +
           "<sb:kallor><sb:kalla>KRONOFOGDEN</sb:kalla></sb:kallor>",
       ErrorCode::kUnknownSource},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>" + ok_dates +
           "<sb:kallor><sb:kalla>CSN</sb:kalla><sb:kalla>CSN</sb:kalla></sb:kallor>",
       ErrorCode::kInvalidRequest},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>" + ok_dates +
           "<sb:extra/>",
       ErrorCode::kInvalidRequest},
      {"<sb:arendereferens>A</sb:arendereferens><sb:sokande>199405309999</sb:sokande>"
       "<sb:sokande>199405309999</sb:sokande>" +
           ok_dates,
       ErrorCode::kInvalidRequest},
  };
  for (const auto& c : cases) {
    const auto doc = parse(request_xml(c.children));
    auto query = parse_request(doc.root(), kToday);
    ASSERT_FALSE(query.ok()) << c.children;
    EXPECT_EQ(query.error().code, c.code) << c.children << ": " << query.error().message;
  }
  // Another root element or namespace.
  const auto other = parse("<HamtaUppgifterEkonomisktBistand/>");
  EXPECT_EQ(parse_request(other.root(), kToday).error().code, ErrorCode::kInvalidRequest);
}

// An answer with every kind of block validates against the XSD and reads back to the same data.
TEST(SsbtekXmlTest, AnswerValidatesAndReadsBack) {
  const auto person = *domain::parse_personnummer(simulators::kPersonAllaKallor);
  const domain::DateRange period{domain::add_days(kToday, -365), kToday};
  SsbtekAnswer answer;
  answer.transaktions_id = "3f1c2a9e-8b7d-4c65-9e1f-0a2b3c4d5e6f";
  answer.tidpunkt = "2026-11-23T06:01:02.123Z";
  answer.arendereferens = "A & <B>";
  answer.period = period;
  answer.komplett = false;
  answer.syntetiska_uppgifter = true;
  PersonBlocks blocks{"SOKANDE", person.digits(), {}};
  for (Kalla kalla : kExternaKallor) {
    Block b{kalla, {}};
    b.result.status = BlockStatus::kBesvarad;
    b.result.simulator = true;
    b.result.attempts = 1;
    b.result.elapsed = std::chrono::milliseconds(12);
    b.result.uppgifter = simulators::simulated_uppgifter(kalla, person, period, kToday);
    blocks.blocks.push_back(std::move(b));
  }
  Block fk{Kalla::kFkPm, {}};
  fk.result.status = BlockStatus::kBesvarad;
  fk.result.uppgifter = json::parse(R"({"formaner":[{"informationstyp":"AKTIVITETSSTOD",
      "benamning":"Aktivitetsstöd","myndighet":"FK","antalBeslut":2}],"utbetalningar":[
      {"utbetalningsId":"U-1","utbetalningsdatum":"2026-10-25","foretag":"Försäkringskassan",
       "myndighet":"FK","informationstyp":"AKTIVITETSSTOD","periodFrom":"2026-10-01",
       "periodTom":"2026-10-31","bruttobelopp":9000,"skatteavdrag":2700,"nettobelopp":6300,
       "beloppstyp":"Aktivitetsstöd","status":"UTBETALD"}]})");
  blocks.blocks.push_back(fk);
  Block slow{Kalla::kCsn, {}};
  slow.result.status = BlockStatus::kTidsgransOverskriden;
  slow.result.meddelande = "inget svar inom 1000 ms";
  answer.personer.push_back(std::move(blocks));
  answer.personer.push_back({"MEDSOKANDE", "198209239980", {slow}});

  const auto doc = parse(write_answer(answer));
  auto schema = platform::xml::XsdValidator::load(kXsd);
  ASSERT_TRUE(schema.ok());
  const auto problems = schema->validate(doc);
  for (const auto& p : problems) ADD_FAILURE() << p.message << " at " << p.location;

  auto read = answer_to_json(doc.root());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ((*read)["arendereferens"], "A & <B>");
  EXPECT_EQ((*read)["komplett"], false);
  const json& first = (*read)["personer"][0]["block"];
  ASSERT_EQ(first.size(), 7u);
  for (std::size_t i = 0; i < kExternaKallor.size(); ++i) {
    EXPECT_EQ(first[i]["uppgifter"], answer.personer[0].blocks[i].result.uppgifter)
        << to_string(kExternaKallor[i]);
    EXPECT_EQ(first[i]["simulator"], true);
  }
  EXPECT_EQ(first[6]["uppgifter"], fk.result.uppgifter);
  const json& second = (*read)["personer"][1]["block"][0];
  EXPECT_EQ(second["status"], "TIDSGRANS_OVERSKRIDEN");
  EXPECT_EQ(second["meddelande"], "inget svar inom 1000 ms");
  EXPECT_FALSE(second.contains("uppgifter"));
}

}  // namespace
}  // namespace utbyte::ssbtek
