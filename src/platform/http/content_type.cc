#include "platform/http/content_type.h"

#include <algorithm>
#include <cctype>

namespace utbyte::platform::http {

bool has_media_type(std::string_view content_type, std::string_view media) {
  std::string_view given = content_type.substr(0, content_type.find(';'));
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  return given.size() == media.size() &&
         std::equal(given.begin(), given.end(), media.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

}  // namespace utbyte::platform::http
