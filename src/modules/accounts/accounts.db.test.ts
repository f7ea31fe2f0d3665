import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { signIn, testApp, TEST_PASSWORD, userSession, type TestApp } from '../../test-support/server.js';
import { audit, sealAuditEvents, verifyAuditChain } from '../audit/index.js';
import { createApiToken, createUser, LOCKOUT_THRESHOLD, updateUser } from './service.js';
import { systemActor } from '../../core/actor.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('sign-in, sessions and tokens', () => {
  it('signs in with the right password and shows role, scope and permissions', async () => {
    const s = await userSession(t, 'head.tienyen', 'station_head', '22');
    const me = await s.request('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: 'head.tienyen',
      role: 'station_head',
      unitCode: '22',
      scopePath: 'post2025.p22',
    });
    expect(me.json().permissions).toContain('staff.write');
    expect(me.json().permissions).not.toContain('audit.read');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    await createUser(t.db.orm, null, {
      username: 'cookie.check',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cookie.check', password: TEST_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'ytcs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
  });

  it('rejects a wrong password with the same answer as an unknown user', async () => {
    await createUser(t.db.orm, null, {
      username: 'wrong.pw',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'wrong.pw', password: 'nope-nope-nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody.here', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failed sign-ins, even for the right password`, async () => {
    await createUser(t.db.orm, null, {
      username: 'lock.me',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'lock.me', password: 'bad-password-x' },
        remoteAddress: `10.0.0.${i}`,
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'lock.me', password: TEST_PASSWORD },
      remoteAddress: '10.0.1.1',
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().lockedUntil).toBeTruthy();
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'x' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const s = await userSession(t, 'csrf.user', 'station_head', '22');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/07030/hamlets',
      cookies: { ytcs_session: s.cookie },
      payload: { name: 'Thôn CSRF' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toContain('csrf');
  });

  it('accepts bearer tokens on API routes without CSRF, and rejects unknown tokens', async () => {
    await createUser(t.db.orm, null, {
      username: 'robot',
      displayName: 'Integration',
      role: 'province_manager',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const { token } = await createApiToken(t.db.orm, 'robot', 'test');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('robot');
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/07030/hamlets',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Thôn Robot' },
    });
    expect(write.statusCode).toBe(201);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer ytcs_not-a-token' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('ends the session on sign-out', async () => {
    const s = await userSession(t, 'bye.user', 'clinician', '22');
    expect((await s.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await s.request('GET', '/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
  });

  it('refuses a disabled user at once, though their session and token were just used', async () => {
    // A sign-in resolved moments ago is kept for a few seconds (AUTH_CACHE_MS); disabling the user
    // must not wait for that.
    const s = await userSession(t, 'soon.off', 'clinician', '22');
    const { token } = await createApiToken(t.db.orm, 'soon.off', 'test');
    const byToken = () =>
      t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await byToken()).statusCode).toBe(200);
    const [user] = await rows<{ id: string }>(
      t.db.orm,
      sql`SELECT id FROM users WHERE username = 'soon.off'`,
    );
    await updateUser(t.db.orm, systemActor(), user!.id, { disabled: true });
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await byToken()).statusCode).toBe(401);
  });

  it('answers 401 with problem+json when not signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, errors: [] });
  });

  it('does not let a station head create a province manager', async () => {
    const s = await userSession(t, 'head.grant', 'station_head', '07030');
    const res = await s.request('POST', '/api/v1/users', {
      username: 'sneaky.boss',
      displayName: 'Boss',
      role: 'province_manager',
      unitCode: '07030',
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('audit log', () => {
  it('records sign-ins and writes, and verifies its hash chain', async () => {
    await signIn(t.app, 'head.tienyen', TEST_PASSWORD);
    const result = await verifyAuditChain(t.db.orm);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(5);
    const [{ n }] = (await rows<{ n: number }>(
      t.db.orm,
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'login' AND actor_username = 'head.tienyen'`,
    )) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    await expect(t.db.orm.execute(sql`UPDATE audit_events SET action = 'x'`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) },
    });
    await expect(t.db.orm.execute(sql`DELETE FROM audit_events`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) },
    });
  });

  it('chains events written at the same time, each exactly once', async () => {
    const before = await verifyAuditChain(t.db.orm);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit(t.db.orm, null, { action: 'read', entityType: 'chain_test', entityId: String(i) }),
      ),
    );
    const after = await verifyAuditChain(t.db.orm);
    expect(after).toMatchObject({ ok: true, pending: 0, checked: before.checked + 40 });
    const [{ links, events }] = (await rows<{ links: number; events: number }>(
      t.db.orm,
      sql`SELECT count(DISTINCT c.event_seq)::int AS links, count(*)::int AS events
          FROM audit_events a LEFT JOIN audit_chain c ON c.event_seq = a.seq WHERE a.entity_type = 'chain_test'`,
    )) as [{ links: number; events: number }];
    expect({ links, events }).toEqual({ links: 40, events: 40 });
  });

  it.runIf(process.env.YTCS_TEST_DB === 'postgres')(
    'chains an event of a longer transaction after it commits, and never one that rolled back',
    async () => {
      const slow = await t.db.pool.connect();
      try {
        await slow.query('BEGIN');
        await slow.query(
          `INSERT INTO audit_events (id, action, entity_type, entity_id) VALUES (gen_random_uuid(), 'read', 'chain_slow', 'late')`,
        );
        const [{ seq: lateSeq }] = (await slow.query(`SELECT max(seq)::int AS seq FROM audit_events`))
          .rows as [{ seq: number }];
        // Written (and committed) after the slow transaction's event, so with a higher seq.
        await audit(t.db.orm, null, { action: 'read', entityType: 'chain_slow', entityId: 'early' });
        await sealAuditEvents(t.db.orm);
        const during = await verifyAuditChain(t.db.orm);
        expect(during).toMatchObject({ ok: true, pending: 0 });
        const sealed = await rows<{ entityId: string }>(
          t.db.orm,
          sql`SELECT a.entity_id AS "entityId" FROM audit_chain c JOIN audit_events a ON a.seq = c.event_seq
              WHERE a.entity_type = 'chain_slow' ORDER BY c.chain_seq`,
        );
        expect(sealed.map((r) => r.entityId)).toEqual(['early']);
        await slow.query('COMMIT');
        await slow.query('BEGIN');
        await slow.query(
          `INSERT INTO audit_events (id, action, entity_type, entity_id) VALUES (gen_random_uuid(), 'read', 'chain_slow', 'rolled-back')`,
        );
        await slow.query('ROLLBACK');
        const after = await verifyAuditChain(t.db.orm);
        expect(after).toMatchObject({ ok: true, pending: 0 });
        const chained = await rows<{ entityId: string; seq: number }>(
          t.db.orm,
          sql`SELECT a.entity_id AS "entityId", a.seq FROM audit_chain c JOIN audit_events a ON a.seq = c.event_seq
              WHERE a.entity_type = 'chain_slow' ORDER BY c.chain_seq`,
        );
        expect(chained).toEqual([
          { entityId: 'early', seq: expect.any(Number) },
          { entityId: 'late', seq: lateSeq },
        ]);
      } finally {
        slow.release();
      }
    },
  );

  it.runIf(process.env.YTCS_TEST_DB === 'postgres')(
    'resumes a backlog where the last batch ended, and still chains a transaction that committed meanwhile',
    async () => {
      await sealAuditEvents(t.db.orm);
      type Step = { sealed: number; lastTx: string | null; lastSeq: number | null };
      // Batches of three, as the sealer steps through a backlog (sealAuditEvents does the same by 5,000).
      const seal = async (after: Step | null) =>
        (
          await rows<Step>(
            t.db.orm,
            sql`SELECT sealed, last_tx::text AS "lastTx", last_seq::int AS "lastSeq"
                FROM ytcs_audit_seal(3, false, ${after?.lastTx ?? null}::xid8, ${after?.lastSeq ?? null}::bigint)`,
          )
        )[0]!;
      const slow = await t.db.pool.connect();
      try {
        await slow.query('BEGIN');
        await slow.query(
          `INSERT INTO audit_events (id, action, entity_type, entity_id) VALUES (gen_random_uuid(), 'read', 'chain_resume', 'slow')`,
        );
        for (let i = 0; i < 7; i++)
          await audit(t.db.orm, null, { action: 'read', entityType: 'chain_resume', entityId: String(i) });
        const first = await seal(null);
        await slow.query('COMMIT');
        // Resumed after the first batch: the slow transaction's event lies before it, and waits.
        const second = await seal(first);
        const third = await seal(second);
        expect([first.sealed, second.sealed, third.sealed]).toEqual([3, 3, 1]);
        // A pass from the horizon, which never moved past the slow transaction, finds it.
        expect((await seal(null)).sealed).toBe(1);
        expect((await seal(null)).sealed).toBe(0);
        const chained = await rows<{ entityId: string }>(
          t.db.orm,
          sql`SELECT a.entity_id AS "entityId" FROM audit_chain c JOIN audit_events a ON a.seq = c.event_seq
              WHERE a.entity_type = 'chain_resume' ORDER BY c.chain_seq`,
        );
        expect(chained.map((c) => c.entityId)).toEqual(['0', '1', '2', '3', '4', '5', '6', 'slow']);
        expect(await verifyAuditChain(t.db.orm)).toMatchObject({ ok: true, pending: 0 });
      } finally {
        slow.release();
      }
    },
  );

  it('seals a backlog of more than one batch, each event once', async () => {
    await t.db.orm.execute(
      sql`INSERT INTO audit_events (id, action, entity_type, entity_id)
          SELECT gen_random_uuid(), 'read', 'chain_backlog', i::text FROM generate_series(1, 12000) i`,
    );
    expect(await sealAuditEvents(t.db.orm)).toBe(12000);
    expect(await verifyAuditChain(t.db.orm)).toMatchObject({ ok: true, pending: 0 });
  });

  it('detects a tampered row', async () => {
    // Someone with the table owner's rights switches the guard off and edits an event.
    await t.db.orm.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ytcs_audit_no_update`);
    const [victim] = await rows<{ seq: number }>(
      t.db.orm,
      sql`SELECT seq FROM audit_events WHERE action = 'login' ORDER BY seq LIMIT 1`,
    );
    await t.db.orm.execute(
      sql`UPDATE audit_events SET actor_username = 'someone.else' WHERE seq = ${victim!.seq}`,
    );
    await t.db.orm.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER ytcs_audit_no_update`);
    const result = await verifyAuditChain(t.db.orm);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: victim!.seq, problem: 'hash_mismatch' });
  });

  it('detects a removed event and one written outside the chain', async () => {
    await audit(t.db.orm, null, { action: 'read', entityType: 'chain_victim', entityId: 'x' });
    await sealAuditEvents(t.db.orm);
    const [victim] = await rows<{ seq: number }>(
      t.db.orm,
      sql`SELECT seq FROM audit_events WHERE entity_type = 'chain_victim'`,
    );
    await t.db.orm.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ytcs_audit_no_update`);
    await t.db.orm.execute(sql`DELETE FROM audit_events WHERE seq = ${victim!.seq}`);
    await t.db.orm.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER ytcs_audit_no_update`);
    // A row slipped in with no transaction id: the sealer never reaches it.
    const [forged] = await rows<{ seq: number }>(
      t.db.orm,
      sql`INSERT INTO audit_events (id, action, entity_type, tx_id) VALUES (gen_random_uuid(), 'read', 'chain_forged', NULL)
          RETURNING seq`,
    );
    const result = await verifyAuditChain(t.db.orm);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: victim!.seq, problem: 'missing_event' });
    expect(result.problems).toContainEqual({ seq: forged!.seq, problem: 'not_chained' });
  });
});
