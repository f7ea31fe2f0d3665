/**
 * What the terminology module publishes for other modules' SQL (docs/adr/0020-module-boundaries.md):
 * the versioned code lists as a relation with the columns others may read, and the display of a
 * code as a scalar fragment. PostgreSQL pulls the sub-select up into the query (same plan as the table).
 */
import { sql, type SQL } from 'drizzle-orm';

/** Code values of every code list (danh mục), each with its validity dates. */
export const codeValuesRelation =
  sql.raw(`(SELECT system, code, display_vi, display_en, sort_order, properties,
  valid_from, valid_to, source FROM code_values)`);

/**
 * The Vietnamese display of `code` (an SQL expression) in the code list `system`: the latest version's
 * (by valid_from), or NULL for an unknown code.
 */
export const codeDisplayVi = (system: string, code: SQL): SQL =>
  sql`(SELECT cv.display_vi FROM ${codeValuesRelation} cv WHERE cv.system = ${system} AND cv.code = ${code}
    ORDER BY cv.valid_from DESC LIMIT 1)`;

/** The tables behind the relations, for indicator counters' `sources`. */
export const TERMINOLOGY_SOURCES = { codes: ['code_values'] } as const;
