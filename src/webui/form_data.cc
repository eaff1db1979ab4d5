#include "webui/form_data.h"

#include <algorithm>
#include <cctype>

#include "platform/http/query_params.h"

namespace utbyte::webui {
namespace {

// Form fields encode a space as '+' (application/x-www-form-urlencoded).
std::string decode(std::string_view text) {
  return platform::http::percent_decode(text, platform::http::PlusSign::kSpace);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

FormData FormData::parse(std::string_view body) {
  FormData form;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    form.fields_.emplace_back(decode(pair.substr(0, eq)),
                              eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
  }
  return form;
}

std::string FormData::value(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.first == name) return field.second;
  }
  return {};
}

std::vector<std::string> FormData::values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& field : fields_) {
    if (field.first == name) out.push_back(field.second);
  }
  return out;
}

bool FormData::has(std::string_view name) const {
  return std::any_of(fields_.begin(), fields_.end(),
                     [name](const auto& field) { return field.first == name; });
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

}  // namespace utbyte::webui
