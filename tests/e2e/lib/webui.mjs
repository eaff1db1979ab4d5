// Helpers for driving the web interface (/webb/) with Debian's chromium through playwright-core.
// The browser presents the organisation's client certificate over mutual TLS (Playwright's
// `clientCertificates`), exactly as a case officer's browser would.

import fs from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { utbyte } from './harness.mjs';

export const CHROMIUM = process.env.UTBYTE_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless chromium (no sandbox: CI runs as root). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--lang=sv-SE'] });
}

/** https://127.0.0.1:PORT of a running server of the environment. */
export function origin(env, server) {
  return `https://127.0.0.1:${env.servers[server].port}`;
}

/**
 * A browser context that presents `cert` ('client' or 'second', files in env.dir/certs) to
 * `server`. The server certificate comes from the environment's own CA, so HTTPS errors are
 * ignored (the mutual-TLS check of the client is what matters here).
 */
export function newContext(browser, env, server, { cert = 'client', viewport } = {}) {
  const certs = path.join(env.dir, 'certs');
  return browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'sv-SE',
    viewport: viewport ?? { width: 1100, height: 900 },
    clientCertificates: [{
      origin: origin(env, server),
      certPath: path.join(certs, `${cert}.pem`),
      keyPath: path.join(certs, `${cert}.key`),
    }],
  });
}

/** Adds a web user with `utbyte anvandare lagg-till` (password via --losenord-fil). */
export function addUser(env, { db, aktor, anvandare, namn, behorighet, losenord, actors }) {
  const file = path.join(env.dir, `losenord-${anvandare}-${Date.now()}.txt`);
  fs.writeFileSync(file, `${losenord}\n`, { mode: 0o600 });
  try {
    return utbyte(['anvandare', 'lagg-till', '--db', db, '--aktor', aktor, '--anvandare', anvandare,
      '--namn', namn, '--behorighet', behorighet.join(','), '--losenord-fil', file,
      ...(actors ? ['--actors', actors] : [])]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Opens /webb/ and logs in; resolves the response of the page after login. */
export async function logIn(page, env, server, anvandare, losenord) {
  await page.goto(`${origin(env, server)}/webb/`);
  await page.fill('#anvandarnamn', anvandare);
  await page.fill('#losenord', losenord);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return response;
}

/** Fills and submits the Hämta form; resolves the response of the answer page. */
export async function submitQuery(page, { personnummer, typer = [], from, tom }) {
  if (personnummer !== undefined) await page.fill('#personnummer', personnummer);
  for (const box of await page.$$('input[name=typer]')) {
    const value = await box.getAttribute('value');
    if ((await box.isChecked()) !== typer.includes(value)) await box.click();
  }
  if (from !== undefined) await page.fill('#fromDatum', from);
  if (tom !== undefined) await page.fill('#tomDatum', tom);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#hamta-knapp')]);
  return response;
}

/** "1 234 kr" (any spaces, − for minus) as a number. */
export function kronor(text) {
  const t = text.replace(/\s|\u00a0|kr/g, '').replace('\u2212', '-');
  return Number(t);
}
