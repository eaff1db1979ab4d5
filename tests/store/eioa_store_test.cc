#include "store/sqlite/eioa_store.h"

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

}  // namespace
}  // namespace utbyte::store
