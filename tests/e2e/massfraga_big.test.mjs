// LEFI Asynkron v10 end to end, big: an order of 10 000 lines (catalogue persons, bulk persons of
// the register, unknown-but-valid numbers and invalid lines) is submitted with
// `utbyte lefi massfraga skicka --vanta`; while it is being processed (status PAGAR with some
// persons answered) the server is killed with SIGKILL and restarted on the same database and port;
// the order must still finish (KLAR), `utbyte lefi massfraga hamta` must download every line, and
// every valid person must be answered — and audited — exactly once. 20 sampled answers must equal
// the v9 synchronous answer for the same query, and the audit chain must verify.
//
// The server runs with --sla off so that this test can poll the order's status every 25 ms to
// catch it mid-processing (with the SLA on, the poller would take the client's Massfråga quota),
// and with --fake-time on a Wednesday at 10:00 so that Massfråga opening hours never interfere.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/massfraga_big.test.mjs   (or: ctest -R e2e_massfraga_big)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { personnummer, sql as sqlOn, startEnvironment, utbyte } from './lib/harness.mjs';
import { freePort, killServer, requestOnPort, runUtbyte, startOnPort } from './lib/restartable.mjs';

const LINES = 10_000;
const INVALID = 150;
const UNKNOWN = 250;
const AKTOR = 'MASSFRAGA-E2E';
const TYPES = ['PERSONUPPGIFTER', 'SJUKPENNING', 'FORALDRAPENNING', 'BOSTADSBIDRAG', 'UTBETALNING'];
const FAKE_TIME = '2026-11-25T10:00:00+01:00'; // a Wednesday
const FROM = '2025-11-25';
const TOM = '2026-11-25';
const TJANST = 'LEFI.BESTALLNING.V10';
const LEVERANTOR =
  '/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/lefi-extern-bestallningsleverantor/v10/aktorer';

let env;
let db;
let certs;
let port;
let server; // { child, log }
let url;

/** `utbyte serve` on the fixed port (so that the running client reaches the restarted server). */
function startMassfragaServer(name) {
  return startOnPort({ name, port, logDir: env.dir, args: ['--db', db, '--certs', certs, '--mode', 'test',
    '--sla', 'off', '--fake-time', FAKE_TIME, '--massfraga-workers', '2'] });
}

/** GET over mutual TLS to the massfraga server; resolves {status, json} or null on a connection error. */
const get = (p) => requestOnPort({ port, tls: env.tls, path: p, timeout: 5_000 });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sql(query) {
  return sqlOn(db, query);
}

/** The object without transaktionsId and tidpunkt, at any depth. */
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'transaktionsId' && k !== 'tidpunkt') out[k] = strip(v);
    }
    return out;
  }
  return value;
}

// The order's lines, with what each one is.
const lines = []; // {text, kind: 'catalogue'|'bulk'|'unknown'|'invalid', pnr}

