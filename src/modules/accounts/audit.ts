import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor } from '../../db/connection.js';
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
 * Appends to the hash-chained audit log. Call it inside the same transaction as the write it
 * records, so that a write and its audit row commit (or roll back) together.
 */
export async function audit(db: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.execute(sql`
    INSERT INTO audit_events (seq, id, actor_id, actor_username, actor_role, action, entity_type, entity_id,
      unit_path, outcome, ip, user_agent, request_id, details, prev_hash, hash)
    VALUES (0, ${newId()}, ${actor?.userId ?? null}, ${actor?.username ?? null}, ${actor?.role ?? null},
      ${entry.action}, ${entry.entityType}, ${entry.entityId ?? null}, ${entry.unitPath ?? null}::ltree,
      ${entry.outcome ?? 'ok'}, ${actor?.ip ?? null}, ${actor?.userAgent?.slice(0, 300) ?? null},
      ${actor?.requestId ?? null}, ${JSON.stringify(entry.details ?? {})}::jsonb, '', '')`);
}

export interface ChainProblem {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link';
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  problems: ChainProblem[];
}

/**
 * Recomputes every event's hash with the same SQL function the insert trigger used, and checks that
 * each event points to its predecessor's hash. A changed, removed or inserted row breaks the chain.
 */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (checked: number, total: number) => void,
  batchSize = 5000,
): Promise<VerifyResult> {
  const [{ total }] = (await rows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM audit_events`,
  )) as [{ total: number }];
  let previousHash = '0'.repeat(64);
  let after = 0;
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const batch = await rows<{ seq: number; prev_hash: string; hash: string; expected: string }>(
      db,
      sql`SELECT a.seq, a.prev_hash, a.hash, ytcs_audit_hash(a) AS expected
          FROM audit_events a WHERE a.seq > ${after} ORDER BY a.seq LIMIT ${batchSize}`,
    );
    for (const row of batch) {
      if (row.prev_hash !== previousHash) problems.push({ seq: row.seq, problem: 'broken_link' });
      if (row.hash !== row.expected) problems.push({ seq: row.seq, problem: 'hash_mismatch' });
      previousHash = row.hash;
      after = row.seq;
      checked++;
      if (problems.length >= 100) break;
    }
    onProgress?.(checked, total);
    if (batch.length < batchSize || problems.length >= 100) break;
  }
  return { ok: problems.length === 0, checked, lastSeq: checked ? after : null, problems };
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
