// LEKA v9 end to end: subscriptions are registered (and checked, listed, removed) over mutual TLS,
// the register is moved 40 days forward (`utbyte register advance`), the daily run turns its
// change log into notifications (`utbyte leka run`), and `utbyte leka folj` follows the feed into
// a JSON-lines file — killed with SIGKILL half-way and restarted. The notifications are compared
// with the difference between v9 answers before and after: nothing missing, nothing extra,
// nothing for persons or types not subscribed, nothing of another actor's. Every answer is
// validated against contracts/openapi/leka-{prenumeration,avisering}-v9.yaml.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/leka.test.mjs      (or: ctest -R e2e_leka)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { BIN, queryPath, shiftDate, sql, startEnvironment, utbyte } from './lib/harness.mjs';
import { loadContract, assertMatchesContract as assertMatchesV9 } from './lib/contract.mjs';

const prenumeration = loadContract('leka-prenumeration-v9.yaml');
const avisering = loadContract('leka-avisering-v9.yaml');

const AKTOR = 'LEKA-A';
const OTHER = 'LEKA-B';
const PREN = (a) => `/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/${a}/prenumerationer`;
const AVIS = (a) => `/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/${a}/aviseringar`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const FROM = '2025-01-01';
const DAYS = 40;

// Catalogue persons and what actor A subscribes to. Each has types it is NOT subscribed to.
const SUBSCRIPTIONS = [
  { personnummer: '194806039998', informationstyper: ['ALDERSPENSION', 'BOSTADSTILLAGG', 'UTBETALNING'] }, // dies
  { personnummer: '195509299987', informationstyper: ['ALDERSPENSION', 'UTBETALNING'] }, // pension blocked
  { personnummer: '194411059985', informationstyper: ['ALDERSPENSION'] }, // levnadsintyg arrives
  { personnummer: '198503129986', informationstyper: ['SJUKPENNING', 'SGI', 'UTBETALNING'] },
  { personnummer: '199007059984', informationstyper: ['BARNBIDRAG', 'UTBETALNING'] },
];
const NOT_SUBSCRIBED = '198209239980'; // actor B's person
const PAYMENT_EVENTS = new Set(['NY_UTBETALNING', 'UTBETALNING_GENOMFORD']);

let env;

before(async () => {
  env = await startEnvironment({ persons: 60 });
});

after(async () => {
  await env?.cleanup();
});

async function call(contract, options) {
  const res = await env.request({ server: 'test', ...options });
  contract.assertResponseMatchesContract(options.path, options.method ?? 'GET', res);
  return res;
}

/** The v9 answer for a subscription's person and types, from its fromDatum to a year ahead. */
async function v9(sub) {
  const body = { personnummer: sub.personnummer, informationstyper: sub.informationstyper, fromDatum: FROM,
    tomDatum: shiftDate(env.today, { days: 365 }) };
  const res = await env.request({ server: 'test', path: queryPath('V9-JAMFOR'), method: 'POST', headers: JSON_HEADERS, body });
  assert.equal(res.status, 200, res.body);
  assertMatchesV9(queryPath('V9-JAMFOR'), 'POST', res.status, res.body, res.headers['content-type']);
  return res.json;
}

/** Per type: {beslut: Map id → JSON text, utbetalningar: Map id → payment}. */
function stateByType(answer, types) {
  const out = {};
  for (const t of types.filter((x) => x !== 'UTBETALNING')) {
    const forman = answer.formaner.find((f) => f.informationstyp === t);
    out[t] = {
      beslutList: forman?.beslut ?? [],
      beslut: new Map((forman?.beslut ?? []).map((b) => [b.beslutsId, JSON.stringify(b)])),
      utbetalningar: new Map((answer.utbetalningar ?? []).filter((u) => u.informationstyp === t).map((u) => [u.utbetalningsId, u])),
    };
  }
  return out;
}

