#include "platform/http/query_params.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace utbyte::platform::http {
std::string percent_decode(std::string_view text, PlusSign plus) {
  const auto hex_value = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus == PlusSign::kSpace) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

Result<QueryParams> QueryParams::parse(std::string_view target,
                                       std::initializer_list<std::string_view> known) {
  QueryParams params;
  const auto question = target.find('?');
  if (question == std::string_view::npos) return params;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    std::string name = percent_decode(pair.substr(0, eq), PlusSign::kPlus);
    if (std::find(known.begin(), known.end(), name) == known.end()) continue;
    std::string value = eq == std::string_view::npos
                            ? std::string()
                            : percent_decode(pair.substr(eq + 1), PlusSign::kPlus);
    if (params.values_.contains(name)) {
      return make_error(ErrorCode::kInvalidRequest,
                        fmt::format("Parametern '{}' får anges en gång", name));
    }
    params.values_.emplace(std::move(name), std::move(value));
  }
  return params;
}

const std::string* QueryParams::find(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

Result<std::int64_t> page_size(const QueryParams& params, std::int64_t fallback, std::int64_t max) {
  const std::string* text = params.find("antal");
  if (text == nullptr) return fallback;
  const auto parsed = parse_count(*text);
  if (!parsed || *parsed < 1 || *parsed > max) {
    return make_error(ErrorCode::kInvalidRequest,
                      fmt::format("Parametern 'antal' ska vara ett heltal 1–{}", max));
  }
  return *parsed;
}

}  // namespace utbyte::platform::http
