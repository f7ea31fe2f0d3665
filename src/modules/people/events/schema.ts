import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { changeSeq, ltree } from '../../../db/types.js';
import { residents } from '../residents/schema.js';
import type { LifeEventKind } from './contracts.js';

/**
 * Life events (birth, death, moves, transfers between communes, merges): append-only. `unit_path` is
 * where the event happened (a death's register A6 is the commune's where it was recorded).
 */
export const lifeEvents = pgTable(
  'life_events',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    kind: text('kind').$type<LifeEventKind>().notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    unitPath: ltree('unit_path').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The mother for a birth; the survivor for a merge. */
    relatedResidentId: uuid('related_resident_id').references(() => residents.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by'),
    changeSeq: changeSeq(),
  },
  (t) => [
    index('life_events_resident_idx').on(t.residentId, t.occurredOn),
    index('life_events_unit_path_gist').using('gist', t.unitPath),
    index('life_events_kind_idx').on(t.kind, t.occurredOn),
    index('life_events_change_seq_idx').on(t.changeSeq),
    check(
      'life_events_kind_ck',
      sql`${t.kind} in ('birth','death','move_in','move_out','transfer','hamlet_move','merge','unmerge')`,
    ),
  ],
);
