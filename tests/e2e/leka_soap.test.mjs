// LEKA's SOAP generations (v5–7) at FK's addresses, end to end, on the same store and feed as
// LEKA v9: subscriptions registered with the npm soap client through the WSDL at /ws/FK.EXA.Leka
// and with plain https posts (curl) at /shs2 (with and without an SHS label) and at the bare /ws;
// the register moved forward and the daily run made; notifications fetched and acknowledged over
// SOAP — and the v9 REST feed shows the same sequence numbers and the same acknowledgement.
// Kontrollera and Avregistrera; v5 and v6 gone (410), but served on a server in 2019; a question without personnummer answered with
// v9's code; an agreement without LEKA refused; every answer valid against its XSD.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/leka_soap.test.mjs   (or: ctest -R e2e_leka_soap)
//
// With UTBYTE_LEKA_SOAP_SVAR=<dir> one v7 answer of each operation, and a v5 and a v6 page of the
// feed (a server in 2019), are also written there: that is how tests/leka/testdata/soap/svar_*.xml
// were captured.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import soap from 'soap';

import { ROOT, auditRowCount, sql, startEnvironment, utbyte } from './lib/harness.mjs';

const PRODUCT_WS = '/ws/FK.EXA.Leka';
const PRODUCT_SHS2 = '/shs2/FK.EXA.Leka';
const NS = (op, major) => `urn:utbyte:leka:${op.toLowerCase()}:${major}`;
const ACTION = (op, major) => `${NS(op, major)}#${op}`;
const XSD = path.join(ROOT, 'contracts', 'xsd');
const AVIS = (a) => `/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/${a}/aviseringar`;
const PREN = (a) => `/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/${a}/prenumerationer`;
const FROM = '2025-01-01';
const SVAR_DIR = process.env.UTBYTE_LEKA_SOAP_SVAR;

let env;
let aktor; // test mode: a SOAP caller's agreement is its organisation's

before(async () => {
  env = await startEnvironment({ persons: 60 });
  aktor = env.clientOrgNr;
  // A production server whose only agreement covers LEFI, not LEKA.
  const actors = path.join(env.dir, 'actors-lefi.json');
  fs.writeFileSync(actors, JSON.stringify({ aktorer: [{
    aktorsId: 'KOMMUN-LEFI', organisationsnummer: env.clientOrgNr, namn: 'Socialtjänsten',
    informationstyper: ['SJUKPENNING', 'UTBETALNING'], rattsligGrund: '4 kap. SoL', tjanster: ['LEFI'],
  }] }));
  await env.startServer('utanLeka', ['--mode', 'production', '--actors', actors, '--sla', 'off']);
});

after(async () => {
  await env?.cleanup();
});

function envelope(payload, header = '') {
  return '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    (header ? `<soapenv:Header>${header}</soapenv:Header>` : '') + `<soapenv:Body>${payload}</soapenv:Body></soapenv:Envelope>`;
}

/** The question of `op` in `major` with `fields` ([name, value] pairs, in order). */
function question(op, major, fields) {
  return `<lk:${op} xmlns:lk="${NS(op, major)}">` +
    fields.map(([k, v]) => `<lk:${k}>${v}</lk:${k}>`).join('') + `</lk:${op}>`;
}

function shsLabel(product = 'FK.EXA.Leka') {
  return `<shs:shs.label xmlns:shs="urn:shs:label:1.2" version="1.2" tx.id="${crypto.randomUUID()}" corr.id="k-1" ` +
    `transfer-type="synch" sequence-type="request" status="test"><shs:from>${env.clientOrgNr}</shs:from>` +
    `<shs:to>2021005521</shs:to><shs:product>${product}</shs:product>` +
    `<shs:datetime>${new Date().toISOString()}</shs:datetime><shs:content content-id="c-1"><shs:data datapart-type="xml"/></shs:content></shs:shs.label>`;
}

/** A plain https POST with curl, as an integrator would try it: {status, body}. */
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
const answerOf = (body, op, major) =>
  new RegExp(`<(\\w+):${op}Svar xmlns:\\1="${NS(op, major)}">[\\s\\S]*</\\1:${op}Svar>`).exec(body)?.[0];
const all = (xml, name) => [...xml.matchAll(new RegExp(`<lk:${name}>([^<]*)</lk:${name}>`, 'g'))].map((m) => m[1]);
const many = (x) => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

