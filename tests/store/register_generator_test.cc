#include "store/synthetic/register_generator.h"

#include <algorithm>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "domain/personnummer.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/synthetic/benefit_rules.h"
#include "store/synthetic/catalogue.h"
#include "test_db.h"

namespace utbyte::store::synthetic {
namespace {

using domain::add_days;
using IT = domain::InformationType;

const Date kAsOf = *domain::parse_date("2025-11-15");

// Every row of the register tables, in key order, as text: two registers are equal when this is.
std::string dump_register(const std::string& path) {
  auto conn = sqlite::Connection::open(path, false);
  EXPECT_TRUE(conn.ok());
  std::string out;
  for (const char* sql :
       {"SELECT * FROM person ORDER BY personnummer",
        "SELECT * FROM beslut ORDER BY personnummer, informationstyp, from_datum, beslut_id",
        "SELECT * FROM utbetalning ORDER BY personnummer, utbetalningsdatum, informationstyp, "
        "utbetalnings_id",
        "SELECT * FROM register_meta WHERE key <> 'generated_at' ORDER BY key"}) {
    auto stmt = conn->prepare(sql);
    EXPECT_TRUE(stmt.ok());
    for (;;) {
      auto row = stmt->step();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      for (int c = 0; c < stmt->column_count(); ++c) {
        out += stmt->column_text(c);
        out += '|';
      }
      out += '\n';
    }
  }
  return out;
}

bool monetary(IT type) {
  return type != IT::kForsakringstillhorighet && type != IT::kSgi && type != IT::kIntjanande &&
         type != IT::kLevnadsintyg && type != IT::kPensionsprognos;
}

std::vector<IT> all_types() {
  std::vector<IT> types;
  for (const auto& t : domain::all_information_types()) {
    if (t.is_benefit) types.push_back(t.type);
  }
  return types;
}

bool provar(const CatalogueEntry& e, const char* what) {
  return std::find(e.provar.begin(), e.provar.end(), what) != e.provar.end();
}

class RegisterGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    path_ = dir_->file("register.db");
    GenerateStats stats;
    std::int64_t last_done = -1;
    Status s = generate_register(
        path_, {2000, 42, kAsOf}, [&](std::int64_t done, std::int64_t) { last_done = done; },
        &stats);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(last_done, 2000);
    EXPECT_EQ(stats.persons, 2000 + static_cast<std::int64_t>(catalogue().size()));
    auto store = open_sqlite_store(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value().release();
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
  }

  static RegisterStore& reg() { return store_->registry(); }

  // The last year up to as_of plus next month's preliminary payments.
  static domain::DateRange last_year() { return {add_days(kAsOf, -365), add_days(kAsOf, 45)}; }

  static testing::TempDir* dir_;
  static std::string path_;
  static Store* store_;
};

testing::TempDir* RegisterGeneratorTest::dir_ = nullptr;
std::string RegisterGeneratorTest::path_;
Store* RegisterGeneratorTest::store_ = nullptr;

TEST_F(RegisterGeneratorTest, RegisterInfoDescribesTheGeneration) {
  auto info = reg().register_info();
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->synthetic);
  EXPECT_EQ(info->seed, 42u);
  EXPECT_EQ(info->persons, 2000 + static_cast<std::int64_t>(catalogue().size()));
  EXPECT_EQ(info->as_of, kAsOf);
  EXPECT_FALSE(info->generated_at.empty());
}

