#include "platform/http/connection_table.h"

#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace utbyte::platform::http {
namespace {

// Stands in for a session: records that the table asked it to close.
class FakeConnection : public EvictableConnection {
 public:
  void evict() override { ++evictions; }
  int evictions = 0;
};

std::shared_ptr<ConnectionTable> table_with(ConnectionLimits limits) {
  return std::make_shared<ConnectionTable>(limits);
}

TEST(ConnectionTableTest, OneAddressMayHoldOnlyItsShareOfHandshakes) {
  auto table = table_with({.max_connections = 100, .max_handshakes_per_address = 3});
  std::vector<ConnectionTable::Ticket> flood;
  for (int i = 0; i < 3; ++i) flood.push_back(*table->admit("10.0.0.9"));
  EXPECT_FALSE(table->admit("10.0.0.9").has_value());
  // Another address is not affected by the flood.
  auto partner = table->admit("10.0.0.1");
  ASSERT_TRUE(partner.has_value());
  // A finished handshake frees its address's slot, though the connection stays.
  EXPECT_TRUE(flood.front().handshake_done(""));
  EXPECT_TRUE(table->admit("10.0.0.9").has_value());
  EXPECT_EQ(table->refused(), 1U);
}

TEST(ConnectionTableTest, AtTheCapTheConnectionIdleLongestMakesRoom) {
  auto table = table_with({.max_connections = 3});
  auto first = *table->admit("a");
  auto second = *table->admit("b");
  auto third = *table->admit("c");
  auto idle_first = std::make_shared<FakeConnection>();
  auto idle_third = std::make_shared<FakeConnection>();
  ASSERT_TRUE(third.idle(idle_third));
  ASSERT_TRUE(first.idle(idle_first));

  auto fourth = table->admit("d");
  ASSERT_TRUE(fourth.has_value());
  EXPECT_EQ(idle_third->evictions, 1);  // idle longest: the third went idle before the first
  EXPECT_EQ(idle_first->evictions, 0);
  EXPECT_EQ(table->evicted(), 1U);

  auto fifth = table->admit("e");
  ASSERT_TRUE(fifth.has_value());
  EXPECT_EQ(idle_first->evictions, 1);
  // Nothing idle is left: the next is refused, and the held count stays bounded.
  EXPECT_FALSE(table->admit("f").has_value());
  EXPECT_EQ(table->open(), 5U);  // three live and two on their way out
}

TEST(ConnectionTableTest, ABusyConnectionIsNeverChosen) {
  auto table = table_with({.max_connections = 1});
  auto only = *table->admit("a");
  auto connection = std::make_shared<FakeConnection>();
  ASSERT_TRUE(only.idle(connection));
  only.busy();  // a request arrived
  EXPECT_FALSE(table->admit("b").has_value());
  EXPECT_EQ(connection->evictions, 0);
}

TEST(ConnectionTableTest, AConnectionChosenWhileTurningBusyClosesAfterItsAnswer) {
  auto table = table_with({.max_connections = 1});
  auto only = *table->admit("a");
  auto connection = std::make_shared<FakeConnection>();
  ASSERT_TRUE(only.idle(connection));
  auto newcomer = table->admit("b");  // chosen; its request began meanwhile
  ASSERT_TRUE(newcomer.has_value());
  only.busy();
  EXPECT_FALSE(only.idle(connection)) << "it must close instead of waiting for another request";
}

TEST(ConnectionTableTest, EndedConnectionsFreeEverySlot) {
  auto table = table_with(
      {.max_connections = 2, .max_handshakes_per_address = 1, .max_per_organisation = 1});
  {
    auto held = *table->admit("a");
    EXPECT_FALSE(table->admit("a").has_value());
    EXPECT_TRUE(held.handshake_done("5560000001"));
  }
  EXPECT_EQ(table->open(), 0U);
  auto again = table->admit("a");
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->handshake_done("5560000001"));
}

TEST(ConnectionTableTest, AnOrganisationHoldsAtMostItsLimit) {
  auto table = table_with({.max_connections = 10, .max_per_organisation = 2});
  auto a1 = *table->admit("1");
  auto a2 = *table->admit("2");
  auto a3 = *table->admit("3");
  auto b1 = *table->admit("4");
  auto anonymous = *table->admit("5");
  EXPECT_TRUE(a1.handshake_done("2021005521"));
  EXPECT_TRUE(a2.handshake_done("2021005521"));
  EXPECT_FALSE(a3.handshake_done("2021005521"));
  EXPECT_TRUE(b1.handshake_done("5565555555"));
  EXPECT_TRUE(anonymous.handshake_done(""));  // no organisation: the actor check decides
  { auto released = std::move(a1); }
  auto a4 = *table->admit("6");
  EXPECT_TRUE(a4.handshake_done("2021005521"));
}

TEST(ConnectionTableTest, NoLimitPerOrganisationWhenZero) {
  auto table = table_with({.max_connections = 10, .max_per_organisation = 0});
  std::vector<ConnectionTable::Ticket> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(*table->admit(std::to_string(i)));
    EXPECT_TRUE(held.back().handshake_done("2021005521"));
  }
}

}  // namespace
}  // namespace utbyte::platform::http
