#include <algorithm>

#include <fmt/format.h>

#include "webui/pages.h"

namespace utbyte::webui {
namespace {

using domain::InformationType;

const FieldError* error_for(const std::vector<FieldError>& errors, std::string_view field) {
  const auto it = std::find_if(errors.begin(), errors.end(),
                               [field](const FieldError& e) { return e.field == field; });
  return it == errors.end() ? nullptr : &*it;
}

// aria-invalid/aria-describedby of a field and its message element.
struct FieldState {
  std::string attributes;
  std::string message;
};

FieldState field_state(const std::vector<FieldError>& errors, std::string_view field,
                       std::string_view hint_id) {
  const FieldError* error = error_for(errors, field);
  std::string described(hint_id);
  FieldState state;
  if (error) {
    described += described.empty() ? "" : " ";
    described += fmt::format("{}-fel", field);
    state.message =
        fmt::format(R"(<p class="faltfel" id="{}-fel"><span class="dold">Fel: </span>{}</p>)",
                    field, escape(error->message));
    state.attributes = R"( aria-invalid="true")";
  }
  if (!described.empty()) state.attributes += fmt::format(R"( aria-describedby="{}")", described);
  return state;
}

// One fieldset of checkboxes; empty when the user may see none of `types`.
std::string type_group(std::string_view legend, std::string_view id,
                       const std::vector<InformationType>& types, const HamtaPageModel& m,
                       bool& first) {
  std::string boxes;
  for (InformationType t : types) {
    if (!m.allowed.contains(t)) continue;
    const auto& info = domain::info(t);
    const bool checked =
        std::find(m.input.typer.begin(), m.input.typer.end(), info.code) != m.input.typer.end();
    // The first checkbox carries the group's anchor, so the error summary can link to it.
    const std::string box_id = first ? std::string(kFieldTyper) : fmt::format("typ-{}", info.code);
    first = false;
    boxes += fmt::format(
        R"(<div class="kryss"><input type="checkbox" id="{}" name="typer" value="{}"{}><label for="{}">{}</label></div>)",
        box_id, info.code, checked ? " checked" : "", box_id, escape(info.name));
  }
  if (boxes.empty()) return {};
  return fmt::format(
      R"(<fieldset class="typgrupp" id="grupp-{}"><legend>{}</legend><div class="kryssrutor">{}</div></fieldset>)",
      id, escape(legend), boxes);
}

}  // namespace

std::string hamta_page(const HamtaPageModel& m) {
  std::string summary;
  if (!m.errors.empty()) {
    std::string items;
    for (const auto& e : m.errors) {
      items += fmt::format(R"(<li><a href="#{}">{}</a></li>)", e.field, escape(e.message));
    }
    summary = fmt::format(
        R"(<div class="felsammanfattning" role="alert" tabindex="-1" id="felsammanfattning"><h2>Formuläret innehåller {} fel</h2><ul>{}</ul></div>)",
        m.errors.size(), items);
  }
  std::string notice;
  if (!m.notice.empty()) {
    notice = fmt::format(R"(<div class="meddelande varning" role="alert"><p>{}</p></div>)",
                         escape(m.notice));
  }

  std::vector<InformationType> fk, pm, other;
  for (const auto& info : domain::all_information_types()) {
    if (!info.is_benefit) {
      other.push_back(info.type);
    } else {
      (info.owner == domain::Myndighet::kFK ? fk : pm).push_back(info.type);
    }
  }
  bool first = true;
  std::string groups = type_group("Försäkringskassan (FK)", "fk", fk, m, first) +
                       type_group("Pensionsmyndigheten (PM)", "pm", pm, m, first) +
                       type_group("Utbetalningar och personuppgifter", "ovrigt", other, m, first);
  const FieldError* type_error = error_for(m.errors, kFieldTyper);
  const std::string type_message =
      type_error ? fmt::format(
                       R"(<p class="faltfel" id="typer-fel"><span class="dold">Fel: </span>{}</p>)",
                       escape(type_error->message))
                 : "";

  const FieldState pnr = field_state(m.errors, kFieldPersonnummer, "personnummer-hjalp");
  const FieldState from = field_state(m.errors, kFieldFrom, "");
  const FieldState tom = field_state(m.errors, kFieldTom, "");

  const std::string body = fmt::format(
      R"(<h1>Hämta förmånsinformation</h1>
{}{}
<p>Ange personen och vilka uppgifter du behöver. Du ser bara de informationstyper du har behörighet till. Varje fråga loggas med ditt namn.</p>
<form method="post" action="/webb/hamta" class="formular" novalidate id="hamta-formular">
<input type="hidden" name="csrf" value="{}">
<div class="falt{}">
<label for="personnummer">Personnummer</label>
<p class="hjalp" id="personnummer-hjalp">12 siffror, ÅÅÅÅMMDD-NNNN</p>
{}
<input id="personnummer" name="personnummer" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="13" value="{}"{}>
<p class="livekontroll" id="personnummer-live" aria-live="polite"></p>
</div>
<div class="falt{}" id="typer-falt">
<h2 class="faltrubrik">Informationstyper</h2>
{}
<div class="typgrupper">{}</div>
</div>
<fieldset class="datum">
<legend>Period</legend>
<div class="datumfalt">
<div class="falt{}">
<label for="fromDatum">Från och med</label>
{}
<input id="fromDatum" name="fromDatum" type="date" value="{}"{}>
</div>
<div class="falt{}">
<label for="tomDatum">Till och med</label>
{}
<input id="tomDatum" name="tomDatum" type="date" value="{}"{}>
</div>
</div>
</fieldset>
<button type="submit" class="knapp" id="hamta-knapp">Hämta</button>
</form>)",
      summary, notice, escape(m.user.csrf_token), pnr.message.empty() ? "" : " falt-fel",
      pnr.message, escape(m.input.personnummer), pnr.attributes,
      type_message.empty() ? "" : " falt-fel", type_message, groups,
      from.message.empty() ? "" : " falt-fel", from.message, escape(m.input.from), from.attributes,
      tom.message.empty() ? "" : " falt-fel", tom.message, escape(m.input.tom), tom.attributes);
  return page(m.errors.empty() ? "Hämta förmånsinformation" : "Fel – Hämta förmånsinformation",
              m.user, body);
}

}  // namespace utbyte::webui
