// LEFI Online's SOAP generations (HamtaFormansinformation v5–7) at FK's addresses, end to end:
// the npm soap client through the WSDL at /ws/FK.EXA.Lefi.Fraga, and plain curl at the bare /ws
// and /shs2 (with and without an SHS label). v7 answers carry the same decisions and payments as
// v9 for catalogue persons; v5 and v6 are past their end of life (410); a door refuses what
// names no operation; an agreement without LEFI is refused at the door as at the product's
// address, and nothing is audited.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/lefi_soap.test.mjs   (or: ctest -R e2e_lefi_soap)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import soap from 'soap';

import { ROOT, auditRowCount, queryPath, shiftDate, sql, startEnvironment } from './lib/harness.mjs';

const PRODUCT_WS = '/ws/FK.EXA.Lefi.Fraga';
const PRODUCT_SHS2 = '/shs2/FK.EXA.Lefi.Fraga';
const NS = (major) => `urn:utbyte:lefi:hamtaformansinformation:${major}`;
const ACTION = (major) => `${NS(major)}#HamtaFormansinformation`;
const XSD = path.join(ROOT, 'contracts', 'xsd');
let env;
let range;

before(async () => {
  env = await startEnvironment();
  // A production server whose only agreement covers SSBTEK, not LEFI.
  const actors = path.join(env.dir, 'actors-ssbtek.json');
  fs.writeFileSync(actors, JSON.stringify({ aktorer: [{
    aktorsId: 'KOMMUN-SSBTEK', organisationsnummer: env.clientOrgNr, namn: 'Socialtjänsten',
    informationstyper: ['SJUKPENNING', 'UTBETALNING'], rattsligGrund: '4 kap. SoL', tjanster: ['SSBTEK'],
  }] }));
  await env.startServer('utanLefi', ['--mode', 'production', '--actors', actors, '--sla', 'off']);
  range = { fromDatum: shiftDate(env.today, { years: -2 }), tomDatum: env.today };
});

after(async () => {
  await env?.cleanup();
});

function question(major, personnummer, types) {
  return `<lf:HamtaFormansinformation xmlns:lf="${NS(major)}"><lf:personnummer>${personnummer}</lf:personnummer>` +
    types.map((t) => `<lf:informationstyp>${t}</lf:informationstyp>`).join('') +
    `<lf:fromDatum>${range.fromDatum}</lf:fromDatum><lf:tomDatum>${range.tomDatum}</lf:tomDatum></lf:HamtaFormansinformation>`;
}

function envelope(payload, header = '') {
  return '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    (header ? `<soapenv:Header>${header}</soapenv:Header>` : '') + `<soapenv:Body>${payload}</soapenv:Body></soapenv:Envelope>`;
}

function shsLabel(product = 'FK.EXA.Lefi.Fraga') {
  return `<shs:shs.label xmlns:shs="urn:shs:label:1.2" version="1.2" tx.id="${crypto.randomUUID()}" corr.id="k-1" ` +
    `transfer-type="synch" sequence-type="request" status="test"><shs:from>${env.clientOrgNr}</shs:from>` +
    `<shs:to>2021005521</shs:to><shs:product>${product}</shs:product>` +
    `<shs:datetime>${new Date().toISOString()}</shs:datetime><shs:content content-id="c-1"><shs:data datapart-type="xml"/></shs:content></shs:shs.label>`;
}

/** A POST with curl, as an integrator would try it: {status, body}. */
function curl(server, urlPath, body, headers = {}) {
  const file = path.join(env.dir, `curl-${crypto.randomUUID()}.xml`);
  fs.writeFileSync(file, body);
  const certs = path.join(env.dir, 'certs');
  const args = ['-s', '--cert', path.join(certs, 'client.pem'), '--key', path.join(certs, 'client.key'),
    '--cacert', path.join(certs, 'ca.pem'), '-H', 'Content-Type: text/xml; charset=utf-8',
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    '--data-binary', `@${file}`, '-w', '\n%{http_code}', `https://127.0.0.1:${env.servers[server].port}${urlPath}`];
  const r = spawnSync('curl', args, { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)), body: r.stdout.slice(0, cut) };
}

