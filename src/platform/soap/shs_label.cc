#include "platform/soap/shs_label.h"

#include <fmt/format.h>

#include "domain/organisationsnummer.h"
#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"

namespace utbyte::platform::soap {
namespace {

void problem(xml::Problems* problems, std::string message, std::string location) {
  problems->push_back({ErrorCode::kShsLabelInvalid, std::move(message), std::move(location)});
}

std::string optional_attribute(const xmlNode* node, const char* name) {
  return xml::attribute(node, name).value_or("");
}

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (value == a) return true;
  }
  return false;
}

// SHS addresses are organisation numbers, optionally with a ".suffix" naming a sub-unit.
void check_org_number(xml::Problems* problems, const std::string& value, const char* element) {
  if (value.empty()) return;
  const std::string number = value.substr(0, value.find('.'));
  if (!domain::parse_organisationsnummer(number).ok()) {
    problem(problems, fmt::format("{} är inte ett giltigt organisationsnummer", element),
            fmt::format("shs.label/{}", element));
  }
}

}  // namespace

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

Result<ShsLabel> parse_shs_label(const xmlNode* element, xml::Problems* problems) {
  const std::size_t before = problems->size();
  if (!xml::is_element(element, kShsLabelNamespace, "shs.label")) {
    problem(problems,
            fmt::format("SHS-etiketten ska vara elementet shs.label i namnrymden {}",
                        kShsLabelNamespace),
            "soap:Header");
    return make_error(ErrorCode::kShsLabelInvalid, problems->back().message);
  }
  ShsLabel label;
  label.version = xml::attribute(element, "version").value_or("1.2");
  label.tx_id = optional_attribute(element, "tx.id");
  label.corr_id = optional_attribute(element, "corr.id");
  label.shs_agreement = optional_attribute(element, "shs.agreement");
  label.transfer_type = xml::attribute(element, "transfer-type").value_or("asynch");
  label.message_type = xml::attribute(element, "message-type").value_or("simple");
  label.sequence_type = optional_attribute(element, "sequence-type");
  label.status = xml::attribute(element, "status").value_or("production");

  if (label.version != "1.2") {
    problem(problems, "Endast SHS-etikett version 1.2 stöds", "shs.label/@version");
  }
  if (!is_uuid(label.tx_id)) {
    problem(problems, "tx.id saknas eller är inte ett UUID", "shs.label/@tx.id");
  }
  if (label.corr_id.empty()) problem(problems, "corr.id saknas", "shs.label/@corr.id");
  if (!is_one_of(label.transfer_type, {"synch", "asynch"})) {
    problem(problems, "transfer-type ska vara synch eller asynch", "shs.label/@transfer-type");
  }
  if (!is_one_of(label.sequence_type, {"event", "request", "reply", "adm"})) {
    problem(problems, "sequence-type ska vara event, request, reply eller adm",
            "shs.label/@sequence-type");
  }
  if (!is_one_of(label.status, {"test", "production"})) {
    problem(problems, "status ska vara test eller production", "shs.label/@status");
  }

  for (const xmlNode* child : xml::child_elements(element)) {
    const std::string_view name = xml::local_name(child);
    if (xml::namespace_uri(child) != kShsLabelNamespace) {
      problem(problems, fmt::format("Okänt element {} i SHS-etiketten", name), "shs.label");
      continue;
    }
    const std::string value = xml::text_of(child);
    if (name == "originator") {
      label.originator = value;
    } else if (name == "from") {
      label.from = value;
    } else if (name == "to") {
      label.to = value;
    } else if (name == "end-recipient") {
      label.end_recipient = value;
    } else if (name == "product") {
      label.product = value;
    } else if (name == "subject") {
      label.subject = value;
    } else if (name == "datetime") {
      label.datetime = value;
    } else if (name == "content") {
      label.content_id = optional_attribute(child, "content-id");
      if (const xmlNode* data = xml::find_child(child, kShsLabelNamespace, "data")) {
        label.datapart_type = xml::attribute(data, "datapart-type").value_or("xml");
      }
    } else if (name == "meta" || name == "history") {
      // Carried by SHS for routing and tracing; nothing for a synchronous service to check.
    } else {
      problem(problems, fmt::format("Okänt element {} i SHS-etiketten", name), "shs.label");
    }
  }
  if (label.sender().empty()) {
    problem(problems, "Avsändare saknas (from eller originator)", "shs.label/from");
  }
  check_org_number(problems, label.from, "from");
  check_org_number(problems, label.originator, "originator");
  check_org_number(problems, label.to, "to");
  if (label.product.empty()) problem(problems, "product saknas", "shs.label/product");
  if (label.datetime.empty()) problem(problems, "datetime saknas", "shs.label/datetime");
  if (label.content_id.empty()) {
    problem(problems, "content med content-id saknas", "shs.label/content");
  }
  if (problems->size() != before) {
    return make_error(ErrorCode::kShsLabelInvalid, "SHS-etiketten är ogiltig");
  }
  return label;
}

ShsLabel make_reply_label(const ShsLabel& request, std::string datetime, std::string content_id,
                          std::string new_tx_id) {
  ShsLabel reply = request;
  reply.tx_id = request.transfer_type == "synch" ? request.tx_id : std::move(new_tx_id);
  reply.corr_id = request.corr_id;
  reply.sequence_type = "reply";
  reply.from = request.to;
  reply.to = request.sender();
  reply.originator = request.end_recipient;
  reply.end_recipient = request.originator;
  reply.datetime = std::move(datetime);
  reply.content_id = std::move(content_id);
  return reply;
}

std::string write_shs_label(const ShsLabel& label) {
  std::string out = fmt::format(
      R"(<shs:shs.label xmlns:shs="{}" version="{}" tx.id="{}" corr.id="{}")", kShsLabelNamespace,
      xml_escape(label.version), xml_escape(label.tx_id), xml_escape(label.corr_id));
  if (!label.shs_agreement.empty()) {
    out += fmt::format(R"( shs.agreement="{}")", xml_escape(label.shs_agreement));
  }
  out += fmt::format(R"( transfer-type="{}" message-type="{}" sequence-type="{}" status="{}">)",
                     xml_escape(label.transfer_type), xml_escape(label.message_type),
                     xml_escape(label.sequence_type), xml_escape(label.status));
  const auto element = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out += fmt::format("<shs:{0}>{1}</shs:{0}>", name, xml_escape(value));
  };
  element("originator", label.originator);
  element("from", label.from);
  element("to", label.to);
  element("end-recipient", label.end_recipient);
  element("product", label.product);
  element("subject", label.subject);
  element("datetime", label.datetime);
  out += fmt::format(
      R"(<shs:content content-id="{}"><shs:data datapart-type="{}"/></shs:content></shs:shs.label>)",
      xml_escape(label.content_id), xml_escape(label.datapart_type));
  return out;
}

}  // namespace utbyte::platform::soap
