// End-to-end harness: a throw-away world of certificates, registers and running `utbyte serve`
// instances, and an HTTPS client that speaks to them over real mutual TLS.
//
//   const env = await startEnvironment();
//   const res = await env.request({ server: 'test', path: '/health' });
//   await env.stop();      // servers only (databases stay for `audit verify`)
//   await env.cleanup();   // servers + temp dir
//
// Env: UTBYTE_BIN (the utbyte binary, required), UTBYTE_E2E_KEEP=1 keeps the temp dir,
// UTBYTE_TEST_STORE=sqlite|postgresql (default sqlite) chooses the store every server and CLI call
// uses. env.db[name] is a `--db` value either way (a file, or a postgresql:// URL); read a database
// with sql(env.db[name], query) and copy one with env.createDb(name), never with sqlite3 directly.
// For postgresql every environment starts its own throw-away server (scripts/postgres-temp.sh, a
// Unix socket in its own temp dir, no TCP port) with one database per utbyte server.

import { spawn, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.UTBYTE_BIN;
/** The store the suites run against: 'sqlite' (default) or 'postgresql'. */
export const STORE = process.env.UTBYTE_TEST_STORE || 'sqlite';
if (!['sqlite', 'postgresql'].includes(STORE)) {
  throw new Error(`UTBYTE_TEST_STORE=${STORE}: expected sqlite or postgresql`);
}
export const ROOT = process.env.UTBYTE_ROOT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

export const LEFI_PATH_PREFIX =
  '/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer';

/** The LEFI v9 query path for `aktorsId` (not escaped: callers test odd ids on purpose). */
export function queryPath(aktorsId) {
  return `${LEFI_PATH_PREFIX}/${aktorsId}/formansinformation/fraga`;
}

/** Runs the utbyte binary synchronously; returns stdout. Throws with stderr on a non-zero exit. */
export function utbyte(args, { allowFailure = false } = {}) {
  if (!BIN) throw new Error('UTBYTE_BIN is not set (run through ctest, or export it)');
  try {
    return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (err) {
    if (allowFailure) return err;
    throw new Error(`utbyte ${args.join(' ')} failed (exit ${err.status}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** Local date YYYY-MM-DD of `d`. */
export function isoDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** `iso` (YYYY-MM-DD) shifted by whole months (clamped to the month's last day) and days. */
export function shiftDate(iso, { months = 0, days = 0, years = 0 } = {}) {
  const [y, m, d] = iso.split('-').map(Number);
  const totalMonths = y * 12 + (m - 1) + months + years * 12;
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const base = new Date(Date.UTC(ny, nm, Math.min(d, last)));
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}

/** Check digit (Luhn, weights 2,1,...) over a string of digits. */
export function luhnCheckDigit(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 12-digit personnummer for birth date YYYYMMDD and 3-digit födelsenummer, with a valid check digit. */
export function personnummer(yyyymmdd, serial) {
  const nine = yyyymmdd.slice(2) + serial;
  return `${yyyymmdd}${serial}${luhnCheckDigit(nine)}`;
}

/** The organisation number a client certificate carries (serialNumber or organizationIdentifier NTRSE-). */
export function orgNumberOfCert(pemFile) {
  const cert = new X509Certificate(fs.readFileSync(pemFile));
  const subject = cert.subject;
  const ntr = /NTRSE-(\d{10})/.exec(subject);
  if (ntr) return ntr[1];
  const serial = /serialNumber=(\d{10})/.exec(subject);
  if (serial) return serial[1];
  // Fall back to openssl's view of the subject (older node versions name unknown OIDs oddly).
  const text = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', pemFile], {
    encoding: 'utf8',
  });
  const m = /NTRSE-(\d{10})/.exec(text) ?? /serialNumber=(\d{10})/.exec(text);
  if (!m) throw new Error(`no organisation number in the subject of ${pemFile}: ${subject} / ${text}`);
  return m[1];
}

/** True for a `--db` value that names a PostgreSQL database. */
export function isPostgresUrl(spec) {
  return /^postgres(ql)?:\/\//.test(spec);
}

/**
 * Runs one SQL statement against a `--db` value (a SQLite file or a postgresql:// URL) and returns
 * its rows as text, one row a line, columns separated by '|' (the sqlite3 CLI's default, and psql's
 * with -A -F '|'), trimmed. Write queries both stores understand.
 */
export function sql(spec, query) {
  const [cmd, args] = isPostgresUrl(spec)
    ? ['psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', spec, '-c', query]]
    : ['sqlite3', [spec, query]];
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Number of rows in the audit table(s) of a database (a `--db` value). */
export function auditRowCount(spec) {
  const tables = sql(spec, isPostgresUrl(spec)
    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE '%audit%';"
    : "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%audit%';")
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  let total = 0;
  for (const t of tables) total += Number(sql(spec, `SELECT count(*) FROM "${t}";`));
  return { tables, rows: total };
}

// --- PostgreSQL: one throw-away server per environment ------------------------------------------

const POSTGRES_TEMP = () => path.join(ROOT, 'scripts', 'postgres-temp.sh');
const runningPostgres = new Set(); // data dirs still to stop when the process exits

process.once('exit', () => {
  for (const dir of runningPostgres) {
    try {
      execFileSync(POSTGRES_TEMP(), ['stop', dir], { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // Best effort: the process is ending anyway.
    }
  }
});

/**
 * Starts a PostgreSQL server in a temp dir of its own (outside env.dir: when run as root the
 * server runs as "nobody", which must reach its directory). Returns {dir, url(db), createdb(db,
 * template)} where url(db) is the `--db` URL of database `db`.
 */
function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'utbyte-pg-'));
  fs.chmodSync(dir, 0o755);
  const base = execFileSync(POSTGRES_TEMP(), ['start', dir], { encoding: 'utf8', timeout: 120_000 }).trim();
  runningPostgres.add(dir);
  const url = (db) => base.replace(/\/utbyte\?/, `/${db}?`);
  return {
    dir,
    url,
    /** CREATE DATABASE db [TEMPLATE template]; the template must have no open connection. */
    createdb(db, template) {
      sql(url('postgres'), `CREATE DATABASE "${db}"${template ? ` TEMPLATE "${template}"` : ''};`);
      return url(db);
    },
    stop() {
      if (!runningPostgres.delete(dir)) return;
      execFileSync(POSTGRES_TEMP(), ['stop', dir], { stdio: 'ignore', timeout: 60_000 });
    },
  };
}

/** A PostgreSQL database name for a server name (lower case, [a-z0-9_]). */
function pgName(name) {
  return `utbyte_${String(name).toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** Starts `utbyte serve` and resolves once it prints its listening line. */
function startServer(name, args, logDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(logDir, `${name}.log`));
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${name}: no "listening on" line within 30 s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      log.write(chunk);
      const m = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ name, child, port: Number(m[1]), stdout: () => stdout, stderr: () => stderr });
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      log.write(chunk);
    });
    child.on('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(new Error(`${name}: exited (${code ?? signal}) before listening\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }
    });
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal });
    });
    child.kill('SIGTERM');
  });
}

