#pragma once

#include <span>
#include <string_view>

#include "ssbtek/kalla.h"

namespace utbyte::ssbtek {

// The shape of each source's data ("uppgifter"), shared by the XML writer of the server and the
// XML reader of the client so that the JSON of a simulator, the XML of the SOAP answer
// (contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd) and the client's JSON stay one model.
// Field order is the XSD's sequence order.
struct TypeSpec;

enum class FieldKind { kText, kInteger, kList };

struct FieldSpec {
  std::string_view json;  // member name in JSON, e.g. "utbetalningar"
  std::string_view xml;   // element name in XML, e.g. "utbetalning" (one per list item)
  FieldKind kind;
  const TypeSpec* item;  // kList: the items' type
};

struct TypeSpec {
  std::string_view name;  // XSD complexType name
  std::span<const FieldSpec> fields;
};

// The type of `kalla`'s data and the name of the XML element holding it ("akassa",
// "arbetsformedlingen", "csn", "fkPm", "migrationsverket", "skatteverket", "transportstyrelsen").
const TypeSpec& data_type(Kalla kalla);
std::string_view data_element(Kalla kalla);

}  // namespace utbyte::ssbtek