function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function follow(args) {
  return spawn(BIN, ['leka', 'folj', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

test('subscriptions, daily run and the feed tell exactly what changed in the register', { timeout: 240_000 }, async () => {
  // --- Registrera, idempotent ---------------------------------------------------------------
  const ids = {};
  for (const sub of SUBSCRIPTIONS) {
    const res = await call(prenumeration, { path: PREN(AKTOR), method: 'POST', headers: JSON_HEADERS, body: { ...sub, fromDatum: FROM } });
    assert.equal(res.status, 201, res.body);
    assert.equal(res.headers.location, `${PREN(AKTOR)}/${res.json.prenumerationsId}`);
    ids[sub.personnummer] = res.json.prenumerationsId;
    const again = await call(prenumeration, { path: PREN(AKTOR), method: 'POST', headers: JSON_HEADERS,
      body: { ...sub, informationstyper: [...sub.informationstyper].reverse(), fromDatum: FROM } });
    assert.equal(again.status, 200);
    assert.equal(again.json.prenumerationsId, res.json.prenumerationsId);
  }
  const otherSub = await call(prenumeration, { path: PREN(OTHER), method: 'POST', headers: JSON_HEADERS,
    body: { personnummer: NOT_SUBSCRIBED, informationstyper: ['BOSTADSBIDRAG', 'UTBETALNING'], fromDatum: FROM } });
  assert.equal(otherSub.status, 201);

  // --- Kontrollera and avregistrera; another actor gets 404, never 403 ---------------------------
  const one = await call(prenumeration, { path: `${PREN(AKTOR)}/${ids['198503129986']}` });
  assert.equal(one.status, 200);
  assert.deepEqual(one.json.informationstyper, ['SGI', 'SJUKPENNING', 'UTBETALNING']);
  assert.equal((await call(prenumeration, { path: `${PREN(OTHER)}/${ids['198503129986']}` })).status, 404);
  assert.equal((await call(prenumeration, { path: `${PREN(OTHER)}/${ids['198503129986']}`, method: 'DELETE' })).status, 404);
  const page1 = await call(prenumeration, { path: `${PREN(AKTOR)}?antal=2` });
  assert.equal(page1.json.prenumerationer.length, 2);
  const page2 = await call(prenumeration, { path: `${PREN(AKTOR)}?antal=10&cursor=${page1.json.nastaCursor}` });
  assert.equal(page2.json.prenumerationer.length, SUBSCRIPTIONS.length - 2);
  assert.equal(page2.json.nastaCursor, undefined);
  const byPerson = await call(prenumeration, { path: `${PREN(AKTOR)}?personnummer=199007059984` });
  assert.deepEqual(byPerson.json.prenumerationer.map((s) => s.prenumerationsId), [ids['199007059984']]);
  // A subscription registered and removed again leaves nothing behind but its first delivery.
  const temp = await call(prenumeration, { path: PREN(AKTOR), method: 'POST', headers: JSON_HEADERS,
    body: { personnummer: '198802149990', informationstyper: ['SGI'], fromDatum: FROM } });
  assert.equal(temp.status, 201);
  assert.equal((await call(prenumeration, { path: `${PREN(AKTOR)}/${temp.json.prenumerationsId}`, method: 'DELETE' })).status, 204);
  assert.equal((await call(prenumeration, { path: `${PREN(AKTOR)}/${temp.json.prenumerationsId}` })).status, 404);
  // Test mode takes any aktorsId allowed in a URL, percent-decoded (seed 000); the Location
  // header encodes it again, so it leads back to the subscription.
  const odd = encodeURIComponent('Kommun Åre/1');
  const oddSub = await call(prenumeration, { path: PREN(odd), method: 'POST', headers: JSON_HEADERS,
    body: { personnummer: '198802149990', informationstyper: ['SGI'], fromDatum: FROM } });
  assert.equal(oddSub.status, 201, oddSub.body);
  assert.equal(oddSub.headers.location, `${PREN('Kommun%20%C3%85re%2F1')}/${oddSub.json.prenumerationsId}`);
  assert.equal((await call(prenumeration, { path: oddSub.headers.location })).status, 200);
  assert.equal((await call(prenumeration, { path: oddSub.headers.location, method: 'DELETE' })).status, 204);

  // --- The register before, moved forward, the daily run, the register after --------------------
  const before = {};
  for (const sub of SUBSCRIPTIONS) before[sub.personnummer] = stateByType(await v9(sub), sub.informationstyper);
  const advanced = utbyte(['register', 'advance', '--db', env.db.test, '--days', String(DAYS), '--seed', '7']);
  assert.match(advanced, /register framflyttat/);
  const run = utbyte(['leka', 'run', '--db', env.db.test]);
  assert.match(run, /dygnskörning klar: \d+ ändringar, \d+ aviseringar/);
  const rerun = utbyte(['leka', 'run', '--db', env.db.test]);
  assert.match(rerun, /dygnskörning klar: 0 ändringar, 0 aviseringar/);
  const afterState = {};
  for (const sub of SUBSCRIPTIONS) afterState[sub.personnummer] = stateByType(await v9(sub), sub.informationstyper);

  // --- Follow the feed, killed half-way -----------------------------------------------------------
  const stateFile = path.join(env.dir, 'folj.state');
  const out = path.join(env.dir, 'aviseringar.jsonl');
  const common = ['--url', `https://127.0.0.1:${env.servers.test.port}`, '--certs', path.join(env.dir, 'certs'),
    '--aktor', AKTOR, '--state', stateFile, '--utfil', out];
  const first = follow([...common, '--sida', '3', '--intervall', '1']);
  const deadline = Date.now() + 60_000;
  while (readLines(out).length < 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const partial = readLines(out).length;
  assert.ok(partial >= 7, `the first follower wrote ${partial} lines`);
  execFileSync(BIN, ['leka', 'folj', ...common, '--en-gang', '--sida', '50']);
  const feed = readLines(out);
  assert.ok(feed.length > partial, 'the restarted follower continued');
  feed.forEach((n, i) => assert.equal(n.sekvensnummer, i + 1, 'no gap, no duplicate'));
  // Everything was acknowledged: the feed is empty from the server's point of view.
  const empty = await call(avisering, { path: AVIS(AKTOR) });
  assert.equal(empty.json.aviseringar.length, 0);
  assert.equal(empty.json.kvitteradTomSekvens, feed.length);
  assert.equal(empty.json.senasteSekvens, feed.length);
  // Re-reading acknowledged notifications gives the same bytes as the follower wrote.
  const again = await call(avisering, { path: `${AVIS(AKTOR)}?fromSekvens=1&antal=1000` });
  assert.deepEqual(again.json.aviseringar, feed);

  // --- Compare with the register ----------------------------------------------------------------
  const subsOf = Object.fromEntries(SUBSCRIPTIONS.map((s) => [s.personnummer, s]));
  const firstDelivery = feed.filter((n) => n.handelse === 'FORSTA_LEVERANS');
  const changes = feed.filter((n) => n.handelse !== 'FORSTA_LEVERANS');
  // First delivery: the state before, one per subscribed benefit with data (and the removed one).
  for (const n of firstDelivery) {
    if (n.prenumerationsId === temp.json.prenumerationsId) continue;
    const b = before[n.personnummer][n.informationstyp];
    assert.deepEqual(n.tillstand.beslut, b.beslutList, `${n.personnummer} ${n.informationstyp}: first delivery = v9 before`);
  }
  for (const sub of SUBSCRIPTIONS) {
    for (const t of sub.informationstyper.filter((x) => x !== 'UTBETALNING')) {
      const has = before[sub.personnummer][t].beslut.size > 0 || before[sub.personnummer][t].utbetalningar.size > 0;
      assert.equal(firstDelivery.filter((n) => n.personnummer === sub.personnummer && n.informationstyp === t).length, has ? 1 : 0,
        `first delivery of ${sub.personnummer} ${t}`);
    }
  }
  assert.ok(changes.length > 0, 'the advance produced notifications');
  const seen = new Set(changes.map((n) => `${n.personnummer} ${n.informationstyp} ${n.handelse} ${n.referens}`));
  for (const n of changes) {
    const sub = subsOf[n.personnummer];
    assert.ok(sub, `notification for a person not subscribed: ${n.personnummer}`);
    assert.ok(sub.informationstyper.includes(n.informationstyp), `type not subscribed: ${n.personnummer} ${n.informationstyp}`);
    assert.equal(n.prenumerationsId, ids[n.personnummer]);
    if (PAYMENT_EVENTS.has(n.handelse)) assert.ok(sub.informationstyper.includes('UTBETALNING'));
    const b = before[n.personnummer][n.informationstyp];
    const a = afterState[n.personnummer][n.informationstyp];
    // The state in each notification is what a v9 query shows now.
    assert.deepEqual(n.tillstand.beslut, a.beslutList, `${n.handelse} ${n.personnummer} ${n.informationstyp}: tillstand = v9 after`);
    const ended = (t) => seen.has(`${n.personnummer} ${n.informationstyp} AVLIDEN ${n.personnummer}`) ||
      seen.has(`${n.personnummer} ${n.informationstyp} FORMAN_SPARRAD ${n.personnummer}`) || t;
    switch (n.handelse) {
      case 'NYTT_BESLUT':
        assert.ok(!b.beslut.has(n.referens) && a.beslut.has(n.referens), `new decision ${n.referens}`);
        break;
      case 'ANDRAT_BESLUT':
        assert.ok(b.beslut.has(n.referens) && a.beslut.get(n.referens) !== b.beslut.get(n.referens), `changed decision ${n.referens}`);
        break;
      case 'FORMAN_UPPHORD': {
        const tom = JSON.parse(a.beslut.get(n.referens)).tomDatum;
        assert.ok(tom >= env.today && tom < shiftDate(env.today, { days: DAYS }), `decision ${n.referens} ended ${tom}`);
        break;
      }
      case 'NY_UTBETALNING':
        assert.ok(!b.utbetalningar.has(n.referens), `payment ${n.referens} is new`);
        assert.ok(a.utbetalningar.has(n.referens) || ended(false), `payment ${n.referens} exists or was withdrawn`);
        break;
      case 'UTBETALNING_GENOMFORD':
        assert.equal(a.utbetalningar.get(n.referens)?.status, 'UTBETALD');
        assert.notEqual(b.utbetalningar.get(n.referens)?.status, 'UTBETALD');
        assert.deepEqual(n.tillstand.utbetalningar, [a.utbetalningar.get(n.referens)]);
        break;
      case 'AVLIDEN':
      case 'FORMAN_SPARRAD':
      case 'LEVNADSINTYG_INKOMMET':
        assert.notDeepEqual(a.beslutList, b.beslutList, `${n.handelse} changed the decisions`);
        break;
      default:
        assert.fail(`unexpected handelse ${n.handelse}`);
    }
  }
  // Nothing missing: every difference of v9 before/after has its notification.
  for (const sub of SUBSCRIPTIONS) {
    const pnr = sub.personnummer;
    for (const t of sub.informationstyper.filter((x) => x !== 'UTBETALNING')) {
      const b = before[pnr][t];
      const a = afterState[pnr][t];
      const key = (h, ref) => `${pnr} ${t} ${h} ${ref}`;
      const personEvent = ['AVLIDEN', 'FORMAN_SPARRAD', 'LEVNADSINTYG_INKOMMET'].some((h) => seen.has(key(h, pnr)));
      for (const [id, text] of a.beslut) {
        if (!b.beslut.has(id)) assert.ok(seen.has(key('NYTT_BESLUT', id)), `missing NYTT_BESLUT ${pnr} ${t} ${id}`);
        else if (b.beslut.get(id) !== text) assert.ok(seen.has(key('ANDRAT_BESLUT', id)) || personEvent, `missing change of ${id}`);
      }
      if (!sub.informationstyper.includes('UTBETALNING')) continue;
      for (const [id, p] of a.utbetalningar) {
        const old = b.utbetalningar.get(id);
        if (!old) assert.ok(seen.has(key('NY_UTBETALNING', id)), `missing NY_UTBETALNING ${pnr} ${t} ${id}`);
        if (p.status === 'UTBETALD' && old?.status !== 'UTBETALD') {
          assert.ok(seen.has(key('UTBETALNING_GENOMFORD', id)), `missing UTBETALNING_GENOMFORD ${pnr} ${t} ${id}`);
        }
      }
      for (const id of b.utbetalningar.keys()) {
        if (!a.utbetalningar.has(id)) assert.ok(personEvent, `payment ${id} vanished without AVLIDEN/FORMAN_SPARRAD`);
      }
    }
  }
  // The catalogue stories arrived.
  const kinds = new Set(changes.map((n) => n.handelse));
  for (const h of ['AVLIDEN', 'FORMAN_SPARRAD', 'LEVNADSINTYG_INKOMMET', 'NY_UTBETALNING', 'UTBETALNING_GENOMFORD']) {
    assert.ok(kinds.has(h), `no ${h} notification`);
  }

  // --- Another actor sees only its own ----------------------------------------------------------
  const other = await call(avisering, { path: `${AVIS(OTHER)}?antal=1000` });
  assert.ok(other.json.aviseringar.length > 0);
  assert.ok(other.json.aviseringar.every((n) => n.personnummer === NOT_SUBSCRIBED && n.prenumerationsId === otherSub.json.prenumerationsId));
  assert.ok(feed.every((n) => n.personnummer !== NOT_SUBSCRIBED));

  // --- Full refresh ------------------------------------------------------------------------------
  const refresh = await call(avisering, { path: `${AVIS(AKTOR)}/heluppdatering`, method: 'POST', headers: JSON_HEADERS, body: {} });
  assert.equal(refresh.status, 202);
  assert.equal(refresh.json.prenumerationer, SUBSCRIPTIONS.length);
  const refreshed = await call(avisering, { path: `${AVIS(AKTOR)}?antal=1000` });
  assert.equal(refreshed.json.aviseringar.length, refresh.json.aviseringar);
  assert.ok(refreshed.json.aviseringar.every((n) => n.handelse === 'HELUPPDATERING'));

  // --- Every disclosure is audited ----------------------------------------------------------------
  const audited = (tjanst) => Number(sql(env.db.test,
    `SELECT count(*) FROM audit_logg WHERE tjanst = '${tjanst}' AND aktors_id = '${AKTOR}'`));
  assert.equal(audited('LEKA.PRENUMERATION.V9'), SUBSCRIPTIONS.length + 1);
  assert.ok(audited('LEKA.AVISERING.V9') >= SUBSCRIPTIONS.length);
  const verify = utbyte(['audit', 'verify', '--db', env.db.test]);
  assert.match(verify, /kedjan är obruten/);
});

test('bad input gets stable error codes', async () => {
  const post = (p, body, headers = JSON_HEADERS) => call(p.startsWith(PREN(AKTOR)) ? prenumeration : avisering,
    { path: p, method: 'POST', headers, body });
  const sub = { personnummer: '198503129986', informationstyper: ['SJUKPENNING'], fromDatum: FROM };
  const cases = [
    [await post(PREN(AKTOR), sub, {}), 415, 'FEL_CONTENT_TYPE'],
    [await post(PREN(AKTOR), '{nej'), 400, 'FELAKTIG_JSON'],
    [await post(PREN(AKTOR), { ...sub, personnummer: '198503129987' }), 400, 'OGILTIGT_PERSONNUMMER'],
    [await post(PREN(AKTOR), { ...sub, informationstyper: ['PERSONUPPGIFTER'] }), 400, 'INFORMATIONSTYP_EJ_PRENUMERERBAR'],
    [await post(PREN(AKTOR), { ...sub, informationstyper: ['UTBETALNING'] }), 400, 'INFORMATIONSTYP_EJ_PRENUMERERBAR'],
    [await post(PREN(AKTOR), { ...sub, informationstyper: ['NOPE'] }), 400, 'OKAND_INFORMATIONSTYP'],
    [await post(PREN(AKTOR), { ...sub, informationstyper: [] }), 400, 'INFORMATIONSTYP_SAKNAS'],
    [await post(PREN(AKTOR), { ...sub, fromDatum: '2025-02-30' }), 400, 'OGILTIGT_DATUM'],
    [await post(PREN(AKTOR), { ...sub, fromDatum: '1999-01-01' }), 400, 'OGILTIGT_DATUMINTERVALL'],
    [await post(PREN(AKTOR), { ...sub, extra: 1 }), 400, 'OGILTIG_FRAGA'],
    [await post(`${AVIS(AKTOR)}/kvittens`, { tomSekvens: 1_000_000 }), 400, 'KVITTENS_EFTER_LEVERERAT'],
    [await post(`${AVIS(AKTOR)}/kvittens`, { tomSekvens: -1 }), 400, 'OGILTIG_FRAGA'],
    [await post(`${AVIS(AKTOR)}/heluppdatering`, { x: 1 }), 400, 'OGILTIG_FRAGA'],
    [await call(avisering, { path: `${AVIS(AKTOR)}?antal=0` }), 400, 'OGILTIG_FRAGA'],
    [await call(avisering, { path: `${AVIS(AKTOR)}?fromSekvens=x` }), 400, 'OGILTIG_FRAGA'],
    [await call(prenumeration, { path: `${PREN(AKTOR)}?personnummer=123` }), 400, 'OGILTIGT_PERSONNUMMER'],
    [await call(prenumeration, { path: `${PREN(AKTOR)}?cursor=abc` }), 400, 'OGILTIG_FRAGA'],
    [await call(prenumeration, { path: `${PREN(AKTOR)}/P-finns-inte` }), 404, 'RESURS_SAKNAS'],
    [await call(prenumeration, { path: `${PREN('styr%01tecken')}` }), 400, 'OGILTIGT_AKTORSID'],
    // One Content-Type rule for every REST call: a GET that names another media type fails.
    [await call(prenumeration, { path: PREN(AKTOR), headers: { 'Content-Type': 'text/plain' } }), 415, 'FEL_CONTENT_TYPE'],
    [await call(prenumeration, { path: `${PREN('%C3')}` }), 400, 'OGILTIGT_AKTORSID'],
  ];
  for (const [res, status, felkod] of cases) {
    assert.equal(res.status, status, res.body);
    assert.equal(res.json.felkod, felkod, res.body);
  }
  // Production: the agreement does not cover ålderspension.
  const prod = await env.request({ server: 'prod', path: PREN('KOMMUN-1'), method: 'POST', headers: JSON_HEADERS,
    body: { ...sub, informationstyper: ['ALDERSPENSION'] } });
  prenumeration.assertResponseMatchesContract(PREN('KOMMUN-1'), 'POST', prod);
  assert.equal(prod.status, 403);
  assert.equal(prod.json.felkod, 'INFORMATIONSTYP_EJ_TILLATEN');
  const prodOk = await env.request({ server: 'prod', path: PREN('KOMMUN-1'), method: 'POST', headers: JSON_HEADERS, body: sub });
  assert.equal(prodOk.status, 201, prodOk.body);
  const cli = utbyte(['leka', 'prenumerera', '--url', `https://127.0.0.1:${env.servers.test.port}`, '--certs',
    path.join(env.dir, 'certs'), '--aktor', 'LEKA-CLI', '--personnummer', '198503129986', '--typer', 'SJUKPENNING,UTBETALNING',
    '--from', FROM]);
  const created = JSON.parse(cli);
  const listed = JSON.parse(utbyte(['leka', 'kontrollera', '--url', `https://127.0.0.1:${env.servers.test.port}`, '--certs',
    path.join(env.dir, 'certs'), '--aktor', 'LEKA-CLI']));
  assert.deepEqual(listed.map((s) => s.prenumerationsId), [created.prenumerationsId]);
  utbyte(['leka', 'avregistrera', '--url', `https://127.0.0.1:${env.servers.test.port}`, '--certs',
    path.join(env.dir, 'certs'), '--aktor', 'LEKA-CLI', '--id', created.prenumerationsId]);
  assert.equal((await call(prenumeration, { path: `${PREN('LEKA-CLI')}/${created.prenumerationsId}` })).status, 404);
});
