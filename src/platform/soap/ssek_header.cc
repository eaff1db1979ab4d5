#include "platform/soap/ssek_header.h"

#include <optional>

#include <fmt/format.h>

#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {
namespace {

constexpr std::size_t kMaxIdLength = 256;

// ssek:Type as the schema has it (qualified); an unqualified Type is read too, as some
// implementations write it so.
std::optional<std::string> type_of(const xmlNode* node) {
  xmlChar* value = xmlGetNsProp(node, BAD_CAST "Type", BAD_CAST kSsekNamespace.data());
  if (value == nullptr) value = xmlGetNoNsProp(node, BAD_CAST "Type");
  if (value == nullptr) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

void problem(xml::Problems* problems, std::string message, std::string location) {
  problems->push_back({ErrorCode::kSsekHeaderInvalid, std::move(message), std::move(location)});
}

std::optional<SsekPartId> read_part(const xmlNode* node, std::string_view name,
                                    xml::Problems* problems) {
  const std::string location = fmt::format("ssek:SSEK/ssek:{}", name);
  SsekPartId part;
  part.id = trimmed(xml::text_of(node));
  const auto type = type_of(node);
  bool ok = true;
  if (part.id.empty() || part.id.size() > kMaxIdLength) {
    problem(problems, fmt::format("ssek:{} ska ha en identitet (1–{} tecken)", name, kMaxIdLength),
            location);
    ok = false;
  }
  if (!type || trimmed(*type).empty()) {
    problem(problems, fmt::format("ssek:{} saknar attributet ssek:Type (t.ex. ORGNR)", name),
            location + "/@ssek:Type");
    ok = false;
  } else {
    part.type = trimmed(*type);
  }
  if (!ok) return std::nullopt;
  return part;
}

std::string part_xml(std::string_view name, const SsekPartId& part) {
  return fmt::format(R"(<ssek:{0} ssek:Type="{1}">{2}</ssek:{0}>)", name, xml_escape(part.type),
                     xml_escape(part.id));
}

std::string header_xml(const SsekPartId& sender, const SsekPartId& receiver,
                       std::string_view tx_id) {
  std::string out =
      fmt::format(R"(<ssek:SSEK xmlns:ssek="{}" xmlns:soapenv="{}" soapenv:mustUnderstand="1">)",
                  kSsekNamespace, kSoap11Namespace);
  out += part_xml("SenderId", sender);
  out += part_xml("ReceiverId", receiver);
  if (!tx_id.empty()) out += fmt::format("<ssek:TxId>{}</ssek:TxId>", xml_escape(tx_id));
  out += "</ssek:SSEK>";
  return out;
}

}  // namespace

bool is_ssek_header(const xmlNode* node) { return xml::is_element(node, kSsekNamespace, "SSEK"); }

Result<SsekHeader> parse_ssek_header(const xmlNode* node, xml::Problems* problems) {
  const std::size_t before = problems->size();
  const auto children = xml::child_elements(node);
  // SenderId, ReceiverId, TxId? in this order; other namespaces may follow (the schema's any).
  std::size_t i = 0;
  const auto next_is = [&](std::string_view name) {
    return i < children.size() && xml::is_element(children[i], kSsekNamespace, name);
  };
  SsekHeader header;
  std::optional<SsekPartId> sender;
  std::optional<SsekPartId> receiver;
  if (next_is("SenderId")) {
    sender = read_part(children[i++], "SenderId", problems);
  } else {
    problem(problems, "ssek:SenderId saknas (det första elementet i ssek:SSEK)", "ssek:SSEK");
  }
  if (next_is("ReceiverId")) {
    receiver = read_part(children[i++], "ReceiverId", problems);
  } else {
    problem(problems, "ssek:ReceiverId saknas (efter ssek:SenderId)", "ssek:SSEK");
  }
  if (next_is("TxId")) {
    header.tx_id = trimmed(xml::text_of(children[i++]));
    if (header.tx_id.empty() || header.tx_id.size() > kMaxIdLength) {
      problem(problems, fmt::format("ssek:TxId ska vara 1–{} tecken", kMaxIdLength),
              "ssek:SSEK/ssek:TxId");
    }
  }
  for (; i < children.size(); ++i) {
    if (xml::namespace_uri(children[i]) == kSsekNamespace) {
      problem(problems,
              fmt::format("Oväntat element ssek:{} i ssek:SSEK", xml::local_name(children[i])),
              "ssek:SSEK");
    }
  }
  if (problems->size() != before || !sender || !receiver) {
    return make_error(ErrorCode::kSsekHeaderInvalid, "SSEK-huvudet är ogiltigt");
  }
  header.sender = std::move(*sender);
  header.receiver = std::move(*receiver);
  return header;
}

std::string write_ssek_reply_header(const SsekHeader& request) {
  return header_xml(request.receiver, request.sender, request.tx_id);
}

std::string write_ssek_header(const SsekHeader& header) {
  return header_xml(header.sender, header.receiver, header.tx_id);
}

}  // namespace utbyte::platform::soap
