// API versions, end to end, on servers whose clocks stand at chosen instants (--fake-time):
// v9 as a preview in the test environment before its release (production refuses it), LEFI v8
// (the previous major) beside v9 with its deprecation headers (RFC 9745 Deprecation, RFC 8594
// Sunset, Link rel="successor-version"), and 410 VERSIONEN_UPPHORD after v8's end of life, which
// is today. v8 answers are validated against contracts/openapi/lefi-formansinformation-v8.yaml,
// v9 answers against the v9 contract.
//
//   UTBYTE_BIN=build/utbyte node --test tests/e2e/versions.test.mjs      (or: ctest -R e2e_versions)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

import { ROOT, queryPath, shiftDate, sql, startEnvironment } from './lib/harness.mjs';
import { assertMatchesContract as assertMatchesV9Contract } from './lib/contract.mjs';

// ---------------------------------------------------------------------------------------------
// The registry's dates (src/platform/versions.cc, VersionRegistry::standard()).

const V9_IN_TEST = Date.parse('2025-02-10T00:00:00+01:00'); // the test environment serves v9 from here
const V9_RELEASED = Date.parse('2025-03-10T00:00:00+01:00'); // v8 deprecated from here
const V8_END_OF_LIFE = Date.parse('2026-03-10T00:00:00+01:00'); // v8 gone from here
const BEFORE_TEST = '2025-02-05T10:00:00+01:00'; // v9 not even in the test environment
const PREVIEW = '2025-02-20T10:00:00+01:00'; // v9 in the test environment only
const DEPRECATED = '2026-03-02T10:00:00+01:00'; // v8 in its last weeks

const EXPECTED_DEPRECATION = `@${V9_RELEASED / 1000}`; // @1741561200
const EXPECTED_SUNSET = 'Mon, 09 Mar 2026 23:00:00 GMT';
const EXPECTED_LINK =
  '</rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/>; rel="successor-version"';

const V8_PATH_PREFIX = '/rest/FK.EXI.LevereraFormansinformation.V8/lefi-extern-formansinformation/v8/aktorer';
const v8Path = (aktorsId) => `${V8_PATH_PREFIX}/${aktorsId}/formansinformation/fraga`;

// ---------------------------------------------------------------------------------------------
// The v8 contract. lib/contract.mjs is bound to the v9 file; this is the same method (ajv over
// the contract's schemas, required headers checked) for the v8 file, for the v8 path only.

const V8_CONTRACT = YAML.parse(fs.readFileSync(path.join(ROOT, 'contracts/openapi/lefi-formansinformation-v8.yaml'), 'utf8'));
const V8_SCHEMAS_ID = 'https://utbyte.contract/lefi-v8/schemas';
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);

function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) =>
      (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? [k, `${V8_SCHEMAS_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`]
        : [k, rewriteRefs(v)])));
  }
  return node;
}
ajv.addSchema({ $id: V8_SCHEMAS_ID, $defs: rewriteRefs(V8_CONTRACT.components.schemas) });

