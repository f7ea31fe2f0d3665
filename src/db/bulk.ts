/**
 * Bulk insert for demo data and imports: each batch goes as ONE JSON parameter expanded by
 * json_populate_recordset on the server. PGlite pays per bound parameter; this is several times
 * faster than multi-row VALUES for wide rows. Columns left out of the rows take their defaults
 * (change_seq, created_at…).
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './connection.js';

export async function insertAll<TTable extends PgTable>(
  tx: Tx,
  table: TTable,
  values: PgInsertValue<TTable>[],
  step: string,
  progress?: (step: string, done: number, total: number) => void,
  batch = 2_000,
): Promise<void> {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = [...new Set(values.flatMap((v) => Object.keys(v as object)))].filter((k) => columns[k]);
  const names = keys.map((k) => columns[k]!.name);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const tableName = sql.raw(`"${getTableName(table)}"`);
  for (let i = 0; i < values.length; i += batch) {
    const chunk = values.slice(i, i + batch).map((v) => {
      const o: Record<string, unknown> = {};
      keys.forEach((k, j) => {
        const x = (v as Record<string, unknown>)[k];
        o[names[j]!] = x instanceof Date ? x.toISOString() : (x ?? null);
      });
      return o;
    });
    await tx.execute(
      sql`INSERT INTO ${tableName} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${tableName}, ${JSON.stringify(chunk)}::json)`,
    );
    progress?.(step, Math.min(i + batch, values.length), values.length);
  }
  if (!values.length) progress?.(step, 0, 0);
}
