// Fault and abuse tests against the real server (docs/security.md): slow and idle connections
// are cut at the idle timeout, a flood of 5 000 connections is refused without exhausting memory
// or descriptors and the server answers afterwards, oversized and deeply nested input is refused,
// the TLS floor (versions, ciphers, expired and untrusted certificates) holds, and a full disk
// gives a clear error with the audit chain intact.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

import { BIN, STORE, startEnvironment, queryPath, utbyte, shiftDate, sql } from './lib/harness.mjs';

const IDLE_TIMEOUT_S = 2;
const HANDSHAKE_TIMEOUT_S = 3;
let env;

before(async () => {
  env = await startEnvironment({
    persons: 200,
    extraServers: {
      strict: ['--idle-timeout', String(IDLE_TIMEOUT_S), '--handshake-timeout', String(IDLE_TIMEOUT_S),
        '--max-connections', '256', '--require-client-auth'],
      // Every connection limit at its default (1 024 held, 64 handshakes per address, 256 per
      // organisation) but a short handshake deadline.
      crowded: ['--handshake-timeout', String(HANDSHAKE_TIMEOUT_S)],
      perOrganisation: ['--max-connections-per-organisation', '4'],
    },
  });
});

after(async () => {
  await env?.cleanup();
});

function query(personnummer) {
  return {
    personnummer,
    informationstyper: ['SJUKPENNING', 'UTBETALNING'],
    fromDatum: shiftDate(env.today, { months: -6 }),
    tomDatum: env.today,
  };
}

