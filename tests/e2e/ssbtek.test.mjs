// SSBTEK end to end: the real `utbyte serve` fanning out over real mutual TLS to the six
// SIMULATED base services (`utbyte ssbtek simulatorer`, separate processes, as an operator would
// run real ones) plus LEFI in-process; SOAP (/ws) and SHS2 (/shs2); every answer validated
// against contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd with xmllint.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { BIN, ROOT, startEnvironment, shiftDate, sql, utbyte, queryPath } from './lib/harness.mjs';
import { SOAP_NS as SOAP, SSBTEK_NS as NS, SSBTEK_WS as WS, envelope, ssbtekRequest, startSimulators } from './lib/ssbtek.mjs';

const SHS2 = '/shs2/FK.SSBTEK.EkonomisktBistand';
const XSD = path.join(ROOT, 'contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd');
const ALLA = '199405309999';      // data in every simulator
const MEDSOKANDE = '198209239980';
const INGEN = '198706119982';     // no data anywhere
const KALLOR = ['AKASSA', 'ARBETSFORMEDLINGEN', 'CSN', 'FK_PM', 'MIGRATIONSVERKET', 'SKATTEVERKET', 'TRANSPORTSTYRELSEN'];

const request = ssbtekRequest;

/** The SOAP body's element, its XML text and a small reader of its blocks. */
function readAnswer(text) {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const body = doc.getElementsByTagNameNS(SOAP, 'Body')[0];
  let payload = body.firstChild;
  while (payload && payload.nodeType !== 1) payload = payload.nextSibling;
  const blocks = {};
  for (const person of Array.from(payload.getElementsByTagNameNS(NS, 'person'))) {
    blocks[person.getAttribute('roll')] = Object.fromEntries(Array.from(person.getElementsByTagNameNS(NS, 'block'))
      .map((b) => [b.getAttribute('kalla'), { status: b.getAttribute('status'), simulator: b.getAttribute('simulator'), node: b }]));
  }
  const text1 = (name) => payload.getElementsByTagNameNS(NS, name)[0]?.textContent;
  return { doc, payload, xml: new XMLSerializer().serializeToString(payload), blocks, text: text1 };
}

function assertValid(xml, dir, name) {
  const file = path.join(dir, `${name}.xml`);
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    assert.fail(`${name} does not validate against the XSD:\n${err.stderr}`);
  }
}

