import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { invalid, notFound } from '../../core/errors.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../accounts/audit.js';
import { getUnit } from '../network/index.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import {
  indicatorDefinition,
  type IndicatorDefinition,
  type IndicatorRecord,
  type IndicatorValue,
} from './contracts.js';
import type { CounterContext } from './counters.js';
import { periodRange, previousMonths } from './periods.js';
import { COUNTERS } from './registry.js';
import { indicatorDefinitions } from './schema.js';

export const CATALOGUE_FILE = fileURLToPath(
  new URL('../../../reference/indicators/catalogue.json', import.meta.url),
);

/** Parses the catalogue and checks every numerator/denominator names a registered counter. */
export function parseCatalogue(text: string): IndicatorDefinition[] {
  const parsed = z.object({ indicators: z.array(indicatorDefinition) }).safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `indicator catalogue: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  for (const d of parsed.data.indicators)
    for (const counter of [d.numerator, d.denominator])
      if (!COUNTERS[counter])
        throw new Error(`indicator catalogue: ${d.code} v${d.version} uses unknown counter "${counter}"`);
  return parsed.data.indicators;
}

/** Loads the shipped catalogue when it changed (same pattern as the code lists). */
export async function loadCatalogue(db: Orm, file = CATALOGUE_FILE): Promise<number> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, 'indicators')) === checksum) return 0;
  const definitions = parseCatalogue(text);
  await db.transaction(async (tx) => {
    for (const d of definitions) {
      await tx
        .insert(indicatorDefinitions)
        .values({
          code: d.code,
          version: d.version,
          validFrom: d.validFrom,
          validTo: d.validTo,
          definition: d,
        })
        .onConflictDoUpdate({
          target: [indicatorDefinitions.code, indicatorDefinitions.version],
          set: { validFrom: d.validFrom, validTo: d.validTo, definition: d },
        });
    }
    await recordDatasetLoad(tx, 'indicators', checksum, definitions.length);
  });
  return definitions.length;
}

import { today } from '../../core/clock.js';

/** The catalogue as valid on a date (default today). */
export async function listIndicators(db: Executor, on = today()): Promise<IndicatorDefinition[]> {
  const found = await rows<{ definition: IndicatorDefinition }>(
    db,
    sql`SELECT definition FROM indicator_definitions
        WHERE valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to >= ${on}::date) ORDER BY code`,
  );
  return found.map((r) => r.definition);
}

/** The definition in force for a period (a definition change never rewrites older periods). */
export async function definitionFor(
  db: Executor,
  code: string,
  periodEnd: string,
): Promise<IndicatorDefinition> {
  const [found] = await rows<{ definition: IndicatorDefinition }>(
    db,
    sql`SELECT definition FROM indicator_definitions WHERE code = ${code} AND valid_from <= ${periodEnd}::date
        AND (valid_to IS NULL OR valid_to >= ${periodEnd}::date) ORDER BY version DESC LIMIT 1`,
  );
  if (!found) throw notFound(`Indicator ${code} for that period`);
  return found.definition;
}

function contextFor(period: string): CounterContext {
  const range = periodRange(period);
  if (range.start > today())
    throw invalid([{ path: 'period', code: 'future_period', message: 'the period has not started yet' }]);
  return { periodStart: range.start, periodEnd: range.end, asOf: range.end < today() ? range.end : today() };
}

/**
 * Values of one indicator for a unit (and its children) and a period: numerator and denominator are
 * summed over each unit's subtree, so a parent's value is always the sum of its children's parts.
 */
export async function indicatorValues(
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  period: string,
  children: boolean,
): Promise<{ indicator: IndicatorDefinition; values: IndicatorValue[] }> {
  requirePermission(actor, 'network.read');
  const ctx = contextFor(period);
  const indicator = await definitionFor(db, code, ctx.periodEnd);
  const unit = await getUnit(db, actor, unitCode);
  const targets: SQL = children
    ? sql`SELECT id, code, full_name, level, path FROM admin_units WHERE parent_id = ${unit.id}
          AND (valid_to IS NULL OR valid_to >= ${ctx.asOf}::date)`
    : sql`SELECT id, code, full_name, level, path FROM admin_units WHERE id = ${unit.id}`;
  const numerator = COUNTERS[indicator.numerator]!(ctx);
  const denominator = COUNTERS[indicator.denominator]!(ctx);
  const result = await rows<{ code: string; name: string; level: string; num: number; den: number }>(
    db,
    // The facts are first summed per place (a hamlet or commune: thousands of rows, not millions),
    // then per target unit over its subtree.
    sql`WITH t AS (${targets}),
        nf AS (SELECT f.unit_path, sum(f.weight) AS s FROM (${numerator}) f
               WHERE f.unit_path <@ ${unit.path}::ltree GROUP BY f.unit_path),
        df AS (SELECT f.unit_path, sum(f.weight) AS s FROM (${denominator}) f
               WHERE f.unit_path <@ ${unit.path}::ltree GROUP BY f.unit_path),
        n AS (SELECT t.id, sum(nf.s) AS s FROM t JOIN nf ON nf.unit_path <@ t.path GROUP BY t.id),
        d AS (SELECT t.id, sum(df.s) AS s FROM t JOIN df ON df.unit_path <@ t.path GROUP BY t.id)
        SELECT t.code, t.full_name AS name, t.level, coalesce(n.s, 0)::float8 AS num, coalesce(d.s, 0)::float8 AS den
        FROM t LEFT JOIN n ON n.id = t.id LEFT JOIN d ON d.id = t.id ORDER BY t.code`,
  );
  return {
    indicator,
    values: result.map((r) => ({
      unitCode: r.code,
      unitName: r.name,
      unitLevel: r.level,
      period,
      asOf: ctx.asOf,
      numerator: r.num,
      denominator: r.den,
      value: r.den > 0 ? Math.round((r.num / r.den) * indicator.factor * 100) / 100 : null,
    })),
  };
}

/**
 * Drill-down: the records behind a number (numerator or denominator) for a unit and period — exactly
 * the facts the value was computed from. Audited, since they may name people.
 */
export async function indicatorRecords(
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  period: string,
  part: 'numerator' | 'denominator',
  paging: Paging,
): Promise<Page<IndicatorRecord>> {
  requirePermission(actor, 'network.read');
  const ctx = contextFor(period);
  const indicator = await definitionFor(db, code, ctx.periodEnd);
  const unit = await getUnit(db, actor, unitCode);
  const facts = COUNTERS[indicator[part]]!(ctx);
  const found = await rows<IndicatorRecord & { total: number }>(
    db,
    sql`SELECT f.id, f.label, f.unit_path::text AS "unitPath", f.weight::float8 AS weight, count(*) OVER ()::int AS total
        FROM (${facts}) f WHERE f.unit_path <@ ${unit.path}::ltree ORDER BY f.unit_path, f.label
        LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'indicator_records',
    entityId: `${code}/${part}`,
    unitPath: unit.path,
    details: { period, count: found.length },
  });
  return {
    items: found.map(({ total: _t, ...r }) => r),
    total: found[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/** A unit's monthly values over the last `months` months up to `to` (for trend charts and sparklines). */
export async function indicatorTrend(
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  to: string,
  months: number,
): Promise<IndicatorValue[]> {
  const out: IndicatorValue[] = [];
  for (const month of previousMonths(to, months)) {
    const { values } = await indicatorValues(db, actor, code, unitCode, month, false);
    out.push(values[0]!);
  }
  return out;
}
