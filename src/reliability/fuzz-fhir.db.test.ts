import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser } from '../modules/accounts/index.js';
import { createResident, createStation } from '../test-support/fixtures.js';
import { signIn, testApp, TEST_PASSWORD, type TestApp } from '../test-support/server.js';
import { hostileValue, NASTY_STRINGS } from './arbitraries.js';

/**
 * Property-based fuzzing of the FHIR API at /fhir, which the route-table fuzz (fuzz.db.test.ts) cannot
 * reach: its routes take any path and body (a FHIR server answers every type and id itself), so there
 * is no zod schema to draw from. Drawn here instead: every served resource type and some that are not,
 * ids of every shape, resources built from valid ones with elements of the wrong type, unknown elements,
 * huge strings and unicode, bad search parameters and values, Bundles of such entries, and the bulk
 * export's kick-off, status and files. Sent by a system administrator and by a commune clinician.
 * Properties: no answer is a 5xx; every 4xx is an OperationOutcome (`application/fhir+json`) with at
 * least one issue. YTCS_FUZZ_RUNS cases per property (default 40), YTCS_FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.YTCS_FUZZ_RUNS ?? 40);
const SEED =
  process.env.YTCS_FUZZ_SEED === 'random'
    ? Date.now() % 2 ** 31
    : Number(process.env.YTCS_FUZZ_SEED ?? 20261205);

let t: TestApp;
const tokens: string[] = [];
let patient: string;

beforeAll(async () => {
  t = await testApp();
  await createUser(t.db.orm, null, {
    username: 'ff.admin',
    displayName: 'ff',
    role: 'system_admin',
    unitCode: 'VN',
    password: TEST_PASSWORD,
  });
  await createUser(t.db.orm, null, {
    username: 'ff.doctor',
    displayName: 'ff',
    role: 'clinician',
    unitCode: '06862',
    password: TEST_PASSWORD,
  });
  tokens.push((await createApiToken(t.db.orm, 'ff.admin', 'fuzz')).token);
  tokens.push((await createApiToken(t.db.orm, 'ff.doctor', 'fuzz')).token);
  const admin = await signIn(t.app, 'ff.admin', TEST_PASSWORD);
  await createStation(admin, '06862');
  patient = await createResident(admin, 'Phạm Văn Mờ', '1980-05-05', '06862');
  const cs = (await t.app.inject({ method: 'GET', url: '/fhir/metadata' })).json();
  TYPES.push(...cs.rest[0].resource.map((r: { type: string }) => r.type));
});
afterAll(async () => t?.close());

/** The served types, as the CapabilityStatement lists them (read in beforeAll). */
const TYPES: string[] = [];

const typeArb = fc.oneof(
  // Drawn when the case is (TYPES is filled once the server answers).
  { weight: 6, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...TYPES)) },
  { weight: 1, arbitrary: fc.constantFrom('Foo', 'patient', 'Bundle', 'OperationOutcome', 'metadata', '') },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
);

const idArb = fc.oneof(
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constant('PATIENT') },
  { weight: 1, arbitrary: fc.uuid().map((u) => `${u}.bp`) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => s.slice(0, 200)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 400 }).map((n) => 'x'.repeat(n)) },
);

/** Valid-looking resources of the served types, to be broken below. */
function baseOf(type: string): Record<string, unknown> {
  switch (type) {
    case 'Patient':
      return {
        resourceType: 'Patient',
        name: [{ family: 'Lê', given: ['Văn', 'Fuzz'] }],
        gender: 'male',
        birthDate: '1990-01-01',
        address: [
          { extension: [{ url: 'https://ytcs.vn/fhir/StructureDefinition/admin-unit', valueCode: '06862' }] },
        ],
      };
    case 'Encounter':
      return {
        resourceType: 'Encounter',
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: `Patient/${patient}` },
        period: { start: '2025-11-10' },
      };
    case 'Observation':
      return {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: `Patient/${patient}` },
        valueQuantity: { value: 80, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      };
    default:
      return { resourceType: type };
  }
}

