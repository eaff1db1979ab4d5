#include "store/sqlite/eioa_store.h"

#include <atomic>
#include <functional>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"

namespace utbyte::store {
namespace {

class EioaStoreTest : public testing::BothStoresTest {};
UTBYTE_BOTH_STORES(EioaStoreTest);

EioaVersion version(const std::string& id, const std::string& tx, std::int64_t at) {
  EioaVersion v;
  v.id = id;
  v.tx_id = tx;
  v.leverantor_orgnr = "5561234567";
  v.anordnare_orgnr = "5560000001";
  v.personnummer = "201701012393";
  v.assistent_personnummer = "199001012380";
  v.signerare = "CN=Tolvan Testsson";
  v.kanal = "SOAP";
  v.mottagen_ms = at;
  v.xml = "<x>" + tx + "</x>";
  return v;
}

TEST_P(EioaStoreTest, FirstVersionIsCurrentWithoutManualHandling) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok()) << store.error().message;
  EioaStore& eioa = (*store)->eioa();
  auto saved = eioa.save(version("id-1", "tx-1", 1000));
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->antal_versioner, 1);
  EXPECT_FALSE(saved->manuell_hantering);
  EXPECT_EQ(saved->senaste.version, 1);
  EXPECT_EQ(saved->senaste.xml, "<x>tx-1</x>");
  EXPECT_EQ(*eioa.count_versions(), 1);
}

TEST_P(EioaStoreTest, ResendKeepsHistoryLatestWinsAndFlagsManualHandling) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok());
  EioaStore& eioa = (*store)->eioa();
  ASSERT_TRUE(eioa.save(version("id-1", "tx-1", 1000)).ok());
  ASSERT_TRUE(eioa.save(version("id-2", "tx-2", 1500)).ok());
  auto second = eioa.save(version("id-1", "tx-3", 2000));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->antal_versioner, 2);
  EXPECT_TRUE(second->manuell_hantering);
  EXPECT_EQ(second->senaste.tx_id, "tx-3");
  EXPECT_EQ(second->forst_mottagen_ms, 1000);

  auto history = eioa.history("id-1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].tx_id, "tx-1");
  EXPECT_EQ((*history)[1].version, 2);

  auto list = eioa.list(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].senaste.id, "id-1");  // most recently received first
  EXPECT_FALSE((*list)[1].manuell_hantering);
  EXPECT_EQ(*eioa.count_versions(), 3);

  auto missing = eioa.find("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(EioaStoreTest, SurvivesReopen) {
  {
    auto store = open_store(spec());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->eioa().save(version("id-1", "tx-1", 1000)).ok());
  }
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok());
  auto found = (*store)->eioa().find("id-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->senaste.assistent_personnummer, "199001012380");
}

TEST_P(EioaStoreTest, DuplicateTxIdIsRefusedAndLeavesNothingHalfDone) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok());
  EioaStore& eioa = (*store)->eioa();
  ASSERT_TRUE(eioa.save(version("id-1", "tx-1", 1000)).ok());
  auto dup = eioa.save(version("id-2", "tx-1", 1000));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kStoreError);
  auto found = eioa.find("id-2");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());  // the transaction was rolled back
}

// Issue 18: an id belongs to the vendor (certificate organisation) that first sent it. Another
// vendor's version of it is refused and changes nothing; the owner may still resend.
TEST_P(EioaStoreTest, AnotherVendorCannotReplaceAnIdItDidNotSendFirst) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok()) << store.error().message;
  EioaStore& eioa = (*store)->eioa();
  ASSERT_TRUE(eioa.save(version("id-1", "tx-1", 1000)).ok());

  EioaVersion other_vendor = version("id-1", "tx-2", 2000);
  other_vendor.leverantor_orgnr = "5566778899";
  other_vendor.xml = "<x>annat innehåll</x>";
  auto refused = eioa.save(other_vendor);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kEioaIdOwnedByOtherVendor);
  EXPECT_EQ(felkod(refused.error().code), "EIOA_ID_TILLHOR_ANNAN");

  auto found = eioa.find("id-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->antal_versioner, 1);
  EXPECT_FALSE((*found)->manuell_hantering);
  EXPECT_EQ((*found)->senaste.tx_id, "tx-1");
  EXPECT_EQ((*found)->senaste.xml, "<x>tx-1</x>");
  EXPECT_EQ((*found)->agare_orgnr, "5561234567");
  EXPECT_EQ(eioa.history("id-1")->size(), 1u);
  EXPECT_EQ(*eioa.count_versions(), 1);

  // The owner's resend is a new version, as before.
  auto owner = eioa.save(version("id-1", "tx-3", 3000));
  ASSERT_TRUE(owner.ok()) << owner.error().message;
  EXPECT_EQ(owner->antal_versioner, 2);
  EXPECT_EQ(owner->agare_orgnr, "5561234567");
}

