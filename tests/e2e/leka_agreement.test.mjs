// LEKA holds the agreement at delivery time (docs/leka.md, decisions R20–R26): a production-mode
// server whose actors file allows SJUKPENNING among other types takes subscriptions and delivers
// a first page; the register moves on and the daily run produces more notifications; the server
// is restarted with SJUKPENNING removed from the agreement. From then on nothing of SJUKPENNING is
// delivered or audited — neither the first deliveries nor the daily run's notifications nor a
// full refresh — while the other types still are; every page says what it withheld, its cursor
// moves past the withheld notifications, and `utbyte leka folj` acknowledges past them. Every
// answer is validated against contracts/openapi/leka-{prenumeration,avisering}-v9.yaml.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/leka_agreement.test.mjs   (or: ctest -R e2e_leka_agreement)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { sql, startEnvironment, utbyte } from './lib/harness.mjs';
import { loadContract } from './lib/contract.mjs';

const prenumeration = loadContract('leka-prenumeration-v9.yaml');
const avisering = loadContract('leka-avisering-v9.yaml');

const AKTOR = 'AVTAL-1';
const PREN = `/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/${AKTOR}/prenumerationer`;
const AVIS = `/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/${AKTOR}/aviseringar`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const FROM = '2025-01-01';
const SUBSCRIPTIONS = [
  { personnummer: '198503129986', informationstyper: ['SJUKPENNING', 'SGI', 'UTBETALNING'] },
  { personnummer: '199007059984', informationstyper: ['BARNBIDRAG', 'UTBETALNING'] },
];

let env;
let db;

before(async () => {
  env = await startEnvironment({ persons: 60 });
  db = env.createDb('avtal');
});

after(async () => {
  await env?.cleanup();
});

/** An actors file with one agreement for the client certificate's organisation. */
function actorsFile(name, informationstyper) {
  const file = path.join(env.dir, name);
  fs.writeFileSync(file, JSON.stringify({
    aktorer: [{ aktorsId: AKTOR, organisationsnummer: env.clientOrgNr, namn: 'Avtalskommunen',
      informationstyper, rattsligGrund: 'Avtal för e2e-test' }],
  }));
  return file;
}

async function startProduction(name, actors) {
  await env.startServer(name, ['--mode', 'production', '--actors', actors, '--sla', 'off'], { db });
}

async function call(server, contract, options) {
  const res = await env.request({ server, ...options });
  contract.assertResponseMatchesContract(options.path, options.method ?? 'GET', res);
  return res;
}

/** The LEKA.AVISERING.V9 audit entries after `sekvens`: [{personnummer, typer}]. */
function deliveryAudit(afterSekvens) {
  const rows = sql(db, `SELECT personnummer, informationstyper FROM audit_logg WHERE tjanst = 'LEKA.AVISERING.V9' ` +
    `AND aktors_id = '${AKTOR}' AND sekvens > ${afterSekvens} ORDER BY sekvens`);
  return rows.split('\n').filter(Boolean).map((line) => {
    const [personnummer, typer] = line.split('|');
    return { personnummer, typer };
  });
}

