// An E-IOA notification file, checked as `utbyte eioa validera` and the server check it: limits,
// XSD, business rules and the XML signature against a trusted signing CA.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "eioa/anmalan_validator.h"
#include "platform/tls/cert_authority.h"

using namespace utbyte;

namespace {

std::unique_ptr<eioa::AnmalanValidator> validator;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("utbyte-fuzz-eioa-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto certs = platform::tls::init_dev_certs(dir);
  if (!certs.ok()) std::abort();
  auto loaded = eioa::AnmalanValidator::load(UTBYTE_SOURCE_DIR "/contracts",
                                             dir / platform::tls::kSigningCaCertFile);
  if (!loaded.ok()) std::abort();
  validator = std::make_unique<eioa::AnmalanValidator>(std::move(loaded).value());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const domain::Date kToday{std::chrono::year{2026}, std::chrono::November,
                                   std::chrono::day{23}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)validator->check_text(text, kToday);
  return 0;
}
