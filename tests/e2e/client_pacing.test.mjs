// The client keeps inside the SLA, end to end: `utbyte lefi fraga --fil` asks 20 persons of a
// real test-mode server WITH the SLA on (Online: 1/s, 300 ms from answer to next question, one
// at a time) over real mutual TLS, and the server must never have answered 429. Also
// `utbyte sla status` against the same server.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/client_pacing.test.mjs   (or: ctest -R e2e_client_pacing)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { BIN, queryPath, startEnvironment, utbyte } from './lib/harness.mjs';

const PERSONS = 20;
const AKTOR = 'PACING-1';

let env;
let server; // our own `utbyte serve` with the SLA at its default (on); see startSlaServer()
let url;
let certs;

/**
 * The harness's servers run with --sla off (other suites fire bursts), so this file starts its own
 * test-mode server on a copy of test.db with the server's defaults: SLA on, seed figures.
 */
function startSlaServer() {
  const db = env.createDb('pacing');
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--certs', certs, '--mode', 'test'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const s = { child, stdout: '', stderr: '', port: 0 };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pacing server: no "listening on" line within 30 s\n${s.stdout}${s.stderr}`));
    }, 30_000);
    child.stdout.on('data', (c) => {
      s.stdout += c;
      const m = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(s.stdout);
      if (m && !s.port) {
        s.port = Number(m[1]);
        clearTimeout(timer);
        resolve(s);
      }
    });
    child.stderr.on('data', (c) => (s.stderr += c));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!s.port) reject(new Error(`pacing server exited (${code ?? signal})\n${s.stdout}${s.stderr}`));
    });
  });
}

before(async () => {
  env = await startEnvironment({ persons: 60 });
  certs = path.join(env.dir, 'certs');
  server = await startSlaServer();
  url = `https://127.0.0.1:${server.port}`;
  // env.request({server: 'pacing'}) reaches it, and env.cleanup() stops it with the others.
  env.servers.pacing = server;
});

after(async () => {
  if (env) await env.cleanup();
});

/** Runs the binary without blocking the event loop (the servers' logs keep being read). */
function run(args, { timeout = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`utbyte ${args.join(' ')}: no exit within ${timeout} ms\n${stderr}`));
    }, timeout);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Our server's access-log lines (JSON, one per request) written since `offset`. */
function accessLog(offset = 0) {
  return server.stderr
    .slice(offset)
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return undefined;
      }
    })
    .filter((e) => e && typeof e.status === 'number');
}

test('a batch of 20 via --fil is paced inside the Online SLA: no 429, one JSON line each', async () => {
  const catalogue = env.catalogue.map((p) => p.personnummer);
  assert.ok(catalogue.length > 0, 'the register has catalogue persons');
  const persons = Array.from({ length: PERSONS }, (_, i) => catalogue[i % catalogue.length]);
  // The file format: comments and blank lines are skipped, YYYYMMDD-NNNN is normalised.
  const lines = ['# e2e: 20 catalogue persons, repeated when the catalogue is shorter', ''];
  persons.forEach((p, i) => lines.push(i === 1 ? `${p.slice(0, 8)}-${p.slice(8)}` : p));
  const file = path.join(env.dir, 'personer.txt');
  fs.writeFileSync(file, `${lines.join('\n')}\n\n`);

  const logOffset = server.stderr.length;
  const started = Date.now();
  const res = await run(['lefi', 'fraga', '--url', url, '--certs', certs, '--aktor', AKTOR, '--fil', file,
    '--typer', 'SJUKPENNING,UTBETALNING']);
  const seconds = (Date.now() - started) / 1000;

  assert.equal(res.code, 0, `exit ${res.code}\nstderr:\n${res.stderr}`);
  const answers = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(answers.length, PERSONS, res.stdout);
  answers.forEach((a, i) => {
    assert.equal(a.fel, undefined, `line ${i + 1} is an error: ${JSON.stringify(a)}`);
    assert.equal(a.fraga.personnummer, persons[i], `line ${i + 1} answers person ${i + 1}`);
    assert.match(a.transaktionsId, /^[0-9a-f-]{36}$/);
  });
  assert.match(res.stderr, /20 frågor, 20 lyckades, 0 fel/);
  assert.doesNotMatch(res.stderr, /HTTP 429/, 'the client never needed a retry');

  // Give the server a moment to flush the last access-log line.
  await new Promise((r) => setTimeout(r, 200));
  const log = accessLog(logOffset);
  const queries = log.filter((e) => e.vag === queryPath(AKTOR));
  assert.equal(queries.filter((e) => e.status === 429).length, 0,
    `the server refused some: ${JSON.stringify(queries.map((e) => e.status))}`);
  assert.equal(queries.filter((e) => e.status === 200).length, PERSONS);
  assert.equal(log.filter((e) => e.status === 429).length, 0);

  // Paced: 19 intervals of at least a second; but not dawdling either.
  assert.ok(seconds >= 19, `took ${seconds} s: faster than 1/s`);
  assert.ok(seconds < 40, `took ${seconds} s: paced far too slowly`);
});