/** A path into a resource: a known element or a made-up one, maybe nested. */
const keyArb = fc.oneof(
  fc.constantFrom(
    'name',
    'gender',
    'birthDate',
    'status',
    'subject',
    'identifier',
    'address',
    'telecom',
    'code',
  ),
  fc.constantFrom('period', 'valueQuantity', 'class', 'extension', 'meta', 'id', 'resourceType', 'contained'),
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom(...NASTY_STRINGS).filter((s) => s !== '__proto__' && s.length > 0),
);

const resourceArb = fc
  .tuple(typeArb, fc.array(fc.tuple(keyArb, hostileValue), { maxLength: 3 }), fc.boolean())
  .map(([type, changes, nest]) => {
    const r: Record<string, unknown> = baseOf(type || 'Patient');
    for (const [k, v] of changes) {
      if (k === '__proto__' || k === 'constructor') continue;
      if (nest && Array.isArray(r.name)) (r.name as Record<string, unknown>[])[0]![k] = v;
      else r[k] = v;
    }
    return r;
  });

const searchArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'name',
      'identifier',
      'birthdate',
      'gender',
      'patient',
      'subject',
      'date',
      'code',
      'status',
    ),
    fc.constantFrom(
      '_count',
      '_offset',
      '_summary',
      '_include',
      '_revinclude',
      '_lastUpdated',
      '_type',
      '_since',
    ),
    fc.constantFrom('_outputFormat', 'member', 'active', 'name:exact', 'foo', '_sort', '_elements'),
  ),
  fc.oneof(
    fc.constantFrom(
      '-1',
      'abc',
      '1e9',
      '0',
      '101',
      'ge2020-13-45',
      'xx2020',
      'lt',
      'count',
      'Encounter:patient',
    ),
    fc.constantFrom('Foo:bar', '|', '||', 'http://x|', 'Patient/', `Patient/${'9'.repeat(70)}`, 'true', ''),
    fc.constantFrom(...NASTY_STRINGS).map((s) => s.slice(0, 300)),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  ),
  { maxKeys: 4 },
);

/** Encodes a path segment as a client would, lone surrogates included (their bytes, not an exception). */
function segment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((c) => (c.length === 1 && /[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)))
      .join('');
  }
}

