import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { signIn, testApp, TEST_PASSWORD, userSession, type TestApp } from '../../test-support/server.js';
import { audit, sealAuditEvents, verifyAuditChain } from './index.js';

/**
 * The audit log (docs/adr/0006, 0016): append-only events, chained by hash after their transaction
 * commits; verification finds a tampered, a removed and an unchained event.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  // Users who have signed in, and a write: the log holds sign-ins to count and to tamper with.
  await userSession(t, 'head.tienyen', 'station_head', '22');
  const admin = await userSession(t, 'audit.admin', 'system_admin', 'VN');
  const hamlet = await admin.request('POST', '/api/v1/units/07030/hamlets', { name: 'Thôn Nhật Ký' });
  expect(hamlet.statusCode, hamlet.body).toBe(201);
});
afterAll(async () => t?.close());

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

  it('answers a NUL character in a filter as a field error, not a server error', async () => {
    // The database's text cannot hold U+0000 (SQLSTATE 22021); found by src/reliability's fuzz.
    const admin = await userSession(t, 'audit.nul', 'system_admin', 'VN');
    const res = await admin.request('GET', '/api/v1/audit?action=%00');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0].code).toBe('invalid_value');
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
