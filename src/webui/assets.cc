#include "webui/assets.h"

namespace utbyte::webui {

// Colours meet WCAG AA (4.5:1 for text, 3:1 for focus rings and borders) on their backgrounds:
// text #1b1b1b and links #00507a on white, white on #0b5a36, errors #a4001d on white.
std::string_view stylesheet() {
  static constexpr std::string_view kCss = R"css(
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       font-size: 100%; line-height: 1.5; color: #1b1b1b; background: #fff; }
body { margin: 0; }
.bredd { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
a { color: #00507a; }
a:hover { color: #002c44; }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; box-shadow: 0 0 0 6px #ffd84d; }
.hoppa { position: absolute; left: -999rem; }
.hoppa:focus { left: 1rem; top: 1rem; background: #ffd84d; color: #1b1b1b; padding: .5rem 1rem; z-index: 10; }
.sidhuvud { background: #0b5a36; color: #fff; padding: .75rem 0; }
.sidhuvud .bredd { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem 1rem; }
.tjanst { margin: 0; font-weight: 700; font-size: 1.25rem; }
.tjanst span { font-weight: 400; }
.anvandare { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
.anvandare form { margin: 0; }
.sidhuvud .knapp-sekundar { background: #fff; }
main { padding: 1.5rem 1rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 1rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.sidfot { border-top: 1px solid #6f6f6f; padding: 1rem 0; font-size: .9rem; color: #3d3d3d; }
.formular { max-width: 48rem; }
.falt { margin: 0 0 1.25rem; }
label, legend, .faltrubrik { display: block; font-weight: 700; margin-bottom: .25rem; }
.faltrubrik { font-size: 1.15rem; margin-top: 0; }
.hjalp { margin: 0 0 .25rem; color: #3d3d3d; }
input[type=text], input[type=password], input[type=date] {
  font: inherit; padding: .45rem .6rem; border: 2px solid #1b1b1b; border-radius: 0; width: 100%; max-width: 20rem; }
input[aria-invalid=true] { border-color: #a4001d; border-width: 3px; }
.falt-fel { border-left: 5px solid #a4001d; padding-left: .75rem; }
.faltfel { color: #a4001d; font-weight: 700; margin: 0 0 .25rem; }
.livekontroll { margin: .25rem 0 0; min-height: 1.5em; }
.livekontroll.fel { color: #a4001d; font-weight: 700; }
.livekontroll.ok { color: #0b5a36; }
fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; min-width: 0; }
.typgrupper { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem 2rem; }
.typgrupp legend { font-size: 1rem; border-bottom: 1px solid #6f6f6f; width: 100%; padding-bottom: .25rem; }
.kryss { display: flex; align-items: flex-start; gap: .5rem; margin: .35rem 0; }
.kryss input { width: 1.35rem; height: 1.35rem; margin: .1rem 0 0; flex: none; accent-color: #0b5a36; }
.kryss label { font-weight: 400; margin: 0; }
.datumfalt { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.knapp, .knapp-sekundar { font: inherit; font-weight: 700; cursor: pointer; border-radius: 3px;
  padding: .55rem 1.25rem; display: inline-block; text-decoration: none; }
.knapp { background: #0b5a36; color: #fff; border: 2px solid #0b5a36; }
.knapp:hover { background: #07402a; }
.knapp-sekundar { background: #f3f3f3; color: #1b1b1b; border: 2px solid #1b1b1b; }
.felsammanfattning { border: 4px solid #a4001d; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
.felsammanfattning h2 { margin-top: 0; font-size: 1.25rem; }
.felsammanfattning a { color: #a4001d; font-weight: 700; }
.info { border-left: 6px solid #00507a; background: #eef5f9; padding: .5rem 1rem; margin-bottom: 1rem; }
.meddelande { padding: .75rem 1.25rem; margin: 1rem 0; }
.meddelande ul { margin: 0; padding-left: 1.25rem; }
.meddelande.viktig, .meddelande.varning { border: 4px solid #a4001d; background: #fff4f4; }
.meddelande.viktig h2 { margin: 0 0 .5rem; font-size: 1.3rem; color: #a4001d; }
.meddelande.info { border-left: 6px solid #00507a; background: #eef5f9; }
.atgarder { display: flex; gap: .75rem; flex-wrap: wrap; margin-bottom: 1rem; }
.fraga { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
.fraga dt { font-weight: 700; }
.fraga dd { margin: 0; }
.tabell { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
.tabell th, .tabell td { border-bottom: 1px solid #8a8a8a; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.tabell thead th { border-bottom: 2px solid #1b1b1b; }
.tabell tfoot th, .tabell tfoot td { border-top: 2px solid #1b1b1b; font-weight: 700; }
.tabell .belopp, .tabell .antal { text-align: right; white-space: nowrap; }
.nyckelvarden { width: auto; }
.myndighet { font-weight: 400; font-size: .9rem; border: 1px solid #1b1b1b; padding: 0 .35rem; margin-left: .35rem; }
.dold { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.diagramram { margin: 1rem 0; }
.diagramram figcaption { font-weight: 700; margin-bottom: .25rem; }
.diagram { width: 100%; height: auto; max-width: 48rem; display: block; }
.diagram .stapel { fill: #0b5a36; }
.diagram .rutnat { stroke: #c4c4c4; stroke-width: 1; }
.diagram .axel { stroke: #1b1b1b; stroke-width: 1.5; }
.diagram .axeltext { fill: #1b1b1b; font-size: 11px; }
@media (max-width: 40rem) {
  h1 { font-size: 1.6rem; }
  .tabell { display: block; overflow-x: auto; }
  .fraga { grid-template-columns: 1fr; }
}
@media print {
  .sidhuvud, .sidfot, .atgarder, .hoppa, .anvandare form { display: none !important; }
  html { font-size: 10.5pt; color: #000; }
  main { padding: 0; }
  .bredd { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  .meddelande.viktig { border: 3px solid #000; background: none; }
  .meddelande.viktig h2 { color: #000; }
  .forman, .diagramram, tr { break-inside: avoid; }
  .tabell { display: table; }
  .diagram .stapel { fill: #444; }
}
)css";
  return kCss;
}

// Progressive enhancement only: every check here is repeated by the server, and the pages work
// without the script.
std::string_view script() {
  static constexpr std::string_view kJs = R"js(
'use strict';
(function () {
  function luhnOk(ten) {
    var sum = 0;
    for (var i = 0; i < 10; i++) {
      var v = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
      if (v > 9) v -= 9;
      sum += v;
    }
    return sum % 10 === 0;
  }
  function checkPersonnummer(text) {
    var t = text.trim();
    if (t === '') return { ok: false, message: '' };
    if (t.length === 13 && (t[8] === '-' || t[8] === '+')) t = t.slice(0, 8) + t.slice(9);
    if (!/^[0-9]{12}$/.test(t)) {
      return { ok: false, message: 'Personnumret ska ha 12 siffror, till exempel 19121212-1212' };
    }
    var month = Number(t.slice(4, 6));
    var day = Number(t.slice(6, 8));
    if (day > 60) day -= 60;
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return { ok: false, message: 'Personnumret innehåller inget giltigt födelsedatum' };
    }
    if (!luhnOk(t.slice(2))) {
      return { ok: false, message: 'Kontrollsiffran stämmer inte – kontrollera personnumret' };
    }
    return { ok: true, message: 'Personnumret har rätt format och kontrollsiffra' };
  }
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('felsammanfattning');
    if (summary) {
      summary.focus();
      // A fragment link scrolls but does not reliably move focus; the field should get it.
      summary.querySelectorAll('a[href^="#"]').forEach(function (link) {
        link.addEventListener('click', function (event) {
          var field = document.getElementById(link.getAttribute('href').slice(1));
          if (!field) return;
          event.preventDefault();
          field.focus();
          field.scrollIntoView({ block: 'center' });
        });
      });
    }
    var input = document.getElementById('personnummer');
    var live = document.getElementById('personnummer-live');
    if (input && live) {
      var update = function (event) {
        var value = input.value.trim();
        // While typing, an incomplete but so far well-formed number is not an error yet.
        var typing = event && event.type === 'input' && /^[0-9]{0,8}([-+][0-9]{0,4})?$/.test(value) &&
          value.replace(/[^0-9]/g, '').length < 12;
        var result = typing ? { ok: false, message: '' } : checkPersonnummer(value);
        live.textContent = result.message;
        live.className = 'livekontroll' + (result.message === '' ? '' : result.ok ? ' ok' : ' fel');
        if (result.message !== '') input.setAttribute('aria-invalid', result.ok ? 'false' : 'true');
        else input.removeAttribute('aria-invalid');
      };
      input.addEventListener('input', update);
      input.addEventListener('blur', update);
    }
    var print = document.getElementById('skriv-ut');
    if (print) print.addEventListener('click', function () { window.print(); });
  });
})();
)js";
  return kJs;
}

}  // namespace utbyte::webui