function postQuery(server, body) {
  return env.request({
    server,
    path: queryPath('FAULT-1'),
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
}

/** A TLS connection with the client certificate; resolves once the handshake is done. */
function tlsConnect(server, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: env.servers[server].port,
      ca: env.tls.ca,
      ...env.tls.client,
      ...options,
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves the milliseconds until the peer closes `socket` (or rejects after `limitMs`). */
function closedWithin(socket, limitMs) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${limitMs} ms`)), limitMs);
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

function processStatus(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

test('slowloris: headers trickled one byte at a time are cut at the idle timeout', async () => {
  const socket = await tlsConnect('strict');
  socket.write(`POST ${queryPath('SLOW-1')} HTTP/1.1\r\nHost: utbyte\r\n`);
  const trickle = setInterval(() => {
    if (!socket.destroyed) socket.write('X');
  }, 300);
  try {
    const ms = await closedWithin(socket, (IDLE_TIMEOUT_S + 4) * 1000);
    // Cut by the deadline for the whole header, although a byte arrived every 300 ms.
    assert.ok(ms >= (IDLE_TIMEOUT_S - 1) * 1000, `closed after ${ms} ms`);
  } finally {
    clearInterval(trickle);
  }
});

test('idle connections are closed: silent after the handshake, and silent before it', async () => {
  const afterHandshake = await tlsConnect('strict');
  const raw = net.connect(env.servers.strict.port, '127.0.0.1');
  const [a, b] = await Promise.all([
    closedWithin(afterHandshake, (IDLE_TIMEOUT_S + 4) * 1000),
    closedWithin(raw, (IDLE_TIMEOUT_S + 4) * 1000),
  ]);
  assert.ok(a >= (IDLE_TIMEOUT_S - 1) * 1000 && b >= (IDLE_TIMEOUT_S - 1) * 1000, `${a} ms, ${b} ms`);
});

test('a flood of 5 000 connections is refused gracefully and the server answers afterwards', async () => {
  const pid = env.servers.strict.child.pid;
  const before = processStatus(pid);
  const sockets = [];
  let refused = 0;
  await Promise.all(
    Array.from({ length: 5000 }, () =>
      new Promise((resolve) => {
        const s = net.connect(env.servers.strict.port, '127.0.0.1');
        sockets.push(s);
        s.on('error', () => {
          refused += 1;
          resolve();
        });
        s.once('connect', resolve);
        s.once('close', resolve);
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  const during = processStatus(pid);
  // At most --max-connections (256) sessions are kept; the rest are reset at once.
  assert.ok(during.fds < before.fds + 256 + 64, `descriptors: ${before.fds} -> ${during.fds}`);
  assert.ok(during.rssMiB < before.rssMiB + 64, `RSS: ${before.rssMiB} -> ${during.rssMiB} MiB`);
  for (const s of sockets) s.destroy();
  // Held sessions end at the idle timeout at the latest; then the server answers as before.
  await new Promise((r) => setTimeout(r, (IDLE_TIMEOUT_S + 1) * 1000));
  const res = await postQuery('strict', query('198503129986'));
  assert.equal(res.status, 200, res.body);
  const health = await env.request({ server: 'strict', path: '/health' });
  assert.equal(health.status, 200);
  const afterStatus = processStatus(pid);
  assert.ok(afterStatus.fds < before.fds + 16, `descriptors not released: ${before.fds} -> ${afterStatus.fds}`);
  test.diagnostic?.(`flood: ${refused} refused by the client side, peak RSS ${afterStatus.hwmMiB.toFixed(1)} MiB`);
});

/** Opens `count` sockets from `localAddress` with `open(i)`, `batch` at a time; resolves those that opened. */
async function openInBatches(count, batch, open) {
  const opened = [];
  for (let i = 0; i < count; i += batch) {
    const round = await Promise.allSettled(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)));
    for (const r of round) if (r.status === 'fulfilled') opened.push(r.value);
  }
  return opened;
}

test('lock-out without a certificate fails: 1 024 idle TLS connections and 300 bare sockets, then a partner is answered within a second', async (t) => {
  const port = env.servers.crowded.port;
  // 300 bare TCP sockets from one address: only 64 may sit in the handshake, the rest are reset.
  const bare = [];
  let bareRefused = 0;
  await Promise.all(Array.from({ length: 300 }, () => new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
    bare.push(s);
    s.on('error', () => { bareRefused += 1; resolve(); });
    s.once('connect', resolve);
  })));
  // 1 024 authenticated connections from another address (another organisation), silent after the
  // handshake: they fill the server's 1 024 places.
  const idle = await openInBatches(1024, 32, () => tlsConnect('crowded', {
    localAddress: '127.0.0.3', ...env.tls['second-org'],
  }));
  for (const s of idle) s.on('error', () => {});
  try {
    assert.ok(idle.length >= 1000, `only ${idle.length} idle TLS connections opened`);
    const started = Date.now();
    const res = await postQuery('crowded', query('198503129986'));
    const ms = Date.now() - started;
    assert.equal(res.status, 200, res.body);
    assert.ok(ms < 1000, `the partner waited ${ms} ms`);
    t.diagnostic(`crowd: ${idle.length} idle TLS, ${300 - bareRefused} bare sockets held; partner answered in ${ms} ms`);
  } finally {
    for (const s of [...idle, ...bare]) s.destroy();
  }
});

test('a silent client is cut at the handshake deadline, long before the idle timeout', async () => {
  const raw = net.connect(env.servers.crowded.port, '127.0.0.1');
  const ms = await closedWithin(raw, (HANDSHAKE_TIMEOUT_S + 5) * 1000);
  assert.ok(ms >= (HANDSHAKE_TIMEOUT_S - 1) * 1000 && ms < (HANDSHAKE_TIMEOUT_S + 3) * 1000, `closed after ${ms} ms`);
});

/** A keep-alive GET /health on an open TLS socket; resolves at the first bytes of the answer. */
function answeredOnce(socket) {
  return new Promise((resolve, reject) => {
    socket.once('data', resolve);
    socket.once('error', reject);
    socket.write('GET /health HTTP/1.1\r\nHost: utbyte\r\n\r\n');
  });
}

/** One request on an already open TLS socket; resolves the raw answer's status line, headers and body. */
function requestOn(socket, body) {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { text += chunk; });
    socket.once('end', () => resolve(text));
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
    const payload = JSON.stringify(body);
    socket.write(`POST ${queryPath('ORG-1')} HTTP/1.1\r\nHost: utbyte\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`);
  });
}

test('an organisation holds at most its connection limit; the next gets 429 and the others are served', async () => {
  const held = [];
  try {
    // Each held connection is answered once, so the server has finished its side of the handshake
    // (TLS 1.3 lets the client finish first) and counts it.
    for (let i = 0; i < 4; i++) {
      const socket = await tlsConnect('perOrganisation', env.tls['second-org']);
      await answeredOnce(socket);
      held.push(socket);
    }
    const fifth = await tlsConnect('perOrganisation', env.tls['second-org']);
    const answer = await requestOn(fifth, query('198503129986'));
    assert.match(answer, /^HTTP\/1\.1 429/, answer);
    assert.match(answer, /\r\nRetry-After: 1\r\n/i, answer);
    assert.match(answer, /"felkod":"KAPACITETSGRANS_OVERSKRIDEN"/, answer);
    assert.match(answer, /anslutningar från organisationen \(högst 4\)/, answer);
    // Another organisation is not affected.
    const other = await postQuery('perOrganisation', query('198503129986'));
    assert.equal(other.status, 200, other.body);
    // A place freed is a place for the same organisation again.
    held.pop().destroy();
    await new Promise((r) => setTimeout(r, 200));
    const again = await tlsConnect('perOrganisation', env.tls['second-org']);
    const served = await requestOn(again, query('198503129986'));
    assert.doesNotMatch(served, /^HTTP\/1\.1 429/, served);
  } finally {
    for (const s of held) s.destroy();
  }
});

test('files are private: each served database with its -wal and -shm is 0600, the CA keys sit 0700 apart', {
  skip: STORE === 'postgresql' && 'PostgreSQL keeps its own files (initdb makes them 0600/0700)',
}, async () => {
  const mode = (file) => fs.statSync(file).mode & 0o777;
  // The extra servers' databases were copied at 0644 by this test's harness; serving them made
  // them private. Every server has answered a query by now, so -wal and -shm exist.
  await postQuery('strict', query('198503129986'));
  for (const name of ['test', 'strict', 'crowded']) {
    for (const suffix of ['', '-wal', '-shm']) {
      const file = env.db[name] + suffix;
      if (fs.existsSync(file)) assert.equal(mode(file).toString(8), '600', file);
    }
    assert.ok(fs.existsSync(`${env.db[name]}-wal`), `${name}: no -wal to check`);
  }
  const certs = path.join(env.dir, 'certs');
  assert.equal(mode(path.join(certs, 'ca-private')).toString(8), '700');
  assert.equal(mode(path.join(certs, 'ca-private', 'ca.key')).toString(8), '600');
  assert.ok(!fs.existsSync(path.join(certs, 'ca.key')), 'the CA key must not sit among the files serve reads');
  // A database the CLI creates is 0600 too (and every other file it writes: `main` sets umask 077).
  const out = path.join(env.dir, 'private-out.db');
  utbyte(['register', 'generate', '--db', out, '--persons', '10', '--seed', '3']);
  assert.equal(mode(out).toString(8), '600');
});

test('bodies over the limit are refused from the headers alone (413), before the body is sent', async () => {
  const res = await env.request({
    server: 'test',
    path: queryPath('BIG-1'),
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) },
    body: '{',
    holdOpen: true,
  });
  assert.equal(res.status, 413);
  assert.equal(res.json.felkod, 'FOR_STOR_FRAGA');
});

test('deeply nested JSON is refused with a clear error', async () => {
  const res = await postQuery('test', '['.repeat(1500) + ']'.repeat(1500));
  assert.equal(res.status, 400);
  assert.equal(res.json.felkod, 'FELAKTIG_JSON');
  assert.match(res.json.felmeddelande, /nästlad djupare än 32/);
  // Inside a valid object too: the depth is checked before any field is read.
  const inner = `{"personnummer":${'['.repeat(40)}${']'.repeat(40)}}`;
  const res2 = await postQuery('test', inner);
  assert.equal(res2.status, 400);
  assert.equal(res2.json.felkod, 'FELAKTIG_JSON');
});

test('header floods are refused', async () => {
  const headers = { 'Content-Type': 'application/json' };
  for (let i = 0; i < 2000; i++) headers[`X-Flood-${i}`] = 'x'.repeat(16);
  const res = await postQuery('test', query('198503129986')).catch((err) => err);
  assert.ok(res.status === 200, 'control request failed');
  const flooded = await env
    .request({ server: 'test', path: queryPath('FLOOD-1'), method: 'POST', headers, body: query('198503129986') })
    .catch((err) => err);
  assert.equal(flooded.status, 400, String(flooded.body ?? flooded.message));
  assert.match(flooded.json.felmeddelande, /huvuden är för stora/);
});

// openssl s_client against the strict server. SECLEVEL=0 lets the client offer what a weak client
// would; the refusal must come from the server.
function sClient(args, cert = 'client', server = 'test') {
  const certs = path.join(env.dir, 'certs');
  const inDir = (dir) => ['-cert', path.join(env.dir, dir, 'client.pem'), '-key', path.join(env.dir, dir, 'client.key')];
  const files = cert === 'none' ? [] : cert === 'client' ? inDir('certs') : inDir(cert);
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${env.servers[server].port}`, '-CAfile',
    path.join(certs, 'ca.pem'), '-ign_eof', ...files, ...args], { input: 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', encoding: 'utf8', timeout: 15_000 });
  return { ok: /HTTP\/1\.1 200/.test(r.stdout), out: `${r.stdout}\n${r.stderr}` };
}

test('TLS: only 1.2 and 1.3 with forward-secret AEAD ciphers', () => {
  assert.ok(sClient(['-tls1_3']).ok, 'TLS 1.3 control failed');
  assert.ok(sClient(['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256']).ok, 'TLS 1.2 AEAD control failed');
  for (const [what, args] of [
    ['TLS 1.0', ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']],
    ['TLS 1.1', ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']],
    ['CBC/SHA-1 suite', ['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0']],
    ['no forward secrecy', ['-tls1_2', '-cipher', 'AES128-GCM-SHA256:@SECLEVEL=0']],
  ]) {
    const r = sClient(args);
    assert.ok(!r.ok, `${what} was accepted`);
    assert.match(r.out, /alert|no protocols|no cipher|handshake failure|wrong version/i, `${what}: ${r.out.slice(0, 400)}`);
  }
});

test('TLS: a missing, expired or untrusted client certificate is refused in the handshake', () => {
  // An expired client certificate from the right CA, made with `openssl ca` (backdated).
  const dir = path.join(env.dir, 'expired');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(path.join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = dev', '[dev]', `database = ${dir}/index.txt`, `new_certs_dir = ${dir}`,
    `serial = ${dir}/serial`, 'default_md = sha256', 'policy = any', 'unique_subject = no',
    'copy_extensions = none', '[any]', 'commonName = supplied', '',
  ].join('\n'));
  const certs = path.join(env.dir, 'certs');
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', path.join(dir, 'client.key'), '-out', path.join(dir, 'client.csr'),
    '-subj', `/C=SE/O=Utgangen AB/CN=Utgangen AB/serialNumber=${env.clientOrgNr}`], { stdio: 'ignore' });
  execFileSync('openssl', ['ca', '-batch', '-config', path.join(dir, 'ca.cnf'), '-in', path.join(dir, 'client.csr'),
    '-out', path.join(dir, 'client.pem'), '-cert', path.join(certs, 'ca.pem'), '-keyfile', path.join(certs, 'ca-private', 'ca.key'),
    '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext'], { stdio: 'ignore' });
  assert.match(execFileSync('openssl', ['x509', '-in', path.join(dir, 'client.pem'), '-noout', '-enddate'], { encoding: 'utf8' }), /2021/);

  assert.ok(sClient([]).ok, 'control with the valid certificate failed');
  for (const cert of ['none', 'expired', 'other-ca']) {
    const r = sClient([], cert);
    assert.ok(!r.ok, `${cert}: accepted`);
    assert.match(r.out, /alert|certificate/i, `${cert}: ${r.out.slice(0, 400)}`);
  }
});

// FK's partners connect with Expisoft or SITHS *server* certificates (seed 001); OpenSSL's own
// rule would refuse their EKU (serverAuth only) for a client.
test('TLS: a serverAuth-only partner certificate completes the handshake; --require-client-auth refuses it', () => {
  const certs = path.join(env.dir, 'certs');
  utbyte(['certs', 'client', '--ca-dir', certs, '--out', path.join(env.dir, 'server-eku', 'client'),
    '--org-nr', env.clientOrgNr, '--eku', 'serverAuth']);
  const eku = execFileSync('openssl', ['x509', '-in', path.join(env.dir, 'server-eku', 'client.pem'), '-noout',
    '-ext', 'extendedKeyUsage'], { encoding: 'utf8' });
  assert.match(eku, /TLS Web Server Authentication/);
  assert.doesNotMatch(eku, /Client Authentication/);

  // Another purpose from the right CA (code signing) stays refused: only serverAuth is let in.
  const dir = path.join(env.dir, 'code-signing');
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', path.join(dir, 'client.key'), '-out', path.join(dir, 'client.csr'),
    '-subj', `/C=SE/O=Kodsignerare AB/CN=Kodsignerare AB/serialNumber=${env.clientOrgNr}`], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'extendedKeyUsage = codeSigning\nkeyUsage = critical, digitalSignature\n');
  execFileSync('openssl', ['x509', '-req', '-in', path.join(dir, 'client.csr'), '-CA', path.join(certs, 'ca.pem'),
    '-CAkey', path.join(certs, 'ca-private', 'ca.key'), '-CAcreateserial', '-days', '30', '-extfile', path.join(dir, 'ext.cnf'),
    '-out', path.join(dir, 'client.pem')], { stdio: 'ignore' });

  assert.ok(sClient([], 'server-eku').ok, 'the serverAuth-only certificate was refused by default');
  assert.ok(sClient([], 'client', 'strict').ok, 'control: clientAuth on the strict server failed');
  const strict = sClient([], 'server-eku', 'strict');
  assert.ok(!strict.ok, 'the strict server (--require-client-auth) accepted a serverAuth-only certificate');
  assert.match(strict.out, /alert|certificate/i, strict.out.slice(0, 400));
  const signing = sClient([], 'code-signing');
  assert.ok(!signing.ok, 'a code-signing certificate was accepted');
  assert.match(signing.out, /alert|certificate/i, signing.out.slice(0, 400));
  for (const cert of ['none', 'other-ca']) assert.ok(!sClient([], cert).ok, `${cert}: accepted`);
});

