#include "store/column_codecs.h"

#include <array>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "store/audit_chain.h"

namespace utbyte::store {

using Clock = std::chrono::system_clock;

std::int64_t epoch_millis(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_epoch_millis(std::int64_t ms) {
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(ms)));
}

std::string encode_type_set(const std::set<domain::InformationType>& types) {
  std::string out;
  for (auto t : types) {
    if (!out.empty()) out += ',';
    out += domain::to_string(t);
  }
  return out;
}

Result<std::set<domain::InformationType>> decode_type_set(std::string_view text,
                                                          std::string_view column) {
  std::set<domain::InformationType> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view code = text.substr(0, comma);
    auto type = domain::parse_information_type(code);
    if (!type) {
      return make_error(ErrorCode::kStoreError,
                        fmt::format("{} har en okänd typ: '{}'", column, code.substr(0, 40)));
    }
    out.insert(*type);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

std::string encode_type_list(const std::vector<domain::InformationType>& types) {
  std::vector<std::string> names;
  names.reserve(types.size());
  for (auto t : types) names.emplace_back(domain::to_string(t));
  return encode_string_list(names);
}

std::optional<std::vector<domain::InformationType>> decode_type_list(std::string_view text) {
  auto names = decode_string_list(text);
  if (!names) return std::nullopt;
  std::vector<domain::InformationType> types;
  types.reserve(names->size());
  for (const auto& name : *names) {
    auto type = domain::parse_information_type(name);
    if (!type) return std::nullopt;
    types.push_back(*type);
  }
  return types;
}

Result<std::string> new_order_id() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return make_error(ErrorCode::kCryptoError, "RAND_bytes misslyckades");
  }
  std::string id = "B-";
  for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
  return id;
}

}  // namespace utbyte::store
