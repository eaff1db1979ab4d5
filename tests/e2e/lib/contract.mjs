// Validates real HTTP answers against the published OpenAPI contract
// (contracts/openapi/lefi-formansinformation-v9.yaml by default, any contract file through
// loadContract(file); OpenAPI 3.1 = JSON Schema 2020-12).
//
//   assertMatchesContract(path, method, status, body, contentType, headers?)
//
// finds the operation for the request path (server prefixes such as /rest are honoured), its
// response for `status` and the media type of `contentType`, and validates the body with ajv.
// A status that the operation does not document fails. A path the contract does not know must
// be answered with components/responses/ResursSaknas (404), a method it does not know with
// components/responses/MetodEjTillaten (405), as the contract's description says.

import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

import { ROOT } from './harness.mjs';

const CONTRACT_DIR = path.join(ROOT, 'contracts/openapi');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
// OpenAPI keywords that may sit beside JSON Schema keywords.
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);

/** The ajv id of one contract file's components/schemas bundle. */
function schemasId(file) {
  return `https://utbyte.contract/${file}/schemas`;
}

const bundled = new Set();
/**
 * Adds `file`'s components/schemas to ajv (once), and those of every contract file it refers to
 * with a relative ref such as './lefi-formansinformation-v9.yaml#/components/schemas/X'.
 */
function bundle(file, parsed) {
  if (bundled.has(file)) return;
  bundled.add(file);
  const doc = parsed ?? YAML.parse(fs.readFileSync(path.join(CONTRACT_DIR, file), 'utf8'));
  ajv.addSchema({ $id: schemasId(file), $defs: rewriteRefs(doc.components?.schemas ?? {}, file) });
}

/** Deep copy with every schema ref (local or to another contract file) pointed at its bundle. */
function rewriteRefs(node, file) {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, file));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      const external = k === '$ref' && typeof v === 'string' && /^\.\/([^#/]+)#\/components\/schemas\/(.+)$/.exec(v);
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out[k] = `${schemasId(file)}#/$defs/${v.slice('#/components/schemas/'.length)}`;
      } else if (external) {
        bundle(external[1]);
        out[k] = `${schemasId(external[1])}#/$defs/${external[2]}`;
      } else {
        out[k] = rewriteRefs(v, file);
      }
    }
    return out;
  }
  return node;
}

const loaded = new Map();

/**
 * The checks of this module for any contract file of contracts/openapi, by file name, e.g.
 * loadContract('lefi-bestallningsleverantor-v10.yaml'): {contract, findOperation,
 * contractResponse, assertMatchesContract, assertResponseMatchesContract}.
 */
export function loadContract(file) {
  if (!loaded.has(file)) loaded.set(file, makeContract(file));
  return loaded.get(file);
}

