import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';
import { validationIssues } from './definitions.js';
import {
  ADDRESS_KIND_EXTENSION,
  ADMIN_UNIT_EXTENSION,
  ADMIN_UNIT_MAP_EXTENSION,
  UNIT_NAMES_AS_OF_EXTENSION,
} from './systems.js';

/**
 * Lê Thị Thu lives in the hamlet Khe Tiên of Tiên Yên (06862); her name is corrected (version 2),
 * then the hamlet is renamed Đồng Tiên. Her first version names the hamlet it recorded, and says that
 * the names shown are today's: the network module keeps one name per unit.
 */
let t: TestApp;
let admin: Session;
let token: string;
let thu: string;
let hamlet: string;

const fhir = (
  method: 'GET' | 'PUT',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  t.app.inject({
    method,
    url: `/fhir/${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'ph.admin', 'system_admin', 'VN');
  const h = await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Khe Tiên' });
  expect(h.statusCode, h.body).toBe(201);
  hamlet = h.json().code;
  const head = await userSession(t, 'ph.head', 'station_head', '06862');
  const hh = await head.request('POST', '/api/v1/households', {
    unitCode: hamlet,
    addressLine: 'Số 7',
    code: 'HK-KT',
    members: [{ fullName: 'Lê Thị Thu', sex: 'female', birthYear: 1980, relationToHead: 'head' }],
  });
  expect(hh.statusCode, hh.body).toBe(201);
  thu = hh.json().members[0].id;
  await userSession(t, 'ph.doctor', 'clinician', '06862');
  token = (await createApiToken(t.db.orm, 'ph.doctor', 'test')).token;
});
afterAll(async () => t?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources read back, checked field by field
type Res = Record<string, any>;
const ext = (address: Res, url: string) =>
  (address.extension as Res[]).find((e) => e.url === url) as Res | undefined;

describe('fhir: the units of a past Patient version', () => {
  it('names the unit the version recorded, on its map, with the names said to be today’s', async () => {
    const v1 = (await fhir('GET', `Patient/${thu}`)).json();
    expect(v1.address[0].district).toBe('Thôn Khe Tiên');
    const put = await fhir(
      'PUT',
      `Patient/${thu}`,
      { ...v1, name: [{ text: 'Lê Thị Thu Hà' }] },
      {
        'if-match': 'W/"1"',
      },
    );
    expect(put.statusCode, put.body).toBe(200);
    const renamed = await admin.request('PATCH', `/api/v1/hamlets/${hamlet}`, { name: 'Đồng Tiên' });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const history = (await fhir('GET', `Patient/${thu}/_history`)).json();
    const [current, past] = history.entry.map((e: Res) => e.resource) as [Res, Res];
    expect([current.meta.versionId, past.meta.versionId]).toEqual(['2', '1']);
    expect(past.name[0].text).toBe('Lê Thị Thu');
    for (const r of [current, past]) expect(validationIssues(r)).toEqual([]);
    // The current version: today's names, nothing more to say.
    expect(current.address[0].district).toBe('Thôn Đồng Tiên');
    expect(ext(current.address[0], UNIT_NAMES_AS_OF_EXTENSION)).toBeUndefined();
    // The past one: the unit it recorded (code and map); its name is today's, and it says so.
    expect(past.address[0].extension).toEqual([
      { url: ADMIN_UNIT_EXTENSION, valueCode: hamlet },
      { url: ADMIN_UNIT_MAP_EXTENSION, valueCode: 'post2025' },
      { url: ADDRESS_KIND_EXTENSION, valueCode: 'current' },
      { url: UNIT_NAMES_AS_OF_EXTENSION, valueDate: today() },
    ]);
    expect(past.address[0].district).toBe('Thôn Đồng Tiên');
    const vread = (await fhir('GET', `Patient/${thu}/_history/1`)).json();
    expect(ext(vread.address[0], UNIT_NAMES_AS_OF_EXTENSION)).toEqual({
      url: UNIT_NAMES_AS_OF_EXTENSION,
      valueDate: today(),
    });
    const read = (await fhir('GET', `Patient/${thu}`)).json();
    expect(ext(read.address[0], UNIT_NAMES_AS_OF_EXTENSION)).toBeUndefined();
    expect(ext(read.address[0], ADMIN_UNIT_MAP_EXTENSION)?.valueCode).toBe('post2025');
  });
});
