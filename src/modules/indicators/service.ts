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
import { getUnit, unitsRelation } from '../network/index.js';
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
import { COUNTERS, unplacedSources } from './registry.js';
import { bringUpToDate, computeAllUnits } from './store.js';
import { refresherRunning } from './refresher.js';
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
  const unplaced = unplacedSources();
  if (unplaced.length)
    throw new Error(`indicator counters read tables whose writes are not placed: ${unplaced.join(', ')}`);
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

/**
 * The catalogue as valid on a date (default today): the plan's targets first (T1, T2 … T12), then the
 * programmes' indicators by code.
 */
export async function listIndicators(db: Executor, on = today()): Promise<IndicatorDefinition[]> {
  const found = await rows<{ definition: IndicatorDefinition }>(
    db,
    sql`SELECT definition FROM indicator_definitions
        WHERE valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to >= ${on}::date)
        ORDER BY code !~ '^T[0-9]', substring(code from '^T([0-9]+)')::int, code`,
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
 * Makes the stored values of an indicator and period current before they are read (store.ts): a quiet
 * indicator is read as stored; after writes, only the communes they touched are recomputed. While the
 * refresher keeps the values current in the background (PostgreSQL, `startIndicatorRefresher`), a
 * request never waits for a lock or a full computation it can leave to it.
 */
async function ensureComputed(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
): Promise<void> {
  await bringUpToDate(db, indicator, period, ctx, { leaveToRefresher: refresherRunning() });
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