function makeContract(file) {
  const contract = YAML.parse(fs.readFileSync(path.join(CONTRACT_DIR, file), 'utf8'));
  bundle(file, contract);

  function resolve(obj) {
    let o = obj;
    while (o && o.$ref) {
      const parts = o.$ref.replace(/^#\//, '').split('/');
      o = parts.reduce((acc, p) => acc?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], contract);
      if (!o) throw new Error(`unresolvable ref ${obj.$ref}`);
    }
    return o;
  }

  function serverPrefix(pathItem) {
    const servers = pathItem.servers ?? contract.servers ?? [{ url: '/' }];
    const url = servers[0].url;
    const pathname = /^https?:/.test(url) ? new URL(url).pathname : url;
    return pathname.replace(/\/$/, '');
  }

  // [{template, regex, pathItem}] for every contract path, full (server prefix included).
  const routes = Object.entries(contract.paths ?? {}).map(([template, pathItem]) => {
    const full = serverPrefix(pathItem) + template;
    const source = full
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    return { template, full, regex: new RegExp(`^${source}$`), pathItem };
  });

  /** The contract's operation for a request, or {missing: 'path'|'method'}. */
  function findOperation(requestPath, method) {
    const p = requestPath.split('?')[0];
    const route = routes.find((r) => r.regex.test(p));
    if (!route) return { missing: 'path' };
    const op = route.pathItem[method.toLowerCase()];
    if (!op) return { missing: 'method', route };
    return { route, op };
  }

  function baseType(ct) {
    return (ct ?? '').split(';')[0].trim().toLowerCase();
  }

  function params(ct) {
    return Object.fromEntries(
      (ct ?? '')
        .split(';')
        .slice(1)
        .map((s) => s.trim().toLowerCase().split('=').map((x) => x.trim().replace(/^"|"$/g, '')))
        .filter((kv) => kv[0]),
    );
  }

  /** The media-type entry of `content` that `contentType` satisfies (base type equal, key's parameters present). */
  function matchMediaType(content, contentType) {
    for (const key of Object.keys(content ?? {})) {
      if (baseType(key) !== baseType(contentType)) continue;
      const want = params(key);
      const have = params(contentType);
      if (Object.entries(want).every(([k, v]) => have[k] === v)) return key;
    }
    return undefined;
  }

  const compiled = new Map();
  function validatorFor(cacheKey, schema) {
    if (!compiled.has(cacheKey)) compiled.set(cacheKey, ajv.compile(rewriteRefs(schema, file)));
    return compiled.get(cacheKey);
  }

  /** The response object (resolved) the contract gives for this request and status. */
  function contractResponse(requestPath, method, status) {
    const found = findOperation(requestPath, method);
    if (found.missing === 'path') {
      assert.equal(status, 404, `${method} ${requestPath}: path not in the contract, so the answer must be 404, got ${status}`);
      return { key: 'components/responses/ResursSaknas', response: resolve({ $ref: '#/components/responses/ResursSaknas' }) };
    }
    if (found.missing === 'method') {
      assert.equal(status, 405, `${method} ${requestPath}: method not in the contract, so the answer must be 405, got ${status}`);
      return { key: 'components/responses/MetodEjTillaten', response: resolve({ $ref: '#/components/responses/MetodEjTillaten' }) };
    }
    const responses = found.op.responses ?? {};
    const raw = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    assert.ok(raw, `${method} ${found.route.template}: status ${status} is not documented in the contract ` +
      `(documented: ${Object.keys(responses).join(', ')})`);
    return { key: `${method.toLowerCase()} ${found.route.template} ${status}`, response: resolve(raw) };
  }

  /**
   * Asserts that an HTTP answer matches the contract. `body` is the raw text (or already-parsed JSON);
   * `headers` (optional, node's lower-cased header object) are checked for the required headers the
   * response declares (e.g. X-Transaktions-Id, Allow).
   */
  function assertMatchesContract(requestPath, method, status, body, contentType, headers) {
    const { key, response } = contractResponse(requestPath, method, status);
    const ctx = `${method} ${requestPath} → ${status}`;

    if (!response.content) {
      assert.ok(body === undefined || body === '' || body === null, `${ctx}: the contract documents no body, got ${String(body).slice(0, 200)}`);
    } else {
      assert.ok(contentType, `${ctx}: no Content-Type, contract expects one of ${Object.keys(response.content).join(', ')}`);
      const media = matchMediaType(response.content, contentType);
      assert.ok(media, `${ctx}: Content-Type "${contentType}" is not one of ${Object.keys(response.content).join(', ')}`);
      const schema = response.content[media].schema;
      if (schema) {
        let value = body;
        if (baseType(media) === 'application/json' && typeof body === 'string') {
          try {
            value = JSON.parse(body);
          } catch (err) {
            assert.fail(`${ctx}: body is not JSON (${err.message}): ${body.slice(0, 200)}`);
          }
        }
        const validate = validatorFor(`${key} ${media}`, schema);
        if (!validate(value)) {
          assert.fail(`${ctx}: body does not match the contract (${key}, ${media}):\n` +
            `${ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${JSON.stringify(value).slice(0, 2000)}`);
        }
      }
    }

    if (headers) {
      for (const [name, def] of Object.entries(response.headers ?? {})) {
        const h = resolve(def);
        const value = headers[name.toLowerCase()];
        if (h.required) assert.ok(value !== undefined, `${ctx}: required header ${name} is missing`);
        if (value !== undefined && h.schema) {
          const schema = { ...h.schema };
          let v = value;
          if (schema.type === 'integer' || schema.type === 'number') v = Number(value);
          const validate = validatorFor(`header ${key} ${name}`, schema);
          assert.ok(validate(v), `${ctx}: header ${name}: ${value} does not match ${JSON.stringify(h.schema)}`);
        }
      }
    }
  }

  /** Shorthand for a response object from harness.request(). */
  function assertResponseMatchesContract(requestPath, method, res) {
    assertMatchesContract(requestPath, method, res.status, res.body, res.headers['content-type'], res.headers);
  }

  return { contract, findOperation, contractResponse, assertMatchesContract, assertResponseMatchesContract };
}

// The LEFI Online v9 contract, as this module has always exported it.
export const CONTRACT_FILE = path.join(CONTRACT_DIR, 'lefi-formansinformation-v9.yaml');
const v9 = loadContract('lefi-formansinformation-v9.yaml');
export const contract = v9.contract;
export const findOperation = v9.findOperation;
export const contractResponse = v9.contractResponse;
export const assertMatchesContract = v9.assertMatchesContract;
export const assertResponseMatchesContract = v9.assertResponseMatchesContract;