/** The answer of `op` v`major` in `body`, valid against its XSD (and kept when asked to). */
function validAnswer(res, op, { major = 7, keep = false } = {}) {
  assert.equal(res.status, 200, res.body);
  const answer = answerOf(res.body, op, major);
  assert.ok(answer, res.body);
  const file = path.join(env.dir, `answer-${crypto.randomUUID()}.xml`);
  fs.writeFileSync(file, answer);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(XSD, `leka_kundavisering_v${major}.xsd`), file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${op}: ${r.stderr}`);
  if (SVAR_DIR && keep) {
    const short = { RegistreraPrenumeration: 'registrera', KontrolleraPrenumeration: 'kontrollera',
      AvregistreraPrenumeration: 'avregistrera', HamtaAviseringar: 'hamta', KvitteraAviseringar: 'kvittera' }[op];
    fs.writeFileSync(path.join(SVAR_DIR, `svar_${short}_v${major}.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n${answer}\n`);
  }
  return answer;
}

async function v9Feed(query = '') {
  const res = await env.request({ path: `${AVIS(aktor)}${query}` });
  assert.equal(res.status, 200, res.body);
  return res.json;
}

test('subscribe → daily run → fetch → acknowledge over SOAP, and the v9 feed agrees', { timeout: 240_000 }, async () => {
  // --- Registrera with the npm soap client, through the WSDL the server serves -------------------
  const { port } = env.servers.test;
  const agent = new https.Agent({ ca: env.tls.ca, cert: env.tls.client.cert, key: env.tls.client.key });
  const client = await soap.createClientAsync(`https://127.0.0.1:${port}${PRODUCT_WS}?wsdl`, { wsdl_options: { httpsAgent: agent } });
  client.setSecurity(new soap.ClientSSLSecurity(env.tls.client.key, env.tls.client.cert, env.tls.ca));
  const port7 = client.EXALevereraKundavisering.LevereraKundaviseringV7Port;
  const v7 = (op, args) => new Promise((resolve, reject) =>
    port7[op](args, (err, result) => (err ? reject(err) : resolve(result))));

  const sjuk = await v7('RegistreraPrenumeration', { personnummer: '198503129986',
    informationstyp: ['SJUKPENNING', 'UTBETALNING'], fromDatum: FROM });
  assert.equal(String(sjuk.nyRegistrerad), 'true');
  assert.match(sjuk.prenumeration.prenumerationsId, /^P-[0-9a-f]{32}$/);
  assert.deepEqual(many(sjuk.prenumeration.informationstyp), ['SJUKPENNING', 'UTBETALNING']);
  const again = await v7('RegistreraPrenumeration', { personnummer: '198503129986',
    informationstyp: ['UTBETALNING', 'SJUKPENNING'], fromDatum: FROM });
  assert.equal(String(again.nyRegistrerad), 'false');
  assert.equal(again.prenumeration.prenumerationsId, sjuk.prenumeration.prenumerationsId);
  // The registration is audited once: the repeated one discloses nothing new.
  assert.equal(sql(env.db.test, "SELECT count(*) FROM audit_logg WHERE tjanst = 'LEKA.PRENUMERATION.V7';").trim(), '1');

  // --- … with plain https posts at /shs2, with and without an SHS label, and at /ws ----------------
  const reg = (personnummer, types) => question('RegistreraPrenumeration', 7,
    [['personnummer', personnummer], ...types.map((t) => ['informationstyp', t]), ['fromDatum', FROM]]);
  const labelled = curl('test', '/shs2', envelope(reg('199007059984', ['BARNBIDRAG', 'UTBETALNING']), shsLabel()));
  assert.match(labelled.body, /sequence-type="reply"/);
  validAnswer(labelled, 'RegistreraPrenumeration');
  const plain = curl('test', PRODUCT_SHS2, envelope(reg('194806039998', ['ALDERSPENSION', 'UTBETALNING'])));
  assert.doesNotMatch(plain.body, /shs\.label/);
  validAnswer(plain, 'RegistreraPrenumeration');
  // At the bare /ws, by the body's namespace alone; the registration's answer is kept as testdata.
  const bare = curl('test', '/ws', envelope(reg('194411059985', ['ALDERSPENSION'])));
  const registrerad = validAnswer(bare, 'RegistreraPrenumeration', { keep: true });
  const removable = all(registrerad, 'prenumerationsId')[0];

  // The subscriptions are v9's too.
  const listed = await env.request({ path: `${PREN(aktor)}?personnummer=198503129986` });
  assert.deepEqual(listed.json.prenumerationer.map((s) => s.prenumerationsId), [sjuk.prenumeration.prenumerationsId]);

  // --- The register moves, the daily run makes notifications ---------------------------------------
  const first = curl('test', '/ws', envelope(question('HamtaAviseringar', 7, [['antal', '1000']])));
  const firstAnswer = validAnswer(first, 'HamtaAviseringar');
  const firstDelivery = all(firstAnswer, 'sekvensnummer').map(Number);
  assert.ok(firstDelivery.length > 0, 'the registrations made first deliveries');
  assert.match(utbyte(['register', 'advance', '--db', env.db.test, '--days', '40', '--seed', '7']), /register framflyttat/);
  assert.match(utbyte(['leka', 'run', '--db', env.db.test]), /dygnskörning klar: \d+ ändringar, \d+ aviseringar/);

  // --- HamtaAviseringar (SOAPAction at the product's door) and the v9 feed ------------------------
  const page = curl('test', PRODUCT_WS, envelope(question('HamtaAviseringar', 7, [['fromSekvens', '1'], ['antal', '1000']])),
    { SOAPAction: `"${ACTION('HamtaAviseringar', 7)}"` });
  const hamta = validAnswer(page, 'HamtaAviseringar', { keep: true });
  const soapSeq = [...hamta.matchAll(/<lk:avisering><lk:sekvensnummer>(\d+)</g)].map((m) => Number(m[1]));
  assert.ok(soapSeq.length > firstDelivery.length, 'the advance made notifications');
  const v9 = await v9Feed('?fromSekvens=1&antal=1000');
  assert.deepEqual(soapSeq, v9.aviseringar.map((n) => n.sekvensnummer));
  assert.deepEqual(all(hamta, 'aviseringsId'), v9.aviseringar.map((n) => n.aviseringsId));
  assert.deepEqual(all(hamta, 'handelse'), v9.aviseringar.map((n) => n.handelse));
  assert.equal(all(hamta, 'nastaFromSekvens')[0], String(v9.nastaFromSekvens));
  // v7 carries each payment's beloppstyp and status.
  const payments = v9.aviseringar.flatMap((n) => n.tillstand.utbetalningar ?? []);
  assert.ok(payments.length > 0, 'some notification carries payments');
  assert.deepEqual(all(hamta, 'nettobelopp').map(Number), payments.map((u) => u.nettobelopp));
  assert.deepEqual(all(hamta, 'beloppstyp'), payments.map((u) => u.beloppstyp));
  assert.ok(Number(sql(env.db.test, "SELECT count(*) FROM audit_logg WHERE tjanst = 'LEKA.AVISERING.V7';").trim()) > 0);

  // --- KvitteraAviseringar over SOAP is v9's acknowledgement ---------------------------------------
  const last = soapSeq.at(-1);
  const half = soapSeq[Math.floor(soapSeq.length / 2)];
  const kv = curl('test', '/shs2', envelope(question('KvitteraAviseringar', 7, [['tomSekvens', String(half)]]), shsLabel()));
  assert.equal(all(validAnswer(kv, 'KvitteraAviseringar', { keep: true }), 'kvitteradTomSekvens')[0], String(half));
  let feed = await v9Feed('?antal=1000');
  assert.equal(feed.kvitteradTomSekvens, half);
  assert.deepEqual(feed.aviseringar.map((n) => n.sekvensnummer), soapSeq.filter((s) => s > half));
  // … and v9's acknowledgement is SOAP's.
  const rest = await env.request({ path: `${AVIS(aktor)}/kvittens`, method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: { tomSekvens: last } });
  assert.equal(rest.status, 200, rest.body);
  const empty = validAnswer(curl('test', '/ws', envelope(question('HamtaAviseringar', 7, []))), 'HamtaAviseringar');
  assert.equal(all(empty, 'kvitteradTomSekvens')[0], String(last));
  assert.equal(all(empty, 'sekvensnummer').length, 0);
  feed = await v9Feed('?antal=1000');
  assert.equal(feed.kvitteradTomSekvens, last);
  assert.equal(feed.aviseringar.length, 0);
  // Beyond what was handed out: v9's code.
  const ahead = curl('test', '/ws', envelope(question('KvitteraAviseringar', 7, [['tomSekvens', String(last + 100)]])));
  assert.equal(ahead.status, 500);
  assert.equal(felkod(ahead.body), 'KVITTENS_EFTER_LEVERERAT');

  // --- Kontrollera and Avregistrera ------------------------------------------------------------------
  const kontroll = await v7('KontrolleraPrenumeration', { personnummer: '198503129986' });
  assert.deepEqual(many(kontroll.prenumeration).map((s) => s.prenumerationsId), [sjuk.prenumeration.prenumerationsId]);
  validAnswer(curl('test', '/ws', envelope(question('KontrolleraPrenumeration', 7, [['personnummer', '198503129986']]))),
    'KontrolleraPrenumeration', { keep: true });
  const avreg = curl('test', '/ws', envelope(question('AvregistreraPrenumeration', 7, [['prenumerationsId', removable]])));
  assert.equal(all(validAnswer(avreg, 'AvregistreraPrenumeration', { keep: true }), 'prenumerationsId')[0], removable);
  assert.equal((await env.request({ path: `${PREN(aktor)}/${removable}` })).status, 404);
  const gone = curl('test', '/ws', envelope(question('AvregistreraPrenumeration', 7, [['prenumerationsId', removable]])));
  assert.equal(gone.status, 500);
  assert.equal(felkod(gone.body), 'RESURS_SAKNAS');
  const none = await v7('KontrolleraPrenumeration', { personnummer: '194411059985' });
  assert.equal(many(none?.prenumeration).length, 0);
});

