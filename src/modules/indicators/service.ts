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
import { audit } from '../audit/index.js';
import { getUnit, NETWORK_SOURCES, unitsRelation } from '../network/index.js';
import { residentsRelation } from '../people/index.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import {
  indicatorDefinition,
  type IndicatorDefinition,
  type IndicatorPart,
  type IndicatorRecord,
  type IndicatorValue,
  type IndicatorValues,
} from './contracts.js';
import type { CounterContext } from '../../core/counters.js';
import { monthsBetween, periodRange, previousMonths } from './periods.js';
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

/** The tables an indicator's facts come from, and the unit tree they are grouped by. */
function sourcesOf(indicator: IndicatorDefinition): string[] {
  return [
    ...new Set([
      ...NETWORK_SOURCES.units,
      ...COUNTERS[indicator.numerator]!.sources,
      ...COUNTERS[indicator.denominator]!.sources,
    ]),
  ].sort();
}

/** The highest `change_seq` of each table: any insert or update raises it (rows are never deleted). */
async function watermarkOf(db: Executor, tables: string[]): Promise<Record<string, number>> {
  const parts = tables.map(
    (table) => sql`${table}::text, (SELECT coalesce(max(change_seq), 0) FROM ${sql.identifier(table)})`,
  );
  const [row] = await rows<{ w: Record<string, number> }>(
    db,
    sql`SELECT json_build_object(${sql.join(parts, sql`, `)}) AS w`,
  );
  return row!.w;
}

const sameWatermark = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(b).every((k) => Number(a[k]) === Number(b[k])) &&
  Object.keys(a).length === Object.keys(b).length;

/**
 * Computes the numerator and denominator of every unit for an indicator and period in one pass:
 * the facts are summed per place (hamlet or commune: thousands of rows, not millions), then added
 * to every ancestor of the place (`subpath`), so a parent is by construction the sum of its children.
 * The result replaces the stored values, with the watermark read before the facts were.
 */
