import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '../core/errors.js';
import { connect, rows, type Database } from '../db/connection.js';
import { buildServer } from '../server.js';
import { userSession, type Session, type TestApp } from '../test-support/server.js';

/**
 * No 500 under starvation (issue 21; docs/adr/0032): when the database cannot serve a request now —
 * no pooled connection within the wait, a statement timeout, a session ended by the server, too many
 * connections — the answer is 503 problem+json with Retry-After, in the reader's language, and a write
 * caught by it leaves nothing behind (its transaction rolled back).
 *
 * The database here has a pool of one connection and a short wait for it (the embedded database always
 * has one), and a trigger on residents that fails or stalls the insert of a member whose name carries
 * a marker: by then the household's own row is written, so a half-applied write would show.
 */
const onPglite = (process.env.YTCS_TEST_DB ?? 'pglite') === 'pglite';
const WAIT_MS = 400;
let db: Database;
let t: TestApp;
let admin: Session;
let pgName = '';
let pgAdmin: pg.Client | undefined;

beforeAll(async () => {
  if (onPglite) {
    db = await connect({
      memory: { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) },
      acquireTimeoutMs: WAIT_MS,
    });
  } else {
    pgName = `ytcs_busy_${process.pid}_${Date.now() % 100000}`;
    pgAdmin = new pg.Client({ connectionString: process.env.YTCS_TEST_DATABASE_URL });
    await pgAdmin.connect();
    await pgAdmin.query(`CREATE DATABASE ${pgName} TEMPLATE ${inject('postgresTemplate')}`);
    const url = new URL(process.env.YTCS_TEST_DATABASE_URL!);
    url.pathname = `/${pgName}`;
    db = await connect({ databaseUrl: url.toString(), poolSize: 1, acquireTimeoutMs: WAIT_MS });
  }
  await db.orm.execute(
    sql.raw(`CREATE FUNCTION ytcs_test_busy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.full_name LIKE '%Treo Lâu%' THEN PERFORM pg_sleep(20);
        ELSIF NEW.full_name LIKE '%Quá Giờ%' THEN
          RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = 'query_canceled';
        ELSIF NEW.full_name LIKE '%Hết Chỗ%' THEN
          RAISE EXCEPTION 'sorry, too many clients already' USING ERRCODE = 'too_many_connections';
        END IF;
        RETURN NEW;
      END $$`),
  );
  await db.orm.execute(
    sql.raw(`CREATE TRIGGER ytcs_test_busy BEFORE INSERT ON residents
             FOR EACH ROW EXECUTE FUNCTION ytcs_test_busy()`),
  );
  const app = await buildServer({ db, webRoot: '/nonexistent', auditSealIntervalMs: 0 });
  await app.ready();
  t = { db, app, close: async () => app.close() };
  admin = await userSession(t, 'busy.admin', 'system_admin', 'VN');
});

afterAll(async () => {
  await t?.app.close();
  await db?.close();
  if (pgAdmin) {
    await pgAdmin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await pgAdmin.end();
  }
});

/** A household of two in Bình Liêu (06838), the head named with `head`, at a marked address. */
const household = (address: string, head = 'Nông Văn Chủ') => ({
  unitCode: '06838',
  addressLine: address,
  members: [
    { fullName: head, sex: 'male', birthYear: 1970, relationToHead: 'head' },
    { fullName: 'Nông Thị Vợ', sex: 'female', birthYear: 1972, relationToHead: 'spouse' },
  ],
});

/** Households and residents at an address (the write's traces, if any were kept). */
async function traces(address: string): Promise<{ households: number; residents: number }> {
  const [r] = await rows<{ households: number; residents: number }>(
    db.orm,
    sql`SELECT (SELECT count(*)::int FROM households WHERE address_line = ${address}) AS households,
               (SELECT count(*)::int FROM residents r JOIN households h ON h.id = r.household_id
                 WHERE h.address_line = ${address}) AS residents`,
  );
  return r!;
}

function expectUnavailable(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  reason: string | string[],
) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'https://ytcs.vn/problems/unavailable', status: 503 });
  expect(Array.isArray(reason) ? reason : [reason]).toContain(body.reason);
  return body;
}

