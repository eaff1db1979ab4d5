#include "leka/legacy/legacy_leka.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "platform/http/query_params.h"
#include "platform/http/timestamp.h"
#include "platform/soap/soap_envelope.h"
#include "platform/xml/xml_document.h"

namespace utbyte::leka::legacy {
namespace {

namespace xml = platform::xml;
using platform::soap::xml_escape;

constexpr std::string_view kPrefix = "lk";

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

// ---- reading -----------------------------------------------------------------------------------

// A question's children by name, after checking the element, the namespace and which children
// may be there (`repeatable` ones more than once).
using Fields = std::map<std::string, std::vector<std::string>, std::less<>>;

struct FieldRule {
  std::string_view name;
  bool repeatable = false;
};

Result<Fields> read_fields(const xmlNode* payload, Operation operation,
                           const LegacyLekaVersion& version,
                           std::initializer_list<FieldRule> rules) {
  const std::string ns = operation_namespace(operation, version.major);
  if (!xml::is_element(payload, ns, operation_name(operation))) {
    return invalid(fmt::format("Frågan ska vara {{{}}}{}", ns, operation_name(operation)));
  }
  Fields fields;
  for (const xmlNode* child : xml::child_elements(payload)) {
    const std::string_view name = xml::local_name(child);
    if (xml::namespace_uri(child) != ns) {
      return invalid(fmt::format("Okänt element {{{}}}{}", xml::namespace_uri(child), name));
    }
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [name](const FieldRule& r) { return r.name == name; });
    if (rule == rules.end()) return invalid(fmt::format("Okänt element {}", name));
    auto& values = fields[std::string(name)];
    if (!values.empty() && !rule->repeatable) {
      return invalid(fmt::format("{} får anges en gång", name));
    }
    values.push_back(xml::text_of(child));
  }
  return fields;
}

std::optional<std::string> single(const Fields& fields, std::string_view name) {
  const auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->second.front();
}

// An xs:long as the schema allows it: optional sign, digits, surrounding blanks.
std::optional<std::int64_t> parse_integer(std::string text) {
  const auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && blank(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto first = std::find_if_not(text.begin(), text.end(), blank);
  text.erase(text.begin(), first);
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  return platform::http::parse_count(text);
}

// ---- writing -----------------------------------------------------------------------------------

// <lk:name>escaped text</lk:name>
void element(std::string& out, std::string_view name, std::string_view text) {
  out += fmt::format("<{0}:{1}>{2}</{0}:{1}>", kPrefix, name, xml_escape(text));
}

void element(std::string& out, std::string_view name, std::int64_t value) {
  out += fmt::format("<{0}:{1}>{2}</{0}:{1}>", kPrefix, name, value);
}

void open(std::string& out, std::string_view name) { out += fmt::format("<{}:{}>", kPrefix, name); }
void close(std::string& out, std::string_view name) {
  out += fmt::format("</{}:{}>", kPrefix, name);
}

void open_root(std::string& out, std::string_view name, Operation operation, int major) {
  out += fmt::format("<{0}:{1} xmlns:{0}=\"{2}\">", kPrefix, name,
                     operation_namespace(operation, major));
}

void write_subscription(std::string& out, const store::Subscription& s) {
  open(out, "prenumeration");
  element(out, "prenumerationsId", s.id);
  element(out, "personnummer", s.personnummer);
  for (const domain::InformationType t : s.informationstyper) {
    element(out, "informationstyp", domain::to_string(t));
  }
  element(out, "fromDatum", domain::format_date(s.from_datum));
  element(out, "registrerad", platform::http::format_ms_iso8601(s.skapad_ms));
  close(out, "prenumeration");
}

// One member of a stored notification's JSON as an element, when it is there. The members are
// named in the schema's order, so whatever the JSON's order the answer is valid.
Status json_member(std::string& out, const nlohmann::json& object, std::string_view name,
                   bool required = false) {
  const auto it = object.find(name);
  if (it == object.end()) {
    if (!required) return Status::ok_status();
    return make_error(ErrorCode::kInternal, fmt::format("Aviseringen saknar {}", name));
  }
  if (it->is_string()) {
    element(out, name, it->get_ref<const std::string&>());
  } else if (it->is_boolean()) {
    element(out, name, std::string_view(it->get<bool>() ? "true" : "false"));
  } else if (it->is_number_integer()) {
    element(out, name, it->get<std::int64_t>());
  } else {
    return make_error(ErrorCode::kInternal, fmt::format("Aviseringens {} är av fel slag", name));
  }
  return Status::ok_status();
}

Status json_members(std::string& out, const nlohmann::json& object,
                    std::initializer_list<std::string_view> required,
                    std::initializer_list<std::string_view> optional = {}) {
  // The required members, then the optional ones, each in the schema's order; where the schema
  // mixes them (beslut: tomDatum before status), the caller makes one call per run.
  for (std::string_view name : required) {
    if (Status s = json_member(out, object, name, true); !s.ok()) return s;
  }
  for (std::string_view name : optional) {
    if (Status s = json_member(out, object, name); !s.ok()) return s;
  }
  return Status::ok_status();
}

Status write_decision(std::string& out, const nlohmann::json& d) {
  if (!d.is_object()) return make_error(ErrorCode::kInternal, "Ett beslut är inte ett objekt");
  open(out, "beslut");
  if (Status s = json_members(out, d, {"beslutsId", "beslutsdatum", "fromDatum"}, {"tomDatum"});
      !s.ok())
    return s;
  if (Status s = json_members(out, d, {"status"},
                              {"omfattning", "belopp", "beloppsperiod", "beskrivning"});
      !s.ok())
    return s;
  close(out, "beslut");
  return Status::ok_status();
}

Status write_payment(std::string& out, const nlohmann::json& p, const LegacyLekaVersion& version) {
  if (!p.is_object()) return make_error(ErrorCode::kInternal, "En utbetalning är inte ett objekt");
  open(out, "utbetalning");
  if (Status s = json_members(
          out, p,
          {"utbetalningsId", "utbetalningsdatum", "foretag", "myndighet", "informationstyp",
           "periodFrom", "periodTom", "bruttobelopp", "skatteavdrag", "nettobelopp"});
      !s.ok())
    return s;
  // v7: preliminary payments are told apart from paid ones (as LEFI v7).
  if (version.payment_status) {
    if (Status s = json_members(out, p, {"beloppstyp", "status"}); !s.ok()) return s;
  }
  close(out, "utbetalning");
  return Status::ok_status();
}

Status write_notification(std::string& out, const store::StoredNotification& n,
                          const LegacyLekaVersion& version) {
  const auto doc = nlohmann::json::parse(n.innehall, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("Avisering {} är inte ett JSON-objekt", n.sekvens));
  }
  open(out, "avisering");
  element(out, "sekvensnummer", n.sekvens);
  if (Status s = json_members(out, doc,
                              {"aviseringsId", "prenumerationsId", "personnummer",
                               "informationstyp", "myndighet", "handelse", "handelsedatum"},
                              {"referens"});
      !s.ok())
    return s;
  if (Status s = json_members(out, doc, {"skapad", "syntetiskaUppgifter"}); !s.ok()) return s;
  const auto tillstand = doc.find("tillstand");
  if (tillstand == doc.end() || !tillstand->is_object()) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("Avisering {} saknar tillstand", n.sekvens));
  }
  open(out, "tillstand");
  if (Status s =
          json_members(out, *tillstand, {"informationstyp", "benamning", "myndighet", "fromDatum"});
      !s.ok())
    return s;
  if (const auto beslut = tillstand->find("beslut"); beslut != tillstand->end()) {
    for (const auto& d : *beslut) {
      if (Status s = write_decision(out, d); !s.ok()) return s;
    }
  }
  if (version.payments) {
    if (const auto payments = tillstand->find("utbetalningar"); payments != tillstand->end()) {
      for (const auto& p : *payments) {
        if (Status s = write_payment(out, p, version); !s.ok()) return s;
      }
    }
  }
  close(out, "tillstand");
  close(out, "avisering");
  return Status::ok_status();
}

}  // namespace

