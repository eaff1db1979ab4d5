// LEFI Online v9, end to end: the real `utbyte serve` (test and production mode) over real mutual
// TLS, with a generated register. Every HTTP answer is validated against the published contract.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/lefi.test.mjs      (or: ctest -L e2e)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  PERMITTED_TYPES,
  PRODUCTION_AKTORS_ID,
  ROOT,
  auditRowCount,
  personnummer,
  queryPath,
  shiftDate,
  startEnvironment,
  utbyte,
} from './lib/harness.mjs';
import { assertMatchesContract, contract } from './lib/contract.mjs';

// ---------------------------------------------------------------------------------------------
// The information types, read from their source of truth (src/domain/information_type.cc).

const TYPES = (() => {
  const src = fs.readFileSync(path.join(ROOT, 'src/domain/information_type.cc'), 'utf8');
  const re = /InformationTypeInfo\{\s*k\w+,\s*"(\w+)",\s*"([^"]+)",\s*(FK|PM),\s*(true|false)\s*\}/g;
  return [...src.matchAll(re)].map(([, code, name, owner, benefit]) => ({ code, name, owner, benefit: benefit === 'true' }));
})();
const BENEFITS = TYPES.filter((t) => t.benefit);
const TYPE = Object.fromEntries(TYPES.map((t) => [t.code, t]));
// Benefits that describe a right or a status, not money: they have decisions but no payments.
const NON_PAYING = new Set(['SGI', 'FORSAKRINGSTILLHORIGHET', 'INTJANANDE', 'PENSIONSPROGNOS', 'LEVNADSINTYG']);
// A decision may name another owner than the usual one (bostadstillägg with sjukersättning is FK's).
const EITHER_OWNER = new Set(['BOSTADSTILLAGG', 'ARBETSSKADELIVRANTA']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------

let env;
let auditBefore;
const seenTransactionIds = new Set();

before(async () => {
  env = await startEnvironment();
  auditBefore = { test: auditRowCount(env.db.test), prod: auditRowCount(env.db.prod) };
});

after(async () => {
  if (env) await env.cleanup();
});

/** Sends a request, validates the answer against the contract and the transaction-id rules, returns it. */
async function call(opts) {
  const method = opts.method ?? 'GET';
  const res = await env.request({ ...opts, method });
  assertMatchesContract(opts.path, method, res.status, res.body, res.headers['content-type'], res.headers);
  const txid = res.headers['x-transaktions-id'];
  assert.match(txid ?? '', UUID, `${method} ${opts.path}: X-Transaktions-Id must be a UUID v4, got ${txid}`);
  assert.ok(!seenTransactionIds.has(txid), `transaction id ${txid} reused`);
  seenTransactionIds.add(txid);
  if (res.json && typeof res.json === 'object' && 'transaktionsId' in res.json) {
    assert.equal(res.json.transaktionsId, txid, 'X-Transaktions-Id must equal the body transaktionsId');
  }
  return res;
}

/** POST a LEFI query (JSON) to the given server as the given actor. */
function fraga(body, { server = 'test', aktorsId = 'E2E-TEST', cert = 'client', headers, agent } = {}) {
  return call({
    server,
    cert,
    agent,
    method: 'POST',
    path: queryPath(aktorsId),
    headers: headers ?? { 'Content-Type': 'application/json' },
    body,
  });
}

function expectError(res, status, felkod) {
  assert.equal(res.status, status, `expected ${status} ${felkod}, got ${res.status}: ${res.body}`);
  assert.equal(res.json?.felkod, felkod, `expected felkod ${felkod}: ${res.body}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['felkod', 'felmeddelande', 'tidpunkt', 'transaktionsId']);
  assert.ok(res.json.felmeddelande.length > 0);
  assert.ok(Math.abs(Date.parse(res.json.tidpunkt) - Date.now()) < 5 * 60_000, 'tidpunkt is now');
}

function expectOk(res) {
  assert.equal(res.status, 200, `expected 200, got ${res.status}: ${res.body}`);
  assert.match(res.headers['content-type'], /^application\/json;\s*charset=utf-8$/i);
  return res.json;
}

const codes = (list) => list.map((m) => m.kod);
const overlaps = (b, from, tom) => b.fromDatum <= tom && (b.tomDatum === undefined || b.tomDatum >= from);

/** Checks that hold for every 200 answer to `q`. */
function checkAnswer(svar, q, { synthetic = true } = {}) {
  assert.equal(svar.version, '9.0.2');
  assert.deepEqual(svar.fraga, q, 'fraga echoes the query');
  if (synthetic) {
    assert.equal(svar.syntetiskaUppgifter, true);
    assert.ok(codes(svar.meddelanden).includes('SYNTETISKA_UPPGIFTER'), 'SYNTETISKA_UPPGIFTER on a synthetic register');
  }
  const asked = new Set(q.informationstyper);
  for (const f of svar.formaner) {
    assert.ok(asked.has(f.informationstyp), `formaner has ${f.informationstyp}, which was not asked for`);
    assert.equal(f.benamning, TYPE[f.informationstyp].name);
    if (!EITHER_OWNER.has(f.informationstyp)) assert.equal(f.myndighet, TYPE[f.informationstyp].owner, f.informationstyp);
    assert.ok(f.beslut.length > 0);
    for (const b of f.beslut) {
      assert.ok(overlaps(b, q.fromDatum, q.tomDatum), `beslut ${JSON.stringify(b)} does not overlap ${q.fromDatum}..${q.tomDatum}`);
      if (b.tomDatum !== undefined) assert.ok(b.tomDatum >= b.fromDatum, `beslut ${b.beslutsId}: tomDatum before fromDatum`);
    }
  }
  assert.equal(new Set(svar.formaner.map((f) => f.informationstyp)).size, svar.formaner.length, 'one formaner entry per type');
  if (asked.has('UTBETALNING')) {
    assert.ok(Array.isArray(svar.utbetalningar), 'utbetalningar when UTBETALNING is asked for');
    const askedBenefits = q.informationstyper.filter((c) => TYPE[c]?.benefit);
    for (const u of svar.utbetalningar) {
      if (askedBenefits.length > 0) assert.ok(asked.has(u.informationstyp), `utbetalning of ${u.informationstyp}, not asked for`);
      assert.ok(u.utbetalningsdatum >= q.fromDatum && u.utbetalningsdatum <= q.tomDatum,
        `utbetalningsdatum ${u.utbetalningsdatum} outside ${q.fromDatum}..${q.tomDatum}`);
      assert.equal(u.nettobelopp, u.bruttobelopp - u.skatteavdrag, `utbetalning ${u.utbetalningsId}: netto = brutto − skatt`);
      assert.ok(u.skatteavdrag >= 0 && u.bruttobelopp > 0, `utbetalning ${u.utbetalningsId}: amounts`);
      assert.ok(u.periodFrom <= u.periodTom, `utbetalning ${u.utbetalningsId}: period`);
      assert.equal(u.foretag, u.myndighet === 'FK' ? 'Försäkringskassan' : 'Pensionsmyndigheten');
    }
  }
  // Whether `utbetalningar` is absent without UTBETALNING has its own test (see 'only the requested types').
  if (!asked.has('PERSONUPPGIFTER')) assert.equal(svar.personuppgifter, undefined, 'no personuppgifter unless asked for');
  if (svar.personuppgifter) {
    assert.equal(svar.personuppgifter.personnummer, q.personnummer);
    if (svar.personuppgifter.skyddadIdentitet) assert.equal(svar.personuppgifter.adress, undefined, 'no adress when skyddad');
  }
}

const today = () => env.today;
const last24Months = () => ({ fromDatum: shiftDate(today(), { months: -24 }), tomDatum: today() });

/** The catalogue person that best demonstrates `code`: it is what the person tests, else one of its types. */
function personFor(code, { plain = true } = {}) {
  const special = ['AVLIDEN', 'SKYDDAD_IDENTITET', 'FORMAN_SPARRAD', 'INGA_FORMANER'];
  const score = (p) => (plain ? p.provar.filter((x) => special.includes(x)).length : 0);
  const byProvar = env.catalogue.filter((p) => p.provar.includes(code)).sort((a, b) => score(a) - score(b));
  if (byProvar.length) return byProvar[0];
  return env.catalogue.filter((p) => p.informationstyper.includes(code)).sort((a, b) => score(a) - score(b))[0];
}

function personWith(provar) {
  const p = env.catalogue.find((x) => x.provar.includes(provar));
  assert.ok(p, `the catalogue has a person for ${provar}`);
  return p;
}

// ---------------------------------------------------------------------------------------------

describe('contract and catalogue', () => {
  test('the contract lists exactly the information types of information_type.cc', () => {
    assert.equal(TYPES.length, 27, 'parsed 27 types from information_type.cc');
    const s = contract.components.schemas;
    assert.deepEqual([...s.Formanstyp.enum].sort(), BENEFITS.map((t) => t.code).sort());
    assert.deepEqual([...s.Formanstyp.enum, ...s.Informationstyp.anyOf[1].enum].sort(), TYPES.map((t) => t.code).sort());
  });

  test('the catalogue has every benefit type and every special case', () => {
    assert.ok(Array.isArray(env.catalogue) && env.catalogue.length > 0);
    for (const p of env.catalogue) {
      assert.match(p.personnummer, /^\d{12}$/);
      for (const c of p.informationstyper) assert.ok(TYPE[c], `catalogue type ${c} is a known information type`);
    }
    const covered = new Set(env.catalogue.flatMap((p) => p.informationstyper));
    for (const t of BENEFITS) assert.ok(covered.has(t.code), `a catalogue person has ${t.code}`);
    for (const k of ['AVLIDEN', 'SKYDDAD_IDENTITET', 'SAMORDNINGSNUMMER', 'INGA_FORMANER', 'FORMAN_SPARRAD']) personWith(k);
  });
});

describe('health and metrics', () => {
  test('GET /health in test mode', async () => {
    const res = await call({ path: '/health' });
    const h = expectOk(res);
    assert.equal(h.status, 'UP');
    assert.equal(h.lage, 'TEST');
    assert.equal(h.syntetiskaUppgifter, true);
    assert.ok(h.register.personer >= env.persons, `register.personer ${h.register.personer} >= ${env.persons}`);
  });

  test('GET /health in production mode', async () => {
    const h = expectOk(await call({ server: 'prod', path: '/health' }));
    assert.equal(h.lage, 'PRODUKTION');
  });

  test('GET /metrics is Prometheus text with request counters', async () => {
    await fraga({ personnummer: personFor('SJUKPENNING').personnummer, informationstyper: ['SJUKPENNING'], ...last24Months() });
    const res = await call({ path: '/metrics' });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain;\s*version=0\.0\.4/);
    assert.match(res.body, /^utbyte_http_requests_total\{[^}]*\} \d+/m);
  });
});

describe('every benefit type, last 24 months (test mode)', () => {
  for (const t of BENEFITS) {
    test(`${t.code} (${t.name}, ${t.owner})`, async () => {
      const p = personFor(t.code);
      assert.ok(p, `a catalogue person has ${t.code}`);
      const q = { personnummer: p.personnummer, informationstyper: [t.code, 'UTBETALNING'], ...last24Months() };
      const svar = expectOk(await fraga(q));
      checkAnswer(svar, q);
      const f = svar.formaner.find((x) => x.informationstyp === t.code);
      assert.ok(f, `${p.personnummer} (${p.namn}) has a ${t.code} entry in formaner: ${JSON.stringify(svar.formaner)}`);
      assert.ok(f.beslut.length >= 1);
      if (!NON_PAYING.has(t.code)) {
        const paid = svar.utbetalningar.filter((u) => u.informationstyp === t.code);
        assert.ok(paid.length >= 1, `${p.personnummer} has at least one ${t.code} utbetalning in the last 24 months`);
      }
    });
  }
});

describe('special persons (test mode)', () => {
  test('protected identity: no adress, SKYDDAD_IDENTITET', async () => {
    const p = personWith('SKYDDAD_IDENTITET');
    const q = { personnummer: p.personnummer, informationstyper: ['PERSONUPPGIFTER', ...p.informationstyper.filter((c) => c !== 'PERSONUPPGIFTER')], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.ok(svar.personuppgifter, 'personuppgifter present');
    assert.equal(svar.personuppgifter.skyddadIdentitet, true);
    assert.equal(svar.personuppgifter.adress, undefined);
    assert.ok(!/adress|postnummer|postort/i.test(JSON.stringify(svar.personuppgifter)), 'no address field anywhere');
    assert.ok(codes(svar.meddelanden).includes('SKYDDAD_IDENTITET'));
  });

  test('deceased person: avliden, avlidenDatum, AVLIDEN', async () => {
    const p = personWith('AVLIDEN');
    const q = { personnummer: p.personnummer, informationstyper: ['PERSONUPPGIFTER'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.equal(svar.personuppgifter.avliden, true);
    assert.match(svar.personuppgifter.avlidenDatum ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(svar.personuppgifter.avlidenDatum <= today());
    assert.ok(codes(svar.meddelanden).includes('AVLIDEN'));
  });

  test('samordningsnummer: day + 60, flag and SAMORDNINGSNUMMER', async () => {
    const p = personWith('SAMORDNINGSNUMMER');
    const day = Number(p.personnummer.slice(6, 8));
    assert.ok(day >= 61 && day <= 91, `${p.personnummer} has day + 60`);
    const q = { personnummer: p.personnummer, informationstyper: ['PERSONUPPGIFTER', 'UTBETALNING'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.equal(svar.personuppgifter.samordningsnummer, true);
    assert.ok(codes(svar.meddelanden).includes('SAMORDNINGSNUMMER'));
  });

  test('person with no benefits: empty formaner and utbetalningar, not PERSON_SAKNAS', async () => {
    const p = personWith('INGA_FORMANER');
    const q = { personnummer: p.personnummer, informationstyper: [...BENEFITS.map((t) => t.code), 'UTBETALNING', 'PERSONUPPGIFTER'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.deepEqual(svar.formaner, []);
    assert.deepEqual(svar.utbetalningar, []);
    assert.ok(svar.personuppgifter, 'the person exists');
    assert.ok(!codes(svar.meddelanden).includes('PERSON_SAKNAS'));
  });

  test('blocked pension: SPARRAD decision and FORMAN_SPARRAD', async () => {
    const p = personWith('FORMAN_SPARRAD');
    const types = p.informationstyper.filter((c) => TYPE[c]?.benefit);
    const q = { personnummer: p.personnummer, informationstyper: [...types, 'UTBETALNING'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    const blocked = svar.formaner.filter((f) => f.beslut.some((b) => b.status === 'SPARRAD'));
    assert.ok(blocked.length >= 1, `a SPARRAD beslut: ${JSON.stringify(svar.formaner)}`);
    const msgs = svar.meddelanden.filter((m) => m.kod === 'FORMAN_SPARRAD');
    assert.ok(msgs.length >= 1, 'FORMAN_SPARRAD meddelande');
    for (const f of blocked) {
      assert.ok(msgs.some((m) => m.informationstyp === f.informationstyp), `FORMAN_SPARRAD names ${f.informationstyp}`);
    }
  });

  test('unknown person (valid Luhn, not in the register): 200 with PERSON_SAKNAS', async () => {
    const known = new Set(env.catalogue.map((p) => p.personnummer));
    const pnr = ['19500505', '19620714', '19781130'].map((d) => personnummer(d, '504')).find((x) => !known.has(x));
    const q = { personnummer: pnr, informationstyper: ['SJUKPENNING', 'UTBETALNING', 'PERSONUPPGIFTER'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.deepEqual(svar.formaner, []);
    assert.deepEqual(svar.utbetalningar, []);
    assert.equal(svar.personuppgifter, undefined);
    assert.ok(codes(svar.meddelanden).includes('PERSON_SAKNAS'));
  });
});

describe('date range and type filtering (test mode)', () => {
  const richest = () => [...env.catalogue].sort((a, b) => b.informationstyper.length - a.informationstyper.length)[0];

  test('every beslut overlaps the range, every utbetalning is inside it', async () => {
    // A pensioner: monthly payments for years, so any window has data.
    const p = personFor('ALDERSPENSION');
    const q = {
      personnummer: p.personnummer,
      informationstyper: [...BENEFITS.map((t) => t.code), 'UTBETALNING'],
      fromDatum: shiftDate(today(), { months: -14 }),
      tomDatum: shiftDate(today(), { months: -8 }),
    };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    // The same person over 24 months: the narrow answer must be a subset.
    const wide = { ...q, ...last24Months() };
    const svarWide = expectOk(await fraga(wide));
    checkAnswer(svarWide, wide);
    const wideIds = new Set(svarWide.utbetalningar.map((u) => u.utbetalningsId));
    for (const u of svar.utbetalningar) assert.ok(wideIds.has(u.utbetalningsId), `${u.utbetalningsId} also in the wide answer`);
    const inNarrow = svarWide.utbetalningar.filter((u) => u.utbetalningsdatum >= q.fromDatum && u.utbetalningsdatum <= q.tomDatum);
    assert.equal(svar.utbetalningar.length, inNarrow.length, 'every payment of the range, none else');
    // Not vacuous: the narrow range has data, and the wide one has payments outside it.
    assert.ok(svar.formaner.length >= 1 && svar.utbetalningar.length >= 1, `${p.personnummer} has data 8–14 months ago`);
    assert.ok(svarWide.utbetalningar.length > svar.utbetalningar.length, 'the wide range has more payments');
    const narrowBeslut = svar.formaner.flatMap((f) => f.beslut).length;
    const wideBeslut = svarWide.formaner.flatMap((f) => f.beslut).length;
    assert.ok(wideBeslut >= narrowBeslut);
  });

  test('only the requested types', async () => {
    const p = richest();
    const benefits = p.informationstyper.filter((c) => TYPE[c]?.benefit);
    assert.ok(benefits.length >= 2, 'the richest person has two benefit types');
    const q = { personnummer: p.personnummer, informationstyper: [benefits[0]], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.ok(svar.formaner.every((f) => f.informationstyp === benefits[0]));
    assert.equal(svar.personuppgifter, undefined, 'no personuppgifter unless PERSONUPPGIFTER is asked for');
  });

  test('no utbetalningar unless UTBETALNING is asked for', async () => {
    const p = personFor('SJUKPENNING');
    const q = { personnummer: p.personnummer, informationstyper: ['SJUKPENNING'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.equal(svar.utbetalningar, undefined, `utbetalningar must be absent: ${JSON.stringify(svar.utbetalningar)}`);
  });

  test('UTBETALNING alone: payments of every benefit type in the range', async () => {
    const p = richest();
    const q = { personnummer: p.personnummer, informationstyper: ['UTBETALNING'], ...last24Months() };
    const svar = expectOk(await fraga(q));
    checkAnswer(svar, q);
    assert.deepEqual(svar.formaner, []);
    assert.ok(svar.utbetalningar.length >= 1, 'payments without naming a benefit');
  });

  test('charset parameter on Content-Type is accepted', async () => {
    const q = { personnummer: personFor('BARNBIDRAG').personnummer, informationstyper: ['BARNBIDRAG'], ...last24Months() };
    checkAnswer(expectOk(await fraga(q, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })), q);
  });

  test('range just under five years is accepted', async () => {
    const q = { personnummer: personFor('SJUKPENNING').personnummer, informationstyper: ['SJUKPENNING'], fromDatum: '2021-01-01', tomDatum: '2025-12-31' };
    checkAnswer(expectOk(await fraga(q)), q);
  });

  test('range edges: fromDatum 2000-01-01 and tomDatum exactly one year ahead are accepted', async () => {
    const pnr = personFor('SJUKPENNING').personnummer;
    const early = { personnummer: pnr, informationstyper: ['SJUKPENNING'], fromDatum: '2000-01-01', tomDatum: '2000-12-31' };
    checkAnswer(expectOk(await fraga(early)), early);
    const ahead = { personnummer: pnr, informationstyper: ['SJUKPENNING'], fromDatum: today(), tomDatum: shiftDate(today(), { years: 1 }) };
    checkAnswer(expectOk(await fraga(ahead)), ahead);
  });

  test('keep-alive: three queries on one socket', async () => {
    const agent = env.keepAliveAgent('client');
    try {
      const ports = [];
      for (const code of ['SJUKPENNING', 'BARNBIDRAG', 'ALDERSPENSION']) {
        const q = { personnummer: personFor(code).personnummer, informationstyper: [code], ...last24Months() };
        const res = await fraga(q, { agent });
        checkAnswer(expectOk(res), q);
        ports.push(res.localPort);
      }
      assert.equal(new Set(ports).size, 1, `one socket for all three queries (local ports ${ports.join(', ')})`);
    } finally {
      agent.destroy();
    }
  });
});

describe('errors (test mode)', () => {
  const pnr = () => personFor('SJUKPENNING').personnummer;
  const valid = () => ({ personnummer: pnr(), informationstyper: ['SJUKPENNING'], ...last24Months() });

  test('no client certificate: the TLS handshake is refused, no HTTP answer', async () => {
    await assert.rejects(env.request({ path: '/health', cert: 'none' }), (err) => !err.response && /socket|ssl|tls|certificate|ECONNRESET|EPIPE|alert/i.test(`${err.code} ${err.message}`));
    await assert.rejects(env.request({ method: 'POST', path: queryPath('E2E'), cert: 'none', headers: { 'Content-Type': 'application/json' }, body: valid() }));
  });

  test('certificate from an untrusted CA: the TLS handshake is refused', async () => {
    await assert.rejects(env.request({ path: '/health', cert: 'other-ca' }));
    await assert.rejects(env.request({ method: 'POST', path: queryPath('E2E'), cert: 'other-ca', headers: { 'Content-Type': 'application/json' }, body: valid() }));
  });

  test('missing Content-Type: 415 FEL_CONTENT_TYPE', async () => {
    expectError(await fraga(JSON.stringify(valid()), { headers: {} }), 415, 'FEL_CONTENT_TYPE');
  });

  test('Content-Type text/plain: 415 FEL_CONTENT_TYPE', async () => {
    expectError(await fraga(JSON.stringify(valid()), { headers: { 'Content-Type': 'text/plain' } }), 415, 'FEL_CONTENT_TYPE');
  });

  test('bad Luhn check digit: 400 OGILTIGT_PERSONNUMMER', async () => {
    const good = pnr();
    const bad = good.slice(0, 11) + ((Number(good[11]) + 1) % 10);
    expectError(await fraga({ ...valid(), personnummer: bad }), 400, 'OGILTIGT_PERSONNUMMER');
    expectError(await fraga({ ...valid(), personnummer: good.slice(2) }), 400, 'OGILTIGT_PERSONNUMMER');
  });

  test('unknown information type: 400 OKAND_INFORMATIONSTYP', async () => {
    expectError(await fraga({ ...valid(), informationstyper: ['SJUKPENNING', 'HUNDBIDRAG'] }), 400, 'OKAND_INFORMATIONSTYP');
  });

  test('empty information types: 400 INFORMATIONSTYP_SAKNAS', async () => {
    expectError(await fraga({ ...valid(), informationstyper: [] }), 400, 'INFORMATIONSTYP_SAKNAS');
  });

  test('duplicate information type: 400 OGILTIG_FRAGA', async () => {
    expectError(await fraga({ ...valid(), informationstyper: ['SJUKPENNING', 'SJUKPENNING'] }), 400, 'OGILTIG_FRAGA');
  });

  test('tomDatum before fromDatum: 400 OGILTIGT_DATUMINTERVALL', async () => {
    expectError(await fraga({ ...valid(), fromDatum: '2025-06-01', tomDatum: '2025-05-31' }), 400, 'OGILTIGT_DATUMINTERVALL');
  });

  test('range of five years, before 2000 or too far ahead: 400 OGILTIGT_DATUMINTERVALL', async () => {
    expectError(await fraga({ ...valid(), fromDatum: '2021-01-01', tomDatum: '2026-01-01' }), 400, 'OGILTIGT_DATUMINTERVALL');
    expectError(await fraga({ ...valid(), fromDatum: '1999-12-31', tomDatum: '2000-06-30' }), 400, 'OGILTIGT_DATUMINTERVALL');
    const from = today();
    expectError(await fraga({ ...valid(), fromDatum: from, tomDatum: shiftDate(from, { years: 1, days: 2 }) }), 400, 'OGILTIGT_DATUMINTERVALL');
  });

  test('invalid date 2025-02-30 and bad format: 400 OGILTIGT_DATUM', async () => {
    expectError(await fraga({ ...valid(), fromDatum: '2025-02-30', tomDatum: '2025-12-31' }), 400, 'OGILTIGT_DATUM');
    expectError(await fraga({ ...valid(), fromDatum: '2025-1-01', tomDatum: '2025-12-31' }), 400, 'OGILTIGT_DATUM');
  });

  test('body over the limit (--max-body 4096): 413 FOR_STOR_FRAGA', async () => {
    const big = JSON.stringify({ ...valid(), fyllnad: 'x'.repeat(8192) });
    expectError(await fraga(big), 413, 'FOR_STOR_FRAGA');
  });

  test('Content-Length over the default 1 MiB: 413 before the body is sent', async () => {
    const res = await call({
      server: 'prod', method: 'POST', path: queryPath(PRODUCTION_AKTORS_ID), holdOpen: true,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(1024 * 1024 + 1) },
    });
    expectError(res, 413, 'FOR_STOR_FRAGA');
  });

  test('malformed JSON or not an object: 400 FELAKTIG_JSON', async () => {
    expectError(await fraga('{"personnummer": "2017'), 400, 'FELAKTIG_JSON');
    expectError(await fraga('[1,2,3]'), 400, 'FELAKTIG_JSON');
  });

  test('extra, missing or wrongly typed field: 400 OGILTIG_FRAGA', async () => {
    expectError(await fraga({ ...valid(), organisationsnummer: '2120000142' }), 400, 'OGILTIG_FRAGA');
    const { tomDatum, ...missing } = valid();
    void tomDatum;
    expectError(await fraga(missing), 400, 'OGILTIG_FRAGA');
    expectError(await fraga({ ...valid(), informationstyper: 'SJUKPENNING' }), 400, 'OGILTIG_FRAGA');
  });

  test('invalid aktorsId: 400 OGILTIGT_AKTORSID', async () => {
    expectError(await fraga(valid(), { aktorsId: 'a'.repeat(65) }), 400, 'OGILTIGT_AKTORSID');
    expectError(await fraga(valid(), { aktorsId: 'kommun%00' }), 400, 'OGILTIGT_AKTORSID'); // a control character
    expectError(await fraga(valid(), { aktorsId: 'kommun%C3' }), 400, 'OGILTIGT_AKTORSID'); // not UTF-8
    expectError(await fraga(valid(), { aktorsId: '%C3%A5'.repeat(65) }), 400, 'OGILTIGT_AKTORSID'); // 65 characters
  });

  test('test mode: any aktorsId allowed in a URL, percent-decoded (seeds 000/001)', async () => {
    for (const aktorsId of ['kommun%21', 'Kommun%20%C3%85re%2F1', '%C3%A5'.repeat(64), "a!$&'()*+,;=:@b"]) {
      const res = await fraga(valid(), { aktorsId });
      assert.equal(res.status, 200, `${aktorsId}: ${res.body}`);
    }
  });

  test('unknown path: 404 RESURS_SAKNAS', async () => {
    expectError(await call({ path: '/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v8/aktorer/X/formansinformation/fraga', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: valid() }), 404, 'RESURS_SAKNAS');
    expectError(await call({ path: '/finns-inte' }), 404, 'RESURS_SAKNAS');
  });

  test('GET on the query path: 405 METOD_EJ_TILLATEN with Allow', async () => {
    const res = await call({ path: queryPath('E2E') });
    expectError(res, 405, 'METOD_EJ_TILLATEN');
    assert.match(res.headers.allow ?? '', /\bPOST\b/);
  });
});

describe('production mode', () => {
  test('the actor of the certificate gets its permitted types', async () => {
    const p = personFor('SJUKPENNING');
    const q = { personnummer: p.personnummer, informationstyper: ['SJUKPENNING', 'UTBETALNING'], ...last24Months() };
    const svar = expectOk(await fraga(q, { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID }));
    checkAnswer(svar, q);
    assert.ok(svar.formaner.some((f) => f.informationstyp === 'SJUKPENNING'));
  });

  test('UTBETALNING alone: only payments of permitted benefits', async () => {
    const p = personFor('ALDERSPENSION');
    const q = { personnummer: p.personnummer, informationstyper: ['UTBETALNING'], ...last24Months() };
    const svar = expectOk(await fraga(q, { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID }));
    checkAnswer(svar, q);
    for (const u of svar.utbetalningar) assert.ok(PERMITTED_TYPES.includes(u.informationstyp), `${u.informationstyp} is permitted`);
  });

  test('aktorsId other than the agreement names: 403 AKTOR_EJ_BEHORIG', async () => {
    const q = { personnummer: personFor('SJUKPENNING').personnummer, informationstyper: ['SJUKPENNING'], ...last24Months() };
    expectError(await fraga(q, { server: 'prod', aktorsId: 'KOMMUN-2' }), 403, 'AKTOR_EJ_BEHORIG');
  });

  test('certificate of an organisation without agreement: 403 AKTOR_EJ_BEHORIG', async () => {
    const q = { personnummer: personFor('SJUKPENNING').personnummer, informationstyper: ['SJUKPENNING'], ...last24Months() };
    expectError(await fraga(q, { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID, cert: 'second-org' }), 403, 'AKTOR_EJ_BEHORIG');
  });

  test('only a type not permitted: 403 INFORMATIONSTYP_EJ_TILLATEN', async () => {
    const q = { personnummer: personFor('ALDERSPENSION').personnummer, informationstyper: ['ALDERSPENSION'], ...last24Months() };
    expectError(await fraga(q, { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID }), 403, 'INFORMATIONSTYP_EJ_TILLATEN');
  });

  test('a permitted and a forbidden type: 200 with INFORMATIONSTYP_EJ_TILLATEN', async () => {
    const p = personFor('ALDERSPENSION');
    const q = { personnummer: p.personnummer, informationstyper: ['SJUKPENNING', 'ALDERSPENSION', 'PENSIONSPROGNOS'], ...last24Months() };
    const res = await fraga(q, { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID });
    const svar = expectOk(res);
    assert.ok(!svar.formaner.some((f) => !PERMITTED_TYPES.includes(f.informationstyp)), 'no forbidden type in formaner');
    const denied = svar.meddelanden.filter((m) => m.kod === 'INFORMATIONSTYP_EJ_TILLATEN').map((m) => m.informationstyp).sort();
    assert.deepEqual(denied, ['ALDERSPENSION', 'PENSIONSPROGNOS']);
  });

  test('the error paths of test mode hold in production mode too', async () => {
    const q = { personnummer: personFor('SJUKPENNING').personnummer, informationstyper: ['SJUKPENNING'], ...last24Months() };
    expectError(await fraga(JSON.stringify(q), { server: 'prod', aktorsId: PRODUCTION_AKTORS_ID, headers: { 'Content-Type': 'text/plain' } }), 415, 'FEL_CONTENT_TYPE');
    await assert.rejects(env.request({ server: 'prod', path: '/health', cert: 'none' }));
    await assert.rejects(env.request({ server: 'prod', path: '/health', cert: 'other-ca' }));
  });
});

describe('audit', () => {
  test('after the suite: servers stop cleanly, audit chains verify and grew', async () => {
    const stopped = await env.stop();
    for (const [name, r] of Object.entries(stopped)) {
      assert.ok(r.code === 0 || r.signal === 'SIGTERM', `${name} server stopped cleanly on SIGTERM (${JSON.stringify(r)})`);
    }
    for (const which of ['test', 'prod']) {
      const db = env.db[which];
      const out = utbyte(['audit', 'verify', '--db', db], { allowFailure: true });
      assert.ok(typeof out === 'string', `audit verify --db ${which}.db exits 0: ${out.stderr ?? ''}${out.stdout ?? ''}`);
      const now = auditRowCount(db);
      assert.ok(now.tables.length > 0, `${which}.db has an audit table`);
      assert.ok(now.rows > auditBefore[which].rows, `${which}.db audit rows grew (${auditBefore[which].rows} → ${now.rows})`);
    }
  });
});