TEST_F(RegisterGeneratorTest, EveryPersonnummerIsValidAndUnique) {
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  auto stmt = conn->prepare("SELECT personnummer, samordningsnummer, fodelsedatum FROM person");
  ASSERT_TRUE(stmt.ok());
  std::set<std::string> seen;
  int samordning = 0;
  for (;;) {
    auto row = stmt->step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    const std::string pnr = stmt->column_string(0);
    auto parsed = domain::parse_personnummer(pnr);
    ASSERT_TRUE(parsed.ok()) << pnr << ": " << parsed.error().message;
    EXPECT_EQ(parsed->samordningsnummer(), stmt->column_int64(1) == 1);
    EXPECT_EQ(domain::format_date(parsed->birth_date()), stmt->column_text(2));
    samordning += parsed->samordningsnummer() ? 1 : 0;
    EXPECT_TRUE(seen.insert(pnr).second) << pnr;
    if (pnr != "201701012393") {
      const int serial = std::stoi(pnr.substr(8, 3));
      EXPECT_GE(serial, 980) << pnr;
      EXPECT_LE(serial, 999) << pnr;
    }
  }
  EXPECT_EQ(seen.size(), 2000 + catalogue().size());
  EXPECT_GT(samordning, 50);  // about 5 % of the bulk persons
}

TEST_F(RegisterGeneratorTest, BulkNumbersAreABijection) {
  std::set<std::string> seen;
  constexpr std::int64_t kPersons = 200000;
  for (std::int64_t i = 0; i < kPersons; ++i) seen.insert(bulk_personnummer(i, kPersons));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kPersons));
  // A register at full capacity still has distinct numbers at both ends of the index range.
  const std::int64_t max = max_bulk_persons();
  EXPECT_GT(max, 1'000'000);
  EXPECT_NE(bulk_personnummer(0, max), bulk_personnummer(max - 1, max));
  EXPECT_TRUE(domain::parse_personnummer(bulk_personnummer(max - 1, max)).ok());
}

TEST_F(RegisterGeneratorTest, RecordIdsDoNotContainThePersonnummer) {
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM beslut WHERE instr(beslut_id, personnummer) "
                             "OR instr(beslut_id, substr(personnummer, 3)) > 0"),
            0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE "
                             "instr(utbetalnings_id, substr(personnummer, 3)) > 0"),
            0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) - count(DISTINCT utbetalnings_id) FROM utbetalning"),
            0);
}

TEST_F(RegisterGeneratorTest, AmountsFollowTheRules) {
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE nettobelopp <> "
                             "bruttobelopp - skatteavdrag OR bruttobelopp <= 0"),
            0);
  EXPECT_EQ(
      *conn->query_int("SELECT count(*) FROM utbetalning WHERE beloppstyp = 'BARNBIDRAG' "
                       "AND (skatteavdrag <> 0 OR bruttobelopp % 1250 <> 0 OR "
                       "CAST(substr(utbetalningsdatum, 9, 2) AS INTEGER) NOT IN (18, 19, 20))"),
      0);
  EXPECT_EQ(
      *conn->query_int("SELECT count(*) FROM utbetalning WHERE myndighet = 'PM' AND "
                       "CAST(substr(utbetalningsdatum, 9, 2) AS INTEGER) NOT IN (16, 17, 18, 19)"),
      0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE informationstyp = "
                             "'SJUKPENNING' AND skatteavdrag <> bruttobelopp * 30 / 100"),
            0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE foretag <> CASE myndighet "
                             "WHEN 'FK' THEN 'Försäkringskassan' ELSE 'Pensionsmyndigheten' END"),
            0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE (status = 'PRELIMINAR') <> "
                             "(utbetalningsdatum > '2025-11-15')"),
            0);
  EXPECT_GT(*conn->query_int("SELECT count(*) FROM utbetalning WHERE status = 'PRELIMINAR'"), 0);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM utbetalning WHERE utbetalningsdatum > "
                             "'2025-12-31'"),
            0);
}

TEST_F(RegisterGeneratorTest, AboutFortyPercentOfWorkingAgeHaveNoBenefit) {
  auto conn = sqlite::Connection::open(path_, false);
  ASSERT_TRUE(conn.ok());
  const auto working = *conn->query_int(
      "SELECT count(*) FROM person WHERE fodelsedatum BETWEEN '1959-11-16' AND '2006-11-15'");
  const auto without = *conn->query_int(
      "SELECT count(*) FROM person p WHERE fodelsedatum BETWEEN '1959-11-16' AND '2006-11-15' "
      "AND NOT EXISTS (SELECT 1 FROM beslut b WHERE b.personnummer = p.personnummer)");
  ASSERT_GT(working, 500);
  EXPECT_NEAR(static_cast<double>(without) / static_cast<double>(working), 0.40, 0.06);
}