std::string_view operation_name(Operation operation) {
  switch (operation) {
    case Operation::kRegistreraPrenumeration:
      return "RegistreraPrenumeration";
    case Operation::kKontrolleraPrenumeration:
      return "KontrolleraPrenumeration";
    case Operation::kAvregistreraPrenumeration:
      return "AvregistreraPrenumeration";
    case Operation::kHamtaAviseringar:
      return "HamtaAviseringar";
    case Operation::kKvitteraAviseringar:
      return "KvitteraAviseringar";
  }
  return "";
}

std::string answer_element(Operation operation) {
  return fmt::format("{}Svar", operation_name(operation));
}

std::string operation_namespace(Operation operation, int major) {
  std::string lower(operation_name(operation));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return fmt::format("urn:utbyte:leka:{}:{}", lower, major);
}

std::string soap_action(Operation operation, int major) {
  return fmt::format("{}#{}", operation_namespace(operation, major), operation_name(operation));
}

std::string_view tjanst_of(Operation operation, const LegacyLekaVersion& version) {
  const bool feed =
      operation == Operation::kHamtaAviseringar || operation == Operation::kKvitteraAviseringar;
  return feed ? version.tjanst_avisering : version.tjanst_prenumeration;
}

Result<SubscriptionRequest> read_registrera(const xmlNode* payload,
                                            const LegacyLekaVersion& version, domain::Date today) {
  auto fields = read_fields(payload, Operation::kRegistreraPrenumeration, version,
                            {{"personnummer"}, {"informationstyp", true}, {"fromDatum"}});
  if (!fields.ok()) return fields.error();
  SubscriptionFields wanted;
  wanted.personnummer = single(*fields, "personnummer");
  wanted.from_datum = single(*fields, "fromDatum");
  if (const auto types = fields->find("informationstyp"); types != fields->end()) {
    for (const std::string& code : types->second) {
      if (code == domain::to_string(domain::InformationType::kUtbetalning) && !version.payments) {
        return make_error(
            ErrorCode::kUnknownInformationType,
            fmt::format("UTBETALNING finns från version 6, inte i version {}", version.major));
      }
    }
    wanted.informationstyper = types->second;
  }
  return check_subscription(wanted, today);
}

