// Operator-written files read at start: the actors file (production agreements) and the SLA
// config. A broken file must give kConfigError, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "platform/actors.h"
#include "platform/sla/sla_config.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/utbyte-fuzz-config-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  (void)platform::ActorRegistry::load(path);
  (void)platform::sla::load_sla_config(path, platform::sla::SlaConfig{});
  return 0;
}