// Seed 002: "Går det att ändra en inskickad anmälan? Nej. Då får man skicka in en ny, med nytt
// uuid." Another person with assistance or another assistant under the same id is refused;
// other changes by the owner are a new version flagged for manual handling.
TEST_P(EioaStoreTest, ChangedPersonOrAssistantUnderTheSameIdIsRefused) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok()) << store.error().message;
  EioaStore& eioa = (*store)->eioa();
  ASSERT_TRUE(eioa.save(version("id-1", "tx-1", 1000)).ok());

  EioaVersion other_person = version("id-1", "tx-2", 2000);
  other_person.personnummer = "197501189984";
  auto person = eioa.save(other_person);
  ASSERT_FALSE(person.ok());
  EXPECT_EQ(person.error().code, ErrorCode::kEioaPersonChanged);

  EioaVersion other_assistant = version("id-1", "tx-3", 2000);
  other_assistant.assistent_personnummer = "198802149990";
  auto assistant = eioa.save(other_assistant);
  ASSERT_FALSE(assistant.ok());
  EXPECT_EQ(assistant.error().code, ErrorCode::kEioaPersonChanged);
  EXPECT_EQ(*eioa.count_versions(), 1);
  EXPECT_EQ((*eioa.find("id-1"))->senaste.tx_id, "tx-1");

  // Another vendor with another person hears about ownership, not about the persons.
  other_person.leverantor_orgnr = "5566778899";
  EXPECT_EQ(eioa.save(other_person).error().code, ErrorCode::kEioaIdOwnedByOtherVendor);

  EioaVersion new_dates = version("id-1", "tx-4", 3000);
  new_dates.xml = "<x>andringGallerFrom 2025-02-01</x>";
  auto changed = eioa.save(new_dates);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->antal_versioner, 2);
  EXPECT_TRUE(changed->manuell_hantering);
}

// Two vendors send the same new id at the same moment through two connections (two server
// instances): exactly one of them owns it, the other is refused, and only the owner's version is
// stored. Without the check inside the transaction both would be stored.
TEST_P(EioaStoreTest, ConcurrentFirstSendsByTwoVendorsGiveExactlyOneOwner) {
  auto first = open_store(spec());
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = open_store(spec());
  ASSERT_TRUE(second.ok()) << second.error().message;
  constexpr int kIds = 20;
  for (int i = 0; i < kIds; ++i) {
    const std::string id = "samtidig-" + std::to_string(i);
    EioaVersion from_a = version(id, id + "-a", 1000);
    EioaVersion from_b = version(id, id + "-b", 1000);
    from_b.leverantor_orgnr = "5566778899";
    std::atomic<int> ready{0};
    std::optional<Result<EioaCurrent>> result_a;
    std::optional<Result<EioaCurrent>> result_b;
    auto send = [&ready](EioaStore& eioa, const EioaVersion& v,
                         std::optional<Result<EioaCurrent>>& out) {
      ready.fetch_add(1);
      while (ready.load() < 2) std::this_thread::yield();
      out.emplace(eioa.save(v));
    };
    std::thread a(send, std::ref((*first)->eioa()), std::cref(from_a), std::ref(result_a));
    std::thread b(send, std::ref((*second)->eioa()), std::cref(from_b), std::ref(result_b));
    a.join();
    b.join();
    ASSERT_TRUE(result_a && result_b);
    ASSERT_NE(result_a->ok(), result_b->ok()) << id;
    const Result<EioaCurrent>& refused = result_a->ok() ? *result_b : *result_a;
    EXPECT_EQ(refused.error().code, ErrorCode::kEioaIdOwnedByOtherVendor) << id;
    const std::string owner = result_a->ok() ? "5561234567" : "5566778899";
    auto history = (*first)->eioa().history(id);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u) << id;
    EXPECT_EQ((*history)[0].leverantor_orgnr, owner);
    EXPECT_EQ((*(*second)->eioa().find(id))->agare_orgnr, owner);
  }
}

}  // namespace
}  // namespace utbyte::store
