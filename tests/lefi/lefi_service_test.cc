// LefiService over a real synthetic register: what an answer holds within the agreement, each
// special message, protected identity, the v8 rendering, and that nothing is disclosed without a
// durable audit entry.

#include "lefi/lefi_service.h"

#include <algorithm>
#include <span>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../store/test_db.h"
#include "lefi/answer_writer.h"
#include "lefi/lefi_v8.h"
#include "legacy_v8.h"
#include "store/synthetic/catalogue.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::lefi {
namespace {

using domain::InformationType;
using json = nlohmann::ordered_json;

// Catalogue persons (store/synthetic/catalogue.cc).
constexpr const char* kSjukpenning = "198503129986";
constexpr const char* kAvliden = "194002149997";
constexpr const char* kSkyddad = "197903089980";
constexpr const char* kSamordning = "199204779996";
constexpr const char* kIngaFormaner = "198706119982";
constexpr const char* kSparrad = "194411059985";
constexpr const char* kOkand = "197001010011";  // valid, never generated

// Delegates everything to a real store, except that audit appends can be made to fail.
class FlakyAudit : public store::AuditStore {
 public:
  explicit FlakyAudit(store::AuditStore& inner) : inner_(inner) {}
  bool fail = false;
  int appends = 0;

  Result<std::int64_t> append(const store::AuditEvent& event) override {
    ++appends;
    if (fail) return make_error(ErrorCode::kStoreError, "disken är full");
    return inner_.append(event);
  }
  Result<std::vector<std::int64_t>> append_batch(
      std::span<const store::AuditEvent> events) override {
    ++appends;
    if (fail) return make_error(ErrorCode::kStoreError, "disken är full");
    return inner_.append_batch(events);
  }
  Result<std::vector<store::AuditEntry>> read(std::int64_t after, int limit) override {
    return inner_.read(after, limit);
  }
  Result<store::AuditVerification> verify() override { return inner_.verify(); }

 private:
  store::AuditStore& inner_;
};

class FlakyStore : public store::Store {
 public:
  explicit FlakyStore(store::Store& inner) : inner_(inner), audit_(inner.audit()) {}
  FlakyAudit& flaky_audit() { return audit_; }

  store::RegisterStore& registry() override { return inner_.registry(); }
  store::AuditStore& audit() override { return audit_; }
  store::WindowStore& windows() override { return inner_.windows(); }
  store::OrderStore& orders() override { return inner_.orders(); }
  store::LekaStore& leka() override { return inner_.leka(); }
  store::EioaStore& eioa() override { return inner_.eioa(); }
  store::UserStore& users() override { return inner_.users(); }

 private:
  store::Store& inner_;
  FlakyAudit audit_;
};

std::vector<InformationType> every_type() {
  std::vector<InformationType> types;
  for (const auto& info : domain::all_information_types()) types.push_back(info.type);
  return types;
}

std::vector<MeddelandeKod> codes(const LefiAnswer& answer) {
  std::vector<MeddelandeKod> out;
  for (const auto& m : answer.meddelanden) out.push_back(m.kod);
  return out;
}

class LefiServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        store::synthetic::generate_register(db_, {0, 1, *domain::parse_date("2026-11-01")}, nullptr)
            .ok());
    auto opened = store::open_sqlite_store(db_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    flaky_ = std::make_unique<FlakyStore>(*store_);
    service_ = std::make_unique<LefiService>(*flaky_);
    agreement_.aktors_id = "AKTOR-A";
    agreement_.rattslig_grund = "TESTMILJO";
    const auto all = every_type();
    agreement_.informationstyper.insert(all.begin(), all.end());
  }

  LefiQuery query(const char* personnummer, std::vector<InformationType> types) const {
    return {*domain::parse_personnummer(personnummer),
            std::move(types),
            {*domain::parse_date("2024-11-01"), *domain::parse_date("2026-12-31")}};
  }

  Result<LefiAnswer> ask(const LefiQuery& q, store::AnswerOutcome* outcome = nullptr) {
    const Requester requester{"tx-" + std::to_string(++count_), "5567890123", "handlaggare"};
    return service_->answer(q, agreement_, requester, outcome);
  }

  std::vector<store::AuditEntry> audit_log() {
    auto entries = store_->audit().read(0, 1000);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? std::move(entries).value() : std::vector<store::AuditEntry>{};
  }

  store::testing::TempDir dir_;
  std::string db_ = dir_.file("register.db");
  store::StorePtr store_;
  std::unique_ptr<FlakyStore> flaky_;
  std::unique_ptr<LefiService> service_;
  platform::Agreement agreement_;
  int count_ = 0;
};

