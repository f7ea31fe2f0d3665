import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { rows, statement, type Executor } from '../../db/connection.js';
import type { Page, Paging } from '../../core/paging.js';

export type AuditAction =
  | 'read'
  | 'list'
  | 'create'
  | 'update'
  | 'delete'
  | 'export'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'token_created'
  | 'denied';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  unitPath?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log, and resolves once the event is committed. Inside a transaction (`db` is a
 * transaction), the event commits or rolls back with the write it records. Outside one (reads, lists,
 * refusals), events of concurrent requests are written together: while one group is being written,
 * the next gathers, so a busy server writes a few rows per round trip instead of one. No lock is
 * taken either way: events are chained once committed, by the sealer (`sealAuditEvents`).
 */
export async function audit(db: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  const row = auditRow(actor, entry);
  if (db instanceof PgTransaction) await insertAuditRows(db, [row]);
  else await queueOf(db).add(row);
}

/** One event as the insert statement reads it (keys are the columns of json_to_recordset below). */
interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  unit_path: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

function auditRow(actor: Actor | null, entry: AuditEntry): AuditRow {
  return {
    id: newId(),
    actor_id: actor?.userId ?? null,
    actor_username: actor?.username ?? null,
    actor_role: actor?.role ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    unit_path: entry.unitPath ?? null,
    outcome: entry.outcome ?? 'ok',
    ip: actor?.ip ?? null,
    user_agent: actor?.userAgent?.slice(0, 300) ?? null,
    request_id: actor?.requestId ?? null,
    details: entry.details ?? {},
  };
}

/**
 * Any number of events in one prepared statement, passed as one JSON array: a single
 * `JSON.stringify` here and one JSON parse in the database, where thirteen array parameters cost
 * an escape per value on each side (measured: the audit of a read was a third of its cost).
 */
const insertAuditJson = statement<{ events: string }, never>('audit_insert', () => {
  const events = sql.placeholder('events');
  return sql`INSERT INTO audit_events (id, actor_id, actor_username, actor_role, action, entity_type, entity_id,
      unit_path, outcome, ip, user_agent, request_id, details)
    SELECT e.id, e.actor_id, e.actor_username, e.actor_role, e.action, e.entity_type, e.entity_id,
      e.unit_path::ltree, e.outcome, e.ip, e.user_agent, e.request_id, e.details
    FROM json_to_recordset(${events}::json) AS e(id uuid, actor_id uuid, actor_username text, actor_role text,
      action text, entity_type text, entity_id text, unit_path text, outcome text, ip text, user_agent text,
      request_id text, details jsonb)`;
});

async function insertAuditRows(db: Executor, group: AuditRow[]): Promise<void> {
  await insertAuditJson(db, { events: JSON.stringify(group) });
}

const GROUP_MAX = 500;

/** The events waiting to be written outside a transaction, per database. */
class AuditQueue {
  private waiting: { row: AuditRow; done: (err?: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly db: Executor) {}

  add(row: AuditRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, GROUP_MAX);
        try {
          await insertAuditRows(
            this.db,
            group.map((g) => g.row),
          );
          for (const g of group) g.done();
        } catch {
          // One event the database refuses must not take the others with it: each on its own.
          for (const g of group)
            await insertAuditRows(this.db, [g.row]).then(
              () => g.done(),
              (err: unknown) => g.done(err ?? new Error('audit insert failed')),
            );
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

const queues = new WeakMap<object, AuditQueue>();

function queueOf(db: Executor): AuditQueue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new AuditQueue(db)));
  return queue;
}

const SEAL_BATCH = 5000;

/**
 * Chains every audit event whose transaction has committed (SQL function `ytcs_audit_seal`, one
 * batch per transaction) and returns how many it chained. While another process is sealing, returns
 * 0 at once, or with `wait` (verification) waits for it and seals what is left.
 */