test('v5 and v6 are past their end of life: VERSIONEN_UPPHORD with HTTP 410, nothing audited', () => {
  const before = auditRowCount(env.db.test).rows;
  for (const major of [5, 6]) {
    for (const door of ['/ws', `${PRODUCT_WS}/v${major}/KontrolleraPrenumeration`]) {
      const res = curl('test', door, envelope(question('KontrolleraPrenumeration', major, [['personnummer', '198503129986']])));
      assert.equal(res.status, 410, res.body);
      assert.equal(felkod(res.body), 'VERSIONEN_UPPHORD');
      assert.match(res.body, /Fault>/);
    }
  }
  assert.equal(auditRowCount(env.db.test).rows, before);
});

test('in June 2019 (--fake-time) v5 and v6 are served on one feed: v5 without payments, v6 with them, v7 not yet', async () => {
  await env.startServer('ar2019', ['--sla', 'off', '--fake-time', '2019-06-03T10:00:00+02:00']);
  const from = '2019-01-01';
  const reg = (major, personnummer, types) => envelope(question('RegistreraPrenumeration', major,
    [['personnummer', personnummer], ...types.map((t) => ['informationstyp', t]), ['fromDatum', from]]));
  validAnswer(curl('ar2019', '/ws', reg(6, '198503129986', ['SJUKPENNING', 'UTBETALNING'])), 'RegistreraPrenumeration', { major: 6 });
  // Version 5 has no payments to subscribe to.
  const v5Payments = curl('ar2019', '/ws', reg(5, '199007059984', ['BARNBIDRAG', 'UTBETALNING']));
  assert.equal(felkod(v5Payments.body), 'OKAND_INFORMATIONSTYP', v5Payments.body);
  validAnswer(curl('ar2019', '/shs2', reg(5, '199007059984', ['BARNBIDRAG'])), 'RegistreraPrenumeration', { major: 5 });
  const hamta = (major) => curl('ar2019', '/ws', envelope(question('HamtaAviseringar', major, [['fromSekvens', '1']])));
  const v6 = validAnswer(hamta(6), 'HamtaAviseringar', { major: 6, keep: true });
  assert.ok(all(v6, 'nettobelopp').length > 0, 'v6 notifications carry payments');
  assert.equal(all(v6, 'beloppstyp').length, 0, 'v6 payments have no beloppstyp');
  // The same feed through v5: the same notifications, without their payments.
  const v5 = validAnswer(hamta(5), 'HamtaAviseringar', { major: 5, keep: true });
  assert.deepEqual(all(v5, 'aviseringsId'), all(v6, 'aviseringsId'));
  assert.equal(all(v5, 'utbetalningsId').length, 0);
  const v7 = curl('ar2019', '/ws', envelope(question('HamtaAviseringar', 7, [])));
  assert.equal(v7.status, 410, v7.body);
  assert.equal(felkod(v7.body), 'VERSIONEN_UPPHORD');
  await env.stopServer('ar2019');
});

