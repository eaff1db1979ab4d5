// The LEFI web interface (/webb/, docs/webui.md), end to end: Debian's chromium driven by
// playwright-core against the real `utbyte serve` in production mode, presenting the
// organisation's client certificate over mutual TLS. Checks the pages against the v9 API answer
// for the same query, every validation error, sessions (CSRF, logout, idle timeout), behörighet
// and the audit log.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/webui.test.mjs
//   UTBYTE_SCREENSHOTS=1 … also writes docs/screenshots/webb-hamta.png and webb-visa.png

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  PERMITTED_TYPES,
  PRODUCTION_AKTORS_ID,
  ROOT,
  auditRowCount,
  queryPath,
  shiftDate,
  startEnvironment,
  utbyte,
} from './lib/harness.mjs';
import { addUser, kronor, launchBrowser, logIn, newContext, origin, submitQuery } from './lib/webui.mjs';

const PASSWORD = 'korrekt-hast-batteri-1';
const SCREENSHOTS = process.env.UTBYTE_SCREENSHOTS === '1';

let env;
let browser;

before(async () => {
  env = await startEnvironment({ persons: 200 });
  browser = await launchBrowser();
  const common = { db: env.db.prod, aktor: PRODUCTION_AKTORS_ID, losenord: PASSWORD, actors: env.actorsFile };
  addUser(env, { ...common, anvandare: 'anna', namn: 'Anna Handläggare', behorighet: PERMITTED_TYPES });
  addUser(env, { ...common, anvandare: 'bertil', namn: 'Bertil Begränsad', behorighet: ['SJUKPENNING', 'UTBETALNING'] });
  addUser(env, { ...common, anvandare: 'cesar', namn: 'Cesar Gissad', behorighet: ['SJUKPENNING'] });
});

after(async () => {
  await browser?.close();
  if (env) await env.cleanup();
});

/** A fresh context and page for the prod server, logged in as `user` unless user is null. */
async function session(user = 'anna', { server = 'prod', viewport } = {}) {
  const context = await newContext(browser, env, server, { viewport });
  const page = await context.newPage();
  if (user) {
    const response = await logIn(page, env, server, user, PASSWORD);
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/webb\/hamta$/);
  }
  return { context, page };
}

function cataloguePerson(provar) {
  const p = env.catalogue.find((x) => x.provar.includes(provar));
  assert.ok(p, `the catalogue has a person for ${provar}`);
  return p;
}

function pnr(digits) {
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
}

