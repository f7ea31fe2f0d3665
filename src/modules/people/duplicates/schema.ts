import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { changeSeq, timestamps } from '../../../db/types.js';
import type { ResidentStatus } from '../residents/contracts.js';
import { residents } from '../residents/schema.js';

/**
 * A merge of a duplicate into a surviving record: both keep their rows (cards, events, 831 versions);
 * the survivor's empty fields filled from the duplicate are remembered, so the merge can be undone.
 */
export const residentMerges = pgTable(
  'resident_merges',
  {
    id: uuid('id').primaryKey(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => residents.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => residents.id),
    reason: text('reason').notNull(),
    /** Survivor fields filled from the duplicate: field → { before, after }. */
    filled: jsonb('filled')
      .$type<Record<string, { before: unknown; after: unknown }>>()
      .notNull()
      .default({}),
    mergedStatusBefore: text('merged_status_before').$type<ResidentStatus>().notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    mergedBy: text('merged_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: text('undone_by'),
    undoReason: text('undo_reason'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('resident_merges_survivor_idx').on(t.survivorId),
    uniqueIndex('resident_merges_active_uq')
      .on(t.mergedId)
      .where(sql`${t.undoneAt} is null`),
    index('resident_merges_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * Two records a user judged to be different people ("không phải trùng"): the pair is no longer
 * reported as a likely duplicate. Stored once per pair, the smaller id first.
 */
export const residentDuplicateDismissals = pgTable(
  'resident_duplicate_dismissals',
  {
    id: uuid('id').primaryKey(),
    firstId: uuid('first_id')
      .notNull()
      .references(() => residents.id),
    secondId: uuid('second_id')
      .notNull()
      .references(() => residents.id),
    reason: text('reason').notNull(),
    dismissedBy: text('dismissed_by'),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull().defaultNow(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('resident_duplicate_dismissals_pair_uq').on(t.firstId, t.secondId),
    index('resident_duplicate_dismissals_second_idx').on(t.secondId),
    index('resident_duplicate_dismissals_change_seq_idx').on(t.changeSeq),
    check('resident_duplicate_dismissals_order_ck', sql`${t.firstId} < ${t.secondId}`),
  ],
);