test('mistakes are answered with v9\'s codes as SOAP faults', () => {
  const without = curl('test', '/ws', envelope(question('RegistreraPrenumeration', 7,
    [['informationstyp', 'SJUKPENNING'], ['fromDatum', FROM]])));
  assert.equal(without.status, 500);
  assert.match(without.body, /<faultcode>\w+:Client<\/faultcode>/);
  assert.equal(felkod(without.body), 'OGILTIG_FRAGA');
  const cases = [
    [[['personnummer', '198503129987'], ['informationstyp', 'SJUKPENNING'], ['fromDatum', FROM]], 'OGILTIGT_PERSONNUMMER'],
    [[['personnummer', '198503129986'], ['fromDatum', FROM]], 'INFORMATIONSTYP_SAKNAS'],
    [[['personnummer', '198503129986'], ['informationstyp', 'NOPE'], ['fromDatum', FROM]], 'OKAND_INFORMATIONSTYP'],
    [[['personnummer', '198503129986'], ['informationstyp', 'PERSONUPPGIFTER'], ['fromDatum', FROM]], 'INFORMATIONSTYP_EJ_PRENUMERERBAR'],
    [[['personnummer', '198503129986'], ['informationstyp', 'SJUKPENNING'], ['fromDatum', '1999-12-31']], 'OGILTIGT_DATUMINTERVALL'],
  ];
  for (const [fields, code] of cases) {
    const res = curl('test', '/ws', envelope(question('RegistreraPrenumeration', 7, fields)));
    assert.equal(felkod(res.body), code, res.body);
  }
  const antal = curl('test', '/ws', envelope(question('HamtaAviseringar', 7, [['antal', '1001']])));
  assert.equal(felkod(antal.body), 'OGILTIG_FRAGA');
  // What v9's rules let through but the contract does not (the fields out of order): the schema's.
  const order = curl('test', '/ws', envelope(question('RegistreraPrenumeration', 7,
    [['fromDatum', FROM], ['personnummer', '198503129986'], ['informationstyp', 'SJUKPENNING']])));
  assert.equal(order.status, 500);
  assert.equal(felkod(order.body), 'SCHEMAFEL', order.body);
  const before = auditRowCount(env.db.test).rows;
  assert.equal(felkod(curl('test', '/ws', envelope(question('RegistreraPrenumeration', 7,
    [['fromDatum', FROM], ['personnummer', '198209239980'], ['informationstyp', 'SJUKPENNING']]))).body), 'SCHEMAFEL');
  assert.equal(auditRowCount(env.db.test).rows, before, 'a refused registration is neither stored nor audited');
});