TEST_F(LefiServiceTest, AnswersAllowedTypesAndReportsTheDroppedOnes) {
  agreement_.informationstyper = {InformationType::kSjukpenning, InformationType::kUtbetalning,
                                  InformationType::kPersonuppgifter};
  const auto q =
      query(kSjukpenning, {InformationType::kBarnbidrag, InformationType::kSjukpenning,
                           InformationType::kUtbetalning, InformationType::kAlderspension,
                           InformationType::kPersonuppgifter});
  store::AnswerOutcome outcome = store::AnswerOutcome::kPersonSaknas;
  auto answer = ask(q, &outcome);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(outcome, store::AnswerOutcome::kUtlamnat);

  // The query is echoed as asked, dropped types included.
  EXPECT_EQ(answer->fraga.informationstyper, q.informationstyper);
  EXPECT_EQ(answer->transaktions_id, "tx-1");
  ASSERT_TRUE(answer->personuppgifter.has_value());
  EXPECT_EQ(answer->personuppgifter->personnummer, kSjukpenning);
  ASSERT_EQ(answer->formaner.size(), 1u);
  EXPECT_EQ(answer->formaner[0].informationstyp, InformationType::kSjukpenning);
  EXPECT_FALSE(answer->formaner[0].beslut.empty());
  ASSERT_TRUE(answer->utbetalningar.has_value());
  EXPECT_FALSE(answer->utbetalningar->empty());
  for (const auto& p : *answer->utbetalningar) EXPECT_EQ(p.type, InformationType::kSjukpenning);

  // Dropped types: one message each, in the order asked, after SYNTETISKA_UPPGIFTER.
  EXPECT_TRUE(answer->syntetiska_uppgifter);
  ASSERT_EQ(codes(*answer),
            (std::vector<MeddelandeKod>{MeddelandeKod::kSyntetiskaUppgifter,
                                        MeddelandeKod::kInformationstypEjTillaten,
                                        MeddelandeKod::kInformationstypEjTillaten}));
  EXPECT_EQ(answer->meddelanden[1].informationstyp, InformationType::kBarnbidrag);
  EXPECT_EQ(answer->meddelanden[1].text, "Avtalet medger inte informationstypen Barnbidrag");
  EXPECT_EQ(answer->meddelanden[2].informationstyp, InformationType::kAlderspension);

  // Audited with the permitted types only, and the same time the answer states.
  const auto log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  const auto& event = log[0].event;
  EXPECT_EQ(event.transaktions_id, "tx-1");
  EXPECT_EQ(event.tidpunkt, answer->tidpunkt);
  EXPECT_EQ(event.tjanst, "LEFI.FORMANSINFORMATION.V9");
  EXPECT_EQ(event.anvandare, "handlaggare");
  EXPECT_EQ(event.personnummer, kSjukpenning);
  EXPECT_EQ(event.informationstyper,
            (std::vector<std::string>{"SJUKPENNING", "UTBETALNING", "PERSONUPPGIFTER"}));
  EXPECT_EQ(event.rattslig_grund, "TESTMILJO");
  EXPECT_EQ(event.utfall, "UTLAMNAT");

  // The v9 text carries the same, members in the contract's order.
  const json v9 = json::parse(render_v9_json(*answer));
  std::vector<std::string> keys;
  for (const auto& item : v9.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"transaktionsId", "version", "tidpunkt",
                                            "syntetiskaUppgifter", "fraga", "personuppgifter",
                                            "formaner", "utbetalningar", "meddelanden"}));
  EXPECT_EQ(v9["version"], "9.0.2");
  EXPECT_EQ(v9["fraga"]["informationstyper"].size(), 5u);
  EXPECT_EQ(v9["meddelanden"][1]["kod"], "INFORMATIONSTYP_EJ_TILLATEN");
  EXPECT_EQ(v9["meddelanden"][1]["informationstyp"], "BARNBIDRAG");
}

TEST_F(LefiServiceTest, RefusesWhenTheAgreementAllowsNoneOfTheTypes) {
  agreement_.informationstyper = {InformationType::kBarnbidrag};
  auto answer = ask(query(kSjukpenning, {InformationType::kSjukpenning}));
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kInformationTypeNotPermitted);
  EXPECT_TRUE(audit_log().empty());
}

TEST_F(LefiServiceTest, OnlyTypesAskedForAreInTheAnswer) {
  // No UTBETALNING, no PERSONUPPGIFTER asked: neither member is present.
  auto answer = ask(query(kSjukpenning, {InformationType::kSjukpenning}));
  ASSERT_TRUE(answer.ok());
  EXPECT_FALSE(answer->personuppgifter.has_value());
  EXPECT_FALSE(answer->utbetalningar.has_value());
  const json v9 = json::parse(render_v9_json(*answer));
  EXPECT_FALSE(v9.contains("personuppgifter"));
  EXPECT_FALSE(v9.contains("utbetalningar"));

  // Only UTBETALNING asked: payments of every benefit the agreement covers, no formaner.
  auto payments = ask(query(kSjukpenning, {InformationType::kUtbetalning}));
  ASSERT_TRUE(payments.ok());
  EXPECT_TRUE(payments->formaner.empty());
  ASSERT_TRUE(payments->utbetalningar.has_value());
  EXPECT_FALSE(payments->utbetalningar->empty());
}

