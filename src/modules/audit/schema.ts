import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ltree, xid8 } from '../../db/types.js';

/**
 * Append-only audit log (nhật ký truy cập). An event is written without any lock (`seq` from a
 * sequence, `tx_id` the writing transaction) and chained after its transaction commits: the sealer
 * (`ytcs_audit_seal`) appends a link to `audit_chain`. UPDATE, DELETE and TRUNCATE are refused by
 * triggers. See docs/adr/0016-audit-chained-after-commit.md; `ytcs audit verify` recomputes it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' })
      .primaryKey()
      .default(sql`nextval('audit_events_seq')`),
    id: uuid('id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    unitPath: ltree('unit_path'),
    outcome: text('outcome').$type<'ok' | 'denied' | 'failed'>().notNull().default('ok'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The writing transaction (null for events chained before sealing existed). */
    txId: xid8('tx_id').default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorId, t.occurredAt),
    // Time ranges of an append-only log: a BRIN index, a few pages, next to nothing per event.
    index('audit_occurred_brin').using('brin', t.occurredAt),
    // The sealer's scan: from its horizon on, in transaction then event order (docs/adr/0016).
    index('audit_tx_seq_idx').on(t.txId, t.seq),
  ],
);

/**
 * The hash chain over audit events, in the order they were sealed (insert-only, like the events):
 * `hash = sha256(prev_hash | the event as jsonb)`, computed by `ytcs_audit_hash`.
 */
export const auditChain = pgTable('audit_chain', {
  chainSeq: bigint('chain_seq', { mode: 'number' }).primaryKey(),
  eventSeq: bigint('event_seq', { mode: 'number' }).notNull().unique('audit_chain_event_uq'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Where the sealer's next scan starts: no transaction older than this can still add events. */
export const auditSealState = pgTable(
  'audit_seal_state',
  {
    id: integer('id').primaryKey(),
    scanFrom: xid8('scan_from').notNull(),
  },
  (t) => [check('audit_seal_state_one_row', sql`${t.id} = 1`)],
);
