// Untrusted XML on the SOAP and SHS2 endpoints (E-IOA, SSBTEK): the hardened parser with its
// limits, the SOAP 1.1 envelope split and the SHS label of every header element.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/soap/shs_label.h"
#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"

using namespace utbyte::platform;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = xml::parse_xml(text, xml::XmlLimits{});
  if (!doc.ok()) return 0;
  auto envelope = soap::parse_soap_envelope(*doc);
  if (!envelope.ok()) return 0;
  for (const xmlNode* header : envelope->headers) {
    xml::Problems problems;
    (void)soap::parse_shs_label(header, &problems);
  }
  (void)xml::serialize_element(envelope->payload);
  return 0;
}
