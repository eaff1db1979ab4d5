#include "ssbtek/ssbtek_xml.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"
#include "ssbtek/block_schema.h"
#include "ssbtek/ssbtek_service.h"

namespace utbyte::ssbtek {

using json = nlohmann::json;
namespace xml = platform::xml;
using platform::soap::xml_escape;

namespace {

constexpr std::string_view kPrefix = "sb";

// <sb:name>escaped text</sb:name>
void element(std::string& out, std::string_view name, std::string_view text) {
  out += fmt::format("<{0}:{1}>{2}</{0}:{1}>", kPrefix, name, xml_escape(text));
}

void write_object(std::string& out, const json& object, const TypeSpec& type) {
  for (const FieldSpec& field : type.fields) {
    if (!object.contains(field.json) || object[field.json].is_null()) continue;
    const json& value = object[field.json];
    switch (field.kind) {
      case FieldKind::kText:
        element(out, field.xml, value.is_string() ? value.get<std::string>() : value.dump());
        break;
      case FieldKind::kInteger:
        element(out, field.xml,
                value.is_number_integer() ? std::to_string(value.get<std::int64_t>()) : "0");
        break;
      case FieldKind::kList:
        if (!value.is_array()) break;
        for (const json& item : value) {
          out += fmt::format("<{}:{}>", kPrefix, field.xml);
          write_object(out, item, *field.item);
          out += fmt::format("</{}:{}>", kPrefix, field.xml);
        }
        break;
    }
  }
}

json read_object(const xmlNode* node, const TypeSpec& type) {
  json object = json::object();
  const auto children = xml::child_elements(node);
  for (const FieldSpec& field : type.fields) {
    if (field.kind == FieldKind::kList) {
      json items = json::array();
      for (const xmlNode* child : children) {
        if (xml::local_name(child) == field.xml) items.push_back(read_object(child, *field.item));
      }
      object[std::string(field.json)] = std::move(items);
      continue;
    }
    const auto it = std::find_if(children.begin(), children.end(),
                                 [&](const xmlNode* c) { return xml::local_name(c) == field.xml; });
    if (it == children.end()) continue;
    const std::string text = xml::text_of(*it);
    if (field.kind == FieldKind::kText) {
      object[std::string(field.json)] = text;
    } else {
      std::int64_t number = 0;
      std::from_chars(text.data(), text.data() + text.size(), number);
      object[std::string(field.json)] = number;
    }
  }
  return object;
}

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

bool printable_reference(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c >= 0x20 && c != 0x7f; });
}

}  // namespace