TEST_F(RegisterGeneratorTest, EveryBenefitTypeHasACataloguePersonWithDecisionAndPayment) {
  for (IT type : all_types()) {
    bool decision = false;
    bool paid = false;
    for (const auto& entry : catalogue()) {
      if (std::find(entry.informationstyper.begin(), entry.informationstyper.end(), type) ==
          entry.informationstyper.end()) {
        continue;
      }
      const std::vector<IT> one{type};
      auto decisions = reg().find_decisions(entry.personnummer, one, last_year());
      auto payments = reg().find_payments(entry.personnummer, one, last_year());
      ASSERT_TRUE(decisions.ok() && payments.ok());
      decision = decision || !decisions->empty();
      paid = paid || !payments->empty();
    }
    EXPECT_TRUE(decision) << domain::to_string(type);
    if (monetary(type)) {
      EXPECT_TRUE(paid) << domain::to_string(type);
    }
  }
}

TEST_F(RegisterGeneratorTest, CataloguePersonsExistAndAreValid) {
  const std::vector<std::string> required = {"AVLIDEN",           "SKYDDAD_IDENTITET",
                                             "SAMORDNINGSNUMMER", "INGA_FORMANER",
                                             "FORMAN_SPARRAD",    "KARENSERSATTNING"};
  std::set<std::string> covered;
  for (const auto& entry : catalogue()) {
    ASSERT_TRUE(domain::parse_personnummer(entry.personnummer).ok()) << entry.personnummer;
    auto person = reg().find_person(entry.personnummer);
    ASSERT_TRUE(person.ok() && person->has_value()) << entry.personnummer;
    EXPECT_EQ((*person)->fornamn + " " + (*person)->efternamn, entry.namn);
    EXPECT_EQ((*person)->adress.postnummer.size(), 5u);
    covered.insert(entry.provar.begin(), entry.provar.end());
  }
  for (const auto& what : required) EXPECT_TRUE(covered.count(what)) << what;
  EXPECT_EQ(catalogue().front().personnummer, "201701012393");
}

TEST_F(RegisterGeneratorTest, CatalogueSpecialCases) {
  const auto types = all_types();
  const domain::DateRange everything{*domain::parse_date("2000-01-01"),
                                     *domain::parse_date("2030-12-31")};
  for (const auto& entry : catalogue()) {
    SCOPED_TRACE(entry.personnummer);
    auto person = reg().find_person(entry.personnummer);
    ASSERT_TRUE(person.ok() && person->has_value());
    const PersonRecord& p = **person;
    auto decisions = reg().find_decisions(entry.personnummer, types, everything);
    auto payments = reg().find_payments(entry.personnummer, types, everything);
    ASSERT_TRUE(decisions.ok() && payments.ok());

    EXPECT_EQ(p.avliden.has_value(), provar(entry, "AVLIDEN"));
    EXPECT_EQ(p.skyddad_identitet, provar(entry, "SKYDDAD_IDENTITET"));
    EXPECT_EQ(p.samordningsnummer, provar(entry, "SAMORDNINGSNUMMER"));
    if (provar(entry, "AVLIDEN")) {
      ASSERT_FALSE(payments->empty());
      for (const auto& pay : *payments) EXPECT_LE(pay.period_from, *p.avliden);
      for (const auto& d : *decisions) EXPECT_TRUE(d.tom.has_value());
    }
    if (provar(entry, "INGA_FORMANER")) {
      EXPECT_TRUE(decisions->empty());
      EXPECT_TRUE(payments->empty());
    }
    if (provar(entry, "FORMAN_SPARRAD")) {
      bool blocked_pension = false;
      bool missing_certificate = false;
      for (const auto& d : *decisions) {
        if (d.type == IT::kAlderspension && d.status == BeslutStatus::kSparrad) {
          blocked_pension = true;
        }
        if (d.type == IT::kLevnadsintyg && d.status == BeslutStatus::kSparrad && !d.tom) {
          missing_certificate = true;
        }
      }
      EXPECT_TRUE(blocked_pension);
      EXPECT_TRUE(missing_certificate);
      ASSERT_FALSE(payments->empty());  // paid before the block
      for (const auto& pay : *payments) {
        EXPECT_EQ(pay.status, UtbetalningStatus::kUtbetald);
        EXPECT_LT(pay.utbetalningsdatum, kAsOf);
      }
    }
    if (provar(entry, "KARENSERSATTNING")) {
      auto karens = std::find_if(payments->begin(), payments->end(), [](const PaymentRecord& x) {
        return x.beloppstyp == "KARENSERSATTNING";
      });
      ASSERT_NE(karens, payments->end());
      EXPECT_EQ(karens->type, IT::kSjukpenning);
      EXPECT_EQ(karens->bruttobelopp, 700);
      EXPECT_EQ(karens->skatteavdrag, 210);
      EXPECT_EQ(karens->nettobelopp, 490);
    }
    for (const auto& pay : *payments) {
      EXPECT_EQ(pay.foretag,
                pay.myndighet == Myndighet::kPM ? "Pensionsmyndigheten" : "Försäkringskassan");
    }
  }
}

