/**
 * The settled horizon of the change sequence (docs/adr/0033, point 2): a value below which no row can
 * still commit. `nextval` locks the sequence until the end of the transaction that took the value, so
 * when no other session holds that lock, every value up to the sequence's `last_value` (read before
 * the look) belongs to a finished transaction, and the next statement sees them all.
 */
import { sql } from 'drizzle-orm';
import { isEmbedded, rows, type Executor } from '../../db/connection.js';

const TRIES = 5;

export async function settledHorizon(db: Executor): Promise<number> {
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const [seq] = await rows<{ last: string | number }>(
      db,
      sql`SELECT last_value AS last FROM ytcs_change_seq`,
    );
    const last = Number(seq!.last);
    // One session, one statement at a time (docs/adr/0013): nothing else can be in flight.
    if (isEmbedded(db)) return last;
    const [busy] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'relation' AND relation = 'ytcs_change_seq'::regclass
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()`,
    );
    if (busy!.n === 0) {
      await db.execute(sql`UPDATE sync_horizon SET seq = ${last} WHERE id = 1 AND seq < ${last}`);
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 3 * (attempt + 1)));
  }
  // Writers kept the sequence busy: the last horizon seen settled (the cursor lags; nothing is missed).
  const [stored] = await rows<{ seq: string | number }>(db, sql`SELECT seq FROM sync_horizon WHERE id = 1`);
  return Number(stored?.seq ?? 0);
}
