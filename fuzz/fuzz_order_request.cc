// The LEFI Asynkron v10 order body (POST …/bestallningar): up to 100 000 lines from a partner,
// each validated on its own.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lefi/async/order_request.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const domain::Date kToday{std::chrono::year{2026}, std::chrono::November,
                                   std::chrono::day{23}};
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)lefi::async::parse_order_request(body, kToday);
  return 0;
}