function auditEntries() {
  return utbyte(['audit', 'show', '--db', env.db.prod]).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function errorSummary(page) {
  return page.$$eval('#felsammanfattning li a', (links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
}

describe('login', () => {
  test('the login page names the organisation of the certificate and is accessible', async () => {
    const { context, page } = await session(null);
    const response = await page.goto(`${origin(env, 'prod')}/webb/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.match(await page.textContent('main'), /E2E-kommunen, socialnämnden/);
    assert.match(await page.textContent('main'), new RegExp(PRODUCTION_AKTORS_ID));
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /default-src 'none'/);
    assert.equal(headers['cache-control'], 'no-store');
    // Nothing is loaded from anywhere but utbyte itself.
    const external = await page.$$eval('link[href], script[src], img[src]', (els) =>
      els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')).filter((u) => /^(https?:)?\/\//.test(u)));
    assert.deepEqual(external, []);
    await context.close();
  });

  test('a wrong password and an unknown user get the same generic message', async () => {
    const { context, page } = await session(null);
    const texts = [];
    for (const [user, password] of [['anna', 'fel-losenord-123'], ['finns-inte', PASSWORD]]) {
      const response = await logIn(page, env, 'prod', user, password);
      assert.equal(response.status(), 401);
      assert.match(page.url(), /\/webb\/logga-in$/);
      texts.push(await page.textContent('#felsammanfattning'));
    }
    assert.equal(texts[0], texts[1]);
    assert.match(texts[0], /Fel användarnamn eller lösenord/);
    await context.close();
  });

  test('repeated failures lock the name for a while, even with the right password', async () => {
    const { context, page } = await session(null);
    for (let i = 0; i < 5; i++) {
      assert.equal((await logIn(page, env, 'prod', 'cesar', `gissning-${i}-abcdef`)).status(), 401);
    }
    const response = await logIn(page, env, 'prod', 'cesar', PASSWORD);
    assert.equal(response.status(), 401);
    await context.close();
  });

  test('a certificate of an organisation without agreement is refused', async () => {
    const context = await newContext(browser, env, 'prod', { cert: 'second' });
    const page = await context.newPage();
    const response = await page.goto(`${origin(env, 'prod')}/webb/`);
    assert.equal(response.status(), 403);
    assert.equal(await page.$('#losenord'), null);
    await context.close();
  });

  test('the login form needs its CSRF token', async () => {
    const { context, page } = await session(null);
    await page.goto(`${origin(env, 'prod')}/webb/`);
    const response = await page.request.post(`${origin(env, 'prod')}/webb/logga-in`, {
      form: { anvandarnamn: 'anna', losenord: PASSWORD }, maxRedirects: 0,
    });
    assert.equal(response.status(), 403);
    await context.close();
  });
});

describe('Hämta and Visa', () => {
  test('a catalogue person: the page shows what the v9 API answers, totals per month included', async () => {
    const person = cataloguePerson('SJUKPENNING');
    const from = shiftDate(env.today, { months: -36 });
    // In the form's order (enum order), which is the order the page sends them in.
    const typer = ['FORALDRAPENNING', 'SJUKPENNING', 'UTBETALNING', 'PERSONUPPGIFTER'];
    const { context, page } = await session('anna');
    if (SCREENSHOTS) {
      await page.fill('#personnummer', pnr(person.personnummer));
      for (const t of typer) await page.check(`input[name=typer][value=${t}]`);
      await page.fill('#fromDatum', from);
      await page.locator('#fromDatum').blur();
      await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/webb-hamta.png'), fullPage: true });
    }
    const auditBefore = auditRowCount(env.db.prod).rows;
    const response = await submitQuery(page, { personnummer: pnr(person.personnummer), typer, from, tom: env.today });
    assert.equal(response.status(), 200);
    assert.equal(await page.textContent('h1'), 'Förmånsinformation');

    const api = await env.request({
      server: 'prod', method: 'POST', path: queryPath(PRODUCTION_AKTORS_ID),
      headers: { 'Content-Type': 'application/json' },
      body: { personnummer: person.personnummer, informationstyper: typer, fromDatum: from, tomDatum: env.today },
    });
    assert.equal(api.status, 200);
    const answer = api.json;
    assert.ok(answer.utbetalningar.length > 0, 'the person has payments in the period');

    // Person and benefits.
    assert.match(await page.textContent('#person'), new RegExp(answer.personuppgifter.efternamn));
    const shown = await page.$$eval('article.forman', (as) => as.map((a) => a.dataset.informationstyp));
    assert.deepEqual(shown, answer.formaner.map((f) => f.informationstyp));
    for (const f of answer.formaner) {
      const rows = await page.$$(`article.forman[data-informationstyp=${f.informationstyp}] tbody tr`);
      assert.equal(rows.length, f.beslut.length, `decisions of ${f.informationstyp}`);
    }

    // Payments: every one listed, and the totals per month are the API's.
    assert.equal((await page.$$('#utbetalningar tbody tr')).length, answer.utbetalningar.length);
    const expected = {};
    for (const u of answer.utbetalningar) {
      const m = u.utbetalningsdatum.slice(0, 7);
      expected[m] ??= { antal: 0, brutto: 0, skatt: 0, netto: 0 };
      expected[m].antal += 1;
      expected[m].brutto += u.bruttobelopp;
      expected[m].skatt += u.skatteavdrag;
      expected[m].netto += u.nettobelopp;
    }
    const table = await page.$$eval('#manadssummor tbody tr', (rows) => rows.map((r) => ({
      month: r.dataset.manad,
      antal: r.querySelector('.antal').textContent,
      brutto: r.querySelector('.brutto').textContent,
      skatt: r.querySelector('.skatt').textContent,
      netto: r.querySelector('.netto').textContent,
    })));
    assert.deepEqual(table.map((r) => r.month), Object.keys(expected).sort());
    for (const r of table) {
      assert.deepEqual(
        { antal: Number(r.antal), brutto: kronor(r.brutto), skatt: kronor(r.skatt), netto: kronor(r.netto) },
        expected[r.month], `totals of ${r.month}`);
    }
    // The chart has a bar for every month of the period and a text alternative.
    const bars = await page.$$('svg.diagram rect.stapel');
    assert.ok(bars.length >= Object.keys(expected).length && bars.length <= 37, `${bars.length} bars`);
    assert.ok(await page.$('svg.diagram[role=img] title'));

    // Audited once more than the API call alone, under the user's name.
    assert.equal(auditRowCount(env.db.prod).rows, auditBefore + 2);
    const mine = auditEntries().filter((e) => e.anvandare === 'anna' && e.personnummer === person.personnummer);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].aktorsId ?? mine[0].aktors_id, PRODUCTION_AKTORS_ID);
    assert.equal(mine[0].tjanst, 'LEFI.FORMANSINFORMATION.V9');
    assert.deepEqual(mine[0].informationstyper, typer);
    assert.match(utbyte(['audit', 'verify', '--db', env.db.prod]), /kedjan är obruten/);

    if (SCREENSHOTS) {
      await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/webb-visa.png'), fullPage: true });
    }
    await context.close();
  });

  test('special cases are shown prominently: deceased, protected identity, person missing', async () => {
    const { context, page } = await session('anna');
    const from = shiftDate(env.today, { months: -12 });
    const cases = [
      [cataloguePerson('AVLIDEN').personnummer, 'AVLIDEN'],
      [cataloguePerson('SKYDDAD_IDENTITET').personnummer, 'SKYDDAD_IDENTITET'],
      ['191212121212', 'PERSON_SAKNAS'],
    ];
    for (const [digits, kod] of cases) {
      await page.goto(`${origin(env, 'prod')}/webb/hamta`);
      const response = await submitQuery(page, { personnummer: pnr(digits), typer: ['PERSONUPPGIFTER', 'BARNBIDRAG'], from, tom: env.today });
      assert.equal(response.status(), 200);
      assert.ok(await page.$(`section.viktig[role=alert] li[data-kod=${kod}]`), `${kod} is in the alert box`);
      if (kod === 'SKYDDAD_IDENTITET') assert.match(await page.textContent('#person'), /Lämnas inte ut/);
    }
    await context.close();
  });

  test('every validation error is shown in the summary, linked to its field', async () => {
    const { context, page } = await session('anna');
    const person = cataloguePerson('SJUKPENNING').personnummer;
    const good = { personnummer: pnr(person), typer: ['SJUKPENNING'], from: shiftDate(env.today, { months: -6 }), tom: env.today };
    const badCheck = `${pnr(person).slice(0, 12)}${(Number(person[11]) + 1) % 10}`;
    const cases = [
      [{ personnummer: '12345' }, '#personnummer', /12 siffror/],
      [{ personnummer: badCheck }, '#personnummer', /Kontrollsiffran/],
      [{ typer: [] }, '#typer', /minst en informationstyp/],
      [{ from: env.today, tom: shiftDate(env.today, { days: -1 }) }, '#tomDatum', /får inte vara före/],
      [{ from: shiftDate(env.today, { years: -6 }) }, '#tomDatum', /högst 5 år/],
      [{ from: '1999-06-01', tom: '2000-06-01' }, '#fromDatum', /före 2000-01-01/],
    ];
    const auditBefore = auditRowCount(env.db.prod).rows;
    for (const [change, field, message] of cases) {
      await page.goto(`${origin(env, 'prod')}/webb/hamta`);
      const response = await submitQuery(page, { ...good, ...change });
      assert.equal(response.status(), 400, `${JSON.stringify(change)}`);
      const summary = await errorSummary(page);
      assert.equal(summary.length, 1, JSON.stringify(summary));
      assert.equal(summary[0].href, field);
      assert.match(summary[0].text, message);
      // The summary has focus and its link moves focus to the field.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'felsammanfattning');
      await page.click('#felsammanfattning a');
      assert.equal(await page.evaluate(() => document.activeElement.id), field.slice(1));
      if (field !== '#typer') assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    }
    assert.equal(auditRowCount(env.db.prod).rows, auditBefore, 'a refused form discloses nothing');
    await context.close();
  });

  test('live validation of the personnummer (format and check digit) in an aria-live region', async () => {
    const { context, page } = await session('anna');
    assert.equal(await page.getAttribute('#personnummer-live', 'aria-live'), 'polite');
    await page.fill('#personnummer', '19121212-1213');
    await page.locator('#personnummer').blur();
    assert.match(await page.textContent('#personnummer-live'), /Kontrollsiffran/);
    assert.equal(await page.getAttribute('#personnummer', 'aria-invalid'), 'true');
    await page.fill('#personnummer', '1912121a');
    await page.locator('#personnummer').blur();
    assert.match(await page.textContent('#personnummer-live'), /12 siffror/);
    await page.fill('#personnummer', '19121212-1212');
    assert.match(await page.textContent('#personnummer-live'), /rätt format/);
    assert.equal(await page.getAttribute('#personnummer', 'aria-invalid'), 'false');
    await context.close();
  });

  test('accessibility smoke: labels, groups, keyboard reaches the submit button', async () => {
    const { context, page } = await session('anna');
    const unlabelled = await page.$$eval('input:not([type=hidden])', (inputs) =>
      inputs.filter((i) => !i.id || !document.querySelector(`label[for="${i.id}"]`)).map((i) => i.name));
    assert.deepEqual(unlabelled, []);
    const legends = await page.$$eval('fieldset > legend', (ls) => ls.map((l) => l.textContent));
    assert.ok(legends.includes('Försäkringskassan (FK)'), legends.join());
    assert.ok(legends.includes('Utbetalningar och personuppgifter'), legends.join());
    await page.focus('body');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'hamta-knapp');
    }
    assert.ok(reached, 'Tab reaches the Hämta button');
    await context.close();
  });
});

describe('behörighet, CSRF and sessions', () => {
  test('a user does not see types outside the behörighet, and a forged POST for one is refused', async () => {
    const { context, page } = await session('bertil');
    const offered = await page.$$eval('input[name=typer]', (els) => els.map((e) => e.value));
    assert.deepEqual(offered.sort(), ['SJUKPENNING', 'UTBETALNING']);
    const csrf = await page.getAttribute('#hamta-formular input[name=csrf]', 'value');
    const auditBefore = auditRowCount(env.db.prod).rows;
    const forged = await page.request.post(`${origin(env, 'prod')}/webb/hamta`, {
      form: { csrf, personnummer: pnr(cataloguePerson('SJUKPENNING').personnummer), typer: 'BARNBIDRAG',
        fromDatum: shiftDate(env.today, { months: -6 }), tomDatum: env.today },
    });
    assert.equal(forged.status(), 403);
    assert.match(await forged.text(), /inte behörighet till informationstypen Barnbidrag/);
    assert.equal(auditRowCount(env.db.prod).rows, auditBefore);
    await context.close();
  });

  test('a POST without or with a wrong CSRF token is refused', async () => {
    const { context, page } = await session('anna');
    const form = { personnummer: pnr(cataloguePerson('SJUKPENNING').personnummer), typer: 'SJUKPENNING',
      fromDatum: shiftDate(env.today, { months: -6 }), tomDatum: env.today };
    for (const extra of [{}, { csrf: 'f'.repeat(64) }]) {
      const res = await page.request.post(`${origin(env, 'prod')}/webb/hamta`, { form: { ...form, ...extra } });
      assert.equal(res.status(), 403);
    }
    const logout = await page.request.post(`${origin(env, 'prod')}/webb/logga-ut`, { form: {}, maxRedirects: 0 });
    assert.equal(logout.status(), 403, 'logout also needs the token');
    await context.close();
  });

  test('logout ends the session; the old cookie is worthless afterwards', async () => {
    const { context, page } = await session('anna');
    const cookie = (await context.cookies()).find((c) => c.name === 'webb_session');
    assert.ok(cookie.httpOnly && cookie.secure && cookie.sameSite === 'Strict' && cookie.path === '/webb');
    const csrf = await page.getAttribute('#hamta-formular input[name=csrf]', 'value');
    await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
    assert.match(page.url(), /\/webb\/\?utloggad=1$/);
    assert.match(await page.textContent('main'), /Du är utloggad/);
    await context.addCookies([cookie]);  // replay the old session cookie
    const res = await page.request.post(`${origin(env, 'prod')}/webb/hamta`, {
      form: { csrf, personnummer: '19121212-1212', typer: 'SJUKPENNING', fromDatum: '2026-01-01', tomDatum: '2026-02-01' },
    });
    assert.equal(res.status(), 401);
    await page.goto(`${origin(env, 'prod')}/webb/hamta`);
    assert.ok(await page.$('#losenord'), 'back at the login page');
    await context.close();
  });

  test('an idle session expires (serve --webb-session-timeout)', async () => {
    await env.startServer('kort', ['--mode', 'production', '--actors', env.actorsFile, '--sla', 'off',
      '--webb-session-timeout', '2s']);
    addUser(env, { db: env.db.kort, aktor: PRODUCTION_AKTORS_ID, anvandare: 'anna', namn: 'Anna', behorighet: ['SJUKPENNING'], losenord: PASSWORD });
    const { context, page } = await session('anna', { server: 'kort' });
    await page.waitForTimeout(3000);
    await page.goto(`${origin(env, 'kort')}/webb/hamta`);
    assert.match(page.url(), /\/webb\/\?utgangen=1$/);
    assert.match(await page.textContent('main'), /gått ut/);
    await context.close();
  });
});
