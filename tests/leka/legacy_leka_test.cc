// LEKA's SOAP generations 5–7: each operation's question is read with v9's rules and codes, and
// each answer — rendered from a real store, subscription and feed — is valid against its
// generation's schema in contracts/; v5 carries no payments, v7 tells preliminary ones apart.

#include "leka/legacy/legacy_leka.h"

#include <atomic>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include "leka/leka_service.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xsd_validator.h"
#include "store/store.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::leka::legacy {
namespace {

using domain::InformationType;
namespace xml = platform::xml;

const std::filesystem::path kContracts =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "contracts";
const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};
const LegacyLekaVersion& kV5 = kLegacyLekaVersions[0];
const LegacyLekaVersion& kV6 = kLegacyLekaVersions[1];
const LegacyLekaVersion& kV7 = kLegacyLekaVersions[2];

xml::XmlDocument parse(const std::string& text) {
  xml::XmlLimits limits;
  limits.drop_blanks = true;  // as the SOAP endpoints parse
  auto doc = xml::parse_xml(text, limits);
  EXPECT_TRUE(doc.ok()) << doc.error().message << "\n" << text;
  return std::move(doc).value();
}

// <lk:Operation xmlns:lk="…">children</lk:Operation> of `version`.
xml::XmlDocument question(Operation operation, const LegacyLekaVersion& version,
                          const std::string& children) {
  const std::string name(operation_name(operation));
  return parse("<lk:" + name + " xmlns:lk=\"" + operation_namespace(operation, version.major) +
               "\">" + children + "</lk:" + name + ">");
}

std::size_t count_elements(const xmlNode* node, std::string_view name) {
  std::size_t n = xml::local_name(node) == name ? 1 : 0;
  for (const xmlNode* child : xml::child_elements(node)) n += count_elements(child, name);
  return n;
}

TEST(LegacyLekaNamesTest, EachOperationAndVersionHasItsOwnNamespaceAndSoapAction) {
  EXPECT_EQ(operation_namespace(Operation::kRegistreraPrenumeration, 7),
            "urn:utbyte:leka:registreraprenumeration:7");
  EXPECT_EQ(soap_action(Operation::kKvitteraAviseringar, 5),
            "urn:utbyte:leka:kvitteraaviseringar:5#KvitteraAviseringar");
  EXPECT_EQ(answer_element(Operation::kHamtaAviseringar), "HamtaAviseringarSvar");
  EXPECT_EQ(tjanst_of(Operation::kHamtaAviseringar, kV7), "LEKA.AVISERING.V7");
  EXPECT_EQ(tjanst_of(Operation::kRegistreraPrenumeration, kV6), "LEKA.PRENUMERATION.V6");
  std::set<std::string> namespaces;
  for (const auto& version : kLegacyLekaVersions) {
    for (Operation op : kOperations) namespaces.insert(operation_namespace(op, version.major));
  }
  EXPECT_EQ(namespaces.size(), 15U);
}

