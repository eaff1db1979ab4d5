#include "store/audit_chain.h"

#include <array>
#include <memory>

#include <openssl/evp.h>

namespace utbyte::store {
namespace {

// JSON string escaping without UTF-8 validation: bytes >= 0x80 pass through unchanged, so the
// text (and its hash) is defined for any input and nothing can throw.
void append_quoted(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
  if (out.size() > 1) out.push_back(',');
  append_quoted(out, key);
  out.push_back(':');
  append_quoted(out, value);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string encode_string_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_quoted(out, values[i]);
  }
  out.push_back(']');
  return out;
}

std::optional<std::vector<std::string>> decode_string_list(std::string_view text) {
  std::vector<std::string> values;
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return std::nullopt;
  std::size_t i = 1;
  const std::size_t end = text.size() - 1;
  while (i < end) {
    if (!values.empty()) {
      if (text[i] != ',') return std::nullopt;
      ++i;
    }
    if (i >= end || text[i] != '"') return std::nullopt;
    ++i;
    std::string value;
    for (;;) {
      if (i >= end) return std::nullopt;
      const char c = text[i++];
      if (c == '"') break;
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (i >= end) return std::nullopt;
      const char e = text[i++];
      if (e == '"' || e == '\\') {
        value.push_back(e);
      } else if (e == 'u' && i + 4 <= end && text.substr(i, 2) == "00" &&
                 hex_value(text[i + 2]) >= 0 && hex_value(text[i + 3]) >= 0) {
        value.push_back(static_cast<char>(hex_value(text[i + 2]) * 16 + hex_value(text[i + 3])));
        i += 4;
      } else {
        return std::nullopt;
      }
    }
    values.push_back(std::move(value));
  }
  return values;
}

std::string canonical_audit_text(const AuditEvent& e) {
  std::string out = "{";
  out.reserve(512);
  append_field(out, "tidpunkt", e.tidpunkt);
  append_field(out, "transaktionsId", e.transaktions_id);
  append_field(out, "aktorsId", e.aktors_id);
  append_field(out, "organisationsnummer", e.organisationsnummer);
  append_field(out, "anvandare", e.anvandare);
  append_field(out, "tjanst", e.tjanst);
  append_field(out, "personnummer", e.personnummer);
  out += ",\"informationstyper\":";
  out += encode_string_list(e.informationstyper);
  append_field(out, "rattsligGrund", e.rattslig_grund);
  append_field(out, "utfall", e.utfall);
  out.push_back('}');
  return out;
}

std::string audit_hash(const std::string& prev_hash, const AuditEvent& event) {
  const std::string input = prev_hash + "\n" + canonical_audit_text(event);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    // Only on a broken OpenSSL installation; an empty hash never verifies, so it cannot pass.
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace utbyte::store
