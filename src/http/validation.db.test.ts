import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../test-support/server.js';

/**
 * Every endpoint, fed malformed input, answers 4xx problem+json with field-by-field errors, and never
 * a 500. The endpoints are read from the OpenAPI document, so a new endpoint is covered by default.
 */
let t: TestApp;
let admin: Session;
let routes: {
  method: string;
  url: string;
  hasBody: boolean;
  params: string[];
  query: { name: string; type?: string }[];
}[];

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'validation.admin', 'system_admin', 'VN');
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: { in: string; name: string; schema?: { type?: string } }[]; requestBody?: unknown }
      >
    >;
  };
  routes = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const parameters = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase(),
        url: path,
        hasBody: Boolean(op.requestBody),
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, type: p.schema?.type })),
      });
    }
  }
});
afterAll(async () => t?.close());

function expectFieldProblem(
  res: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): { errors: { path: string; code: string; message: string }[] };
  },
  where: string,
) {
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  expect(String(res.headers['content-type']), where).toContain('application/problem+json');
  const errors = res.json().errors;
  expect(errors.length, `${where}: field errors`).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.path, where).toBe('string');
    expect(e.code, where).toBeTruthy();
    expect(e.message, where).toBeTruthy();
  }
}

const badValue = (name: string) =>
  name === 'id' ? 'not-a-uuid' : name === 'code' ? 'x!' : name === 'system' ? 'BAD SYSTEM!' : '%00';

describe('malformed input to every endpoint', () => {
  it('finds the endpoints in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it('rejects malformed path parameters with the field named', async () => {
    for (const r of routes.filter((x) => x.params.length)) {
      const url = r.url.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(badValue(name)));
      const res = await admin.request(r.method as 'GET', url, r.hasBody ? {} : undefined);
      expectFieldProblem(res, `${r.method} ${url}`);
      expect(
        res.json().errors.some((e: { path: string }) => e.path.startsWith('params.')),
        `${r.method} ${url}`,
      ).toBe(true);
    }
  });

  it('rejects wrong types in query strings', async () => {
    for (const r of routes.filter((x) => x.query.some((q) => q.name === 'limit'))) {
      // A valid value for every path parameter, so that only the query is wrong.
      const url = r.url.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name !== 'code'
          ? '00000000-0000-7000-8000-000000000000'
          : r.url.startsWith('/api/v1/indicators')
            ? 'T1'
            : '22',
      );
      const res = await admin.request('GET', `${url}?limit=-3&offset=abc`);
      expectFieldProblem(res, `GET ${url}`);
      const paths = res.json().errors.map((e: { path: string }) => e.path);
      // A list without pages (a picker's few matches) takes a limit and no offset.
      const paged = r.query.some((q) => q.name === 'offset');
      expect(paths, url).toEqual(
        expect.arrayContaining(paged ? ['query.limit', 'query.offset'] : ['query.limit']),
      );
    }
  });

  it('rejects empty, mistyped and non-JSON bodies', async () => {
    // A valid value for every path parameter: a unit code, a referral list's name, else an id.
    const valid = (name: string) =>
      name === 'code' ? '07030' : name === 'name' ? 'holidays' : '00000000-0000-7000-8000-000000000000';
    for (const r of routes.filter((x) => x.hasBody)) {
      const url = r.url.replace(/\{(\w+)\}/g, (_m, name: string) =>
        r.url.startsWith('/api/v1/hamlets') ? '07030-001' : valid(name),
      );
      const wrongTypes = await admin.request(r.method as 'POST', url, {
        name: 42,
        fullName: ['x'],
        code: {},
        username: 7,
        hamletIds: 'all',
        sex: 'x',
        password: 1,
        displayName: false,
        role: 'king',
        kind: 'castle',
        activeFrom: 'yesterday',
      });
      if (r.url === '/api/v1/auth/login') {
        expectFieldProblem(wrongTypes, `${r.method} ${url}`);
        continue;
      }
      expectFieldProblem(wrongTypes, `${r.method} ${url} (wrong types)`);
      expect(
        wrongTypes.json().errors.every((e: { path: string }) => e.path.startsWith('body')),
        url,
      ).toBe(true);
      const notJson = await t.app.inject({
        method: r.method as 'POST',
        url,
        cookies: { ytcs_session: admin.cookie },
        headers: { 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expectFieldProblem(notJson, `${r.method} ${url} (broken JSON)`);
    }
  });

  it('answers a wrong content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      cookies: { ytcs_session: admin.cookie },
      headers: { 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().type).toContain('unsupported-media-type');
  });

  it('names each bad field of a staff member', async () => {
    const res = await admin.request('POST', '/api/v1/staff', {
      fullName: 'A',
      sex: 'other',
      title: 'nurse',
      phone: '12ab',
      activeFrom: '2024-02-30',
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(
      expect.arrayContaining(['body.activeFrom', 'body.fullName', 'body.phone', 'body.sex']),
    );
  });

  it('answers in English when asked', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(res.json().title).toBe('Not signed in or session expired');
    const vi = await t.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(vi.json().title).toBe('Chưa đăng nhập hoặc phiên đã hết hạn');
  });
});
