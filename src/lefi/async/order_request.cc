#include "lefi/async/order_request.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error_code.h"
#include "core/json_limits.h"
#include "domain/personnummer.h"
#include "platform/actors.h"

namespace utbyte::lefi::async {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kFields = {"klientreferens", "informationstyper",
                                                     "fromDatum", "tomDatum", "personer"};

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidRequest, std::move(message));
}

// The first `max` bytes of `text`, shortened further so that no UTF-8 sequence is cut: the raw
// text ends up in JSON answers, which must stay valid UTF-8.
std::string truncate_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace

store::OrderLine validate_order_line(std::string_view text) {
  std::string digits(text);
  // The hyphenated form partners keep in their own registers; the century is always there.
  if (digits.size() == 13 && digits[8] == '-') digits.erase(8, 1);
  auto parsed = domain::parse_personnummer(digits);
  if (parsed.ok()) return {parsed->digits(), "", ""};
  return {truncate_utf8(text, kMaxRawLineBytes), std::string(felkod(parsed.error().code)),
          parsed.error().message};
}

Result<ParsedOrder> parse_order_request(std::string_view body, domain::Date today,
                                        const QueryLimits& limits) {
  auto parsed_json = parse_request_json(body, "Beställningen");
  if (!parsed_json.ok()) return parsed_json.error();
  const json& doc = *parsed_json;
  if (!doc.is_object()) {
    return make_error(ErrorCode::kMalformedJson, "Beställningen ska vara ett JSON-objekt");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find(kFields.begin(), kFields.end(), it.key()) == kFields.end()) {
      return invalid(fmt::format("Okänt fält '{}'", it.key().substr(0, 64)));
    }
  }

  ParsedOrder order;
  if (const auto ref = doc.find("klientreferens"); ref != doc.end()) {
    if (!ref->is_string()) return invalid("Fältet 'klientreferens' ska vara en sträng");
    order.klientreferens = ref->get<std::string>();
    // The same alphabet and length as aktorsId: it goes into logs and URLs of clients as is.
    if (!platform::is_url_safe_aktors_id(order.klientreferens)) {
      return invalid(
          "Fältet 'klientreferens' ska vara 1–64 tecken av A–Z, a–z, 0–9, '.', '_', "
          "'~' och '-'");
    }
  }

  auto scope = parse_query_scope(doc, today, limits);
  if (!scope.ok()) return scope.error();
  order.informationstyper = std::move(scope->informationstyper);
  order.period = scope->range;

  const auto personer = doc.find("personer");
  if (personer == doc.end()) return invalid("Fältet 'personer' saknas");
  if (!personer->is_array()) return invalid("Fältet 'personer' ska vara en lista");
  if (personer->empty()) return invalid("Ange minst en person i 'personer'");
  if (personer->size() > kMaxOrderLines) {
    return make_error(ErrorCode::kPayloadTooLarge,
                      fmt::format("En beställning får ha högst {} personer, denna har {}",
                                  kMaxOrderLines, personer->size()));
  }
  order.lines.reserve(personer->size());
  for (const auto& item : *personer) {
    // A line of another JSON type is a client bug, not a bad personnummer: the whole order
    // is refused so that the partner fixes the client rather than reading error lines.
    if (!item.is_string()) {
      return invalid(fmt::format("Rad {} i 'personer' ska vara en sträng", order.lines.size() + 1));
    }
    order.lines.push_back(validate_order_line(item.get_ref<const std::string&>()));
    if (!order.lines.back().felkod.empty()) ++order.invalid;
  }
  return order;
}

}  // namespace utbyte::lefi::async
