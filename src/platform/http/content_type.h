#pragma once

#include <string_view>

namespace utbyte::platform::http {

// True when the Content-Type's media type is `media` (lower case), ignoring case, surrounding
// spaces and parameters such as charset.
bool has_media_type(std::string_view content_type, std::string_view media);

inline bool is_json_content_type(std::string_view content_type) {
  return has_media_type(content_type, "application/json");
}
// SOAP 1.1's text/xml.
inline bool is_soap_content_type(std::string_view content_type) {
  return has_media_type(content_type, "text/xml");
}
inline bool is_form_content_type(std::string_view content_type) {
  return has_media_type(content_type, "application/x-www-form-urlencoded");
}

}  // namespace utbyte::platform::http