const felkod = (body) => /<(?:\w+:)?felkod>([^<]*)</.exec(body)?.[1];
const answerOf = (body, major) => new RegExp(`<(\\w+):HamtaFormansinformationSvar xmlns:\\1="${NS(major)}">[\\s\\S]*</\\1:HamtaFormansinformationSvar>`).exec(body)?.[0];
const many = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function validAgainst(xml, xsd) {
  const file = path.join(env.dir, `answer-${crypto.randomUUID()}.xml`);
  fs.writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(XSD, xsd), file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${xsd}: ${r.stderr}`);
}

async function v9(personnummer, types) {
  const res = await env.request({ path: queryPath('E2E-SOAP'), method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: { personnummer, informationstyper: types, ...range } });
  assert.equal(res.status, 200, res.body);
  return res.json;
}

test('npm soap client: v7 through the WSDL at /ws/FK.EXA.Lefi.Fraga gives the decisions and payments v9 gives', async () => {
  const { port } = env.servers.test;
  const agent = new https.Agent({ ca: env.tls.ca, cert: env.tls.client.cert, key: env.tls.client.key });
  const client = await soap.createClientAsync(`https://127.0.0.1:${port}${PRODUCT_WS}?wsdl`, { wsdl_options: { httpsAgent: agent } });
  client.setSecurity(new soap.ClientSSLSecurity(env.tls.client.key, env.tls.client.cert, env.tls.ca));
  // Three ports share the operation's name: call it on the v7 port (node-soap's *Async methods
  // exist only on the client as a whole).
  const port7 = client.EXAHamtaFormansinformation.HamtaFormansinformationV7Port;
  const v7 = (args) => new Promise((resolve, reject) =>
    port7.HamtaFormansinformation(args, (err, result) => (err ? reject(err) : resolve(result))));
  const persons = env.catalogue.filter((p) => p.provar.includes('SJUKPENNING') || p.provar.includes('ALDERSPENSION'));
  assert.ok(persons.length >= 2, 'the catalogue has persons with benefits');
  let payments = 0;
  for (const person of persons) {
    const types = ['PERSONUPPGIFTER', 'SJUKPENNING', 'ALDERSPENSION', 'UTBETALNING'];
    const svar = await v7({ personnummer: person.personnummer, informationstyp: types, ...range });
    const cur = await v9(person.personnummer, types);
    assert.equal(svar.version, '7.3.0');
    assert.match(svar.transaktionsId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(many(svar.forman).map((f) => [f.informationstyp, many(f.beslut).map((b) => b.beslutsId)]),
      cur.formaner.map((f) => [f.informationstyp, f.beslut.map((b) => b.beslutsId)]), person.personnummer);
    const got = many(svar.utbetalning).map((u) => [u.utbetalningsdatum, u.informationstyp, Number(u.nettobelopp), u.status]);
    const want = (cur.utbetalningar ?? []).map((u) => [u.utbetalningsdatum, u.informationstyp, u.nettobelopp, u.status]);
    assert.deepEqual(got, want, person.personnummer);
    payments += got.length;
    if (cur.personuppgifter) assert.equal(svar.person.personnummer, person.personnummer);
    assert.equal(sql(env.db.test, `SELECT tjanst FROM audit_logg WHERE transaktions_id = '${svar.transaktionsId}';`).trim(),
      'LEFI.HAMTAFORMANSINFORMATION.V7');
  }
  assert.ok(payments > 0, 'some catalogue person has payments in the period');
});

test('curl at the bare /ws: v7 by its namespace or by SOAPAction; the answer is valid against the v7 XSD', async () => {
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const body = envelope(question(7, person.personnummer, ['SJUKPENNING', 'UTBETALNING']));
  for (const headers of [{}, { SOAPAction: `"${ACTION(7)}"` }]) {
    const res = curl('test', '/ws', body, headers);
    assert.equal(res.status, 200, res.body);
    const answer = answerOf(res.body, 7);
    assert.ok(answer, res.body);
    validAgainst(answer, 'lefi_hamta_formansinformation_v7.xsd');
  }
  // The product's own address, too.
  assert.equal(curl('test', PRODUCT_WS, body).status, 200);
});

