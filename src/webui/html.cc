#include "webui/html.h"

#include <fmt/format.h>

#include "webui/assets.h"

namespace utbyte::webui {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_kronor(std::int64_t amount) {
  const bool negative = amount < 0;
  // Via unsigned so that INT64_MIN does not overflow.
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00a0";
    out += digits[i];
  }
  return fmt::format("{}{}\u00a0kr", negative ? "\u2212" : "", out);
}

std::string page(std::string_view title, const PageUser& user, std::string_view main_html) {
  std::string header_user;
  if (!user.anvandare.empty()) {
    header_user = fmt::format(
        R"(<div class="anvandare"><span>{} · {}</span>)"
        R"(<form method="post" action="/webb/logga-ut">)"
        R"(<input type="hidden" name="csrf" value="{}">)"
        R"(<button type="submit" class="knapp-sekundar">Logga ut</button></form></div>)",
        escape(user.anvandare), escape(user.organisation), escape(user.csrf_token));
  }
  return fmt::format(
      R"(<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} – LEFI Online</title>
<link rel="stylesheet" href="{}">
<script src="{}" defer></script>
</head>
<body>
<a class="hoppa" href="#innehall">Hoppa till innehållet</a>
<header class="sidhuvud"><div class="bredd"><p class="tjanst">LEFI Online <span>Förmånsinformation</span></p>{}</div></header>
<main id="innehall" class="bredd" tabindex="-1">
{}
</main>
<footer class="sidfot"><div class="bredd">utbyte · Försäkringskassan och Pensionsmyndigheten · Varje fråga loggas</div></footer>
</body>
</html>
)",
      escape(title), kStylesheetPath, kScriptPath, header_user, main_html);
}

}  // namespace utbyte::webui
