// The one partner pipeline seen from outside: nothing a partner does to one service slows
// another, because no handler holds an I/O thread and SSBTEK holds no thread at all while its
// sources are out. A real server with only four workers:
//  - eight SSBTEK questions whose six sources all hang (2.5 s, past their 1 s timeout), and
//  - a stream of web logins (each a PBKDF2 hash, ~0.15 s of CPU),
// while LEFI v9 queries are timed one after another. LEFI's p99 must stay under 100 ms.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDate, queryPath, shiftDate, startEnvironment } from './lib/harness.mjs';
import { SSBTEK_WS, envelope, ssbtekRequest, startSimulators } from './lib/ssbtek.mjs';

const ALLA = '199405309999'; // data in every SSBTEK simulator
const LEFI_PERSON = '198503129986';

let env;
let sims;

before(async () => {
  env = await startEnvironment({ persons: 50 });
  sims = await startSimulators('hang', ['--latens-ms', '2500', '--timeout-ms', '1000', '--total-tidsgrans-ms', '2500'], env.dir);
  // SLA on: each LEFI query below uses an aktorsId of its own, so the Online limits never bind;
  // logins are limited to two at a time per organisation (class WEBBINLOGGNING).
  await env.startServer('pipe', ['--ssbtek-config', sims.config, '--workers', '4', '--no-access-log']);
  await env.startServer('pipeoff', ['--ssbtek-config', sims.config, '--workers', '4', '--no-access-log', '--sla', 'off']);
  // The default pool (8 workers), no limits at all: four logins hashed at once, all the time.
  await env.startServer('pipeweb', ['--no-access-log', '--sla', 'off']);
});

after(async () => {
  sims?.child.kill('SIGTERM');
  await env?.cleanup();
});

const tom = isoDate(new Date());
const from = shiftDate(tom, { years: -1 });

function ssbtek(server, i) {
  return env.request({
    server, path: SSBTEK_WS, method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: envelope(ssbtekRequest({ sokande: ALLA, from, tom, referens: `HANG-${i}` })),
  });
}

/** Times `count` LEFI v9 queries one after another; returns the latencies in ms, sorted. */
async function timeLefi(server, count, tag) {
  const agent = env.keepAliveAgent();
  const times = [];
  for (let i = 0; i < count; ++i) {
    const started = process.hrtime.bigint();
    const res = await env.request({
      server, agent, path: queryPath(`P-${tag}-${i}`), method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personnummer: LEFI_PERSON, informationstyper: ['SJUKPENNING'], fromDatum: from, tomDatum: tom }),
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    assert.equal(res.status, 200, res.body);
  }
  agent.destroy();
  return times.sort((a, b) => a - b);
}

/**
 * Rounds of four concurrent wrong-password logins (each one PBKDF2 hash) on `server` while at least 400
 * LEFI queries are timed; returns the logins' statuses and the LEFI latencies.
 */
async function lefiBesideLogins(server) {
  // A login form first: its CSRF token travels in a cookie and the form (double submit).
  const page = await env.request({ server, path: '/webb/' });
  assert.equal(page.status, 200, page.body);
  const token = /name="csrf" value="([0-9a-f]{64})"/.exec(page.body)[1];
  const cookie = page.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
  const login = (i) => env.request({
    server, path: '/webb/logga-in', method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: `csrf=${token}&anvandarnamn=ingen-${i}&losenord=fel-losenord-${i}`,
  });
  let running = true;
  const statuses = [];
  const storm = (async () => {
    for (let round = 0; running; ++round) {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => login(round * 4 + i)));
      for (const r of results) statuses.push(r.status);
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  // At least 400 queries, and on until two rounds of logins have been answered (a sanitizer
  // build hashes slower), at most 40 batches.
  let during = [];
  for (let batch = 0; batch < 40 && (during.length < 400 || statuses.length < 8); ++batch) {
    during = during.concat(await timeLefi(server, 100, `login-${server}-${batch}`));
  }
  during.sort((a, b) => a - b);
  running = false;
  await storm;
  const counts = statuses.reduce((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
  console.log(`LEFI beside logins on ${server}: median ${median(during).toFixed(1)} ms, ` +
    `p99 ${p99(during).toFixed(1)} ms; login answers ${JSON.stringify(counts)}`);
  return { statuses, during };
}

const p99 = (sorted) => sorted[Math.ceil(sorted.length * 0.99) - 1];
const median = (sorted) => sorted[Math.floor(sorted.length / 2)];

describe('nothing blocks the workers', () => {
  test('LEFI stays fast while eight SSBTEK questions wait for hanging sources', async () => {
    const baseline = await timeLefi('pipeoff', 20, 'base');
    const started = Date.now();
    const pending = Array.from({ length: 8 }, (_, i) => ssbtek('pipeoff', i));
    await new Promise((r) => setTimeout(r, 150)); // every question is out and waiting
    const during = await timeLefi('pipeoff', 200, 'ssbtek');
    const answers = await Promise.all(pending);
    const elapsed = Date.now() - started;
    console.log(`LEFI beside hanging SSBTEK: median ${median(during).toFixed(1)} ms, p99 ${p99(during).toFixed(1)} ms ` +
      `(alone: median ${median(baseline).toFixed(1)} ms, p99 ${p99(baseline).toFixed(1)} ms); SSBTEK answered after ${elapsed} ms`);
    for (const res of answers) {
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, /TIDSGRANS_OVERSKRIDEN|KALLA_EJ_TILLGANGLIG/, 'the hanging sources are reported, not waited for forever');
    }
    assert.ok(elapsed >= 900, `the sources did hang (${elapsed} ms)`);
    assert.ok(p99(during) < 100, `LEFI p99 ${p99(during).toFixed(1)} ms beside hanging SSBTEK`);
  });

  test('LEFI stays fast while four logins at a time are hashed (no limits)', async () => {
    const { statuses, during } = await lefiBesideLogins('pipeweb');
    assert.ok(statuses.filter((s) => s === 401).length >= 8, `wrong passwords were checked (hashed): ${statuses}`);
    assert.ok(p99(during) < 100, `LEFI p99 ${p99(during).toFixed(1)} ms beside logins`);
  });

  test('with the SLA on, logins beyond the WEBBINLOGGNING limit get 429 before any hashing', async () => {
    const { statuses, during } = await lefiBesideLogins('pipe');
    assert.ok(statuses.includes(401), 'wrong passwords were checked (hashed)');
    assert.ok(statuses.includes(429), 'more logins than the class allows are refused');
    assert.ok(p99(during) < 100, `LEFI p99 ${p99(during).toFixed(1)} ms beside logins`);
  });
});