test('curl at /shs2: with an SHS label the answer has a reply label; without one it is plain SOAP', async () => {
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const payload = question(7, person.personnummer, ['SJUKPENNING']);
  for (const door of ['/shs2', PRODUCT_SHS2]) {
    const labelled = curl('test', door, envelope(payload, shsLabel()));
    assert.equal(labelled.status, 200, labelled.body);
    assert.match(labelled.body, /sequence-type="reply"/);
    assert.ok(answerOf(labelled.body, 7));
    const plain = curl('test', door, envelope(payload));
    assert.equal(plain.status, 200, plain.body);
    assert.doesNotMatch(plain.body, /shs\.label/);
    assert.ok(answerOf(plain.body, 7));
  }
  // A label for another product is refused.
  const wrong = curl('test', '/shs2', envelope(payload, shsLabel('FK.SSBTEK.EkonomisktBistand')));
  assert.equal(wrong.status, 500);
  assert.equal(felkod(wrong.body), 'OGILTIG_SHS_ETIKETT');
});

test('v5 and v6 are past their end of life: a SOAP fault VERSIONEN_UPPHORD with HTTP 410, nothing audited', async () => {
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const before = auditRowCount(env.db.test).rows;
  for (const major of [5, 6]) {
    const res = curl('test', '/ws', envelope(question(major, person.personnummer, ['SJUKPENNING'])));
    assert.equal(res.status, 410, res.body);
    assert.equal(felkod(res.body), 'VERSIONEN_UPPHORD');
    assert.match(res.body, /stöds inte sedan/);
    assert.match(res.body, /Fault>/);
  }
  assert.equal(auditRowCount(env.db.test).rows, before);
});

test('a door refuses what names no operation there, before any agreement is looked at', async () => {
  const unknown = curl('test', '/ws', envelope('<x:Okand xmlns:x="urn:okand"/>'));
  assert.equal(unknown.status, 500);
  assert.equal(felkod(unknown.body), 'OKAND_SOAP_OPERATION');
  const action = curl('test', PRODUCT_WS, envelope(question(7, '198503129986', ['SJUKPENNING'])), { SOAPAction: '"urn:annan#Op"' });
  assert.equal(felkod(action.body), 'OKAND_SOAP_OPERATION');
  // The SSBTEK operation is not behind LEFI's own address.
  const ssbtek = curl('test', PRODUCT_WS, envelope('<sb:HamtaUppgifterEkonomisktBistand xmlns:sb="urn:utbyte:ssbtek:ekonomisktbistand:1"/>'));
  assert.equal(felkod(ssbtek.body), 'OKAND_SOAP_OPERATION');
});

test('production: an agreement without LEFI is refused at /ws as at the product address (403), nothing audited', async () => {
  const before = auditRowCount(env.db.utanLefi).rows;
  for (const door of ['/ws', PRODUCT_WS, `${PRODUCT_WS}/v7`]) {
    const res = curl('utanLefi', door, envelope(question(7, '198503129986', ['SJUKPENNING'])));
    assert.equal(res.status, 403, `${door}: ${res.body}`);
    assert.equal(felkod(res.body), 'TJANST_EJ_I_AVTALET');
  }
  assert.equal(auditRowCount(env.db.utanLefi).rows, before);
});

test('the WSDL names the address it was fetched from and serves its schemas', async () => {
  const res = await env.request({ path: `${PRODUCT_WS}?wsdl` });
  assert.equal(res.status, 200);
  assert.match(res.body, new RegExp(`location="https://127\\.0\\.0\\.1:${env.servers.test.port}${PRODUCT_WS}"`));
  const xsd = await env.request({ path: `${PRODUCT_WS}?xsd=lefi_hamta_formansinformation_v7.xsd` });
  assert.equal(xsd.status, 200);
  assert.equal(xsd.body, fs.readFileSync(path.join(XSD, 'lefi_hamta_formansinformation_v7.xsd'), 'utf8'));
});
