/**
 * SQL that several parts of the people module share: a timestamp as ISO text, and the ids a
 * resident's rows may be filed under (its own and those of duplicates merged into it).
 */
import { sql, type SQL } from 'drizzle-orm';

/** A timestamp as ISO 8601 UTC text, the same on both databases. */
export const iso = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The ids a resident's rows may be filed under: its own and those of duplicates merged into it (an
 * array, so that `col = ANY(…)` uses the column's index).
 */
export function identityIds(residentId: SQL): SQL {
  return sql`ARRAY(SELECT ${residentId}::uuid UNION ALL SELECT mr.id FROM residents mr WHERE mr.merged_into_id = ${residentId})`;
}
