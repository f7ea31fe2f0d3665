/**
 * DHIS2 imports kept (docs/adr/0034, amendment): a payload whose every value maps is stored in one
 * transaction (all or nothing: one conflict and nothing is kept), each value with what DHIS2 sent and
 * what ytcs reads it as. The values stay beside ytcs's own, never mixed into the indicators: the
 * listing of an import's values puts ytcs's own number for the same indicator, part, unit and month
 * next to each, with the difference.
 */
import { sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../core/actor.js';
import { deniedNotFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { indicatorValues } from '../indicators/index.js';
import { unitsRelation } from '../network/index.js';
import type {
  Dhis2DataValueSet,
  ImportedValueOut,
  ImportOut,
  ImportSummary,
  ImportValuesQuery,
  IndicatorPart,
} from './contracts.js';

/**
 * Keeps a mapped payload (its summary has no conflict): the import and its values in one
 * transaction. `updated` counts the values whose (indicator, part, unit, month) an earlier import in
 * the actor's area had given (the latest import's value is the one in force, as DHIS2 overwrites).
 */
export async function storeImport(
  db: Orm,
  actor: Actor,
  set: Dhis2DataValueSet,
  summary: ImportSummary,
): Promise<ImportSummary> {
  const id = newId();
  const values = summary.mapped.map((m) => {
    const v = set.dataValues[m.index]!;
    return {
      idx: m.index,
      data_element: v.dataElement,
      category_option_combo: v.categoryOptionCombo ?? null,
      org_unit: v.orgUnit,
      dhis2_period: v.period,
      indicator: m.indicator,
      part: m.part,
      unit_code: m.unitCode,
      period: m.period,
      value: m.value,
      stored_by: v.storedBy ?? null,
    };
  });
  const updated = await db.transaction(async (tx) => {
    const json = JSON.stringify(values);
    const [{ n }] = (await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM json_to_recordset(${json}::json)
            AS x(indicator text, part text, unit_code text, period text)
          WHERE EXISTS (SELECT 1 FROM exchange_imported_values e WHERE e.indicator = x.indicator
            AND e.part = x.part AND e.unit_code = x.unit_code AND e.period = x.period
            AND e.unit_path <@ ${actor.scopePath}::ltree)`,
    )) as [{ n: number }];
    await tx.execute(
      sql`INSERT INTO exchange_imports (id, data_set, complete_date, scope_path, value_count, updated_count,
            imported_by_id, imported_by)
          SELECT ${id}::uuid, ${set.dataSet ?? null}, ${set.completeDate ?? null},
            -- The smallest area holding every unit (lca() of paths ending in a label of their own:
            -- lca() alone gives a single unit's parent).
            (SELECT lca(array_agg(u.path || 'z'::ltree)) FROM ${unitsRelation} u
              WHERE u.map = 'post2025' AND u.code IN (SELECT x.unit_code FROM json_to_recordset(${json}::json) AS x(unit_code text))),
            ${values.length}, ${n}, ${actor.userId}, ${actor.username}`,
    );
    await tx.execute(
      sql`INSERT INTO exchange_imported_values (import_id, idx, data_element, category_option_combo, org_unit,
            dhis2_period, indicator, part, unit_code, unit_path, period, value, stored_by)
          SELECT ${id}::uuid, x.idx, x.data_element, x.category_option_combo, x.org_unit, x.dhis2_period,
            x.indicator, x.part, x.unit_code, u.path, x.period, x.value, x.stored_by
          FROM json_to_recordset(${json}::json) AS x(idx int, data_element text, category_option_combo text,
            org_unit text, dhis2_period text, indicator text, part text, unit_code text, period text,
            value float8, stored_by text)
          JOIN ${unitsRelation} u ON u.map = 'post2025' AND u.code = x.unit_code`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'dhis2_import',
      entityId: id,
      unitPath: actor.scopePath,
      details: { values: values.length, updated: n, dataSet: set.dataSet ?? null },
    });
    return n;
  });
  return {
    ...summary,
    status: 'SUCCESS',
    description: `Import ${id}: ${values.length} data values kept beside ytcs's own (docs/adr/0034)`,
    importCount: { imported: values.length - updated, updated, ignored: 0, deleted: 0 },
    importId: id,
  };
}

const importColumns = sql`i.id, i.data_set AS "dataSet", i.complete_date AS "completeDate",
  i.value_count AS "valueCount", i.updated_count AS "updatedCount", i.imported_by AS "importedBy",
  to_json(i.imported_at) #>> '{}' AS "importedAt",
  ARRAY(SELECT DISTINCT v.period FROM exchange_imported_values v WHERE v.import_id = i.id ORDER BY 1) AS periods,
  ARRAY(SELECT DISTINCT v.unit_code FROM exchange_imported_values v WHERE v.import_id = i.id ORDER BY 1) AS "unitCodes"`;

/** The imports of the actor's area (every unit of theirs in it), newest first. */
export async function listImports(db: Executor, actor: Actor, paging: Paging): Promise<Page<ImportOut>> {
  requirePermission(actor, 'network.read');
  const found = await rows<ImportOut & { total: number }>(
    db,
    sql`SELECT ${importColumns}, count(*) OVER ()::int AS total FROM exchange_imports i
        WHERE i.scope_path <@ ${actor.scopePath}::ltree
        ORDER BY i.imported_at DESC, i.id DESC LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  return {
    items: found.map(({ total: _t, ...i }) => i),
    total: found[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/** An import of the actor's area with a page of its values, each beside ytcs's own; 404 otherwise. */
export async function getImport(
  db: Executor,
  actor: Actor,
  id: string,
  query: ImportValuesQuery,
): Promise<ImportOut & { values: Page<ImportedValueOut> }> {
  requirePermission(actor, 'network.read');
  const [found] = await rows<ImportOut & { scopePath: string; inScope: boolean }>(
    db,
    sql`SELECT ${importColumns}, i.scope_path::text AS "scopePath",
          i.scope_path <@ ${actor.scopePath}::ltree AS "inScope"
        FROM exchange_imports i WHERE i.id = ${id}`,
  );
  if (!found?.inScope)
    throw deniedNotFound('Import', { entityType: 'dhis2_import', entityId: id, details: { op: 'read' } });
  const conditions = [sql`v.import_id = ${id}`];
  if (query.indicator) conditions.push(sql`v.indicator = ${query.indicator}`);
  if (query.unit) conditions.push(sql`v.unit_code = ${query.unit}`);
  const values = await rows<Omit<ImportedValueOut, 'ytcs' | 'difference'> & { total: number }>(
    db,
    sql`SELECT v.idx AS index, v.data_element AS "dataElement", v.category_option_combo AS "categoryOptionCombo",
          v.org_unit AS "orgUnit", v.dhis2_period AS "dhis2Period", v.indicator, v.part, v.unit_code AS "unitCode",
          v.period, v.value, v.stored_by AS "storedBy", count(*) OVER ()::int AS total
        FROM exchange_imported_values v WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY v.idx LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  // ytcs's own numbers for the page's (indicator, unit, month): one read of the indicators each.
  const own = new Map<string, { numerator: number; denominator: number; value: number | null } | null>();
  for (const v of values) {
    const key = `${v.indicator}|${v.unitCode}|${v.period}`;
    if (own.has(key)) continue;
    const set = await indicatorValues(db, actor, v.indicator, v.unitCode, v.period, false).catch(
      (err: { status?: number }) => {
        // An indicator no longer in the catalogue, or a unit since merged away: nothing beside it.
        if (err.status === 404 || err.status === 422) return undefined;
        throw err;
      },
    );
    const row = set?.values.find((x) => x.unitCode === v.unitCode);
    own.set(key, row ? { numerator: row.numerator, denominator: row.denominator, value: row.value } : null);
  }
  await audit(db, actor, {
    action: 'read',
    entityType: 'dhis2_import',
    entityId: id,
    unitPath: found.scopePath,
    details: { values: values.length },
  });
  const { scopePath: _s, inScope: _i, ...header } = found;
  return {
    ...header,
    values: {
      items: values.map(({ total: _t, ...v }) => {
        const mine = own.get(`${v.indicator}|${v.unitCode}|${v.period}`);
        const ytcs = mine ? mine[v.part as IndicatorPart] : null;
        return {
          ...v,
          ytcs,
          difference: ytcs === null ? null : Math.round((v.value - ytcs) * 1e6) / 1e6,
        };
      }),
      total: values[0]?.total ?? 0,
      limit: query.limit,
      offset: query.offset,
    },
  };
}
