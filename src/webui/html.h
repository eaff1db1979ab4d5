#pragma once

// Building blocks of the server-rendered pages. Every value that comes from a request, the
// register or the store goes through escape(); the page functions never paste raw text.

#include <cstdint>
#include <string>
#include <string_view>

namespace utbyte::webui {

// Escapes & < > " ' so that the text is safe both as element content and inside a quoted
// attribute value.
std::string escape(std::string_view text);

// "12 345 kr" with a non-breaking space as thousands separator and a minus sign for negatives.
std::string format_kronor(std::int64_t amount);

// Who is logged in, for the page header (empty anvandare: nobody).
struct PageUser {
  std::string organisation;  // agreement name
  std::string anvandare;     // display name
  std::string csrf_token;    // for the logout form
};

// A whole page: doctype, lang="sv", the stylesheet and script of the binary, a skip link, the
// header (with the logout button when a user is logged in) and `main_html` inside <main>.
std::string page(std::string_view title, const PageUser& user, std::string_view main_html);

}  // namespace utbyte::webui