export async function computeAllUnits(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
  watermark?: Record<string, number>,
): Promise<{ units: number; ms: number }> {
  const started = performance.now();
  const mark = watermark ?? (await watermarkOf(db, sourcesOf(indicator)));
  const numerator = COUNTERS[indicator.numerator]!(ctx);
  const denominator = COUNTERS[indicator.denominator]!(ctx);
  const key = sql`code = ${indicator.code} AND version = ${indicator.version} AND period = ${period}`;
  let units = 0;
  await db.transaction(async (tx) => {
    // One computation of an indicator and period at a time (two dashboards opened together).
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`ytcs.indicator:${indicator.code}:${period}`}))`,
    );
    await tx.execute(sql`DELETE FROM indicator_values WHERE ${key}`);
    // Memory for the hash tables of a whole-province pass (this transaction only).
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    // The facts are grouped by the place's path as text: PostgreSQL 15's ltree has no hash support,
    // so grouping millions of facts by the ltree itself sorts them all (9 s of 13 s for the residents
    // of a province of 5 million, EXPLAIN ANALYZE in bench/indicators-scale.ts).
    const inserted = await rows<{ n: number }>(
      tx,
      sql`WITH nf AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${numerator}) f GROUP BY 1),
          df AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${denominator}) f GROUP BY 1),
          na AS (SELECT subpath(nf.place::ltree, 0, k) AS path, sum(nf.s) AS s
                 FROM nf CROSS JOIN LATERAL generate_series(1, nlevel(nf.place::ltree)) k GROUP BY 1),
          da AS (SELECT subpath(df.place::ltree, 0, k) AS path, sum(df.s) AS s
                 FROM df CROSS JOIN LATERAL generate_series(1, nlevel(df.place::ltree)) k GROUP BY 1),
          ins AS (INSERT INTO indicator_values (code, version, period, unit_id, numerator, denominator)
                  SELECT ${indicator.code}, ${indicator.version}, ${period}, u.id, coalesce(na.s, 0), coalesce(da.s, 0)
                  FROM na FULL JOIN da ON da.path = na.path JOIN ${unitsRelation} u ON u.path = coalesce(na.path, da.path)
                  RETURNING 1)
          SELECT count(*)::int AS n FROM ins`,
    );
    units = inserted[0]?.n ?? 0;
    const ms = Math.round(performance.now() - started);
    await tx.execute(sql`INSERT INTO indicator_computations (code, version, period, as_of, watermark, duration_ms)
        VALUES (${indicator.code}, ${indicator.version}, ${period}, ${ctx.asOf}::date, ${JSON.stringify(mark)}::jsonb, ${ms})
        ON CONFLICT (code, version, period) DO UPDATE SET as_of = excluded.as_of, watermark = excluded.watermark,
          computed_at = now(), duration_ms = excluded.duration_ms`);
  });
  return { units, ms: Math.round(performance.now() - started) };
}

/**
 * Makes the stored values of an indicator and period current: recomputed when they were computed for
 * another day, or when any table the counters read has been written since (its `change_seq` moved).
 * So a new card or visit changes the dashboard at the next request, and a quiet dashboard is read
 * from the stored values.
 */
async function ensureComputed(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
): Promise<void> {
  const watermark = await watermarkOf(db, sourcesOf(indicator));
  const [done] = await rows<{ asOf: string; watermark: Record<string, number> }>(
    db,
    sql`SELECT as_of AS "asOf", watermark FROM indicator_computations
        WHERE code = ${indicator.code} AND version = ${indicator.version} AND period = ${period}`,
  );
  if (done && done.asOf === ctx.asOf && sameWatermark(done.watermark, watermark)) return;
  await computeAllUnits(db, indicator, period, ctx, watermark);
}

/**
 * Recomputes every indicator of the catalogue (or one) for each month from `from` to `to`: the
 * `ytcs indicators rebuild` command. Reports progress after each indicator and month.
 */
export async function rebuildIndicators(
  db: Orm,
  options: { from: string; to: string; code?: string | undefined },
  onProgress?: (done: number, total: number, step: string) => void,
): Promise<{ computations: number; units: number; ms: number }> {
  const started = performance.now();
  const months = monthsBetween(options.from, options.to);
  const jobs: { indicator: IndicatorDefinition; period: string; ctx: CounterContext }[] = [];
  for (const period of months) {
    const ctx = contextFor(period);
    const all = await rows<{ definition: IndicatorDefinition }>(
      db,
      sql`SELECT DISTINCT ON (code) definition FROM indicator_definitions
          WHERE valid_from <= ${ctx.periodEnd}::date AND (valid_to IS NULL OR valid_to >= ${ctx.periodEnd}::date)
          ORDER BY code, version DESC`,
    );
    for (const { definition } of all)
      if (!options.code || definition.code === options.code)
        jobs.push({ indicator: definition, period, ctx });
  }
  if (options.code && !jobs.length) throw notFound(`Indicator ${options.code}`);
  let units = 0;
  for (const [i, job] of jobs.entries()) {
    units += (await computeAllUnits(db, job.indicator, job.period, job.ctx)).units;
    onProgress?.(i + 1, jobs.length, `${job.indicator.code} ${job.period}`);
  }
  return { computations: jobs.length, units, ms: Math.round(performance.now() - started) };
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
): Promise<IndicatorValues> {
  requirePermission(actor, 'network.read');
  const ctx = contextFor(period);
  const indicator = await definitionFor(db, code, ctx.periodEnd);
  const unit = await getUnit(db, actor, unitCode);
  const targets: SQL = children
    ? sql`SELECT u.id, u.code, u.full_name, u.level, u.path FROM ${unitsRelation} u WHERE u.parent_id = ${unit.id}
          AND (u.valid_to IS NULL OR u.valid_to >= ${ctx.asOf}::date)`
    : sql`SELECT u.id, u.code, u.full_name, u.level, u.path FROM ${unitsRelation} u WHERE u.id = ${unit.id}`;
  await ensureComputed(db, indicator, period, ctx);
  const result = await rows<{ code: string; name: string; level: string; num: number; den: number }>(
    db,
    sql`WITH t AS (${targets})
        SELECT t.code, t.full_name AS name, t.level, coalesce(v.numerator, 0)::float8 AS num,
          coalesce(v.denominator, 0)::float8 AS den
        FROM t LEFT JOIN indicator_values v ON v.unit_id = t.id AND v.code = ${indicator.code}
          AND v.version = ${indicator.version} AND v.period = ${period}
        ORDER BY t.code`,
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
  part: IndicatorPart,
  paging: Paging,
): Promise<Page<IndicatorRecord>> {
  requirePermission(actor, 'network.read');
  const ctx = contextFor(period);
  const indicator = await definitionFor(db, code, ctx.periodEnd);
  const unit = await getUnit(db, actor, unitCode);
  const facts = COUNTERS[indicator[part]]!(ctx);
  // One page of facts, then each fact's place (hamlet and commune names) through network's relation,
  // and, when the fact is a resident, who they are through people's relation (a read of persons).
  const found = await rows<
    Omit<IndicatorRecord, 'resident'> & {
      total: number;
      isResident: boolean;
      birthDate: string | null;
      birthYear: number | null;
      personalId: string | null;
    }
  >(
    db,
    sql`WITH page AS (
          SELECT f.id, f.label, f.unit_path, f.weight::float8 AS weight, count(*) OVER ()::int AS total
            FROM (${facts}) f WHERE f.unit_path <@ ${unit.path}::ltree ORDER BY f.unit_path, f.label
            LIMIT ${paging.limit} OFFSET ${paging.offset})
        SELECT p.id, p.label, p.unit_path::text AS "unitPath", p.weight, p.total,
               u.full_name AS "placeName", CASE WHEN u.level = 'hamlet' THEN c.full_name END AS "communeName",
               r.id IS NOT NULL AS "isResident", r.birth_date::text AS "birthDate",
               r.birth_year AS "birthYear", r.personal_id AS "personalId"
          FROM page p
          LEFT JOIN ${unitsRelation} u ON u.path = p.unit_path
          LEFT JOIN ${unitsRelation} c ON c.id = u.parent_id
          LEFT JOIN ${residentsRelation} r
            ON r.id = CASE WHEN p.id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                           THEN p.id::uuid END
         ORDER BY p.unit_path, p.label`,
  );
  const residents = found.filter((r) => r.isResident).length;
  await audit(db, actor, {
    action: 'list',
    entityType: 'indicator_records',
    entityId: `${code}/${part}`,
    unitPath: unit.path,
    details: { period, count: found.length, residents },
  });
  return {
    items: found.map(({ total: _t, isResident, birthDate, birthYear, personalId, ...r }) => ({
      ...r,
      resident: isResident ? { birthDate, birthYear, personalId } : null,
    })),
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
