// A `utbyte serve` that can be killed and restarted on the same port and database, for the tests
// that kill the server in the middle of writes (kill -9) and check what survived. The harness's
// servers take an ephemeral port each start; these keep theirs so a running client reaches the
// restarted server.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

import { BIN } from './harness.mjs';

/** A TCP port that was free a moment ago. */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

/**
 * N distinct free ports. The listeners are held open together until all are known: ports taken
 * one after another may repeat, since the kernel may hand a just-closed port out again.
 */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i += 1) {
      const s = net.createServer();
      servers.push(s);
      await new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  }
}

/**
 * Spawns `utbyte serve --listen 127.0.0.1:PORT ...args` and resolves {child, out, exit} once it
 * listens; its output goes to LOGDIR/NAME.log.
 */
export function startOnPort({ name, port, args, logDir }) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
    const s = { child, out: '' };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: no "listening on" line within 30 s\n${s.out}`));
    }, 30_000);
    const onData = (chunk) => {
      s.out += chunk;
      log.write(chunk);
      if (!s.ready && /listening on https:\/\/127\.0\.0\.1:\d+/.test(s.out)) {
        s.ready = true;
        clearTimeout(timer);
        resolve(s);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      s.exit = { code, signal };
      clearTimeout(timer);
      if (!s.ready) reject(new Error(`${name} exited (${code ?? signal}) before listening\n${s.out}`));
    });
  });
}

/** Sends `signal` and resolves when the process has exited. */
export function killServer(s, signal) {
  return new Promise((resolve) => {
    if (!s || s.exit) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

/**
 * One mutual-TLS request without keep-alive. Resolves {status, body, json} for any HTTP answer and
 * null when the connection fails or breaks (the server was killed) — the caller then knows the
 * request was not acknowledged.
 */
export function requestOnPort({ port, tls, path: p, method = 'GET', headers = {}, body, timeout = 10_000 }) {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path: p, method, agent: false, ca: tls.ca, ...tls.client,
      timeout, headers: payload === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(payload) } },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', () => resolve(null));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, body: text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Runs `utbyte ARGS` without blocking the event loop (a client running while the test kills
 * servers). A promise of {code, signal, stdout, stderr}, rejected after `timeout` ms; the promise
 * also carries `child` and `stdout()`/`stderr()` for output so far.
 */
export function runUtbyte(args, { timeout = 300_000 } = {}) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const p = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`utbyte ${args.join(' ')}: no exit within ${timeout} ms\n${stderr}`));
    }, timeout);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  p.child = child;
  p.stdout = () => stdout;
  p.stderr = () => stderr;
  return p;
}
