// kill -9 during writes (issue 11): the server is killed with SIGKILL while it takes in E-IOA
// notifications and while a LEKA client acknowledges its feed, then restarted on the same database
// and port. Whatever the server acknowledged before it died must still be there afterwards —
// every E-IOA notification that got a tx-id, every LEKA acknowledgement that got a 200 — nothing
// may be half-written, the feed must stay gap-free, and the audit chain must verify.
// (Mass orders are killed mid-processing in massfraga_big.test.mjs.)
//
// The servers run with --sla off: the clients here send as fast as they can on purpose.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/crash.test.mjs      (or: ctest -R e2e_crash)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { startEnvironment, utbyte } from './lib/harness.mjs';
import { freePort, killServer, requestOnPort, startOnPort } from './lib/restartable.mjs';

const EIOA_WS = '/ws/FK.EIOA.AnmalanArbetsgivare';
const PREN = '/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/KRASCH/prenumerationer';
const AVIS = '/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/KRASCH/aviseringar';
const JSON_HEADERS = { 'Content-Type': 'application/json' };

let env;
let certs;

before(async () => {
  env = await startEnvironment({ persons: 60 });
  certs = path.join(env.dir, 'certs');
});

after(async () => {
  await env?.cleanup();
});

/** A fresh register of its own for one test, so the kill cannot touch another test's data. */
function freshDb(name) {
  return env.freshDb(name);
}

function serveArgs(db) {
  return ['--db', db, '--certs', certs, '--mode', 'test', '--sla', 'off'];
}

function auditVerifies(db) {
  assert.match(utbyte(['audit', 'verify', '--db', db]), /kedjan är obruten/);
}

/** Runs `worker` on `n` parallel lanes until `next()` returns undefined. */
async function lanes(n, next, worker) {
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = next(); item !== undefined; item = next()) await worker(item);
  }));
}