export async function sealAuditEvents(db: Executor, options: { wait?: boolean } = {}): Promise<number> {
  const wait = options.wait ?? false;
  let total = 0;
  // A backlog is read once: each batch resumes where the one before ended; a last pass from the
  // horizon takes what committed meanwhile and moves the horizon (migration 0018).
  let after: { tx: string; seq: number } | null = null;
  for (;;) {
    const [r] = (await rows<{ sealed: number; lastTx: string | null; lastSeq: number | null }>(
      db,
      sql`SELECT sealed, last_tx::text AS "lastTx", last_seq AS "lastSeq"
          FROM ytcs_audit_seal(${SEAL_BATCH}, ${wait}, ${after?.tx ?? null}::xid8, ${after?.seq ?? null}::bigint)`,
    )) as [{ sealed: number; lastTx: string | null; lastSeq: number | null }];
    total += r.sealed;
    if (r.sealed === SEAL_BATCH) after = { tx: r.lastTx!, seq: Number(r.lastSeq) };
    else if (after) after = null;
    else return total;
  }
}

/**
 * Seals the audit log every `intervalMs` while the server runs (see docs/adr/0016). A failed round is
 * reported and retried at the next tick: the events wait, nothing is lost.
 */
export function startAuditSealer(
  db: Executor,
  intervalMs: number,
  onError: (err: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? 0 : sealAuditEvents(db).catch(onError)));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export interface ChainProblem {
  /** The event's `seq`. */
  seq: number;
  /**
   * hash_mismatch: the event is not what was chained; broken_link: a link does not point to its
   * predecessor; missing_event: a chained event is gone; not_chained: an event the sealer can no
   * longer reach (written around it).
   */
  problem: 'hash_mismatch' | 'broken_link' | 'missing_event' | 'not_chained';
}

export interface VerifyResult {
  ok: boolean;
  /** Links checked. */
  checked: number;
  /** The last event checked (`seq`). */
  lastSeq: number | null;
  /** Events of transactions still running: chained once they commit. */
  pending: number;
  problems: ChainProblem[];
}

const MAX_PROBLEMS = 100;

/**
 * Seals what can be sealed, then recomputes every link's hash with the same SQL function the sealer
 * used and checks that each link points to its predecessor's hash. A changed, removed or inserted
 * event breaks the chain, and so does an event left outside it.
 */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (checked: number, total: number) => void,
  batchSize = 5000,
): Promise<VerifyResult> {
  await sealAuditEvents(db, { wait: true });
  const [{ total }] = (await rows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM audit_chain`,
  )) as [{ total: number }];
  let previousHash = '0'.repeat(64);
  let after = 0;
  let checked = 0;
  let lastSeq: number | null = null;
  const problems: ChainProblem[] = [];
  for (;;) {
    const batch = await rows<{
      chainSeq: number;
      eventSeq: number;
      prevHash: string;
      hash: string;
      expected: string | null;
    }>(
      db,
      sql`SELECT c.chain_seq AS "chainSeq", c.event_seq AS "eventSeq", c.prev_hash AS "prevHash", c.hash,
            CASE WHEN a.seq IS NOT NULL THEN ytcs_audit_hash(a, c.prev_hash) END AS expected
          FROM audit_chain c LEFT JOIN audit_events a ON a.seq = c.event_seq
          WHERE c.chain_seq > ${after} ORDER BY c.chain_seq LIMIT ${batchSize}`,
    );
    for (const link of batch) {
      if (link.prevHash !== previousHash) problems.push({ seq: link.eventSeq, problem: 'broken_link' });
      if (link.expected === null) problems.push({ seq: link.eventSeq, problem: 'missing_event' });
      else if (link.hash !== link.expected) problems.push({ seq: link.eventSeq, problem: 'hash_mismatch' });
      previousHash = link.hash;
      after = link.chainSeq;
      lastSeq = link.eventSeq;
      checked++;
      if (problems.length >= MAX_PROBLEMS) break;
    }
    onProgress?.(checked, total);
    if (batch.length < batchSize || problems.length >= MAX_PROBLEMS) break;
  }
  // Events outside the chain: still pending (their transaction runs), or out of the sealer's reach
  // (no transaction id, or one older than where it scans from), which only a hand-made row can be.
  const outside = await rows<{ seq: number; reachable: boolean }>(
    db,
    sql`SELECT a.seq, (a.tx_id IS NOT NULL AND a.tx_id >= s.scan_from) AS reachable
        FROM audit_events a CROSS JOIN audit_seal_state s
        WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_seq = a.seq)
        ORDER BY a.seq`,
  );
  let pending = 0;
  for (const e of outside) {
    if (e.reachable) pending++;
    else if (problems.length < MAX_PROBLEMS) problems.push({ seq: e.seq, problem: 'not_chained' });
  }
  return { ok: problems.length === 0, checked, lastSeq, pending, problems };
}

/**
 * How many events of one action came from one client address since a moment (the sign-in throttle
 * of accounts: failed sign-ins from an address in the last minutes). Committed events only.
 */
export async function countRecentEvents(
  db: Executor,
  filter: { action: AuditAction; ip: string; since: Date },
): Promise<number> {
  const [r] = (await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM audit_events
        WHERE occurred_at >= ${filter.since.toISOString()}::timestamptz
          AND action = ${filter.action} AND ip = ${filter.ip}`,
  )) as [{ n: number }];
  return r.n;
}