// SQLite only: the file-size limit (ulimit -f) stands in for a full disk under the server's own
// database file; a PostgreSQL server's disk is its own process's, outside utbyte's limits.
test('a full disk gives a clear error, keeps serving reads of health, and loses nothing audited', {
  skip: STORE === 'postgresql' && 'the full disk is simulated with ulimit -f on the SQLite file',
}, async () => {
  const db = env.createDb('full');
  utbyte(['audit', 'verify', '--db', db]);
  // File-size limit (ulimit -f, KiB blocks) just above the database: the audit log soon cannot
  // grow, as on a full disk, while the register stays readable.
  const limitKiB = Math.ceil(fs.statSync(db).size / 1024) + 48;
  const child = spawn('bash', ['-c', `ulimit -f ${limitKiB}; exec "$0" "$@"`, BIN, 'serve', '--listen', '127.0.0.1:0',
    '--db', db, '--certs', path.join(env.dir, 'certs'), '--mode', 'test', '--sla', 'off', '--no-access-log'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  env.servers.full = { name: 'full', child, port };
  let answered = 0;
  let refusal;
  for (let i = 0; i < 3000 && !refusal; i++) {
    const res = await postQuery('full', query('198503129986'));
    if (res.status === 200) answered += 1;
    else refusal = res;
  }
  assert.ok(refusal, 'the size limit was never reached');
  assert.ok(answered > 0);
  assert.equal(refusal.status, 503, refusal.body);
  assert.equal(refusal.json.felkod, 'LAGRINGEN_FULL');
  // Still alive and still refusing cleanly rather than disclosing without audit.
  const again = await postQuery('full', query('198503129986'));
  assert.equal(again.status, 503);
  assert.match(again.json.felmeddelande, /lagring är full/);
  assert.doesNotMatch(again.json.felmeddelande, /full\.db|SQLite/, 'server details leaked to the caller');
  const refusals = 2;
  const health = await env.request({ server: 'full', path: '/health' });
  assert.ok([200, 503].includes(health.status));
  assert.equal(child.exitCode, null, 'server died');

  await env.stopServer('full');
  // Every answer given was audited, the chain verifies.
  const verify = utbyte(['audit', 'verify', '--db', db]);
  assert.match(verify, /kedjan är obruten/);
  const rows = Number(sql(db, "SELECT count(*) FROM audit_logg WHERE aktors_id = 'FAULT-1';"));
  // Never a disclosure without its audit entry. The reverse can happen: SQLite reports a failed
  // automatic checkpoint as the COMMIT's error although the commit itself is durable, so a refused
  // request may still have its entry (docs/security.md).
  assert.ok(rows >= answered && rows <= answered + refusals, `audit rows ${rows}, answered ${answered}, refused ${refusals}`);
});