test('E-IOA: every notification answered with a tx-id survives kill -9 of the server', { timeout: 240_000 }, async (t) => {
  const db = freshDb('eioa-kill');
  const work = path.join(env.dir, 'eioa-kill');
  fs.mkdirSync(work);
  // 60 signed notifications, each sent twice: a resend is a second version (latest wins).
  const docs = [];
  for (let i = 0; i < 60; i++) {
    const id = crypto.randomUUID();
    const unsigned = path.join(work, `${id}.xml`);
    const signed = path.join(work, `${id}.signed.xml`);
    fs.writeFileSync(unsigned, utbyte(['eioa', 'exempel', '--id', id]));
    utbyte(['eioa', 'signera', unsigned, '--certs', certs, '-o', signed]);
    const body = fs.readFileSync(signed, 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
    docs.push({ id, envelope: '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ' +
      `xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>` });
  }
  const sends = [...docs, ...docs];

  const port = await freePort();
  let server = await startOnPort({ name: 'eioa-kill-1', port, args: serveArgs(db), logDir: env.dir });
  const acknowledged = new Map(); // id → versions acknowledged with a tx-id
  let refused = 0;
  let killing;
  let cursor = 0;
  await lanes(4, () => (cursor < sends.length ? sends[cursor++] : undefined), async (doc) => {
    const res = await requestOnPort({ port, tls: env.tls, path: EIOA_WS, method: 'POST', body: doc.envelope,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' } });
    if (res === null) {
      refused++;
      return;
    }
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<tx-id>[0-9a-f-]{36}<\/tx-id>/);
    acknowledged.set(doc.id, (acknowledged.get(doc.id) ?? 0) + 1);
    const total = [...acknowledged.values()].reduce((a, b) => a + b, 0);
    if (total === 50) killing = killServer(server, 'SIGKILL');
  });
  await killing;
  assert.ok(server.exit?.signal === 'SIGKILL', 'the server was killed mid-intake');
  assert.ok(refused > 0, 'some notifications were sent after the kill and not acknowledged');
  t.diagnostic(`killed after ${[...acknowledged.values()].reduce((a, b) => a + b, 0)} acknowledged, ${refused} not`);

  server = await startOnPort({ name: 'eioa-kill-2', port, args: serveArgs(db), logDir: env.dir });
  try {
    const stored = new Map(JSON.parse(utbyte(['eioa', 'lista', '--db', db, '--antal', '1000'])).anmalningar
      .map((a) => [a.id, a]));
    for (const [id, versions] of acknowledged) {
      assert.ok(stored.has(id), `acknowledged notification ${id} is stored`);
      assert.ok(stored.get(id).versioner >= versions, `${id}: ${versions} acknowledged versions stored`);
      const shown = JSON.parse(utbyte(['eioa', 'visa', id, '--db', db]));
      assert.match(shown.xml, /AnmalanFranArbetsgivare/, 'the stored XML is whole');
    }
    // The restarted server takes the rest; a notification stored before the kill but not
    // acknowledged is a new version now, never a lost or broken one.
    for (const doc of docs) {
      const res = await requestOnPort({ port, tls: env.tls, path: EIOA_WS, method: 'POST', body: doc.envelope,
        headers: { 'Content-Type': 'text/xml; charset=utf-8' } });
      assert.equal(res?.status, 200, res?.body);
    }
    const after = JSON.parse(utbyte(['eioa', 'lista', '--db', db, '--antal', '1000'])).anmalningar;
    assert.equal(after.length, docs.length);
  } finally {
    await killServer(server, 'SIGTERM');
  }
  auditVerifies(db);
});

test('LEKA: acknowledgements answered 200 survive kill -9; the feed stays gap-free', { timeout: 240_000 }, async (t) => {
  const db = freshDb('leka-kill');
  const port = await freePort();
  let server = await startOnPort({ name: 'leka-kill-1', port, args: serveArgs(db), logDir: env.dir });
  const call = (p, method = 'GET', body) => requestOnPort({ port, tls: env.tls, path: p, method, body,
    headers: body === undefined ? {} : JSON_HEADERS });

  // Every catalogue person, every type it has: first deliveries, then a month of changes.
  for (const person of env.catalogue.filter((p) => p.informationstyper.length > 0)) {
    const res = await call(PREN, 'POST', { personnummer: person.personnummer,
      informationstyper: [...person.informationstyper, 'UTBETALNING'], fromDatum: '2025-01-01' });
    assert.ok([200, 201].includes(res?.status), res?.body);
  }
  utbyte(['register', 'advance', '--db', db, '--days', '31', '--seed', '11']);
  assert.match(utbyte(['leka', 'run', '--db', db]), /dygnskörning klar/);
  const start = await call(`${AVIS}?antal=1`);
  const total = start.json.senasteSekvens;
  assert.ok(total >= 40, `enough notifications to kill in the middle of (${total})`);

  // Page by page (one notification each) and acknowledge each; kill the server while acknowledging.
  const seen = new Set();
  let acked = 0; // highest tomSekvens answered 200
  let sent = 0; // highest tomSekvens sent
  let killing;
  for (;;) {
    const page = await call(`${AVIS}?antal=1`);
    if (page === null) break;
    assert.equal(page.status, 200, page.body);
    if (page.json.aviseringar.length === 0) break;
    for (const n of page.json.aviseringar) seen.add(n.sekvensnummer);
    const tom = page.json.aviseringar.at(-1).sekvensnummer;
    sent = tom;
    // A third of the way in, the kill is set to land a few ms later: during the next writes.
    if (!killing && tom >= total / 3) {
      killing = new Promise((resolve) => setTimeout(() => killServer(server, 'SIGKILL').then(resolve), 4));
    }
    const ack = await call(`${AVIS}/kvittens`, 'POST', { tomSekvens: tom });
    if (ack === null) break;
    assert.equal(ack.status, 200, ack.body);
    acked = tom;
  }
  await killing;
  assert.equal(server.exit?.signal, 'SIGKILL');
  assert.ok(acked > 0 && acked < total, `killed mid-feed (acknowledged ${acked} of ${total})`);

  server = await startOnPort({ name: 'leka-kill-2', port, args: serveArgs(db), logDir: env.dir });
  try {
    const resumed = await call(`${AVIS}?antal=1000`);
    assert.equal(resumed.status, 200, resumed.body);
    const kvitterad = resumed.json.kvitteradTomSekvens;
    t.diagnostic(`${total} notifications; acknowledged ${acked} (sent ${sent}) before the kill; remembered ${kvitterad}`);
    assert.ok(kvitterad >= acked, `acknowledged ${acked} before the kill, the server remembers ${kvitterad}`);
    assert.ok(kvitterad <= sent, 'nothing acknowledged that was never sent');
    assert.equal(resumed.json.senasteSekvens, total, 'no notification lost or added by the kill');
    const rest = resumed.json.aviseringar.map((n) => n.sekvensnummer);
    assert.deepEqual(rest, Array.from({ length: total - kvitterad }, (_, i) => kvitterad + 1 + i),
      'the feed continues right after the last acknowledgement, gap-free');
    for (const s of rest) seen.add(s);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i + 1));
    const done = await call(`${AVIS}/kvittens`, 'POST', { tomSekvens: total });
    assert.equal(done.status, 200, done.body);
  } finally {
    await killServer(server, 'SIGTERM');
  }
  auditVerifies(db);
});