test('a narrowed agreement withholds SJUKPENNING from the feed and the refresh, and audits none of it', { timeout: 240_000 }, async () => {
  // --- Before: the agreement allows SJUKPENNING ---------------------------------------------------
  await startProduction('avtal-fore', actorsFile('actors-fore.json', ['SJUKPENNING', 'SGI', 'BARNBIDRAG', 'UTBETALNING']));
  for (const sub of SUBSCRIPTIONS) {
    const res = await call('avtal-fore', prenumeration, { path: PREN, method: 'POST', headers: JSON_HEADERS,
      body: { ...sub, fromDatum: FROM } });
    assert.equal(res.status, 201, res.body);
  }
  const early = await call('avtal-fore', avisering, { path: `${AVIS}?antal=1000` });
  assert.equal(early.status, 200, early.body);
  assert.ok(early.json.aviseringar.some((n) => n.informationstyp === 'SJUKPENNING'), 'first delivery of SJUKPENNING');
  assert.equal(early.json.meddelanden, undefined);
  await env.stopServer('avtal-fore');
  const auditMark = Number(sql(db, 'SELECT coalesce(max(sekvens), 0) FROM audit_logg'));

  // --- The register moves on; the daily run produces notifications of every subscribed type --------
  assert.match(utbyte(['register', 'advance', '--db', db, '--days', '40', '--seed', '7']), /register framflyttat/);
  assert.match(utbyte(['leka', 'run', '--db', db]), /dygnskörning klar: \d+ ändringar, \d+ aviseringar/);
  const stored = sql(db, `SELECT sekvens, informationstyp FROM leka_avisering WHERE aktors_id = '${AKTOR}' ORDER BY sekvens`)
    .split('\n').filter(Boolean).map((l) => l.split('|')).map(([s, t]) => ({ sekvens: Number(s), typ: t }));
  const storedSjukpenning = stored.filter((n) => n.typ === 'SJUKPENNING').map((n) => n.sekvens);
  assert.ok(storedSjukpenning.length > 1, 'SJUKPENNING notifications were produced');
  assert.ok(stored.length > storedSjukpenning.length, 'other notifications were produced');
  assert.ok(stored.length > early.json.aviseringar.length, 'the daily run added notifications');

  // --- Restarted with SJUKPENNING removed from the agreement ---------------------------------------
  await startProduction('avtal-efter', actorsFile('actors-efter.json', ['SGI', 'BARNBIDRAG', 'UTBETALNING']));
  const refused = await call('avtal-efter', prenumeration, { path: PREN, method: 'POST', headers: JSON_HEADERS,
    body: { ...SUBSCRIPTIONS[0], fromDatum: FROM } });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.felkod, 'INFORMATIONSTYP_EJ_TILLATEN');

  // Page through the whole feed by nastaFromSekvens, a few at a time (pages of withheld ones only
  // happen on the way), without acknowledging.
  const delivered = [];
  const withheld = [];
  let from = 1;
  let last = 0;
  for (let pages = 0; pages < 200; pages++) {
    const page = await call('avtal-efter', avisering, { path: `${AVIS}?fromSekvens=${from}&antal=3` });
    assert.equal(page.status, 200, page.body);
    delivered.push(...page.json.aviseringar);
    for (const m of page.json.meddelanden ?? []) {
      assert.equal(m.kod, 'AVISERINGAR_UNDANHALLNA');
      assert.equal(m.informationstyp, 'SJUKPENNING');
      assert.equal(m.antal, m.sekvensnummer.length);
      assert.equal(m.text, `${m.antal} ${m.antal === 1 ? 'avisering' : 'aviseringar'} av informationstyp SJUKPENNING ` +
        'undanhålls: avtalet medger inte längre typen');
      withheld.push(...m.sekvensnummer);
    }
    assert.ok(page.json.nastaFromSekvens >= from);
    last = page.json.senasteSekvens;
    if (page.json.nastaFromSekvens > last) break;
    from = page.json.nastaFromSekvens;
  }
  assert.equal(last, stored.length);
  assert.ok(delivered.length > 0);
  assert.ok(delivered.every((n) => n.informationstyp !== 'SJUKPENNING'), 'no SJUKPENNING delivered');
  assert.deepEqual(withheld, storedSjukpenning, 'exactly the SJUKPENNING notifications were withheld');
  assert.deepEqual([...delivered.map((n) => n.sekvensnummer), ...withheld].sort((a, b) => a - b),
    stored.map((n) => n.sekvens), 'every sequence number was delivered or named as withheld');

  // `utbyte leka folj` follows the cursor past the withheld notifications and acknowledges them.
  const out = path.join(env.dir, 'avtal.jsonl');
  const folj = utbyte(['leka', 'folj', '--url', `https://127.0.0.1:${env.servers['avtal-efter'].port}`,
    '--certs', path.join(env.dir, 'certs'), '--aktor', AKTOR, '--state', path.join(env.dir, 'avtal.state'),
    '--utfil', out, '--en-gang', '--sida', '4']);
  assert.equal(folj, '');
  const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((n) => n.sekvensnummer), delivered.map((n) => n.sekvensnummer));
  const acknowledged = await call('avtal-efter', avisering, { path: AVIS });
  assert.equal(acknowledged.json.kvitteradTomSekvens, stored.length, 'acknowledged past the withheld ones');
  assert.deepEqual(acknowledged.json.aviseringar, []);
  assert.equal(acknowledged.json.meddelanden, undefined);

  // A full refresh produces only the types the agreement allows now, and says what it left out.
  const refresh = await call('avtal-efter', avisering, { path: `${AVIS}/heluppdatering`, method: 'POST', headers: JSON_HEADERS, body: {} });
  assert.equal(refresh.status, 202, refresh.body);
  assert.equal(refresh.json.prenumerationer, SUBSCRIPTIONS.length);
  assert.deepEqual(refresh.json.meddelanden.map((m) => [m.kod, m.informationstyp, m.antal]),
    [['INFORMATIONSTYP_EJ_TILLATEN', 'SJUKPENNING', 1]]);
  const refreshed = await call('avtal-efter', avisering, { path: `${AVIS}?antal=1000` });
  assert.equal(refreshed.json.aviseringar.length, refresh.json.aviseringar);
  assert.ok(refreshed.json.aviseringar.length > 0);
  assert.ok(refreshed.json.aviseringar.every((n) => n.handelse === 'HELUPPDATERING' && n.informationstyp !== 'SJUKPENNING'));
  assert.equal(refreshed.json.meddelanden, undefined);
  assert.equal(Number(sql(db, `SELECT count(*) FROM leka_avisering WHERE aktors_id = '${AKTOR}' AND ` +
    `handelse = 'HELUPPDATERING' AND informationstyp = 'SJUKPENNING'`)), 0);

  // --- The audit log: after the restart, the other types and never SJUKPENNING ------------------------
  const audit = deliveryAudit(auditMark);
  assert.ok(audit.length > 0);
  assert.ok(audit.every((e) => !e.typer.includes('SJUKPENNING')), JSON.stringify(audit));
  assert.ok(audit.some((e) => e.personnummer === '198503129986' && e.typer.includes('SGI')));
  assert.ok(audit.some((e) => e.personnummer === '199007059984' && e.typer.includes('BARNBIDRAG')));
  await env.stopServer('avtal-efter');
  assert.match(utbyte(['audit', 'verify', '--db', db]), /kedjan är obruten/);
});
