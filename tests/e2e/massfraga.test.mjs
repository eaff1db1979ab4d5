// LEFI Asynkron v10, smoke test: a small order (catalogue persons, one unknown person, one invalid
// line) is submitted to the Beställningsmottagare, polled until KLAR, downloaded page by page and
// acknowledged at the Beställningsleverantör. Every answer is validated against
// contracts/openapi/lefi-bestallning{smottagare,sleverantor}-v10.yaml, every BESVARAD answer must
// equal the v9 answer for the same query, and every answered person is audited once.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/massfraga.test.mjs      (or: ctest -R e2e_massfraga)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { personnummer, queryPath, shiftDate, sql, startEnvironment } from './lib/harness.mjs';
import { loadContract } from './lib/contract.mjs';
import { assertMatchesContract as assertMatchesV9 } from './lib/contract.mjs';

const mottagare = loadContract('lefi-bestallningsmottagare-v10.yaml');
const leverantor = loadContract('lefi-bestallningsleverantor-v10.yaml');

const AKTOR = 'MASSFRAGA-SMOKE';
const MOTTAGARE =
  '/rest/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/lefi-extern-bestallningsmottagare/v10/aktorer';
const LEVERANTOR =
  '/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/lefi-extern-bestallningsleverantor/v10/aktorer';
const TYPES = ['PERSONUPPGIFTER', 'SJUKPENNING', 'UTBETALNING'];
const JSON_HEADERS = { 'Content-Type': 'application/json' };

let env;

before(async () => {
  env = await startEnvironment({ persons: 50 });
});

after(async () => {
  await env?.cleanup();
});

/** A request to the test server whose answer must match `contract`. */
async function call(contract, options) {
  const res = await env.request({ server: 'test', ...options });
  contract.assertResponseMatchesContract(options.path, options.method ?? 'GET', res);
  return res;
}

test('an order is accepted, answered, paged out and acknowledged as the contracts say', async () => {
  const fromDatum = shiftDate(env.today, { years: -1 });
  const tomDatum = env.today;
  const catalogue = env.catalogue.slice(0, 3).map((p) => p.personnummer);
  const unknown = personnummer('19700101', '001'); // the generator's serials are 980–997
  const hyphenated = `${catalogue[0].slice(0, 8)}-${catalogue[0].slice(8)}`;
  const personer = [...catalogue, unknown, '20170101239', hyphenated];
  const order = { klientreferens: 'SMOKE-1', informationstyper: TYPES, fromDatum, tomDatum, personer };

  // Submit: 202 with Location, then the same klientreferens again: 200, the same order.
  const submitPath = `${MOTTAGARE}/${AKTOR}/bestallningar`;
  const created = await call(mottagare, { path: submitPath, method: 'POST', headers: JSON_HEADERS, body: order });
  assert.equal(created.status, 202, created.body);
  const id = created.json.bestallningsId;
  const orderPath = `${LEVERANTOR}/${AKTOR}/bestallningar/${id}`;
  assert.equal(created.headers.location, orderPath);
  assert.deepEqual(created.json.antal, { totalt: 6, giltiga: 5, ogiltiga: 1 });
  assert.deepEqual(created.json.ogiltiga.map((o) => [o.rad, o.personnummer, o.felkod]),
    [[5, '20170101239', 'OGILTIGT_PERSONNUMMER']]);
  const again = await call(mottagare, { path: submitPath, method: 'POST', headers: JSON_HEADERS, body: order });
  assert.equal(again.status, 200, again.body);
  assert.equal(again.json.bestallningsId, id);

  // Refusals the contract documents.
  const noType = await call(mottagare, { path: submitPath, method: 'POST', body: order });
  assert.equal(noType.status, 415);
  const empty = await call(mottagare, { path: submitPath, method: 'POST', headers: JSON_HEADERS, body: { ...order, klientreferens: undefined, personer: [] } });
  assert.equal(empty.json.felkod, 'OGILTIG_FRAGA');
  const unknownOrder = await call(leverantor, { path: `${LEVERANTOR}/${AKTOR}/bestallningar/B-0000000000000000` });
  assert.equal(unknownOrder.status, 404);
  const otherActor = await call(leverantor, { path: `${LEVERANTOR}/ANNAN-AKTOR/bestallningar/${id}` });
  assert.equal(otherActor.status, 404);
  const badPage = await call(leverantor, { path: `${orderPath}/svar?antal=0` });
  assert.equal(badPage.status, 400);

  // Status until KLAR.
  let status;
  const deadline = Date.now() + 60_000;
  for (;;) {
    status = await call(leverantor, { path: orderPath });
    assert.equal(status.status, 200, status.body);
    if (status.json.status === 'KLAR') break;
    assert.ok(Date.now() < deadline, `not KLAR within 60 s: ${status.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(status.json.antal, { totalt: 6, giltiga: 5, ogiltiga: 1, besvarade: 5, aterstar: 0, kvitterade: 0 });
  assert.ok(status.json.klar);

  // Every page, two lines at a time.
  const lines = [];
  let efterRad = 0;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 10, 'paging does not end');
    const page = await call(leverantor, { path: `${orderPath}/svar?efterRad=${efterRad}&antal=2` });
    assert.equal(page.status, 200, page.body);
    lines.push(...page.json.svar);
    efterRad = page.json.nastaEfterRad;
    if (page.json.slut) break;
  }
  assert.deepEqual(lines.map((l) => l.rad), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lines.map((l) => l.status), ['BESVARAD', 'BESVARAD', 'BESVARAD', 'BESVARAD', 'OGILTIG', 'BESVARAD']);
  assert.equal(lines[3].utfall, 'PERSON_SAKNAS');
  assert.ok(lines[3].svar.meddelanden.some((m) => m.kod === 'PERSON_SAKNAS'));
  assert.equal(lines[5].personnummer, catalogue[0], 'the hyphenated line is answered in the 12-digit form');

  // Each answer is the v9 answer for the same query, apart from its transaction and time.
  const strip = ({ transaktionsId, tidpunkt, ...rest }) => rest;
  for (const line of lines.filter((l) => l.status === 'BESVARAD')) {
    const fraga = { personnummer: line.personnummer, informationstyper: TYPES, fromDatum, tomDatum };
    const sync = await env.request({ server: 'test', path: queryPath(AKTOR), method: 'POST', headers: JSON_HEADERS, body: fraga });
    assertMatchesV9(queryPath(AKTOR), 'POST', sync.status, sync.body, sync.headers['content-type'], sync.headers);
    assert.deepEqual(strip(line.svar), strip(sync.json), `rad ${line.rad}`);
  }

  // Acknowledge everything.
  const kvittens = await call(leverantor, { path: `${orderPath}/kvittens`, method: 'POST', headers: JSON_HEADERS, body: { tomRad: 6 } });
  assert.equal(kvittens.status, 200, kvittens.body);
  assert.deepEqual(kvittens.json, { bestallningsId: id, kvitteradeNu: 6, kvitterade: 6 });
  const done = await call(leverantor, { path: orderPath });
  assert.equal(done.json.antal.kvitterade, 6);

  // Audited once per answered line, as the v10 service.
  const audited = sql(env.db.test,
    "SELECT personnummer, count(*) FROM audit_logg WHERE tjanst = 'LEFI.BESTALLNING.V10' GROUP BY personnummer ORDER BY personnummer;")
    .split('\n').map((row) => row.split('|'));
  const expected = [...new Set([...catalogue, unknown])].sort().map((p) => [p, p === catalogue[0] ? '2' : '1']);
  assert.deepEqual(audited, expected);
});