Result<SsbtekQuery> parse_request(const xmlNode* payload, domain::Date today) {
  if (!xml::is_element(payload, kSsbtekNamespace, kRequestElement)) {
    return invalid(fmt::format("Anropet ska vara {{{}}}{}", kSsbtekNamespace, kRequestElement));
  }
  std::optional<std::string> referens, sokande, medsokande, from, tom;
  std::vector<std::string> kallor;
  bool kallor_seen = false;
  for (const xmlNode* child : xml::child_elements(payload)) {
    const std::string_view name = xml::local_name(child);
    if (xml::namespace_uri(child) != kSsbtekNamespace) {
      return invalid(fmt::format("Elementet {} har fel namnrymd", name));
    }
    std::optional<std::string>* target = name == "arendereferens" ? &referens
                                         : name == "sokande"      ? &sokande
                                         : name == "medsokande"   ? &medsokande
                                         : name == "fromDatum"    ? &from
                                         : name == "tomDatum"     ? &tom
                                                                  : nullptr;
    if (target != nullptr) {
      if (*target) return invalid(fmt::format("Elementet {} förekommer mer än en gång", name));
      *target = xml::text_of(child);
      continue;
    }
    if (name == "kallor" && !kallor_seen) {
      kallor_seen = true;
      for (const xmlNode* k : xml::child_elements(child)) {
        if (!xml::is_element(k, kSsbtekNamespace, "kalla")) {
          return invalid(
              fmt::format("kallor får bara innehålla kalla, inte {}", xml::local_name(k)));
        }
        kallor.push_back(xml::text_of(k));
      }
      if (kallor.empty()) return invalid("kallor ska innehålla minst en kalla");
      continue;
    }
    return invalid(fmt::format("Okänt eller upprepat element {}", name));
  }
  for (const auto& [field, name] :
       {std::pair{&referens, "arendereferens"}, std::pair{&sokande, "sokande"},
        std::pair{&from, "fromDatum"}, std::pair{&tom, "tomDatum"}}) {
    if (!*field) return invalid(fmt::format("Elementet {} saknas", name));
  }
  if (!printable_reference(*referens)) {
    return invalid("arendereferens ska vara 1–64 skrivbara tecken");
  }
  auto applicant = domain::parse_personnummer(*sokande);
  if (!applicant.ok()) {
    return make_error(applicant.error().code, "sokande: " + applicant.error().message);
  }
  std::optional<domain::Personnummer> co_applicant;
  if (medsokande) {
    auto parsed = domain::parse_personnummer(*medsokande);
    if (!parsed.ok()) {
      return make_error(parsed.error().code, "medsokande: " + parsed.error().message);
    }
    if (*parsed == *applicant) return invalid("medsokande är samma person som sokande");
    co_applicant = std::move(parsed).value();
  }
  auto from_date = domain::parse_date(*from);
  if (!from_date.ok()) return make_error(ErrorCode::kInvalidDate, "fromDatum ska vara ÅÅÅÅ-MM-DD");
  auto tom_date = domain::parse_date(*tom);
  if (!tom_date.ok()) return make_error(ErrorCode::kInvalidDate, "tomDatum ska vara ÅÅÅÅ-MM-DD");
  const domain::DateRange period{*from_date, *tom_date};
  if (auto s = check_period(period, today); !s.ok()) return s.error();

  std::vector<Kalla> wanted;
  for (const std::string& text : kallor) {
    const auto kalla = parse_kalla(text);
    if (!kalla || text != to_string(*kalla)) {
      return make_error(ErrorCode::kUnknownSource,
                        fmt::format("Okänd källa {} (giltiga: AKASSA, ARBETSFORMEDLINGEN, CSN, "
                                    "FK_PM, MIGRATIONSVERKET, SKATTEVERKET, TRANSPORTSTYRELSEN)",
                                    text));
    }
    if (std::find(wanted.begin(), wanted.end(), *kalla) != wanted.end()) {
      return invalid(fmt::format("Källan {} förekommer mer än en gång", text));
    }
    wanted.push_back(*kalla);
  }
  if (wanted.empty()) wanted.assign(kAllaKallor.begin(), kAllaKallor.end());
  std::sort(wanted.begin(), wanted.end());
  return SsbtekQuery{std::move(applicant).value(), std::move(co_applicant), period,
                     std::move(wanted), *referens};
}

std::string write_request(const RequestFields& fields) {
  std::string out =
      fmt::format("<{0}:{1} xmlns:{0}=\"{2}\">", kPrefix, kRequestElement, kSsbtekNamespace);
  element(out, "arendereferens", fields.arendereferens);
  element(out, "sokande", fields.sokande);
  if (!fields.medsokande.empty()) element(out, "medsokande", fields.medsokande);
  element(out, "fromDatum", fields.from);
  element(out, "tomDatum", fields.tom);
  if (!fields.kallor.empty()) {
    out += fmt::format("<{}:kallor>", kPrefix);
    for (const auto& k : fields.kallor) {
      const auto kalla = parse_kalla(k);
      element(out, "kalla", kalla ? to_string(*kalla) : std::string_view(k));
    }
    out += fmt::format("</{}:kallor>", kPrefix);
  }
  out += fmt::format("</{}:{}>", kPrefix, kRequestElement);
  return out;
}

