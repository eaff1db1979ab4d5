// The LEKA Prenumeration body (POST …/prenumerationer): JSON from any partner.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leka/subscription_request.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const domain::Date kToday{std::chrono::year{2026}, std::chrono::November,
                                   std::chrono::day{23}};
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)leka::parse_subscription_request(body, kToday);
  return 0;
}