TEST_F(LefiServiceTest, BenefitsComeInTheOrderAskedFor) {
  for (const auto& types : {std::vector<InformationType>{InformationType::kLevnadsintyg,
                                                         InformationType::kAlderspension},
                            std::vector<InformationType>{InformationType::kAlderspension,
                                                         InformationType::kLevnadsintyg}}) {
    auto answer = ask(query(kSparrad, types));
    ASSERT_TRUE(answer.ok());
    ASSERT_EQ(answer->formaner.size(), 2u);
    EXPECT_EQ(answer->formaner[0].informationstyp, types[0]);
    EXPECT_EQ(answer->formaner[1].informationstyp, types[1]);
    for (const auto& f : answer->formaner) {
      for (const auto& d : f.beslut) EXPECT_EQ(d.type, f.informationstyp);
    }
  }
}

TEST_F(LefiServiceTest, PersonNotFound) {
  store::AnswerOutcome outcome = store::AnswerOutcome::kUtlamnat;
  auto answer = ask(query(kOkand, {InformationType::kPersonuppgifter, InformationType::kSjukpenning,
                                   InformationType::kUtbetalning}),
                    &outcome);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(outcome, store::AnswerOutcome::kPersonSaknas);
  EXPECT_EQ(codes(*answer), (std::vector<MeddelandeKod>{MeddelandeKod::kSyntetiskaUppgifter,
                                                        MeddelandeKod::kPersonSaknas}));
  EXPECT_EQ(answer->meddelanden[1].text, "Personen finns inte i registret");
  EXPECT_FALSE(answer->personuppgifter.has_value());
  EXPECT_TRUE(answer->formaner.empty());
  // UTBETALNING was asked for: present, and empty.
  ASSERT_TRUE(answer->utbetalningar.has_value());
  EXPECT_TRUE(answer->utbetalningar->empty());
  const auto log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].event.utfall, "PERSON_SAKNAS");

  auto without_payments = ask(query(kOkand, {InformationType::kSjukpenning}));
  ASSERT_TRUE(without_payments.ok());
  EXPECT_FALSE(without_payments->utbetalningar.has_value());
}

TEST_F(LefiServiceTest, DeceasedPerson) {
  auto answer = ask(query(kAvliden, every_type()));
  ASSERT_TRUE(answer.ok());
  ASSERT_TRUE(answer->personuppgifter.has_value());
  ASSERT_TRUE(answer->personuppgifter->avliden.has_value());
  ASSERT_TRUE(answer->has(MeddelandeKod::kAvliden));
  const auto it =
      std::find_if(answer->meddelanden.begin(), answer->meddelanden.end(),
                   [](const Meddelande& m) { return m.kod == MeddelandeKod::kAvliden; });
  EXPECT_EQ(it->text, "Personen avled " + domain::format_date(*answer->personuppgifter->avliden));
  EXPECT_FALSE(answer->has(MeddelandeKod::kPersonSaknas));
}

TEST_F(LefiServiceTest, ProtectedIdentityLeavesTheAddressOut) {
  auto answer = ask(query(kSkyddad, every_type()));
  ASSERT_TRUE(answer.ok());
  ASSERT_TRUE(answer->personuppgifter.has_value());
  EXPECT_TRUE(answer->personuppgifter->skyddad_identitet);
  // Not even in the model, so no binding can show it.
  EXPECT_TRUE(answer->personuppgifter->adress.utdelningsadress.empty());
  EXPECT_TRUE(answer->personuppgifter->adress.postnummer.empty());
  EXPECT_TRUE(answer->personuppgifter->adress.postort.empty());
  EXPECT_TRUE(answer->has(MeddelandeKod::kSkyddadIdentitet));
  EXPECT_FALSE(answer->formaner.empty()) << "benefits are still disclosed";

  for (const std::string& text : {render_v9_json(*answer), render_v8_json(*answer)}) {
    const json doc = json::parse(text);
    EXPECT_TRUE(doc["personuppgifter"]["skyddadIdentitet"].get<bool>());
    EXPECT_FALSE(doc["personuppgifter"].contains("adress"));
  }
  // The register does hold an address: the service, not the data, keeps it back.
  auto person = store_->registry().find_person(kSkyddad);
  ASSERT_TRUE(person.ok() && person->has_value());
  EXPECT_FALSE((*person)->adress.utdelningsadress.empty());
}

