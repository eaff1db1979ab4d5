#pragma once

// Parsing what a browser sends: an application/x-www-form-urlencoded body and the Cookie header.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace utbyte::webui {

// The fields of a form body, in order; a field may repeat (checkboxes with one name).
class FormData {
 public:
  // Decodes `body` ('+' is a space, %XX a byte). Malformed escapes are kept literally; a
  // browser never sends them and the values are validated afterwards anyway.
  static FormData parse(std::string_view body);

  // The first value of `name`, or empty.
  std::string value(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> values(std::string_view name) const;
  bool has(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace utbyte::webui