function resolveV8(obj) {
  let o = obj;
  while (o?.$ref) o = o.$ref.replace(/^#\//, '').split('/').reduce((acc, p) => acc?.[p], V8_CONTRACT);
  assert.ok(o, `unresolvable ref ${obj?.$ref}`);
  return o;
}

const V8_OPERATION = (() => {
  const [template, item] = Object.entries(V8_CONTRACT.paths).find(([p]) => p.includes('/v8/'));
  assert.equal(`/rest${template}`, v8Path('{aktorsId}'), 'the v8 contract path is the served path');
  return item.post;
})();

/** Asserts that a POST answer on the v8 query path matches the v8 contract (body and headers). */
function assertMatchesV8Contract(res) {
  const ctx = `POST v8 → ${res.status}`;
  const raw = V8_OPERATION.responses[String(res.status)];
  assert.ok(raw, `${ctx}: status not documented in the v8 contract (${Object.keys(V8_OPERATION.responses).join(', ')})`);
  const response = resolveV8(raw);
  const media = response.content['application/json'];
  assert.match(res.headers['content-type'] ?? '', /^application\/json/i, `${ctx}: Content-Type`);
  const validate = ajv.compile(rewriteRefs(media.schema));
  assert.ok(validate(JSON.parse(res.body)),
    `${ctx}: body does not match the v8 contract:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${res.body.slice(0, 2000)}`);
  for (const [name, def] of Object.entries(response.headers ?? {})) {
    const h = resolveV8(def);
    const value = res.headers[name.toLowerCase()];
    if (h.required) assert.ok(value !== undefined, `${ctx}: required header ${name} is missing`);
    if (value !== undefined && h.schema) {
      assert.ok(ajv.validate(h.schema, value), `${ctx}: header ${name}: ${value} does not match ${JSON.stringify(h.schema)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

let env;
let person;
let query;

before(async () => {
  env = await startEnvironment({ extraServers: {
    beforeTest: ['--fake-time', BEFORE_TEST],
    preview: ['--fake-time', PREVIEW],
    deprecated: ['--fake-time', DEPRECATED],
  } });
  person = env.catalogue.find((p) => p.provar.includes('SJUKPENNING'));
  assert.ok(person, 'the catalogue has a sjukpenning person');
  // tomDatum at most a year after the servers' clocks (LEFI's limit).
  const tom = env.today < '2027-03-01' ? env.today : '2027-03-01';
  query = {
    personnummer: person.personnummer,
    informationstyper: ['SJUKPENNING', 'UTBETALNING', 'PERSONUPPGIFTER'],
    fromDatum: shiftDate(tom, { months: -24 }),
    tomDatum: tom,
  };
});

after(async () => {
  if (env) await env.cleanup();
});

function post(server, p, body = query, headers = { 'Content-Type': 'application/json' }) {
  return env.request({ server, method: 'POST', path: p, headers, body });
}

async function v8(server = 'test', opts = {}) {
  const res = await post(server, v8Path(opts.aktorsId ?? 'E2E-VERSIONER'), opts.body, opts.headers);
  assertMatchesV8Contract(res);
  return res;
}

async function v9(server = 'test') {
  const p = queryPath('E2E-VERSIONER');
  const res = await post(server, p);
  assertMatchesV9Contract(p, 'POST', res.status, res.body, res.headers['content-type'], res.headers);
  return res;
}

function auditTjanst(db, transaktionsId) {
  return sql(db, `SELECT tjanst FROM audit_logg WHERE transaktions_id = '${transaktionsId}';`);
}

test('the registry dates: v9 in test four weeks before its release, v8 gone a year after it', () => {
  assert.equal(V9_RELEASED - V9_IN_TEST, 28 * 24 * 3600 * 1000);
  assert.equal(new Date(EXPECTED_SUNSET).getTime(), V8_END_OF_LIFE, 'Sunset is 2026-03-10 00:00 Stockholm time');
  assert.ok(Date.parse(PREVIEW) > V9_IN_TEST && Date.parse(PREVIEW) < V9_RELEASED);
  assert.ok(Date.parse(DEPRECATED) > V9_RELEASED && Date.parse(DEPRECATED) < V8_END_OF_LIFE);
});

describe(`before v9's release (--fake-time ${PREVIEW}): a preview in the test environment`, () => {
  // The query's dates must lie within a year of the server's clock.
  const early = () => ({ ...query, fromDatum: '2024-02-21', tomDatum: '2025-02-20' });

  test('test mode serves the coming v9; v8 is current, without deprecation headers', async () => {
    const p = queryPath('E2E-FORHAND');
    const res = await post('preview', p, early());
    assertMatchesV9Contract(p, 'POST', res.status, res.body, res.headers['content-type'], res.headers);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.version, '9.0.2');
    const old = await v8('preview', { body: early() });
    assert.equal(old.status, 200, old.body);
    assert.equal(old.headers.deprecation, undefined, 'the preview does not start v8\'s deprecation');
    assert.equal(old.headers.sunset, undefined);
  });

  test('before its test date v9 is refused with 410, naming its release and the current version', async () => {
    const p = queryPath('E2E-FORHAND');
    const res = await post('beforeTest', p, early());
    assertMatchesV9Contract(p, 'POST', res.status, res.body, res.headers['content-type'], res.headers);
    assert.equal(res.status, 410, res.body);
    assert.equal(res.json.felkod, 'VERSIONEN_UPPHORD');
    assert.match(res.json.felmeddelande, /inte släppt.*2025-03-10.*8\.3\.1/);
    assert.equal(auditTjanst(env.db.beforeTest, res.json.transaktionsId), '', 'nothing audited');
  });

  // Production refuses v9 until its release day in the same way; a production server cannot be
  // started at another time (--fake-time is test mode only), so that is shown by
  // tests/platform/versions_test.cc (TheTestEnvironmentServesTheComingMajorFromItsTestDate).
});

describe(`v8 deprecated, v9 current (--fake-time ${DEPRECATED})`, () => {
  test('v8 answers 200 in the v8 shape with Deprecation, Sunset and Link', async () => {
    const res = await v8('deprecated');
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers.deprecation, EXPECTED_DEPRECATION);
    assert.equal(res.headers.sunset, EXPECTED_SUNSET);
    assert.equal(res.headers.link, EXPECTED_LINK);

    const svar = res.json;
    assert.equal(svar.version, '8.3.1');
    assert.equal(svar.transaktionsId, res.headers['x-transaktions-id']);
    assert.equal(svar.fraga, undefined, 'v8 does not echo the query');
    assert.equal(svar.syntetiskaUppgifter, undefined, 'v8 has no syntetiskaUppgifter flag');
    assert.ok(svar.meddelanden.some((m) => m.kod === 'SYNTETISKA_UPPGIFTER'), 'the synthetic register is still announced');
    assert.equal(svar.personuppgifter.personnummer, person.personnummer);
    assert.ok(svar.formaner.some((f) => f.informationstyp === 'SJUKPENNING'));
    assert.ok(svar.utbetalningar.length > 0, 'the sjukpenning person has payments');
    for (const u of svar.utbetalningar) {
      assert.equal(u.utbetalningsId, undefined);
      assert.equal(u.myndighet, undefined);
    }
    assert.equal(auditTjanst(env.db.deprecated, svar.transaktionsId), 'LEFI.FORMANSINFORMATION.V8');
  });

  test('v8 serves the same data as v9', async () => {
    const [old, cur] = [await v8('deprecated'), await v9('deprecated')];
    assert.equal(old.status, 200, old.body);
    assert.equal(cur.status, 200, cur.body);
    const { fraga, syntetiskaUppgifter, ...expected } = cur.json;
    assert.deepEqual(fraga, query);
    assert.equal(syntetiskaUppgifter, true);
    expected.version = '8.3.1';
    expected.utbetalningar = expected.utbetalningar.map(({ utbetalningsId, myndighet, ...u }) => u);
    expected.transaktionsId = old.json.transaktionsId;
    expected.tidpunkt = old.json.tidpunkt;
    assert.deepEqual(old.json, expected);
  });

  test('v8 errors carry the deprecation headers too and follow the v8 contract', async () => {
    const media = await v8('deprecated', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(media.status, 415, media.body);
    assert.equal(media.json.felkod, 'FEL_CONTENT_TYPE');
    assert.equal(media.headers.deprecation, EXPECTED_DEPRECATION);
    const bad = await v8('deprecated', { body: { ...query, personnummer: '201701012394' } });
    assert.equal(bad.status, 400, bad.body);
    assert.equal(bad.headers.sunset, EXPECTED_SUNSET);
  });

  test('v9 has no Deprecation, Sunset or Link header', async () => {
    const res = await v9('deprecated');
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.version, '9.0.2');
    assert.equal(res.headers.deprecation, undefined);
    assert.equal(res.headers.sunset, undefined);
    assert.equal(res.headers.link, undefined);
    assert.equal(auditTjanst(env.db.deprecated, res.json.transaktionsId), 'LEFI.FORMANSINFORMATION.V9');
  });
});

describe('today, after v8\'s end of life (2026-03-10): v9 only', () => {
  test('the real clock is past v8\'s end of life', () => {
    assert.ok(Date.now() >= V8_END_OF_LIFE);
  });

  test('v8 answers 410 VERSIONEN_UPPHORD naming 9.0.2, and discloses nothing', async () => {
    const res = await v8('test');
    assert.equal(res.status, 410, res.body);
    assert.equal(res.json.felkod, 'VERSIONEN_UPPHORD');
    assert.match(res.json.felmeddelande, /stöds inte sedan 2026-03-10.*9\.0\.2/);
    assert.deepEqual(Object.keys(res.json).sort(), ['felkod', 'felmeddelande', 'tidpunkt', 'transaktionsId']);
    assert.equal(res.json.transaktionsId, res.headers['x-transaktions-id']);
    assert.equal(res.headers.deprecation, undefined, 'a gone version is not "deprecated"');
    assert.equal(auditTjanst(env.db.test, res.json.transaktionsId), '', 'nothing audited: nothing disclosed');
  });

  test('v8 is gone whatever the request looks like, in production too', async () => {
    const res = await v8('test', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(res.status, 410, res.body);
    assert.equal(res.json.felkod, 'VERSIONEN_UPPHORD');
    const prod = await v8('prod', { aktorsId: 'KOMMUN-1' });
    assert.equal(prod.status, 410, prod.body);
  });

  test('v9 answers 200 without deprecation headers', async () => {
    const res = await v9('test');
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.version, '9.0.2');
    assert.equal(res.headers.deprecation, undefined);
    assert.equal(res.headers.sunset, undefined);
  });
});