TEST_F(LefiServiceTest, Samordningsnummer) {
  auto answer = ask(query(kSamordning, {InformationType::kPersonuppgifter}));
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->personuppgifter->samordningsnummer);
  EXPECT_EQ(codes(*answer), (std::vector<MeddelandeKod>{MeddelandeKod::kSyntetiskaUppgifter,
                                                        MeddelandeKod::kSamordningsnummer}));
}

TEST_F(LefiServiceTest, BlockedBenefitIsReportedOncePerBenefit) {
  auto answer = ask(query(kSparrad, every_type()));
  ASSERT_TRUE(answer.ok());
  int blocked_benefits = 0;
  for (const auto& f : answer->formaner) {
    const bool blocked = std::any_of(f.beslut.begin(), f.beslut.end(), [](const auto& d) {
      return d.status == store::BeslutStatus::kSparrad;
    });
    const auto reported = std::count_if(
        answer->meddelanden.begin(), answer->meddelanden.end(), [&f](const Meddelande& m) {
          return m.kod == MeddelandeKod::kFormanSparrad && m.informationstyp == f.informationstyp;
        });
    EXPECT_EQ(reported, blocked ? 1 : 0) << domain::to_string(f.informationstyp);
    blocked_benefits += blocked ? 1 : 0;
  }
  EXPECT_GE(blocked_benefits, 1);
  EXPECT_TRUE(
      std::any_of(answer->meddelanden.begin(), answer->meddelanden.end(), [](const Meddelande& m) {
        return m.text == "Ålderspension är spärrad under perioden, se beslutens status";
      }));
}

TEST_F(LefiServiceTest, PersonWithoutBenefits) {
  auto answer = ask(query(kIngaFormaner, every_type()));
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->personuppgifter.has_value());
  EXPECT_TRUE(answer->formaner.empty());
  EXPECT_EQ(codes(*answer), (std::vector<MeddelandeKod>{MeddelandeKod::kSyntetiskaUppgifter}));
}

TEST_F(LefiServiceTest, V8RenderingEqualsTheFormerV9ToV8Mapping) {
  platform::Agreement narrow = agreement_;
  for (const auto& info : domain::all_information_types()) {
    if (static_cast<int>(info.type) % 3 == 0) narrow.informationstyper.erase(info.type);
  }
  narrow.informationstyper.insert(InformationType::kUtbetalning);
  int compared = 0;
  for (const auto& entry : store::synthetic::catalogue()) {
    for (const auto* agreement : {&agreement_, &narrow}) {
      const Requester requester{"tx-v8", "5567890123", "", kTjanstV8};
      auto answer =
          service_->answer(query(entry.personnummer.c_str(), every_type()), *agreement, requester);
      ASSERT_TRUE(answer.ok()) << entry.personnummer;
      EXPECT_EQ(render_v8_json(*answer), legacy::legacy_v8_json(render_v9_json(*answer)))
          << entry.personnummer;
      ++compared;
    }
  }
  EXPECT_GE(compared, 30);
}

TEST_F(LefiServiceTest, NoAnswerWithoutADurableAuditEntry) {
  flaky_->flaky_audit().fail = true;
  auto answer = ask(query(kSjukpenning, every_type()));
  ASSERT_FALSE(answer.ok()) << "an answer that could not be audited was disclosed";
  EXPECT_EQ(answer.error().code, ErrorCode::kStoreError);
  EXPECT_EQ(flaky_->flaky_audit().appends, 1);
  EXPECT_TRUE(audit_log().empty());

  // Once the log works again, the same question is answered and audited.
  flaky_->flaky_audit().fail = false;
  auto retried = ask(query(kSjukpenning, every_type()));
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(audit_log().size(), 1u);
}

TEST_F(LefiServiceTest, DeferredAuditHandsTheEntryToTheCaller) {
  flaky_->flaky_audit().fail = true;  // must not be touched
  std::vector<store::AuditEvent> deferred;
  Requester requester{"tx-batch", "5567890123", "", "LEFI.BESTALLNING.V10", &deferred};
  auto answer =
      service_->answer(query(kSjukpenning, {InformationType::kSjukpenning}), agreement_, requester);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(flaky_->flaky_audit().appends, 0);
  ASSERT_EQ(deferred.size(), 1u);
  EXPECT_EQ(deferred[0].transaktions_id, "tx-batch");
  EXPECT_EQ(deferred[0].tjanst, "LEFI.BESTALLNING.V10");
  EXPECT_EQ(deferred[0].tidpunkt, answer->tidpunkt);
  EXPECT_TRUE(audit_log().empty());
}

}  // namespace
}  // namespace utbyte::lefi
