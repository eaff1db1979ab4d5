// LEFI Online's SOAP generations (HamtaFormansinformation v5–7) at FK's addresses, end to end:
// the npm soap client through the WSDL at /ws/FK.EXA.Lefi.Fraga, and plain curl at the bare /ws
// and /shs2 (with and without an SHS label). v7 answers carry the same decisions and payments as
// v9 for catalogue persons; v5 and v6 are past their end of life (410); a door refuses what
// names no operation; an agreement without LEFI is refused at the door as at the product's
// address, and nothing is audited. SSEK at /ssek/FK.EXA.Lefi.Fraga: the npm soap client with the
// ssek:SSEK header and a WS-Security signature (xml-crypto, RSA), curl with a wrong SenderId or
// ReceiverId, a resent TxId, and an agreement that requires signed messages.
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

import { ROOT, auditRowCount, queryPath, shiftDate, sql, startEnvironment, utbyte } from './lib/harness.mjs';

const PRODUCT_WS = '/ws/FK.EXA.Lefi.Fraga';
const PRODUCT_SHS2 = '/shs2/FK.EXA.Lefi.Fraga';
const PRODUCT_SSEK = '/ssek/FK.EXA.Lefi.Fraga';
const SSEK_NS = 'http://schemas.ssek.org/ssek/2006-05-10/';
const FK_ORGNR = '2021005521';
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
  // A production server whose agreement requires signed SSEK messages.
  const signed = path.join(env.dir, 'actors-ssek.json');
  fs.writeFileSync(signed, JSON.stringify({ aktorer: [{
    aktorsId: 'FORSAKRING-1', organisationsnummer: env.clientOrgNr, namn: 'Försäkringsbolaget',
    informationstyper: ['SJUKPENNING', 'UTBETALNING'], rattsligGrund: '110 kap. 31 § SFB', tjanster: ['LEFI'],
    ssekSignatur: true,
  }] }));
  await env.startServer('ssekSignatur', ['--mode', 'production', '--actors', signed, '--sla', 'off']);
  // An RSA certificate of the same organisation for WS-Security (xml-crypto signs with RSA only).
  utbyte(['certs', 'client', '--ca-dir', path.join(env.dir, 'certs'), '--out', path.join(env.dir, 'certs', 'signer-rsa'),
    '--org-nr', env.clientOrgNr, '--key-type', 'rsa']);
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

function ssekHeader({ sender = env.clientOrgNr, senderType = 'ORGNR', receiver = FK_ORGNR, txId = crypto.randomUUID() } = {}) {
  return `<ssek:SSEK xmlns:ssek="${SSEK_NS}" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" soapenv:mustUnderstand="1">` +
    `<ssek:SenderId ssek:Type="${senderType}">${sender}</ssek:SenderId><ssek:ReceiverId ssek:Type="ORGNR">${receiver}</ssek:ReceiverId>` +
    `<ssek:TxId>${txId}</ssek:TxId></ssek:SSEK>`;
}