TEST(LegacyLekaReadTest, RegistreraIsCheckedWithV9sRulesAndCodes) {
  const Operation op = Operation::kRegistreraPrenumeration;
  auto ok = question(op, kV7,
                     "<lk:personnummer>198503129986</lk:personnummer>"
                     "<lk:informationstyp>UTBETALNING</lk:informationstyp>"
                     "<lk:informationstyp>SJUKPENNING</lk:informationstyp>"
                     "<lk:fromDatum>2026-01-01</lk:fromDatum>");
  auto read = read_registrera(ok.root(), kV7, kToday);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->personnummer.digits(), "198503129986");
  EXPECT_EQ(read->informationstyper,
            (std::vector{InformationType::kSjukpenning, InformationType::kUtbetalning}));
  EXPECT_EQ(domain::format_date(read->from_datum), "2026-01-01");

  // What a client writes reads back the same.
  const std::string_view types[] = {"SJUKPENNING", "UTBETALNING"};
  auto written = parse(write_registrera("198503129986", types, "2026-01-01", kV7));
  auto again = read_registrera(written.root(), kV7, kToday);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->informationstyper, read->informationstyper);

  const std::string pnr = "<lk:personnummer>198503129986</lk:personnummer>";
  const std::string sjp = "<lk:informationstyp>SJUKPENNING</lk:informationstyp>";
  const std::string from = "<lk:fromDatum>2026-01-01</lk:fromDatum>";
  const struct {
    const LegacyLekaVersion* version;
    std::string children;
    ErrorCode code;
  } cases[] = {
      {&kV7, sjp + from, ErrorCode::kInvalidRequest},  // no personnummer
      {&kV7, pnr + pnr + sjp + from, ErrorCode::kInvalidRequest},
      {&kV7, "<lk:personnummer>198503129987</lk:personnummer>" + sjp + from,
       ErrorCode::kInvalidPersonnummer},
      {&kV7, pnr + from, ErrorCode::kMissingInformationType},
      {&kV7, pnr + "<lk:informationstyp>NOPE</lk:informationstyp>" + from,
       ErrorCode::kUnknownInformationType},
      {&kV7, pnr + sjp + sjp + from, ErrorCode::kInvalidRequest},
      {&kV7, pnr + "<lk:informationstyp>PERSONUPPGIFTER</lk:informationstyp>" + from,
       ErrorCode::kInformationTypeNotSubscribable},
      {&kV7, pnr + "<lk:informationstyp>UTBETALNING</lk:informationstyp>" + from,
       ErrorCode::kInformationTypeNotSubscribable},
      {&kV7, pnr + sjp + "<lk:fromDatum>2026-02-30</lk:fromDatum>", ErrorCode::kInvalidDate},
      {&kV7, pnr + sjp + "<lk:fromDatum>1999-12-31</lk:fromDatum>", ErrorCode::kInvalidDateRange},
      {&kV7, pnr + sjp + "<lk:fromDatum>2028-01-01</lk:fromDatum>", ErrorCode::kInvalidDateRange},
      {&kV7, pnr + sjp, ErrorCode::kInvalidRequest},  // no fromDatum
      {&kV7, pnr + sjp + from + "<lk:tomDatum>2026-12-31</lk:tomDatum>",
       ErrorCode::kInvalidRequest},
      // Version 5 has no payments.
      {&kV5, pnr + sjp + "<lk:informationstyp>UTBETALNING</lk:informationstyp>" + from,
       ErrorCode::kUnknownInformationType},
  };
  for (const auto& c : cases) {
    auto doc = question(op, *c.version, c.children);
    auto r = read_registrera(doc.root(), *c.version, kToday);
    ASSERT_FALSE(r.ok()) << c.children;
    EXPECT_EQ(r.error().code, c.code) << c.children << ": " << r.error().message;
  }
  // v6 subscribes to payments.
  auto v6 =
      question(op, kV6, pnr + sjp + "<lk:informationstyp>UTBETALNING</lk:informationstyp>" + from);
  EXPECT_TRUE(read_registrera(v6.root(), kV6, kToday).ok());
  // Another version's element, or a child of another namespace, is not this question.
  auto other = question(op, kV6, pnr + sjp + from);
  EXPECT_EQ(read_registrera(other.root(), kV7, kToday).error().code, ErrorCode::kInvalidRequest);
  auto foreign = parse(
      "<lk:RegistreraPrenumeration xmlns:lk=\"urn:utbyte:leka:registreraprenumeration:7\" "
      "xmlns:x=\"urn:x\"><x:personnummer>198503129986</x:personnummer>" +
      sjp + from + "</lk:RegistreraPrenumeration>");
  EXPECT_EQ(read_registrera(foreign.root(), kV7, kToday).error().code, ErrorCode::kInvalidRequest);
}