/**
 * The events about one record (`entity_id`), oldest first, for a person's own copy of their data
 * (privacy): when it was read or changed, by which role, with what outcome. The caller has checked
 * that the actor may see the record; reads that name many people at once (a household, a list) carry
 * them in `details` and are not found here.
 */
export async function eventsAbout(
  db: Executor,
  entityId: string,
  limit = 5000,
): Promise<
  { occurredAt: string; action: string; actorRole: string | null; outcome: string; entityType: string }[]
> {
  return rows(
    db,
    sql`SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
          action, actor_role AS "actorRole", outcome, entity_type AS "entityType"
        FROM audit_events WHERE entity_id = ${entityId} ORDER BY seq LIMIT ${limit}`,
  );
}

export interface AuditEventRow {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  unitPath: string | null;
  outcome: string;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The audit log as an auditor reads it: events about the auditor's scope, newest first. */
export async function listAuditEvents(
  db: Executor,
  actor: Actor,
  filter: {
    entityType?: string | undefined;
    entityId?: string | undefined;
    actorUsername?: string | undefined;
    action?: string | undefined;
    outcome?: AuditEntry['outcome'];
  },
  paging: Paging,
): Promise<Page<AuditEventRow>> {
  requirePermission(actor, 'audit.read');
  const where = sql.join(
    [
      sql`(a.unit_path IS NULL AND ${actor.scopePath} = 'post2025' OR a.unit_path <@ ${actor.scopePath}::ltree)`,
      filter.entityType ? sql`a.entity_type = ${filter.entityType}` : undefined,
      filter.entityId ? sql`a.entity_id = ${filter.entityId}` : undefined,
      filter.actorUsername ? sql`a.actor_username = ${filter.actorUsername}` : undefined,
      filter.action ? sql`a.action = ${filter.action}` : undefined,
      filter.outcome ? sql`a.outcome = ${filter.outcome}` : undefined,
    ].filter((x) => x !== undefined),
    sql` AND `,
  );
  const items = await rows<AuditEventRow & { total: number }>(
    db,
    sql`SELECT a.seq, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
          a.actor_username AS "actorUsername", a.actor_role AS "actorRole", a.action,
          a.entity_type AS "entityType", a.entity_id AS "entityId", a.unit_path::text AS "unitPath",
          a.outcome, a.ip, a.details, count(*) OVER ()::int AS total
        FROM audit_events a WHERE ${where}
        ORDER BY a.seq DESC LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  const total = items[0]?.total ?? 0;
  await audit(db, actor, {
    action: 'list',
    entityType: 'audit_event',
    unitPath: actor.scopePath,
    details: { count: items.length },
  });
  return {
    items: items.map(({ total: _t, ...rest }) => rest),
    total,
    limit: paging.limit,
    offset: paging.offset,
  };
}