Result<domain::Personnummer> read_kontrollera(const xmlNode* payload,
                                              const LegacyLekaVersion& version) {
  auto fields =
      read_fields(payload, Operation::kKontrolleraPrenumeration, version, {{"personnummer"}});
  if (!fields.ok()) return fields.error();
  const auto text = single(*fields, "personnummer");
  if (!text) return invalid("personnummer saknas");
  return domain::parse_personnummer(*text);
}

Result<std::string> read_avregistrera(const xmlNode* payload, const LegacyLekaVersion& version) {
  auto fields =
      read_fields(payload, Operation::kAvregistreraPrenumeration, version, {{"prenumerationsId"}});
  if (!fields.ok()) return fields.error();
  auto id = single(*fields, "prenumerationsId");
  if (!id) return invalid("prenumerationsId saknas");
  if (id->empty() || id->size() > 64) return invalid("prenumerationsId ska vara 1–64 tecken");
  return std::move(*id);
}

Result<FeedQuestion> read_hamta(const xmlNode* payload, const LegacyLekaVersion& version) {
  auto fields =
      read_fields(payload, Operation::kHamtaAviseringar, version, {{"fromSekvens"}, {"antal"}});
  if (!fields.ok()) return fields.error();
  FeedQuestion question;
  if (const auto text = single(*fields, "fromSekvens")) {
    const auto from = parse_integer(*text);
    if (!from || *from < 1) return invalid("fromSekvens ska vara ett heltal ≥ 1");
    question.from_sekvens = *from;
  }
  if (const auto text = single(*fields, "antal")) {
    const auto antal = parse_integer(*text);
    if (!antal || *antal < 1 || *antal > kMaxAntal) {
      return invalid(fmt::format("antal ska vara ett heltal 1–{}", kMaxAntal));
    }
    question.antal = *antal;
  }
  return question;
}

Result<std::int64_t> read_kvittera(const xmlNode* payload, const LegacyLekaVersion& version) {
  auto fields = read_fields(payload, Operation::kKvitteraAviseringar, version, {{"tomSekvens"}});
  if (!fields.ok()) return fields.error();
  const auto text = single(*fields, "tomSekvens");
  if (!text) return invalid("tomSekvens saknas");
  const auto tom = parse_integer(*text);
  if (!tom) return invalid("tomSekvens ska vara ett heltal ≥ 0");
  return *tom;
}

std::string render_registrera(const store::CreatedSubscription& created,
                              const LegacyLekaVersion& version) {
  const Operation op = Operation::kRegistreraPrenumeration;
  std::string out;
  open_root(out, answer_element(op), op, version.major);
  write_subscription(out, created.subscription);
  element(out, "nyRegistrerad", std::string_view(created.created ? "true" : "false"));
  close(out, answer_element(op));
  return out;
}