/** POST JSON straight to a simulator (what the adapter sends). */
function askSimulator(env, url, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(`${url}/uppgifter`);
    const payload = JSON.stringify(body);
    const req = https.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false,
      ca: env.tls.ca, ...env.tls.client, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('SSBTEK', () => {
  let env;
  const sims = {};
  const from = shiftDate(new Date().toISOString().slice(0, 10), { years: -1 });
  const tom = new Date().toISOString().slice(0, 10);

  before(async () => {
    env = await startEnvironment({ persons: 50 });
    sims.fast = await startSimulators('fast', [], env.dir);
    // CSN answers after 3 s (its timeout is 500 ms), Skatteverket always fails (503).
    sims.slow = await startSimulators('slow', ['--kalla-latens', 'csn=3000', '--kalla-felfrekvens', 'skatteverket=1',
      '--timeout-ms', '500', '--total-tidsgrans-ms', '1500'], env.dir);
    const actors = path.join(env.dir, 'actors-ssbtek.json');
    fs.writeFileSync(actors, JSON.stringify({ aktorer: [
      { aktorsId: 'SOCIALTJANSTEN-1', organisationsnummer: env.clientOrgNr, namn: 'E2E-kommunen, ekonomiskt bistånd',
        informationstyper: ['UTBETALNING', 'AKTIVITETSSTOD', 'BOSTADSBIDRAG', 'SJUKPENNING'], rattsligGrund: '4 kap. SoL (2001:453)',
        tjanster: ['LEFI', 'SSBTEK'] },
      { aktorsId: 'FORSAKRINGSBOLAG-1', organisationsnummer: env.secondOrgNr, namn: 'Försäkringsbolaget',
        informationstyper: ['SJUKPENNING'], rattsligGrund: '110 kap. 31 § SFB', tjanster: ['LEFI'] },
    ] }, null, 2));
    await Promise.all([
      env.startServer('ssb', ['--sla', 'off', '--ssbtek-config', sims.fast.config]),
      env.startServer('ssbslow', ['--sla', 'off', '--ssbtek-config', sims.slow.config]),
      env.startServer('ssbprod', ['--mode', 'production', '--actors', actors, '--sla', 'off', '--ssbtek-config', sims.fast.config]),
    ]);
  });

  after(async () => {
    for (const s of Object.values(sims)) s.child.kill('SIGTERM');
    await env?.cleanup();
  });

  const post = (server, body, { cert = 'client', p = WS } = {}) => env.request({ server, path: p, method: 'POST', cert,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body });

  test('a full answer from every source for a catalogue person, valid against the XSD', async () => {
    const res = await post('ssb', envelope(request({ sokande: ALLA, from, tom })));
    assert.equal(res.status, 200, res.body);
    const answer = readAnswer(res.body);
    assertValid(answer.xml, env.dir, 'full');
    assert.equal(answer.text('komplett'), 'true');
    assert.equal(answer.text('syntetiskaUppgifter'), 'true');
    assert.deepEqual(Object.keys(answer.blocks.SOKANDE), KALLOR);
    for (const k of KALLOR) {
      assert.equal(answer.blocks.SOKANDE[k].status, 'BESVARAD', k);
      assert.equal(answer.blocks.SOKANDE[k].simulator, k === 'FK_PM' ? 'false' : 'true', k);
    }
    const car = answer.blocks.SOKANDE.TRANSPORTSTYRELSEN.node.getElementsByTagNameNS(NS, 'registreringsnummer')[0];
    assert.equal(car.textContent, 'MLB27K');
  });

  // Seed 003 publishes SSBTEK at the bare …/ws: the shared door picks it by the body's element.
  test('FK\'s bare /ws and /shs2 reach SSBTEK by the body\'s element, as the product address does', async () => {
    for (const door of ['/ws', '/shs2']) {
      const res = await post('ssb', envelope(request({ sokande: ALLA, from, tom })), { p: door });
      assert.equal(res.status, 200, `${door}: ${res.body}`);
      assert.equal(readAnswer(res.body).text('komplett'), 'true');
    }
    const refused = await post('ssbprod', envelope(request({ sokande: ALLA, from, tom })), { p: '/ws', cert: 'second-org' });
    assert.equal(refused.status, 403, refused.body);
    assert.match(refused.body, /TJANST_EJ_I_AVTALET/);
  });

  test('each block equals what its source serves: simulators directly, FK/PM as LEFI v9 does', async () => {
    const out = JSON.parse(utbyte(['ssbtek', 'fraga', '--url', `https://127.0.0.1:${env.servers.ssb.port}`,
      '--certs', path.join(env.dir, 'certs'), '--personnummer', ALLA, '--from', from, '--tom', tom]));
    assert.equal(out.komplett, true);
    const blocks = Object.fromEntries(out.personer[0].block.map((b) => [b.kalla, b]));
    for (const k of KALLOR.filter((x) => x !== 'FK_PM')) {
      const direct = await askSimulator(env, sims.fast.urls[k].url, { personnummer: ALLA, fromDatum: from, tomDatum: tom });
      assert.equal(direct.status, 200);
      assert.equal(direct.json.simulator, true);
      assert.deepEqual(blocks[k].uppgifter, direct.json.uppgifter, k);
    }
    assert.ok(blocks.AKASSA.uppgifter.utbetalningar.length >= 8);
    // FK/PM: the payments LEFI v9 gives for every type (UTBETALNING alone) over the same period.
    const v9 = await env.request({ server: 'ssb', path: queryPath('E2E-SSBTEK'), method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: { personnummer: ALLA, informationstyper: ['UTBETALNING'], fromDatum: from, tomDatum: tom } });
    assert.equal(v9.status, 200, v9.body);
    assert.ok(v9.json.utbetalningar.length > 0);
    assert.deepEqual(blocks.FK_PM.uppgifter.utbetalningar, v9.json.utbetalningar);
    assert.deepEqual(blocks.FK_PM.uppgifter.formaner.map((f) => f.informationstyp).sort(), ['AKTIVITETSSTOD', 'BOSTADSBIDRAG']);
  });

  test('a person without data: every block INGA_UPPGIFTER, still complete', async () => {
    const res = await post('ssb', envelope(request({ sokande: INGEN, from, tom })));
    assert.equal(res.status, 200, res.body);
    const answer = readAnswer(res.body);
    assertValid(answer.xml, env.dir, 'none');
    assert.equal(answer.text('komplett'), 'true');
    for (const k of KALLOR) assert.equal(answer.blocks.SOKANDE[k].status, 'INGA_UPPGIFTER', k);
  });

  test('a slow source times out, a failing one is unavailable, the answer arrives within the deadline', async () => {
    const started = Date.now();
    const res = await post('ssbslow', envelope(request({ sokande: ALLA, medsokande: MEDSOKANDE, from, tom })));
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200, res.body);
    const answer = readAnswer(res.body);
    assertValid(answer.xml, env.dir, 'partial');
    assert.equal(answer.text('komplett'), 'false');
    for (const roll of ['SOKANDE', 'MEDSOKANDE']) {
      assert.equal(answer.blocks[roll].CSN.status, 'TIDSGRANS_OVERSKRIDEN', roll);
      assert.equal(answer.blocks[roll].SKATTEVERKET.status, 'KALLA_EJ_TILLGANGLIG', roll);
    }
    assert.equal(answer.blocks.SOKANDE.AKASSA.status, 'BESVARAD');
    assert.equal(answer.blocks.MEDSOKANDE.ARBETSFORMEDLINGEN.status, 'BESVARAD');
    assert.equal(answer.blocks.MEDSOKANDE.AKASSA.status, 'INGA_UPPGIFTER');
    // Overall deadline 1.5 s (plus connection set-up), far below CSN's 3 s.
    assert.ok(elapsed < 2500, `answer took ${elapsed} ms`);
    assert.ok(elapsed >= 500, `answer took only ${elapsed} ms: CSN cannot have been waited for`);
  });

  test('a caller whose agreement lacks SSBTEK (4 kap. SoL) gets 403 with a fault; one with it is served', async () => {
    const body = envelope(request({ sokande: ALLA, from, tom }));
    const refused = await post('ssbprod', body, { cert: 'second-org' });
    assert.equal(refused.status, 403, refused.body);
    assert.equal(refused.headers['x-felkod'], 'TJANST_EJ_I_AVTALET');
    assert.match(refused.body, /<soapenv:Fault>|<soap:Fault>/);
    assert.match(refused.body, /TJANST_EJ_I_AVTALET/);
    const served = await post('ssbprod', body);
    assert.equal(served.status, 200, served.body);
    const answer = readAnswer(served.body);
    assertValid(answer.xml, env.dir, 'prod');
    // The agreement's types bound the FK/PM block: no payments of types it does not cover.
    for (const t of Array.from(answer.blocks.SOKANDE.FK_PM.node.getElementsByTagNameNS(NS, 'informationstyp'))) {
      assert.ok(['AKTIVITETSSTOD', 'BOSTADSBIDRAG', 'SJUKPENNING'].includes(t.textContent), t.textContent);
    }
  });

  test('SHS2: the same service with an SHS label, through the CLI', () => {
    const table = utbyte(['ssbtek', 'fraga', '--via', 'shs2', '--url', `https://127.0.0.1:${env.servers.ssb.port}`,
      '--certs', path.join(env.dir, 'certs'), '--personnummer', ALLA, '--medsokande', MEDSOKANDE,
      '--kallor', 'AKASSA,FK_PM', '--from', from, '--tom', tom, '--format', 'tabell']);
    assert.match(table, /KOMPLETT/);
    assert.match(table, /SOKANDE 199405309999/);
    assert.match(table, /MEDSOKANDE 198209239980/);
    assert.match(table, /AKASSA\s+BESVARAD/);
    assert.doesNotMatch(table, /CSN/);
  });

  test('the WSDL and the schemas it imports are served from the endpoint', async () => {
    const wsdl = await env.request({ server: 'ssb', path: `${WS}?wsdl` });
    assert.equal(wsdl.status, 200);
    const port = env.servers.ssb.port;
    assert.match(wsdl.body, new RegExp(`location="https://127\\.0\\.0\\.1:${port}${WS}"`));
    assert.match(wsdl.body, new RegExp(`schemaLocation="https://127\\.0\\.0\\.1:${port}${WS}\\?xsd=ssbtek_ekonomiskt_bistand_v1\\.xsd"`));
    const xsd = await env.request({ server: 'ssb', path: `${WS}?xsd=ssbtek_ekonomiskt_bistand_v1.xsd` });
    assert.equal(xsd.status, 200);
    assert.equal(xsd.body, fs.readFileSync(XSD, 'utf8'));
    const missing = await env.request({ server: 'ssb', path: `${WS}?xsd=../../etc/passwd` });
    assert.equal(missing.status, 404);
  });

  test('bad requests get faults with stable codes', async () => {
    const badPnr = await post('ssb', envelope(request({ sokande: '199405309998', from, tom })));
    assert.equal(badPnr.status, 500);
    assert.equal(badPnr.headers['x-felkod'], 'OGILTIGT_PERSONNUMMER');
    const badRange = await post('ssb', envelope(request({ sokande: ALLA, from: tom, tom: from })));
    assert.equal(badRange.headers['x-felkod'], 'OGILTIGT_DATUMINTERVALL');
    const schema = await post('ssb', envelope(request({ sokande: ALLA, from, tom, kallor: ['KRONOFOGDEN'] })));
    assert.equal(schema.status, 500);
    assert.match(schema.body, /KRONOFOGDEN/);
    const json = await env.request({ server: 'ssb', path: WS, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(json.headers['x-felkod'], 'FEL_CONTENT_TYPE');
  });

  test('every block is audited per source and the chain holds', async () => {
    await env.stop();
    const rows = sql(env.db.ssb, "SELECT tjanst, utfall FROM audit_logg WHERE tjanst LIKE 'SSBTEK.%';")
      .trim().split('\n');
    for (const k of KALLOR) assert.ok(rows.includes(`SSBTEK.${k}|UTLAMNAT`), `${k}: ${rows.slice(0, 5)}`);
    assert.ok(rows.includes('SSBTEK.CSN|INGA_UPPGIFTER'));
    const slow = sql(env.db.ssbslow, "SELECT utfall FROM audit_logg WHERE tjanst = 'SSBTEK.CSN';");
    assert.match(slow, /TIDSGRANS_OVERSKRIDEN/);
    assert.match(utbyte(['audit', 'verify', '--db', env.db.ssb]), /kedjan är obruten/);
  });
});
