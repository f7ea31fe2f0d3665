import { customType, bigint, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** ltree materialised path, e.g. `vn.p22.c06709.h00001` (PostgreSQL 15 label rules: [A-Za-z0-9_]). */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType: () => 'ltree',
});

/** A 64-bit transaction id (`pg_current_xact_id()`), as text. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});

/** Case-insensitive text (usernames). */
export const citext = customType<{ data: string; driverData: string }>({
  dataType: () => 'citext',
});

/**
 * Monotonic change sequence, assigned by the server on insert (column default) and on update
 * (trigger `ytcs_touch_change_seq`). Offline clients sync by "give me rows with change_seq > n",
 * never by timestamp. See docs/adr/0004-ids-and-change-sequence.md.
 */
export const changeSeq = () =>
  bigint('change_seq', { mode: 'number' })
    .notNull()
    .default(sql`nextval('ytcs_change_seq')`);

/** When a row was created and last changed (the change itself is tracked by `change_seq`). */
export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