TEST(LegacyLekaReadTest, KontrolleraAndAvregistrera) {
  auto ok = parse(write_kontrollera("198503129986", kV7));
  auto pnr = read_kontrollera(ok.root(), kV7);
  ASSERT_TRUE(pnr.ok());
  EXPECT_EQ(pnr->digits(), "198503129986");
  const Operation k = Operation::kKontrolleraPrenumeration;
  EXPECT_EQ(read_kontrollera(question(k, kV7, "").root(), kV7).error().code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(
      read_kontrollera(question(k, kV7, "<lk:personnummer>19850312</lk:personnummer>").root(), kV7)
          .error()
          .code,
      ErrorCode::kInvalidPersonnummer);

  auto id = read_avregistrera(parse(write_avregistrera("P-1", kV7)).root(), kV7);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "P-1");
  const Operation a = Operation::kAvregistreraPrenumeration;
  EXPECT_EQ(read_avregistrera(question(a, kV7, "").root(), kV7).error().code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(read_avregistrera(question(a, kV7, "<lk:prenumerationsId/>").root(), kV7).error().code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(read_avregistrera(
                question(a, kV7,
                         "<lk:prenumerationsId>" + std::string(65, 'P') + "</lk:prenumerationsId>")
                    .root(),
                kV7)
                .error()
                .code,
            ErrorCode::kInvalidRequest);
}

TEST(LegacyLekaReadTest, HamtaAndKvittera) {
  const Operation h = Operation::kHamtaAviseringar;
  auto defaults = read_hamta(question(h, kV7, "").root(), kV7);
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->from_sekvens.has_value());
  EXPECT_EQ(defaults->antal, kDefaultAntal);
  auto given = read_hamta(parse(write_hamta({5, 1000}, kV7)).root(), kV7);
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(given->from_sekvens, 5);
  EXPECT_EQ(given->antal, 1000);
  for (const char* bad :
       {"<lk:fromSekvens>0</lk:fromSekvens>", "<lk:fromSekvens>x</lk:fromSekvens>",
        "<lk:antal>0</lk:antal>", "<lk:antal>1001</lk:antal>",
        "<lk:antal>1</lk:antal><lk:antal>2</lk:antal>", "<lk:tomSekvens>1</lk:tomSekvens>"}) {
    auto r = read_hamta(question(h, kV7, bad).root(), kV7);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << bad;
  }

  const Operation k = Operation::kKvitteraAviseringar;
  auto tom = read_kvittera(parse(write_kvittera(12, kV7)).root(), kV7);
  ASSERT_TRUE(tom.ok());
  EXPECT_EQ(*tom, 12);
  EXPECT_EQ(*read_kvittera(question(k, kV7, "<lk:tomSekvens>0</lk:tomSekvens>").root(), kV7), 0);
  for (const char* bad :
       {"", "<lk:tomSekvens>-1</lk:tomSekvens>", "<lk:tomSekvens>1.5</lk:tomSekvens>"}) {
    auto r = read_kvittera(question(k, kV7, bad).root(), kV7);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << bad;
  }
}

class TempFile {
 public:
  TempFile() {
    static std::atomic<int> n{0};
    path_ =
        (std::filesystem::temp_directory_path() /
         ("utbyte-legacy-leka-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".db"))
            .string();
  }
  ~TempFile() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class LegacyLekaRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store::synthetic::generate_register(db_.path(), {0, 1, kToday}, nullptr).ok());
    auto opened = store::open_sqlite_store(db_.path());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    service_ =
        std::make_unique<LekaService>(*store_, [] { return std::int64_t{1'795'000'000'000}; });
    agreement_.aktors_id = "AKTOR-A";
    agreement_.organisationsnummer = "5567890123";
    agreement_.rattslig_grund = "TEST";
    agreement_.tjanster = {"LEKA"};
    for (const auto& info : domain::all_information_types()) {
      agreement_.informationstyper.insert(info.type);
    }
  }

  void expect_valid(const std::string& answer, const LegacyLekaVersion& version) {
    auto schema = xml::XsdValidator::load(kContracts / "xsd" / version.xsd_file);
    ASSERT_TRUE(schema.ok()) << schema.error().message;
    const auto doc = parse(answer);
    const auto problems = schema->validate(doc);
    EXPECT_TRUE(problems.empty()) << problems.front().message << "\n" << answer;
  }

  TempFile db_;
  store::StorePtr store_;
  std::unique_ptr<LekaService> service_;
  platform::Agreement agreement_;
};

TEST_F(LegacyLekaRenderTest, EveryAnswerIsValidAndTheFeedIsV9s) {
  const SubscriptionRequest wanted{*domain::parse_personnummer("198503129986"),
                                   {InformationType::kSjukpenning, InformationType::kUtbetalning},
                                   *domain::parse_date("2025-01-01")};
  auto created =
      service_->subscribe(wanted, agreement_, {"tx-1", "5567890123", "LEKA.PRENUMERATION.V7"});
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_GT(created->forsta_leverans, 0);
  const auto registrera = render_registrera(*created, kV7);
  expect_valid(registrera, kV7);
  EXPECT_NE(registrera.find("<lk:nyRegistrerad>true</lk:nyRegistrerad>"), std::string::npos);
  EXPECT_NE(registrera.find(created->subscription.id), std::string::npos);

  const std::vector<store::Subscription> listed = {created->subscription};
  expect_valid(render_kontrollera(listed, kV7), kV7);
  expect_valid(render_kontrollera({}, kV7), kV7);
  expect_valid(render_avregistrera(created->subscription.id, kV7), kV7);
  expect_valid(render_kvittera(0, kV7), kV7);

  for (const LegacyLekaVersion& version : kLegacyLekaVersions) {
    SCOPED_TRACE(version.major);
    auto page = service_->deliver(agreement_, 1, 100, {"tx-2", "5567890123", "LEKA.AVISERING.V7"},
                                  version.payments);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_FALSE(page->delivery.delivered.empty());
    auto rendered = render_hamta(*page, version);
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    expect_valid(*rendered, version);
    const auto doc = parse(*rendered);
    EXPECT_EQ(count_elements(doc.root(), "avisering"), page->delivery.delivered.size());
    EXPECT_EQ(xml::text_of(xml::find_child(
                  doc.root(), operation_namespace(Operation::kHamtaAviseringar, version.major),
                  "nastaFromSekvens")),
              std::to_string(page->nasta_from_sekvens));
    // v5 has no payments; v6 has them without status; v7 with.
    const std::size_t payments = count_elements(doc.root(), "utbetalning");
    if (version.payments) {
      EXPECT_GT(payments, 0U) << *rendered;
    } else {
      EXPECT_EQ(payments, 0U);
    }
    EXPECT_EQ(count_elements(doc.root(), "beloppstyp") > 0, version.payment_status);
  }
}

TEST_F(LegacyLekaRenderTest, WithheldNotificationsAreNamedInMeddelanden) {
  const SubscriptionRequest wanted{*domain::parse_personnummer("198503129986"),
                                   {InformationType::kSjukpenning},
                                   *domain::parse_date("2025-01-01")};
  ASSERT_TRUE(service_->subscribe(wanted, agreement_, {"tx-1", "5567890123", ""}).ok());
  platform::Agreement narrowed = agreement_;
  narrowed.informationstyper.erase(InformationType::kSjukpenning);
  auto page = service_->deliver(narrowed, 1, 100, {"tx-2", "5567890123", ""});
  ASSERT_TRUE(page.ok());
  auto rendered = render_hamta(*page, kV7);
  ASSERT_TRUE(rendered.ok());
  expect_valid(*rendered, kV7);
  EXPECT_NE(rendered->find("AVISERINGAR_UNDANHALLNA"), std::string::npos);
  EXPECT_EQ(rendered->find("<lk:avisering>"), std::string::npos);
}

TEST(LegacyLekaRenderHamtaTest, AStoredNotificationThatIsNotOursIsAnInternalError) {
  FeedPage page;
  page.delivery.delivered.push_back({1, "198503129986", InformationType::kSjukpenning, "nej"});
  auto rendered = render_hamta(page, kV7);
  ASSERT_FALSE(rendered.ok());
  EXPECT_EQ(rendered.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace utbyte::leka::legacy
