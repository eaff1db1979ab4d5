// The partner-route matrix in production mode, over real mutual TLS, on SQLite and PostgreSQL:
// every route `utbyte serve --print-routes` lists × (the agreement covers its service / does
// not). Not covered: 403 TJANST_EJ_I_AVTALET in the route's own error model (JSON body, SOAP
// fault, HTML page), and not one audit row. Covered: the request reaches the service. A real
// v9 query of the covering agreement is audited under that agreement's legal basis for LEFI.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, auditRowCount, isoDate, shiftDate, sql, startEnvironment } from './lib/harness.mjs';
import { execFileSync } from 'node:child_process';

const SERVICES = ['LEFI', 'LEKA', 'EIOA', 'SSBTEK'];
const AKTOR = 'MATRIS-1';
let env;
let routes;

function actorsFile(name, tjanster) {
  const file = path.join(env.dir, `actors-${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ aktorer: [{
    aktorsId: AKTOR, organisationsnummer: env.clientOrgNr, namn: 'Matriskommunen',
    informationstyper: ['PERSONUPPGIFTER', 'SJUKPENNING', 'UTBETALNING'],
    rattsligGrund: '4 kap. SoL', rattsligGrundPerTjanst: { LEFI: '110 kap. 31 § SFB' }, tjanster,
  }] }));
  return file;
}

before(async () => {
  env = await startEnvironment({ persons: 30 });
  const servers = [['alla', SERVICES], ...SERVICES.map((s) => [`utan-${s.toLowerCase()}`, SERVICES.filter((t) => t !== s)])];
  await Promise.all(servers.map(([name, tjanster]) => env.startServer(name,
    ['--mode', 'production', '--actors', actorsFile(name, tjanster), '--ssbtek-simulatorer', '--no-access-log'])));
  routes = JSON.parse(execFileSync(BIN, ['serve', '--db', env.db.alla, '--certs', path.join(env.dir, 'certs'),
    '--ssbtek-simulatorer', '--print-routes'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
    .filter((r) => !r.publik && !r.dorrTill); // doors lead to these routes (lefi_soap.test.mjs)
});

after(async () => { await env?.cleanup(); });

const SOAP_BINDINGS = ['SOAP', 'SHS2', 'SSEK'];

function call(server, route) {
  const p = route.vag.replace('{aktorsId}', AKTOR).replace(/\{[^}]+\}/g, 'X1');
  const soap = SOAP_BINDINGS.includes(route.bindning);
  const contentType = soap ? 'text/xml; charset=utf-8'
    : route.bindning === 'WEBB' ? 'application/x-www-form-urlencoded' : 'application/json';
  const body = route.metod === 'POST' || route.metod === 'PUT' ? (soap ? '<x/>' : route.bindning === 'WEBB' ? 'a=b' : '{}') : undefined;
  return env.request({ server, path: p, method: route.metod, headers: { 'Content-Type': contentType }, body });
}

function felkod(res) {
  if (res.headers['x-felkod']) return res.headers['x-felkod'];
  try { return JSON.parse(res.body).felkod; } catch { return undefined; }
}

describe('every partner route × agreement', () => {
  test('the list covers every service and binding', () => {
    // 28, LEFI v5–7 on SSEK (3), and LEKA v5–7's five SOAP operations × 3 versions × (WS, SHS2).
    assert.equal(routes.length, 61, JSON.stringify(routes.map((r) => `${r.metod} ${r.vag}`)));
    for (const s of SERVICES) assert.ok(routes.some((r) => r.tjanst === s), s);
    for (const b of ['REST', 'SOAP', 'SHS2', 'SSEK', 'WEBB']) assert.ok(routes.some((r) => r.bindning === b), b);
    // Each service has routes served today; a route past its end of life answers 410 (below).
    for (const s of SERVICES) assert.ok(routes.some((r) => r.tjanst === s && r.versionStatus === 'GALLANDE'), s);
    assert.deepEqual(routes.filter((r) => r.versionStatus === 'UPPHORD').map((r) => `${r.api} ${r.major}`).sort(),
      ['LEFI_FORMANSINFORMATION 8', ...Array(3).fill('LEFI_HAMTA_FORMANSINFORMATION 5'),
        ...Array(3).fill('LEFI_HAMTA_FORMANSINFORMATION 6'),
        ...Array(10).fill('LEKA_KUNDAVISERING 5'), ...Array(10).fill('LEKA_KUNDAVISERING 6')]);
  });

  test('an agreement without the route\'s service: 403 TJANST_EJ_I_AVTALET, nothing audited', async () => {
    for (const route of routes) {
      const server = `utan-${route.tjanst.toLowerCase()}`;
      const before = auditRowCount(env.db[server]).rows;
      const res = await call(server, route);
      const what = `${route.metod} ${route.vag} → ${res.status} ${res.body.slice(0, 200)}`;
      if (route.versionStatus === 'UPPHORD') {
        // The version is checked first, for anyone (LEFI v8 since 2026-03-10).
        assert.equal(res.status, 410, what);
        assert.equal(felkod(res), 'VERSIONEN_UPPHORD', what);
        assert.equal(auditRowCount(env.db[server]).rows, before, `audited: ${what}`);
        continue;
      }
      assert.equal(res.status, 403, what);
      if (route.bindning === 'WEBB') {
        assert.match(res.body, /omfattar LEFI/, what);
      } else {
        assert.equal(felkod(res), 'TJANST_EJ_I_AVTALET', what);
      }
      if (SOAP_BINDINGS.includes(route.bindning)) assert.match(res.body, /Fault>/, what);
      assert.equal(auditRowCount(env.db[server]).rows, before, `audited: ${what}`);
    }
  });

  test('the agreement that covers it: the request reaches the service', async () => {
    for (const route of routes) {
      const res = await call('alla', route);
      const code = felkod(res);
      const what = `${route.metod} ${route.vag} → ${res.status} ${code}`;
      assert.notEqual(code, 'TJANST_EJ_I_AVTALET', what);
      assert.notEqual(code, 'AKTOR_EJ_BEHORIG', what);
      if (route.versionStatus === 'UPPHORD') assert.equal(code, 'VERSIONEN_UPPHORD', what);
      // The web UI's own refusals (a login without its CSRF cookie) are pages of their own.
      assert.ok(!(route.bindning === 'WEBB' && /omfattar LEFI/.test(res.body)), what);
    }
  });

  test('data leaves only with an audit row, under the legal basis for LEFI', async () => {
    const tom = isoDate(new Date());
    const v9 = routes.find((r) => r.api === 'LEFI_FORMANSINFORMATION' && r.major === 9 && r.bindning === 'REST');
    await new Promise((r) => setTimeout(r, 1100)); // the SLA is on: a second after the last query
    const before = auditRowCount(env.db.alla).rows;
    const res = await env.request({
      server: 'alla', method: 'POST', path: v9.vag.replace('{aktorsId}', AKTOR),
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personnummer: '198503129986', informationstyper: ['SJUKPENNING'],
        fromDatum: shiftDate(tom, { years: -1 }), tomDatum: tom }),
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(auditRowCount(env.db.alla).rows, before + 1);
    const basis = sql(env.db.alla, "SELECT rattslig_grund FROM audit_logg ORDER BY sekvens DESC LIMIT 1;").trim();
    assert.equal(basis, '110 kap. 31 § SFB');
  });
});
