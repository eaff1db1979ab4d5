#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"

namespace utbyte::store {
namespace {

class WindowStoreTest : public testing::BothStoresTest {};
UTBYTE_BOTH_STORES(WindowStoreTest);

ServiceWindowRecord window(std::int64_t start, std::int64_t end,
                           std::vector<std::string> services) {
  ServiceWindowRecord w;
  w.start = start;
  w.end = end;
  w.orsak = "Underhåll";
  w.tjanster = std::move(services);
  w.skapad = "2026-11-23T06:00:00.000Z";
  return w;
}

TEST_P(WindowStoreTest, AddsListsInStartOrderAndRemoves) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto& windows = (*store)->windows();
  auto late = windows.add(window(2000, 3000, {}));
  auto early = windows.add(window(1000, 1500, {"LEFI_ONLINE", "LEKA"}));
  ASSERT_TRUE(late.ok() && early.ok());
  EXPECT_NE(late->id, early->id);

  auto listed = windows.list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, early->id);
  EXPECT_EQ((*listed)[0].tjanster, (std::vector<std::string>{"LEFI_ONLINE", "LEKA"}));
  EXPECT_EQ((*listed)[1].tjanster.size(), 0u);
  EXPECT_EQ((*listed)[1].orsak, "Underhåll");

  EXPECT_TRUE(*windows.remove(early->id));
  EXPECT_FALSE(*windows.remove(early->id));
  EXPECT_FALSE(*windows.remove("nonsense"));
  EXPECT_FALSE(*windows.remove("SF-x1"));
  EXPECT_EQ(windows.list()->size(), 1u);
}

TEST_P(WindowStoreTest, RefusesAnEndBeforeTheStart) {
  auto store = open_store(spec());
  ASSERT_TRUE(store.ok());
  auto added = (*store)->windows().add(window(2000, 2000, {}));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::kStoreError);
}

TEST_P(WindowStoreTest, WindowsSurviveReopening) {
  {
    auto store = open_store(spec());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->windows().add(window(1, 2, {"MASSFRAGA"})).ok());
  }
  auto reopened = open_store(spec());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->windows().list()->size(), 1u);
}

}  // namespace
}  // namespace utbyte::store