describe('a database that cannot serve the request now answers 503 with Retry-After', () => {
  it('a write that waits past the limit for the one pooled connection is refused, in Vietnamese and English, and not kept', async () => {
    const held = await db.pool.connect();
    let vi, en;
    try {
      vi = await admin.request('POST', '/api/v1/households', household('Số 1 chờ kết nối'));
      en = await t.app.inject({
        method: 'POST',
        url: '/api/v1/households',
        cookies: { ytcs_session: admin.cookie },
        headers: { 'x-csrf-token': admin.csrf, 'accept-language': 'en' },
        payload: household('Số 2 chờ kết nối'),
      });
    } finally {
      held.release();
    }
    const viBody = expectUnavailable(vi, 'pool_timeout');
    expect(viBody.title).toBe('Hệ thống đang quá tải');
    expect(viBody.detail).toBe(
      `Cơ sở dữ liệu đang bận nên chưa hoàn tất được yêu cầu. Vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
    );
    const enBody = expectUnavailable(en, 'pool_timeout');
    expect(enBody.title).toBe('Service temporarily unavailable');
    expect(enBody.detail).toBe(
      `The database is busy and could not complete the request. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
    );
    expect(await traces('Số 1 chờ kết nối')).toEqual({ households: 0, residents: 0 });
    expect(await traces('Số 2 chờ kết nối')).toEqual({ households: 0, residents: 0 });
    // The connection free again, the same write is taken whole: the count above could have seen it.
    const again = await admin.request('POST', '/api/v1/households', household('Số 1 chờ kết nối'));
    expect(again.statusCode).toBe(201);
    expect(await traces('Số 1 chờ kết nối')).toEqual({ households: 1, residents: 2 });
  });

  it('/fhir answers the same wait with a 503 OperationOutcome (transient) and Retry-After', async () => {
    await admin.request('GET', '/api/v1/auth/me'); // the session known before the connection is taken
    const held = await db.pool.connect();
    let res;
    try {
      res = await t.app.inject({
        method: 'GET',
        url: '/fhir/Patient?name=Nong',
        cookies: { ytcs_session: admin.cookie },
        headers: { 'accept-language': 'en' },
      });
    } finally {
      held.release();
    }
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(res.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'transient',
          details: {
            text: `The database is busy and could not complete the request. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
          },
        },
      ],
    });
  });

  it('a statement timeout between the household and its members rolls the household back', async () => {
    let res;
    if (onPglite) {
      // The embedded backend has no timer to cancel a statement: the trigger raises the same error.
      res = await admin.request('POST', '/api/v1/households', household('Số 3 quá giờ', 'Nông Văn Quá Giờ'));
    } else {
      // A real statement_timeout on the pool's one session, the member's insert stalled by the trigger.
      await db.orm.execute(sql`SET statement_timeout = '1500ms'`);
      try {
        res = await admin.request(
          'POST',
          '/api/v1/households',
          household('Số 3 quá giờ', 'Nông Văn Treo Lâu'),
        );
      } finally {
        await db.orm.execute(sql`RESET statement_timeout`);
      }
    }
    expectUnavailable(res, 'query_canceled');
    expect(await traces('Số 3 quá giờ')).toEqual({ households: 0, residents: 0 });
  });

  it('too many connections (53300) under a write is refused the same way and keeps nothing', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/households',
      household('Số 4 hết chỗ', 'Nông Văn Hết Chỗ'),
    );
    expectUnavailable(res, 'too_many_connections');
    expect(await traces('Số 4 hết chỗ')).toEqual({ households: 0, residents: 0 });
  });

  it.skipIf(onPglite)(
    'a session ended by the server in the middle of a write (57P01) is refused, keeps nothing, and the next request is served',
    async () => {
      const pending = admin.request(
        'POST',
        '/api/v1/households',
        household('Số 5 ngắt phiên', 'Nông Văn Treo Lâu'),
      );
      // the member's insert sleeping in the trigger, inside the household's transaction
      let ended = 0;
      for (let i = 0; i < 200 && !ended; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const r = await pgAdmin!.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
            WHERE datname = $1 AND state = 'active' AND query ILIKE 'insert into "residents"%'`,
          [pgName],
        );
        ended = r.rows.filter((x) => x.ended).length;
      }
      expect(ended).toBe(1);
      expectUnavailable(await pending, ['admin_shutdown', 'connection_lost']);
      expect(await traces('Số 5 ngắt phiên')).toEqual({ households: 0, residents: 0 });
      const next = await admin.request('POST', '/api/v1/households', household('Số 5 ngắt phiên'));
      expect(next.statusCode).toBe(201);
      expect(await traces('Số 5 ngắt phiên')).toEqual({ households: 1, residents: 2 });
    },
  );
});

describe('databaseUnavailable tells a busy database from a wrong request', () => {
  it('names the reason through a driver error wrapped by the query builder', () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: insert …'), { cause });
    expect(databaseUnavailable(wrapped(Object.assign(new Error('terminating'), { code: '57P01' })))).toBe(
      'admin_shutdown',
    );
    expect(databaseUnavailable(Object.assign(new Error('sorry'), { code: '53300' }))).toBe(
      'too_many_connections',
    );
    expect(databaseUnavailable(wrapped(new Error('timeout exceeded when trying to connect')))).toBe(
      'pool_timeout',
    );
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe('connection_lost');
  });

  it('leaves client errors and bugs alone', () => {
    expect(databaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(
      databaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBeUndefined();
    expect(databaseUnavailable(null)).toBeUndefined();
  });
});