test('production: an agreement without LEKA is refused (403 TJANST_EJ_I_AVTALET), nothing audited', () => {
  const before = auditRowCount(env.db.utanLeka).rows;
  const body = envelope(question('KontrolleraPrenumeration', 7, [['personnummer', '198503129986']]));
  for (const door of ['/ws', PRODUCT_WS, `${PRODUCT_WS}/v7/KontrolleraPrenumeration`, '/shs2']) {
    const res = curl('utanLeka', door, body);
    assert.equal(res.status, 403, `${door}: ${res.body}`);
    assert.equal(felkod(res.body), 'TJANST_EJ_I_AVTALET');
    assert.match(res.body, /Fault>/);
  }
  assert.equal(auditRowCount(env.db.utanLeka).rows, before);
});

test('the WSDL names the address it was fetched from and serves the operations\' schemas', async () => {
  const res = await env.request({ path: `${PRODUCT_WS}?wsdl` });
  assert.equal(res.status, 200);
  assert.match(res.body, new RegExp(`location="https://127\\.0\\.0\\.1:${env.servers.test.port}${PRODUCT_WS}"`));
  const xsd = await env.request({ path: `${PRODUCT_WS}?xsd=leka_hamta_aviseringar_v7.xsd` });
  assert.equal(xsd.status, 200);
  assert.match(xsd.body, /urn:utbyte:leka:hamtaaviseringar:7/);
});
