#include "platform/http/timestamp.h"

#include <gtest/gtest.h>

namespace utbyte::platform::http {
namespace {

TEST(TimestampTest, Iso8601WithMilliseconds) {
  EXPECT_EQ(format_ms_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_ms_iso8601(1'795'424'400'000 + 61'007), "2026-11-23T09:01:01.007Z");
  EXPECT_EQ(now_iso8601().size(), 24u);
}

}  // namespace
}  // namespace utbyte::platform::http