function queryOf(q: Record<string, string>): string {
  const parts = Object.entries(q).map(([k, v]) => `${segment(k)}=${segment(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  body?: string;
  contentType?: string;
  prefer?: string;
  token: number;
}

const requestArb: fc.Arbitrary<Case> = fc.oneof(
  // Reads, versions, histories, $everything.
  fc
    .tuple(
      typeArb,
      idArb,
      fc.constantFrom('', '/_history', '/_history/1', '/_history/x', '/$everything', '/$export'),
      fc.integer({ min: 0, max: 1 }),
    )
    .map(([type, id, tail, token]) => ({
      method: 'GET' as const,
      url: `/fhir/${segment(type)}/${segment(id)}${tail}`,
      token,
    })),
  // Searches (GET and POST _search), lenient and strict.
  fc
    .tuple(typeArb, searchArb, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1 }))
    .map(([type, q, post, strict, token]) => ({
      method: post ? ('POST' as const) : ('GET' as const),
      url: `/fhir/${segment(type)}${post ? '/_search' : ''}${queryOf(q)}`,
      ...(strict ? { prefer: 'handling=strict' } : {}),
      token,
    })),
  // Creates and updates of broken resources, as FHIR JSON or not JSON at all.
  fc
    .tuple(
      resourceArb,
      idArb,
      fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
      fc.constantFrom('application/fhir+json', 'application/json', 'application/json+fhir'),
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '"x"', '{"resourceType":') },
      ),
      fc.constantFrom('return=representation', 'return=OperationOutcome', 'return=minimal', ''),
      fc.integer({ min: 0, max: 1 }),
    )
    .map(([r, id, method, contentType, raw, prefer, token]) => ({
      method: method as Case['method'],
      url: `/fhir/${segment(String(r.resourceType ?? 'Patient'))}${method === 'POST' ? '' : `/${segment(id)}`}`,
      body: raw ?? JSON.stringify(r),
      contentType,
      prefer,
      token,
    })),
  // Bundles of such entries.
  fc
    .tuple(
      fc.constantFrom('batch', 'transaction', 'collection', 'searchset', 7 as unknown as string),
      fc.array(
        fc.tuple(
          resourceArb,
          fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'HEAD', 'x'),
          idArb,
          fc.option(fc.uuid()),
        ),
        { maxLength: 4 },
      ),
      fc.integer({ min: 0, max: 1 }),
    )
    .map(([type, entries, token]) => ({
      method: 'POST' as const,
      url: '/fhir',
      body: JSON.stringify({
        resourceType: 'Bundle',
        type,
        entry: entries.map(([r, method, id, full]) => ({
          ...(full ? { fullUrl: `urn:uuid:${full}` } : {}),
          resource: r,
          request: {
            method,
            url: method === 'POST' ? String(r.resourceType) : `${String(r.resourceType)}/${id}`,
          },
        })),
      }),
      contentType: 'application/fhir+json',
      token,
    })),
  // The bulk export: kick-offs with bad parameters, status and files of any id.
  fc
    .tuple(
      fc.constantFrom('/fhir/$export', '/fhir/Patient/$export', `/fhir/Group/`),
      idArb,
      searchArb,
      fc.boolean(),
      fc.integer({ min: 0, max: 1 }),
    )
    .map(([path, id, q, async, token]) => ({
      method: 'GET' as const,
      url: `${path.endsWith('/') ? `${path}${segment(id)}/$export` : path}${queryOf(q)}`,
      ...(async ? { prefer: 'respond-async' } : {}),
      token,
    })),
  fc
    .tuple(
      idArb,
      fc.constantFrom('GET', 'DELETE'),
      fc.oneof(
        fc.constant(''),
        idArb.map((x) => `/${segment(x)}`),
      ),
    )
    .map(([id, method, file]) => ({
      method: method as Case['method'],
      url: file ? `/fhir/bulk-files/${segment(id)}${file}` : `/fhir/bulk-status/${segment(id)}`,
      token: 0,
    })),
);

async function send(c: Case) {
  return t.app.inject({
    method: c.method,
    url: c.url,
    headers: {
      authorization: `Bearer ${tokens[c.token]}`,
      accept: 'application/fhir+json',
      ...(c.body !== undefined ? { 'content-type': c.contentType ?? 'application/fhir+json' } : {}),
      ...(c.prefer ? { prefer: c.prefer } : {}),
    },
    ...(c.body !== undefined ? { payload: c.body } : {}),
  });
}

describe('fuzz: /fhir', () => {
  it(
    'answers every drawn request without a 5xx, and every 4xx with an OperationOutcome',
    { timeout: 900_000 },
    async () => {
      const wrong: string[] = [];
      await fc
        .assert(
          fc.asyncProperty(requestArb, async (c) => {
            const res = await send(c);
            const where = `${c.method} ${c.url.slice(0, 200)} ${c.body?.slice(0, 300) ?? ''}`;
            if (res.statusCode >= 500) {
              wrong.push(`${res.statusCode} ${where}: ${res.body.slice(0, 300)}`);
              return false;
            }
            if (res.statusCode >= 400) {
              const type = String(res.headers['content-type']);
              let body: { resourceType?: string; issue?: unknown[] } = {};
              try {
                body = JSON.parse(res.body) as typeof body;
              } catch {
                /* not JSON */
              }
              if (
                !type.startsWith('application/fhir+json') ||
                body.resourceType !== 'OperationOutcome' ||
                !body.issue?.length
              ) {
                wrong.push(
                  `${res.statusCode} not an OperationOutcome (${type}) ${where}: ${res.body.slice(0, 200)}`,
                );
                return false;
              }
            }
            return true;
          }),
          { numRuns: RUNS * 10, seed: SEED, endOnFailure: true },
        )
        .catch((err: Error) => {
          throw new Error(`${wrong.join('\n')}\n${err.message.split('\n').slice(0, 8).join('\n')}`);
        });
      expect(wrong).toEqual([]);
    },
  );
});
