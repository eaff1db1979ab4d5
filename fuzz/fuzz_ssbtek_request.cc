// The SSBTEK composite query: the SOAP body payload a municipality sends.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/xml/xml_document.h"
#include "ssbtek/ssbtek_xml.h"

using namespace utbyte;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const domain::Date kToday{std::chrono::year{2026}, std::chrono::November,
                                   std::chrono::day{23}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = platform::xml::parse_xml(text, platform::xml::XmlLimits{});
  if (!doc.ok()) return 0;
  (void)ssbtek::parse_request(doc->root(), kToday);
  return 0;
}
