import { bigint, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { changeSeq, ltree } from '../../db/types.js';

/**
 * Every outbox record a device pushed, by the id the device minted (UUIDv7), with the answer it got:
 * a record sent again is answered from here and not applied twice (docs/adr/0033, point 7).
 */
export const syncPushes = pgTable(
  'sync_pushes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id'),
    username: text('username').notNull(),
    kind: text('kind').notNull(),
    /** accepted · merged · refused */
    status: text('status').$type<'accepted' | 'merged' | 'refused'>().notNull(),
    /** The answer as sent (server ids, conflicts, the problem of a refusal). */
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    /** The record the push wrote (a visit, a resident…), when there is one. */
    entityId: uuid('entity_id'),
    unitPath: ltree('unit_path'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sync_pushes_user_idx').on(t.userId, t.receivedAt)],
);

/**
 * A field a push overwrote although someone else had changed it since the device last pulled
 * (docs/adr/0033, point 9): kept, pulled by the devices of the scope and shown, never dropped.
 */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: uuid('id').primaryKey(),
    pushId: uuid('push_id').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    field: text('field').notNull(),
    /** The server's value the push overwrote. */
    serverValue: jsonb('server_value'),
    /** The value the device had when it last pulled. */
    baseValue: jsonb('base_value'),
    /** The value the device sent (now the current one). */
    pushedValue: jsonb('pushed_value'),
    username: text('username').notNull(),
    unitPath: ltree('unit_path').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    changeSeq: changeSeq(),
  },
  (t) => [
    index('sync_conflicts_unit_path_gist').using('gist', t.unitPath),
    index('sync_conflicts_change_seq_idx').on(t.changeSeq),
    index('sync_conflicts_entity_idx').on(t.entityId),
  ],
);

/** One row: the highest change sequence value seen settled (nothing below it can still commit). */
export const syncHorizon = pgTable('sync_horizon', {
  id: smallint('id').primaryKey().default(1),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
});
