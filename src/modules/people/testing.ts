/**
 * For other modules' tests only (never called by runtime code): put people's rows on the dates a
 * test's story needs. Registration times and 831 versions are set by the database when written, and
 * versions are append-only, so a story that spans past months cannot be told through the services.
 */
import { sql } from 'drizzle-orm';
import type { Executor, Orm } from '../../db/connection.js';

/** Registers the residents at `at` (their `created_at`: the population counts them from that day). */
export async function backdateRegistration(db: Executor, residentIds: string[], at: string): Promise<void> {
  await db.execute(sql`UPDATE residents SET created_at = ${at}::timestamptz
    WHERE id IN (${sql.join(
      residentIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
}

/**
 * Dates the residents' 831 record versions: version 1 at `first`, later versions at `later` (the
 * append-only guard is lifted for this one update, in one transaction).
 */
export async function backdateRecordVersions(
  db: Orm,
  residentIds: string[],
  dates: { first: string; later: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE health_record_versions DISABLE TRIGGER ytcs_people_append_only`);
    await tx.execute(sql`UPDATE health_record_versions SET created_at = CASE WHEN version = 1
      THEN ${dates.first}::timestamptz ELSE ${dates.later}::timestamptz END
      WHERE resident_id IN (${sql.join(
        residentIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
    await tx.execute(sql`ALTER TABLE health_record_versions ENABLE TRIGGER ytcs_people_append_only`);
  });
}