before(async () => {
  env = await startEnvironment({ persons: 10_000 });
  certs = path.join(env.dir, 'certs');
  db = env.createDb('massfraga');
  port = await freePort();
  url = `https://127.0.0.1:${port}`;

  const known = new Set(sql('select personnummer from person').split('\n').filter(Boolean));
  const used = new Set();
  const add = (text, kind, pnr) => {
    lines.push({ text, kind, pnr });
    if (pnr) used.add(pnr);
  };
  for (const c of env.catalogue) {
    if (!used.has(c.personnummer)) add(c.personnummer, 'catalogue', c.personnummer);
  }
  // Unknown but valid: a date and födelsenummer that the register does not hold.
  for (let i = 0, n = 0; n < UNKNOWN; i++) {
    const d = `19${String(20 + (i % 30)).padStart(2, '0')}0${1 + (i % 9)}${String(10 + (i % 18)).padStart(2, '0')}`;
    const pnr = personnummer(d, String(900 + (i % 100)).padStart(3, '0'));
    if (!known.has(pnr) && !used.has(pnr)) {
      add(pnr, 'unknown', pnr);
      n++;
    }
    if (i > 100_000) throw new Error('could not make unknown persons');
  }
  const invalidTexts = [];
  for (let i = 0; i < INVALID; i++) {
    const d = `1970${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const good = personnummer(d, String(100 + i).padStart(3, '0'));
    switch (i % 5) {
      case 0: invalidTexts.push(good.slice(0, 11) + String((Number(good[11]) + 1) % 10)); break; // bad check digit
      case 1: invalidTexts.push(`19851332${String(1000 + i)}`); break; // month 13
      case 2: invalidTexts.push(`ogiltig-${i}`); break;
      case 3: invalidTexts.push(good.slice(0, 10)); break; // too short
      default: invalidTexts.push(`${good}9`); break; // too long
    }
  }
  const bulkNeeded = LINES - lines.length - INVALID;
  const bulk = sql(`select personnummer from person order by personnummer limit ${bulkNeeded + 200}`)
    .split('\n').filter((p) => p && !used.has(p)).slice(0, bulkNeeded);
  assert.equal(bulk.length, bulkNeeded, 'the register has enough persons for the order');
  // Interleave bulk and invalid lines; some bulk lines in the YYYYMMDD-NNNN form.
  let inv = 0;
  bulk.forEach((p, i) => {
    add(i % 97 === 5 ? `${p.slice(0, 8)}-${p.slice(8)}` : p, 'bulk', p);
    if (i % Math.floor(bulkNeeded / INVALID) === 0 && inv < INVALID) add(invalidTexts[inv++], 'invalid', null);
  });
  while (inv < INVALID) add(invalidTexts[inv++], 'invalid', null);
  assert.equal(lines.length, LINES);
  fs.writeFileSync(path.join(env.dir, 'personer.txt'), lines.map((l) => l.text).join('\n') + '\n');

  server = await startMassfragaServer('massfraga-1');
});

after(async () => {
  await killServer(server, 'SIGTERM');
  if (env) await env.cleanup();
});

test('10 000-line order survives kill -9 mid-processing; every person answered exactly once', { timeout: 590_000 }, async () => {
  const common = ['--url', url, '--certs', certs, '--aktor', AKTOR, '--max-forsok', '30'];
  const skicka = runUtbyte(['lefi', 'massfraga', 'skicka', ...common, '--fil', path.join(env.dir, 'personer.txt'),
    '--typer', TYPES.join(','), '--from', FROM, '--tom', TOM, '--klientreferens', 'E2E-BIG-1', '--vanta']);

  // The order id: the first line of skicka's stdout.
  let id;
  for (let i = 0; i < 2400 && !id; i++) {
    const m = /^(B-[0-9A-Za-z_-]+)$/m.exec(skicka.stdout());
    if (m) id = m[1];
    else await sleep(50);
  }
  assert.ok(id, 'skicka printed an order id');

  // Kill the server while the order is PAGAR with some, but not all, persons answered.
  const statusPath = `${LEVERANTOR}/${AKTOR}/bestallningar/${id}`;
  let killedAt;
  for (let i = 0; i < 4000 && !killedAt; i++) {
    const r = await get(statusPath);
    if (r?.status === 200 && r.json.status === 'PAGAR' && r.json.antal.besvarade > 0 &&
        r.json.antal.besvarade < r.json.antal.giltiga) {
      await killServer(server, 'SIGKILL');
      killedAt = r.json.antal;
    } else if (r?.json?.status === 'KLAR') {
      assert.fail(`the order was KLAR before it could be caught mid-processing: ${JSON.stringify(r.json)}`);
    } else {
      await sleep(25);
    }
  }
  assert.ok(killedAt, 'caught the order mid-processing');
  await sleep(500);
  server = await startMassfragaServer('massfraga-2');

  const s = await skicka;
  assert.equal(s.code, 0, `skicka --vanta exits 0 after KLAR\n${s.stderr}`);
  const invalidReported = s.stdout.split('\n').filter((l) => l.startsWith('ogiltig rad ')).length;
  assert.equal(invalidReported, INVALID, 'skicka reports every invalid line');

  const status = JSON.parse(utbyte(['lefi', 'massfraga', 'status', id, ...common, '--format', 'json']));
  assert.equal(status.status, 'KLAR');
  const valid = LINES - INVALID;
  assert.equal(status.antal.totalt, LINES);
  assert.equal(status.antal.giltiga, valid);
  assert.equal(status.antal.ogiltiga, INVALID);
  assert.equal(status.antal.besvarade, valid);

  const ut = path.join(env.dir, 'svar.jsonl');
  const h = await runUtbyte(['lefi', 'massfraga', 'hamta', id, ...common, '--ut', ut, '--sida', '1000']);
  assert.equal(h.code, 0, `hamta exits 0\n${h.stderr}`);
  const answers = fs.readFileSync(ut, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(answers.length, LINES, 'one line per order line');
  const rads = new Set(answers.map((a) => a.rad));
  assert.equal(rads.size, LINES, 'no duplicate rad');
  for (const a of answers) {
    const line = lines[a.rad - 1];
    assert.ok(line, `rad ${a.rad} is a line of the file`);
    if (line.kind === 'invalid') {
      assert.equal(a.status, 'OGILTIG', `rad ${a.rad} (${line.text}) is OGILTIG`);
      assert.ok(a.fel?.felkod, `rad ${a.rad} has a felkod`);
    } else {
      assert.notEqual(a.status, 'OGILTIG', `rad ${a.rad} (${line.text}) is valid`);
      assert.ok(a.svar || a.fel, `rad ${a.rad} has an answer or an error`);
      if (line.kind === 'bulk') assert.equal(a.status, 'BESVARAD', `rad ${a.rad} answered`);
    }
  }
  // A rerun of a complete download changes nothing.
  const sizeBefore = fs.statSync(ut).size;
  const again = await runUtbyte(['lefi', 'massfraga', 'hamta', id, ...common, '--ut', ut]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(fs.statSync(ut).size, sizeBefore);

  // Audited exactly once per valid person, despite the kill.
  const audited = Number(sql(`select count(*) from audit_logg where tjanst = '${TJANST}'`));
  assert.equal(audited, valid, 'one audit row per valid person');
  const distinct = Number(sql(`select count(distinct personnummer) from audit_logg where tjanst = '${TJANST}'`));
  assert.equal(distinct, valid, 'no person audited twice');

  // 20 sampled persons: the embedded answer equals the v9 synchronous answer.
  // Lines written as 12 digits only, so that the v9 query is the very same text.
  const answered = answers.filter((a) => a.status === 'BESVARAD' && a.svar && lines[a.rad - 1].text === lines[a.rad - 1].pnr);
  const sample = [];
  for (let i = 0; i < 20; i++) sample.push(answered[Math.floor((i * answered.length) / 20)]);
  const sampleFile = path.join(env.dir, 'sample.txt');
  fs.writeFileSync(sampleFile, sample.map((a) => lines[a.rad - 1].pnr).join('\n') + '\n');
  const v9 = await runUtbyte(['lefi', 'fraga', ...common.filter((x) => x !== '--max-forsok' && x !== '30'),
    '--fil', sampleFile, '--typer', TYPES.join(','), '--from', FROM, '--tom', TOM, '--tyst']);
  assert.equal(v9.code, 0, v9.stderr);
  const v9Answers = v9.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(v9Answers.length, 20);
  sample.forEach((a, i) => {
    assert.deepEqual(strip(a.svar), strip(v9Answers[i]), `rad ${a.rad}: v10 answer equals the v9 answer`);
  });

  await killServer(server, 'SIGTERM');
  // utbyte() throws with the output when the exit code is not 0.
  utbyte(['audit', 'verify', '--db', db]);
});