std::string write_answer(const SsbtekAnswer& answer) {
  std::string out;
  out.reserve(8192);
  out += fmt::format("<{0}:{1} xmlns:{0}=\"{2}\">", kPrefix, kAnswerElement, kSsbtekNamespace);
  element(out, "transaktionsId", answer.transaktions_id);
  element(out, "tidpunkt", answer.tidpunkt);
  element(out, "arendereferens", answer.arendereferens);
  element(out, "fromDatum", domain::format_date(answer.period.from));
  element(out, "tomDatum", domain::format_date(answer.period.tom));
  element(out, "komplett", answer.komplett ? "true" : "false");
  element(out, "syntetiskaUppgifter", answer.syntetiska_uppgifter ? "true" : "false");
  for (const PersonBlocks& person : answer.personer) {
    out += fmt::format("<{}:person roll=\"{}\" personnummer=\"{}\">", kPrefix, person.roll,
                       xml_escape(person.personnummer));
    for (const Block& block : person.blocks) {
      const auto& r = block.result;
      out += fmt::format(
          "<{}:block kalla=\"{}\" status=\"{}\" simulator=\"{}\" svarstidMs=\"{}\" forsok=\"{}\">",
          kPrefix, to_string(block.kalla), to_string(r.status), r.simulator ? "true" : "false",
          r.elapsed.count(), r.attempts);
      if (!r.meddelande.empty()) element(out, "meddelande", r.meddelande);
      if (r.status == BlockStatus::kBesvarad && r.uppgifter.is_object()) {
        const std::string_view name = data_element(block.kalla);
        out += fmt::format("<{}:{}>", kPrefix, name);
        write_object(out, r.uppgifter, data_type(block.kalla));
        out += fmt::format("</{}:{}>", kPrefix, name);
      }
      out += fmt::format("</{}:block>", kPrefix);
    }
    out += fmt::format("</{}:person>", kPrefix);
  }
  out += fmt::format("</{}:{}>", kPrefix, kAnswerElement);
  return out;
}

Result<json> answer_to_json(const xmlNode* answer) {
  if (!xml::is_element(answer, kSsbtekNamespace, kAnswerElement)) {
    return invalid(fmt::format("Svaret ska vara {{{}}}{}", kSsbtekNamespace, kAnswerElement));
  }
  json doc = json::object();
  json personer = json::array();
  for (const xmlNode* child : xml::child_elements(answer)) {
    const std::string_view name = xml::local_name(child);
    if (name == "komplett" || name == "syntetiskaUppgifter") {
      doc[std::string(name)] = xml::text_of(child) == "true";
    } else if (name == "person") {
      json person = {{"roll", xml::attribute(child, "roll").value_or("")},
                     {"personnummer", xml::attribute(child, "personnummer").value_or("")},
                     {"block", json::array()}};
      for (const xmlNode* b : xml::child_elements(child)) {
        const auto kalla = parse_kalla(xml::attribute(b, "kalla").value_or(""));
        json block = {
            {"kalla", xml::attribute(b, "kalla").value_or("")},
            {"status", xml::attribute(b, "status").value_or("")},
            {"simulator", xml::attribute(b, "simulator").value_or("") == "true"},
            {"svarstidMs", std::atoll(xml::attribute(b, "svarstidMs").value_or("0").c_str())},
            {"forsok", std::atoi(xml::attribute(b, "forsok").value_or("0").c_str())}};
        for (const xmlNode* part : xml::child_elements(b)) {
          if (xml::local_name(part) == "meddelande") {
            block["meddelande"] = xml::text_of(part);
          } else if (kalla && xml::local_name(part) == data_element(*kalla)) {
            block["uppgifter"] = read_object(part, data_type(*kalla));
          }
        }
        person["block"].push_back(std::move(block));
      }
      personer.push_back(std::move(person));
    } else {
      doc[std::string(name)] = xml::text_of(child);
    }
  }
  doc["personer"] = std::move(personer);
  return doc;
}

}  // namespace utbyte::ssbtek
