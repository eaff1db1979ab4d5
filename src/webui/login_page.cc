#include <fmt/format.h>

#include "webui/pages.h"

namespace utbyte::webui {

std::string login_page(const LoginPageModel& m) {
  std::string alerts;
  if (!m.error.empty()) {
    alerts += fmt::format(
        R"(<div class="felsammanfattning" role="alert" tabindex="-1" id="felsammanfattning"><h2>Inloggningen misslyckades</h2><p>{}</p></div>)",
        escape(m.error));
  }
  if (!m.info.empty()) {
    alerts += fmt::format(R"(<div class="info" role="status"><p>{}</p></div>)", escape(m.info));
  }
  const std::string body = fmt::format(
      R"(<h1>Logga in</h1>
{}
<p>Din organisation har identifierats med sitt certifikat: <strong>{}</strong> (aktörs-id {}).
Logga in med ditt användarnamn och lösenord hos organisationen.</p>
<form method="post" action="/webb/logga-in" class="formular" novalidate>
<input type="hidden" name="csrf" value="{}">
<div class="falt">
<label for="anvandarnamn">Användarnamn</label>
<input id="anvandarnamn" name="anvandarnamn" type="text" autocomplete="username" required value="{}">
</div>
<div class="falt">
<label for="losenord">Lösenord</label>
<input id="losenord" name="losenord" type="password" autocomplete="current-password" required>
</div>
<button type="submit" class="knapp">Logga in</button>
</form>)",
      alerts, escape(m.organisation), escape(m.aktors_id), escape(m.csrf_token),
      escape(m.anvandarnamn));
  return page("Logga in", PageUser{}, body);
}

std::string message_page(const PageUser& user, std::string_view title, std::string_view message) {
  const std::string body = fmt::format(
      R"(<h1>{}</h1><div class="meddelande varning" role="alert"><p>{}</p></div><p><a href="/webb/hamta">Till Hämta förmånsinformation</a></p>)",
      escape(title), escape(message));
  return page(title, user, body);
}

}  // namespace utbyte::webui