test('the zero above means something: an unpaced burst is refused with 429 and Retry-After', async () => {
  const body = {
    personnummer: env.catalogue[0].personnummer,
    informationstyper: ['SJUKPENNING'],
    fromDatum: '2024-01-01',
    tomDatum: '2024-12-31',
  };
  const agent = env.keepAliveAgent();
  // Three back to back from one actor, each sent right after the previous answer.
  const statuses = [];
  let refused;
  for (let i = 0; i < 3; i++) {
    const res = await env.request({ server: 'pacing', method: 'POST', path: queryPath('PACING-BURST'), agent, body,
      headers: { 'Content-Type': 'application/json' } });
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  agent.destroy();
  assert.ok(refused, `three back-to-back queries were all admitted: ${statuses}`);
  assert.equal(refused.json.felkod, 'KAPACITETSGRANS_OVERSKRIDEN');
  assert.match(refused.headers['retry-after'], /^[1-9]\d*$/);
});

test('a single person with a dashed personnummer still prints one pretty JSON answer', async () => {
  const p = env.catalogue[0].personnummer;
  const res = await run(['lefi', 'fraga', '--url', url, '--certs', certs, '--aktor', 'PACING-2',
    '--personnummer', `${p.slice(0, 8)}-${p.slice(8)}`, '--typer', 'SJUKPENNING']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^\{\n {2}"/, 'pretty-printed');
  assert.equal(JSON.parse(res.stdout).fraga.personnummer, p);
});

test('a failing person in a batch: exit 1, an error line on stdout, felkod on stderr', async () => {
  const good = env.catalogue[0].personnummer;
  const bad = '190001011234'; // wrong check digit
  const res = await run(['lefi', 'fraga', '--url', url, '--certs', certs, '--aktor', 'PACING-3',
    '--personnummer', `${good},${bad}`, '--typer', 'SJUKPENNING', '--tyst']);
  assert.equal(res.code, 1, res.stderr);
  const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].fraga.personnummer, good);
  assert.equal(lines[1].personnummer, bad);
  assert.equal(lines[1].fel.felkod, 'OGILTIGT_PERSONNUMMER');
  assert.match(lines[1].fel.transaktionsId, /^[0-9a-f-]{36}$/);
  assert.ok(res.stderr.includes(`OGILTIGT_PERSONNUMMER`) && res.stderr.includes(lines[1].fel.transaktionsId));
  assert.match(res.stderr, /2 frågor, 1 lyckades, 1 fel/);
  assert.doesNotMatch(res.stderr, /väntar/, '--tyst');
});

test('utbyte sla status prints the limits per class', async () => {
  const text = utbyte(['sla', 'status', '--url', url, '--certs', certs]);
  assert.match(text, /ONLINE\s+1\s+60\s+3600\s+300 ms\s+1\n/, text);
  assert.match(text, /LEKA\s+1\s+60\s+3600\s+300 ms\s+1\n/, text);
  assert.match(text, /MASSFRAGA\s+2\s+120\s+7200\s+300 ms\s+5\n/, text);
  assert.match(text, /Massfråga: (öppen, stänger|stängd, öppnar) \d{4}-\d\d-\d\d \d\d:\d\d/, text);
  assert.match(text, /Servicefönster/, text);

  // The base URL may name /rest: the status lives at the root regardless.
  const json = JSON.parse(utbyte(['sla', 'status', '--url', `${url}/rest`, '--certs', certs, '--format', 'json']));
  assert.equal(json.sla, 'PA');
  assert.deepEqual(json.klasser.ONLINE, { perSekund: 1, perMinut: 60, perTimme: 3600, mellanrumMs: 300, samtidiga: 1 });
  assert.deepEqual(json.klasser.MASSFRAGA, { perSekund: 2, perMinut: 120, perTimme: 7200, mellanrumMs: 300, samtidiga: 5 });
});