/** The SSEK WSDL's v7 port through the npm soap client, signing with WS-Security when `sign`. */
async function ssekClient(server, { sign = true } = {}) {
  const { port } = env.servers[server];
  const agent = new https.Agent({ ca: env.tls.ca, cert: env.tls.client.cert, key: env.tls.client.key });
  const client = await soap.createClientAsync(`https://127.0.0.1:${port}${PRODUCT_SSEK}?wsdl`, { wsdl_options: { httpsAgent: agent } });
  const tlsSecurity = new soap.ClientSSLSecurity(env.tls.client.key, env.tls.client.cert, env.tls.ca);
  if (sign) {
    const certs = path.join(env.dir, 'certs');
    const wss = new soap.WSSecurityCert(fs.readFileSync(path.join(certs, 'signer-rsa.key')),
      fs.readFileSync(path.join(certs, 'signer-rsa.pem')), '', { signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
    // Mutual TLS and the signature together (node-soap's ClientSSLSecurity gives the agent).
    client.setSecurity({ addOptions: (options) => tlsSecurity.addOptions(options), postProcess: (xml, key) => wss.postProcess(xml, key) });
  } else {
    client.setSecurity(tlsSecurity);
  }
  const port7 = client.FkExaLefiHamtaFormansinformation.HamtaFormansinformationV7Port;
  const call = (args, txId) => new Promise((resolve, reject) => {
    client.clearSoapHeaders();
    client.addSoapHeader(ssekHeader({ txId }));
    port7.HamtaFormansinformation(args, (err, result, raw) => (err ? reject(err) : resolve({ result, raw })));
  });
  return { client, call };
}

test('SSEK with the npm soap client: signed (WS-Security, RSA-SHA256) v7 at /ssek gives what v9 gives, with SSEK\'s reply header', async () => {
  const { call } = await ssekClient('test');
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const types = ['SJUKPENNING', 'UTBETALNING'];
  const txId = crypto.randomUUID();
  const { result, raw } = await call({ personnummer: person.personnummer, informationstyp: types, ...range }, txId);
  const cur = await v9(person.personnummer, types);
  assert.deepEqual(many(result.forman).map((f) => many(f.beslut).map((b) => b.beslutsId)),
    cur.formaner.map((f) => f.beslut.map((b) => b.beslutsId)));
  assert.match(raw, new RegExp(`<ssek:SenderId ssek:Type="ORGNR">${FK_ORGNR}</ssek:SenderId>`));
  assert.match(raw, new RegExp(`<ssek:ReceiverId ssek:Type="ORGNR">${env.clientOrgNr}</ssek:ReceiverId>`));
  assert.match(raw, new RegExp(`<ssek:TxId>${txId}</ssek:TxId>`));
  validAgainst(/<ssek:SSEK [\s\S]*<\/ssek:SSEK>/.exec(raw)[0], 'ssek_2006_05_10.xsd');
  assert.equal(sql(env.db.test, `SELECT tjanst FROM audit_logg WHERE transaktions_id = '${result.transaktionsId}';`).trim(),
    'LEFI.HAMTAFORMANSINFORMATION.V7');
});

test('SSEK with curl: no header, a SenderId that is not the certificate\'s, a ReceiverId that is not FK: SSEK faults, nothing audited', async () => {
  const payload = question(7, '198503129986', ['SJUKPENNING']);
  const before = auditRowCount(env.db.test).rows;
  const cases = [
    ['', 'OGILTIGT_SSEK_HUVUD', 'MissingSSEKHeader'],
    [ssekHeader({ sender: '5560000001' }), 'SSEK_OKAND_AVSANDARE', 'SenderIdUnknown'],
    [ssekHeader({ senderType: 'CN' }), 'SSEK_OKAND_AVSANDARE', 'SenderIdUnknown'],
    [ssekHeader({ receiver: '2021005522' }), 'SSEK_OKAND_MOTTAGARE', 'ReceiverIdUnknown'],
  ];
  for (const [header, code, faultcode] of cases) {
    const res = curl('test', PRODUCT_SSEK, envelope(payload, header));
    assert.equal(res.status, 500, res.body);
    assert.equal(felkod(res.body), code);
    assert.match(res.body, new RegExp(`<faultcode xmlns:fc="${SSEK_NS}">fc:${faultcode}</faultcode>`));
  }
  // The SSEK address is not a WS address: the SSEK header is not optional there, and /ws does
  // not understand it (mustUnderstand).
  assert.equal(felkod(curl('test', '/ws', envelope(payload, ssekHeader())).body), 'SOAP_HUVUD_OKANT');
  assert.equal(auditRowCount(env.db.test).rows, before);
});

test('SSEK TxId: a resent message gets the first answer and is audited once; another message under it is refused', async () => {
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const txId = crypto.randomUUID();
  const header = ssekHeader({ txId });
  const before = auditRowCount(env.db.test).rows;
  const first = curl('test', PRODUCT_SSEK, envelope(question(7, person.personnummer, ['SJUKPENNING']), header));
  assert.equal(first.status, 200, first.body);
  const again = curl('test', PRODUCT_SSEK, envelope(question(7, person.personnummer, ['SJUKPENNING']), header));
  assert.equal(again.status, 200);
  assert.equal(again.body, first.body);
  assert.equal(auditRowCount(env.db.test).rows, before + 1);
  const other = curl('test', PRODUCT_SSEK, envelope(question(7, person.personnummer, ['UTBETALNING']), header));
  assert.equal(other.status, 500);
  assert.equal(felkod(other.body), 'SSEK_TXID_ANVAND');
  assert.match(other.body, /TxIdAlreadyReceived/);
});

test('SSEK: an agreement with ssekSignatur refuses unsigned messages and accepts signed ones', async () => {
  const person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  const args = { personnummer: person.personnummer, informationstyp: ['SJUKPENNING'], ...range };
  const unsigned = await ssekClient('ssekSignatur', { sign: false });
  await assert.rejects(unsigned.call(args, crypto.randomUUID()), (err) => {
    assert.match(String(err.body ?? err.response?.data ?? err), /SIGNATUR_SAKNAS/);
    return true;
  });
  const signed = await ssekClient('ssekSignatur');
  const { result } = await signed.call(args, crypto.randomUUID());
  assert.equal(result.version, '7.3.0');
  // Signed with xml-crypto, then changed: refused; an empty wsse:Security is no signature.
  const certs = path.join(env.dir, 'certs');
  const wss = new soap.WSSecurityCert(fs.readFileSync(path.join(certs, 'signer-rsa.key')),
    fs.readFileSync(path.join(certs, 'signer-rsa.pem')), '', { signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
  const signedXml = wss.postProcess(envelope(question(7, person.personnummer, ['SJUKPENNING']), ssekHeader()), 'soapenv');
  assert.equal(curl('ssekSignatur', PRODUCT_SSEK, signedXml).status, 200);
  const tampered = signedXml.replace('<lf:informationstyp>SJUKPENNING<', '<lf:informationstyp>UTBETALNING<');
  assert.notEqual(tampered, signedXml);
  assert.equal(felkod(curl('ssekSignatur', PRODUCT_SSEK, tampered).body), 'SIGNATUR_OGILTIG');
  const empty = envelope(question(7, person.personnummer, ['SJUKPENNING']), ssekHeader() +
    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/>');
  assert.equal(felkod(curl('ssekSignatur', PRODUCT_SSEK, empty).body), 'SIGNATUR_SAKNAS');
});