std::string render_kontrollera(std::span<const store::Subscription> subscriptions,
                               const LegacyLekaVersion& version) {
  const Operation op = Operation::kKontrolleraPrenumeration;
  std::string out;
  open_root(out, answer_element(op), op, version.major);
  for (const store::Subscription& s : subscriptions) write_subscription(out, s);
  close(out, answer_element(op));
  return out;
}

std::string render_avregistrera(std::string_view prenumerations_id,
                                const LegacyLekaVersion& version) {
  const Operation op = Operation::kAvregistreraPrenumeration;
  std::string out;
  open_root(out, answer_element(op), op, version.major);
  element(out, "prenumerationsId", prenumerations_id);
  close(out, answer_element(op));
  return out;
}

Result<std::string> render_hamta(const FeedPage& page, const LegacyLekaVersion& version) {
  const Operation op = Operation::kHamtaAviseringar;
  std::string out;
  std::size_t size = 512;
  for (const auto& n : page.delivery.delivered) size += 2 * n.innehall.size();
  out.reserve(size);
  open_root(out, answer_element(op), op, version.major);
  for (const auto& n : page.delivery.delivered) {
    if (Status s = write_notification(out, n, version); !s.ok()) return s.error();
  }
  element(out, "kvitteradTomSekvens", page.kvitterad_tom);
  element(out, "senasteSekvens", page.senaste_sekvens);
  element(out, "nastaFromSekvens", page.nasta_from_sekvens);
  for (const WithheldType& withheld : page.delivery.withheld) {
    open(out, "meddelande");
    element(out, "kod", std::string_view("AVISERINGAR_UNDANHALLNA"));
    element(out, "text", withheld_text(withheld));
    element(out, "informationstyp", domain::to_string(withheld.informationstyp));
    element(out, "antal", static_cast<std::int64_t>(withheld.sekvensnummer.size()));
    for (const std::int64_t n : withheld.sekvensnummer) element(out, "sekvensnummer", n);
    close(out, "meddelande");
  }
  close(out, answer_element(op));
  return out;
}

std::string render_kvittera(std::int64_t kvitterad_tom, const LegacyLekaVersion& version) {
  const Operation op = Operation::kKvitteraAviseringar;
  std::string out;
  open_root(out, answer_element(op), op, version.major);
  element(out, "kvitteradTomSekvens", kvitterad_tom);
  close(out, answer_element(op));
  return out;
}

std::string write_registrera(std::string_view personnummer,
                             std::span<const std::string_view> informationstyper,
                             std::string_view from_datum, const LegacyLekaVersion& version) {
  const Operation op = Operation::kRegistreraPrenumeration;
  std::string out;
  open_root(out, operation_name(op), op, version.major);
  element(out, "personnummer", personnummer);
  for (std::string_view type : informationstyper) element(out, "informationstyp", type);
  element(out, "fromDatum", from_datum);
  close(out, operation_name(op));
  return out;
}

std::string write_kontrollera(std::string_view personnummer, const LegacyLekaVersion& version) {
  const Operation op = Operation::kKontrolleraPrenumeration;
  std::string out;
  open_root(out, operation_name(op), op, version.major);
  element(out, "personnummer", personnummer);
  close(out, operation_name(op));
  return out;
}

std::string write_avregistrera(std::string_view prenumerations_id,
                               const LegacyLekaVersion& version) {
  const Operation op = Operation::kAvregistreraPrenumeration;
  std::string out;
  open_root(out, operation_name(op), op, version.major);
  element(out, "prenumerationsId", prenumerations_id);
  close(out, operation_name(op));
  return out;
}

std::string write_hamta(const FeedQuestion& question, const LegacyLekaVersion& version) {
  const Operation op = Operation::kHamtaAviseringar;
  std::string out;
  open_root(out, operation_name(op), op, version.major);
  if (question.from_sekvens) element(out, "fromSekvens", *question.from_sekvens);
  element(out, "antal", question.antal);
  close(out, operation_name(op));
  return out;
}

std::string write_kvittera(std::int64_t tom_sekvens, const LegacyLekaVersion& version) {
  const Operation op = Operation::kKvitteraAviseringar;
  std::string out;
  open_root(out, operation_name(op), op, version.major);
  element(out, "tomSekvens", tom_sekvens);
  close(out, operation_name(op));
  return out;
}

}  // namespace utbyte::leka::legacy
