// LEKA v5–7's SOAP questions (/ws, /shs2): XML from any partner, read by every operation of every
// generation, as the endpoints do before the schema is applied.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leka/legacy/legacy_leka.h"
#include "platform/xml/xml_document.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const domain::Date kToday{std::chrono::year{2026}, std::chrono::November,
                                   std::chrono::day{23}};
  platform::xml::XmlLimits limits;
  limits.max_bytes = 64 << 10;  // as the endpoints
  limits.drop_blanks = true;
  auto doc =
      platform::xml::parse_xml(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!doc.ok()) return 0;
  const xmlNode* payload = doc->root();
  for (const auto& version : leka::legacy::kLegacyLekaVersions) {
    (void)leka::legacy::read_registrera(payload, version, kToday);
    (void)leka::legacy::read_kontrollera(payload, version);
    (void)leka::legacy::read_avregistrera(payload, version);
    (void)leka::legacy::read_hamta(payload, version);
    (void)leka::legacy::read_kvittera(payload, version);
  }
  return 0;
}