TEST_F(RegisterGeneratorTest, SameOptionsGiveSameRegisterOtherSeedDiffers) {
  const std::string a = dir_->file("a.db");
  const std::string b = dir_->file("b.db");
  const std::string c = dir_->file("c.db");
  ASSERT_TRUE(generate_register(a, {300, 7, kAsOf}, nullptr).ok());
  ASSERT_TRUE(generate_register(b, {300, 7, kAsOf}, nullptr).ok());
  ASSERT_TRUE(generate_register(c, {300, 8, kAsOf}, nullptr).ok());
  const std::string dump_a = dump_register(a);
  EXPECT_GT(dump_a.size(), 10000u);
  EXPECT_EQ(dump_a, dump_register(b));
  EXPECT_NE(dump_a, dump_register(c));
}

TEST_F(RegisterGeneratorTest, RegenerationReplacesRegisterButKeepsAuditLog) {
  const std::string path = dir_->file("regen.db");
  ASSERT_TRUE(generate_register(path, {100, 1, kAsOf}, nullptr).ok());
  {
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store.ok());
    AuditEvent e;
    e.personnummer = "201701012393";
    ASSERT_TRUE((*store)->audit().append(e).ok());
  }
  ASSERT_TRUE(generate_register(path, {50, 2, kAsOf}, nullptr).ok());
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store.ok());
  auto info = (*store)->registry().register_info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->seed, 2u);
  EXPECT_EQ(info->persons, 50 + static_cast<std::int64_t>(catalogue().size()));
  auto verify = (*store)->audit().verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->entries, 1);
  EXPECT_FALSE(verify->first_broken.has_value());
  auto conn = sqlite::Connection::open(path, false);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM person"), info->persons);
  EXPECT_EQ(*conn->query_int("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

TEST(RegisterGeneratorOptionsTest, RejectsTooManyPersons) {
  testing::TempDir dir;
  Status s = generate_register(dir.file("x.db"), {max_bulk_persons() + 1, 1, kAsOf}, nullptr);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidRequest);
}

TEST(BenefitRulesTest, PaymentDayMovesWeekendToFriday) {
  EXPECT_EQ(payment_day(*domain::parse_date("2025-10-18")), *domain::parse_date("2025-10-17"));
  EXPECT_EQ(payment_day(*domain::parse_date("2025-10-19")), *domain::parse_date("2025-10-17"));
  EXPECT_EQ(payment_day(*domain::parse_date("2025-10-20")), *domain::parse_date("2025-10-20"));
  EXPECT_EQ(preliminary_tax(IT::kSjukpenning, 1001), 300);
  EXPECT_EQ(preliminary_tax(IT::kBarnbidrag, 1250), 0);
  EXPECT_EQ(prisbasbelopp(2025), 58800);
}

}  // namespace
}  // namespace utbyte::store::synthetic