/** The types the production actor may see; everything else is refused for it. */
export const PERMITTED_TYPES = ['SJUKPENNING', 'FORALDRAPENNING', 'BOSTADSBIDRAG', 'BARNBIDRAG', 'UTBETALNING', 'PERSONUPPGIFTER'];
export const PRODUCTION_AKTORS_ID = 'KOMMUN-1';

/**
 * Builds the whole environment:
 *  - certs/            `utbyte certs init` (ca.pem, server.*, client.*), plus second.pem/.key, a client
 *                      certificate for another organisation from the same CA (not in the actors file)
 *  - other-ca/         an independent CA whose client certificate the servers must not trust
 *  - test.db, prod.db  registers generated with the same seed, as of today
 *  - servers: `test` (--mode test, --max-body 4096) and `prod` (--mode production, actors.json)
 *
 * `extraServers` (optional): more test-mode servers, {name: [extra `utbyte serve` args]}, each on
 * its own copy of test.db (env.db[name]), e.g. {late: ['--fake-time', '2027-03-10T10:00:00+01:00']}.
 */
export async function startEnvironment({ persons = 300, seed = 20170101, maxBody = 4096, extraServers = {} } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'utbyte-e2e-'));
  const env = { dir, servers: {}, today: isoDate(new Date()) };
  try {
    const certs = path.join(dir, 'certs');
    const otherCa = path.join(dir, 'other-ca');
    env.certsInitOutput = utbyte(['certs', 'init', '--dir', certs]);
    utbyte(['certs', 'init', '--dir', otherCa]);

    env.clientOrgNr = orgNumberOfCert(path.join(certs, 'client.pem'));
    // Another organisation: a Luhn-valid number different from the client's.
    let second = `556677889${luhnCheckDigit('556677889')}`;
    if (second === env.clientOrgNr) second = `556677880${luhnCheckDigit('556677880')}`;
    env.secondOrgNr = second;
    utbyte(['certs', 'client', '--ca-dir', certs, '--out', path.join(certs, 'second'), '--org-nr', second,
      '--org-name', 'Andra Organisationen AB']);

    const read = (f) => fs.readFileSync(f);
    env.tls = {
      ca: read(path.join(certs, 'ca.pem')),
      client: { cert: read(path.join(certs, 'client.pem')), key: read(path.join(certs, 'client.key')) },
      'second-org': { cert: read(path.join(certs, 'second.pem')), key: read(path.join(certs, 'second.key')) },
      'other-ca': { cert: read(path.join(otherCa, 'client.pem')), key: read(path.join(otherCa, 'client.key')) },
      none: {},
    };

    env.store = STORE;
    env.generateArgs = ['--persons', String(persons), '--seed', String(seed), '--as-of', env.today];
    if (STORE === 'postgresql') {
      // One generated register kept untouched as the template of every server's database
      // (CREATE DATABASE ... TEMPLATE needs a source nobody is connected to).
      env.postgres = startPostgres();
      env.template = pgName('register_mall');
      utbyte(['register', 'generate', '--db', env.postgres.createdb(env.template), ...env.generateArgs]);
      env.db = { test: env.postgres.createdb(pgName('test'), env.template), prod: env.postgres.createdb(pgName('prod'), env.template) };
    } else {
      env.db = { test: path.join(dir, 'test.db'), prod: path.join(dir, 'prod.db') };
      for (const db of Object.values(env.db)) utbyte(['register', 'generate', '--db', db, ...env.generateArgs]);
    }
    env.persons = persons;
    env.catalogue = JSON.parse(utbyte(['register', 'catalogue', '--db', env.db.test]));

    env.actorsFile = path.join(dir, 'actors.json');
    fs.writeFileSync(env.actorsFile, JSON.stringify({
      aktorer: [{
        aktorsId: PRODUCTION_AKTORS_ID,
        organisationsnummer: env.clientOrgNr,
        namn: 'E2E-kommunen, socialnämnden',
        informationstyper: PERMITTED_TYPES,
        rattsligGrund: 'Avtal för e2e-test (socialnämndens handläggning)',
      }],
    }, null, 2));

    for (const name of Object.keys(extraServers)) {
      if (env.postgres) {
        env.db[name] = env.postgres.createdb(pgName(name), env.template);
      } else {
        env.db[name] = path.join(dir, `${name}.db`);
        fs.copyFileSync(env.db.test, env.db[name]);
      }
    }
    const starts = {
      test: startServer('test', ['--listen', '127.0.0.1:0', '--db', env.db.test, '--certs', certs, '--mode', 'test',
        '--max-body', String(maxBody), '--sla', 'off'], dir),
      prod: startServer('prod', ['--listen', '127.0.0.1:0', '--db', env.db.prod, '--certs', certs, '--mode', 'production',
        '--actors', env.actorsFile, '--sla', 'off'], dir),
    };
    for (const [name, args] of Object.entries(extraServers)) {
      starts[name] = startServer(name, ['--listen', '127.0.0.1:0', '--db', env.db[name], '--certs', certs,
        '--mode', 'test', '--max-body', String(maxBody), '--sla', 'off', ...args], dir);
    }
    // Wait for all, so that a failing start does not leave the others running unseen.
    const started = await Promise.allSettled(Object.values(starts));
    Object.keys(starts).forEach((name, i) => {
      if (started[i].status === 'fulfilled') env.servers[name] = started[i].value;
    });
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await cleanupEnv(env);
    throw err;
  }

  /**
   * One HTTPS request. Resolves {status, headers, body, json, socket} for any HTTP answer; rejects
   * on a connection/TLS error (e.g. a refused client certificate), with err.response undefined.
   *   server: 'test' | 'prod'; cert: 'client' | 'second-org' | 'other-ca' | 'none'
   *   body: string | Buffer | object (JSON-encoded); agent: an https.Agent to reuse (keep-alive)
   *   holdOpen: do not end the request body (with a Content-Length header of your own)
   */
  env.request = ({ server = 'test', path: p, method = 'GET', headers = {}, body, cert = 'client', agent, holdOpen = false } = {}) =>
    new Promise((resolve, reject) => {
      const s = env.servers[server];
      if (!s) return reject(new Error(`unknown server ${server}`));
      let payload;
      if (body !== undefined) payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const h = { ...headers };
      if (payload !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) {
        h['Content-Length'] = Buffer.byteLength(payload);
      }
      const options = {
        host: '127.0.0.1',
        port: s.port,
        path: p,
        method,
        headers: h,
        ...(agent ? { agent } : { agent: false, ca: env.tls.ca, ...env.tls[cert] }),
        timeout: 30_000,
      };
      const req = https.request(options, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          if (/^application\/json/i.test(res.headers['content-type'] ?? '')) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          const localPort = res.socket?.localPort;
          if (holdOpen) req.destroy();
          resolve({ status: res.statusCode, headers: res.headers, body: text, json, localPort });
        });
      });
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      // holdOpen: send the headers (and any body given) but never finish the body, to show that
      // the server answers from the headers alone (e.g. 413 from Content-Length).
      if (holdOpen) req.flushHeaders();
      else req.end();
    });

  /** An https.Agent with keep-alive and a single socket, for `request({agent})`. */
  env.keepAliveAgent = (cert = 'client') =>
    new https.Agent({ keepAlive: true, maxSockets: 1, ca: env.tls.ca, ...env.tls[cert] });

  /**
   * Starts one more `utbyte serve` while the environment runs, with exactly `args` after
   * --listen/--db/--certs (so the server's own defaults apply, e.g. SLA on; pass '--mode' yourself
   * to leave test mode). It gets env.createDb(name) (env.db[name]) unless `db` names a database.
   * Resolves the server, with `spawnedAt` (Date.now() just before the spawn, for --fake-time
   * arithmetic); env.request({server: name}) reaches it and env.stop()/cleanup() stop it.
   */
  env.startServer = async (name, args = [], { db } = {}) => {
    if (env.servers[name]) throw new Error(`server ${name} already exists`);
    if (db === undefined) db = env.createDb(name);
    env.db[name] = db;
    const spawnedAt = Date.now();
    const server = await startServer(name, ['--listen', '127.0.0.1:0', '--db', db, '--certs', path.join(env.dir, 'certs'),
      ...(args.includes('--mode') ? [] : ['--mode', 'test']), ...args], env.dir);
    server.spawnedAt = spawnedAt;
    env.servers[name] = server;
    return server;
  };

  /**
   * A new database for one more server, returned as its `--db` value: SQLite: an online backup of
   * test.db (the `test` server may be writing its audit log right now) in env.dir/NAME.db;
   * PostgreSQL: database NAME created from the untouched generated register.
   */
  env.createDb = (name) => {
    if (env.postgres) return env.postgres.createdb(pgName(name), env.template);
    const db = path.join(env.dir, `${name}.db`);
    execFileSync('sqlite3', [env.db.test, `.backup '${db}'`]);
    return db;
  };

  /** A freshly generated register (no audit records, nothing from the running servers). */
  env.freshDb = (name) => {
    if (env.postgres) return env.postgres.createdb(pgName(name), env.template);
    const db = path.join(env.dir, `${name}.db`);
    utbyte(['register', 'generate', '--db', db, ...env.generateArgs]);
    return db;
  };

  /** Stops the server `name` (SIGTERM; SIGKILL after 10 s) and forgets it; resolves {code, signal}. */
  env.stopServer = async (name) => {
    const result = await stopServer(env.servers[name]);
    delete env.servers[name];
    return result;
  };

  env.stop = async () => {
    const results = {};
    for (const [name, s] of Object.entries(env.servers)) results[name] = await stopServer(s);
    return results;
  };
  env.cleanup = () => cleanupEnv(env);
  return env;
}

async function cleanupEnv(env) {
  for (const s of Object.values(env.servers ?? {})) await stopServer(s);
  env.postgres?.stop();
  if (process.env.UTBYTE_E2E_KEEP === '1') {
    process.stderr.write(`e2e: kept ${env.dir}\n`);
    if (env.postgres) process.stderr.write(`e2e: kept ${env.postgres.dir} (PostgreSQL, stopped)\n`);
    return;
  }
  fs.rmSync(env.dir, { recursive: true, force: true });
  if (env.postgres) fs.rmSync(env.postgres.dir, { recursive: true, force: true });
}
