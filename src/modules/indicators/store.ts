// The stored values of the indicators and how they are kept current (docs/adr/0015, 0021).
//
// Each (indicator, period) computed once is kept: its facts summed at each place (indicator_place_values)
// and rolled up to every unit (indicator_values), with the `change_seq` watermark of the tables its
// counters read (indicator_computations). A write moves a watermark; the places it touched are asked of
// the table's owner (`ChangedPlaces`, published with the counters); only their communes are recomputed,
// and the difference is added to the communes' ancestors. So a card written in one commune costs one
// commune's recomputation, not the province's, and a dashboard reads stored rows.
import { sql } from 'drizzle-orm';
import type { CounterContext } from '../../core/counters.js';
import { today } from '../../core/clock.js';
import { rows, type Executor } from '../../db/connection.js';
import { NETWORK_SOURCES, unitsRelation } from '../network/index.js';
import type { IndicatorDefinition } from './contracts.js';
import { periodRange } from './periods.js';
import { CHANGED_PLACES, COUNTERS } from './registry.js';

export type Watermark = Record<string, number>;

/** The tables an indicator's facts come from, and the unit tree they are grouped by. */
export function sourcesOf(indicator: IndicatorDefinition): string[] {
  return [
    ...new Set([
      ...NETWORK_SOURCES.units,
      ...COUNTERS[indicator.numerator]!.sources,
      ...COUNTERS[indicator.denominator]!.sources,
    ]),
  ].sort();
}

/** The dates a period's counters are evaluated at (the period's end, or today while it runs). */
export function periodContext(period: string, on = today()): CounterContext {
  const range = periodRange(period);
  return { periodStart: range.start, periodEnd: range.end, asOf: range.end < on ? range.end : on };
}

/**
 * The highest `change_seq` of each table (any insert or update raises it; rows are never deleted),
 * and whether another session is in the middle of a write. A write takes its `change_seq` before it
 * commits, so while one is in flight a row with a lower number than the mark may still appear: the
 * mark is then not trusted as a starting point for the next look (see `safeMark`).
 */
export async function watermarkOf(
  db: Executor,
  tables: string[],
): Promise<{ mark: Watermark; writing: boolean }> {
  const parts = tables.map(
    (table) => sql`${table}::text, (SELECT coalesce(max(change_seq), 0) FROM ${sql.identifier(table)})`,
  );
  // Writes are short: wait a little for one in flight to end rather than distrust the mark.
  for (let attempt = 0; ; attempt++) {
    const [row] = await rows<{ w: Watermark }>(
      db,
      sql`SELECT json_build_object(${sql.join(parts, sql`, `)}) AS w`,
    );
    // Read after the marks: a write that had taken its number before them has a transaction id by now.
    const [busy] = await rows<{ writing: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
            AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL) AS writing`,
    );
    const writing = busy?.writing ?? false;
    if (!writing || attempt >= 10) return { mark: row!.w, writing };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sameWatermark = (a: Watermark, b: Watermark) =>
  Object.keys(b).every((k) => Number(a[k]) === Number(b[k])) &&
  Object.keys(a).length === Object.keys(b).length;

/**
 * The mark to store after catching up to `now` from `from`: `now` itself, unless a write was in
 * flight when it was read; then the tables that moved keep `from`, and the next look re-reads their
 * rows since then (recomputing those places once more rather than missing the late one).
 */
export function safeMark(from: Watermark, now: Watermark, writing: boolean): Watermark {
  if (!writing) return now;
  const out: Watermark = {};
  for (const [table, seq] of Object.entries(now))
    out[table] = from[table] !== undefined ? Math.min(Number(from[table]), Number(seq)) : seq;
  return out;
}

interface Computation {
  asOf: string;
  watermark: Watermark;
}

export async function storedComputation(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
): Promise<Computation | undefined> {
  const [done] = await rows<Computation>(
    db,
    sql`SELECT as_of::text AS "asOf", watermark FROM indicator_computations
        WHERE code = ${indicator.code} AND version = ${indicator.version} AND period = ${period}`,
  );
  return done;
}

const pairKey = (indicator: IndicatorDefinition, period: string) =>
  sql`code = ${indicator.code} AND version = ${indicator.version} AND period = ${period}`;

/** Takes the lock of an indicator and period for this transaction; `wait: false` gives up if it is held. */
async function lockPair(
  tx: Executor,
  indicator: IndicatorDefinition,
  period: string,
  wait: boolean,
): Promise<boolean> {
  const name = `ytcs.indicator:${indicator.code}:${period}`;
  if (wait) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`);
    return true;
  }
  const [got] = await rows<{ ok: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(hashtext(${name})) AS ok`,
  );
  return got?.ok ?? false;
}

async function recordComputation(
  tx: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
  mark: Watermark,
  ms: number,
): Promise<void> {
  await tx.execute(sql`INSERT INTO indicator_computations (code, version, period, as_of, watermark, duration_ms)
      VALUES (${indicator.code}, ${indicator.version}, ${period}, ${ctx.asOf}::date, ${JSON.stringify(mark)}::jsonb, ${ms})
      ON CONFLICT (code, version, period) DO UPDATE SET as_of = excluded.as_of, watermark = excluded.watermark,
        computed_at = now(), duration_ms = excluded.duration_ms`);
}

/**
 * Computes the numerator and denominator of every unit for an indicator and period in one pass:
 * the facts are summed per place (hamlet or commune: thousands of rows, not millions) and kept, then
 * added to every ancestor of the place (`subpath`), so a parent is by construction the sum of its
 * children. The result replaces the stored values, with the watermark read before the facts were.
 */
export async function computeAllUnits(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
  watermark?: Watermark,
): Promise<{ units: number; ms: number }> {
  const started = performance.now();
  const mark = watermark ?? (await watermarkOf(db, sourcesOf(indicator))).mark;
  const numerator = COUNTERS[indicator.numerator]!(ctx);
  const denominator = COUNTERS[indicator.denominator]!(ctx);
  const key = pairKey(indicator, period);
  let units = 0;
  await db.transaction(async (tx) => {
    // One computation of an indicator and period at a time (two dashboards opened together).
    await lockPair(tx, indicator, period, true);
    await tx.execute(sql`DELETE FROM indicator_values WHERE ${key}`);
    await tx.execute(sql`DELETE FROM indicator_place_values WHERE ${key}`);
    // Memory for the hash tables of a whole-province pass (this transaction only).
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    // The facts are grouped by the place's path as text: PostgreSQL 15's ltree has no hash support,
    // so grouping millions of facts by the ltree itself sorts them all (9 s of 13 s for the residents
    // of a province of 5 million, EXPLAIN ANALYZE in bench/indicators-scale.ts).
    const inserted = await rows<{ n: number }>(
      tx,
      sql`WITH nf AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${numerator}) f GROUP BY 1),
          df AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${denominator}) f GROUP BY 1),
          pl AS (SELECT coalesce(nf.place, df.place) AS place, coalesce(nf.s, 0) AS n, coalesce(df.s, 0) AS d
                 FROM nf FULL JOIN df ON df.place = nf.place),
          kept AS (INSERT INTO indicator_place_values (code, version, period, place, numerator, denominator)
                   SELECT ${indicator.code}, ${indicator.version}, ${period}, pl.place::ltree, pl.n, pl.d FROM pl
                   RETURNING 1),
          up AS (SELECT subpath(pl.place::ltree, 0, k) AS path, sum(pl.n) AS n, sum(pl.d) AS d
                 FROM pl CROSS JOIN LATERAL generate_series(1, nlevel(pl.place::ltree)) k GROUP BY 1),
          ins AS (INSERT INTO indicator_values (code, version, period, unit_id, numerator, denominator)
                  SELECT ${indicator.code}, ${indicator.version}, ${period}, u.id, up.n, up.d
                  FROM up JOIN ${unitsRelation} u ON u.path = up.path
                  RETURNING 1)
          SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM kept)::int AS places`,
    );
    units = inserted[0]?.n ?? 0;
    await recordComputation(tx, indicator, period, ctx, mark, Math.round(performance.now() - started));
  });
  return { units, ms: Math.round(performance.now() - started) };
}

/**
 * A part of the tree to recompute: the facts placed exactly at `path`, or (`exact` false) at `path`
 * and everywhere below it.
 */
export interface Region {
  path: string;
  exact: boolean;
}

/**
 * The regions to recompute after the writes between two watermarks: each place a written row touched
 * (asked of the table's owner). Places from an owner that keeps every earlier place on record
 * (`exact`) are recomputed as themselves (a hamlet); the others are widened to their commune (a
 * commune's facts are few), or stay themselves above the communes (their whole subtree). A region
 * inside a wider one is dropped. `null`: a region is a whole map (a change to a national list), so
 * the indicator is computed again in full.
 */
export async function changedRegions(
  db: Executor,
  tables: string[],
  from: Watermark,
  to: Watermark,
): Promise<Region[] | null> {
  const parts = tables
    .filter((t) => Number(to[t] ?? 0) > Number(from[t] ?? 0))
    .map((t) => {
      const places = CHANGED_PLACES[t];
      if (!places) throw new Error(`indicators: no ChangedPlaces for source table ${t}`);
      const exact = places.exact ? sql`true` : sql`false`;
      return sql`SELECT x.unit_path, ${exact} AS exact FROM (${places(sql`${Number(from[t] ?? 0)}::bigint`)}) x`;
    });
  if (!parts.length) return [];
  const found = await rows<Region>(
    db,
    sql`SELECT DISTINCT CASE WHEN p.exact THEN p.unit_path ELSE coalesce(c.path, p.unit_path) END::text AS path,
          p.exact AS exact
        FROM (${sql.join(parts, sql` UNION `)}) p
        LEFT JOIN LATERAL (SELECT u.path FROM ${unitsRelation} u
          WHERE NOT p.exact AND u.level = 'commune' AND u.path @> p.unit_path LIMIT 1) c ON true
        WHERE p.unit_path IS NOT NULL`,
  );
  const depth = (r: Region) => r.path.split('.').length;
  if (found.some((r) => !r.exact && depth(r) === 1)) return null;
  const wide = found.filter((r) => !r.exact);
  const inside = (r: Region, w: Region) => r.path === w.path || r.path.startsWith(`${w.path}.`);
  const kept = [
    ...wide.filter((r) => !wide.some((w) => w !== r && inside(r, w) && w.path !== r.path)),
    ...found.filter((r) => r.exact && !wide.some((w) => inside(r, w))),
  ];
  const unique = new Map(kept.map((r) => [`${r.exact}:${r.path}`, r]));
  return [...unique.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || Number(a.exact) - Number(b.exact),
  );
}

interface PlaceSums {
  place: string;
  n: number;
  d: number;
}

/**
 * Recomputes the facts of an indicator and period inside `regions` only, and adds the difference to
 * every unit above each changed place: the stored values end as a full computation would leave them
 * (a unit whose facts all left keeps a 0 / 0 row, read the same as none). Under the pair's lock;
 * `wait: false` leaves it to whoever holds the lock (the refresher): 'busy'. 'stale': the stored
 * values are of another day, to be computed again in full.
 */
export async function recomputeRegions(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
  regions: Region[],
  mark: Watermark,
  wait: boolean,
): Promise<'done' | 'busy' | 'stale'> {
  const started = performance.now();
  const key = pairKey(indicator, period);
  return db.transaction(async (tx): Promise<'done' | 'busy' | 'stale'> => {
    if (!(await lockPair(tx, indicator, period, wait))) return 'busy';
    // Under the lock: another session may have caught up already, or computed for another day (then
    // the other places are of that day, and only a full computation will do).
    const done = await storedComputation(tx, indicator, period);
    if (!done || done.asOf !== ctx.asOf) return 'stale';
    if (sameWatermark(done.watermark, mark)) return 'done';
    // A commune of 100,000 people groups as many facts: keep the sort in memory (this transaction only).
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    const delta = new Map<string, { n: number; d: number }>();
    const add = (place: string, n: number, d: number) => {
      const x = delta.get(place) ?? { n: 0, d: 0 };
      delta.set(place, { n: x.n + n, d: x.d + d });
    };
    const fresh: PlaceSums[] = [];
    for (const region of regions) {
      const numerator = COUNTERS[indicator.numerator]!(ctx);
      const denominator = COUNTERS[indicator.denominator]!(ctx);
      const within = region.exact
        ? sql`f.unit_path = ${region.path}::ltree`
        : sql`f.unit_path <@ ${region.path}::ltree`;
      const kept = region.exact ? sql`place = ${region.path}::ltree` : sql`place <@ ${region.path}::ltree`;
      const now = await rows<PlaceSums>(
        tx,
        sql`WITH nf AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${numerator}) f WHERE ${within} GROUP BY 1),
            df AS (SELECT f.unit_path::text AS place, sum(f.weight) AS s FROM (${denominator}) f WHERE ${within} GROUP BY 1)
            SELECT coalesce(nf.place, df.place) AS place, coalesce(nf.s, 0)::float8 AS n, coalesce(df.s, 0)::float8 AS d
            FROM nf FULL JOIN df ON df.place = nf.place`,
      );
      const before = await rows<PlaceSums>(
        tx,
        sql`DELETE FROM indicator_place_values WHERE ${key} AND ${kept}
            RETURNING place::text AS place, numerator AS n, denominator AS d`,
      );
      for (const p of now) add(p.place, p.n, p.d);
      for (const p of before) add(p.place, -p.n, -p.d);
      fresh.push(...now);
    }
    if (fresh.length)
      await tx.execute(sql`INSERT INTO indicator_place_values (code, version, period, place, numerator, denominator)
          SELECT ${indicator.code}, ${indicator.version}, ${period}, x.place::ltree, x.n, x.d
          FROM json_to_recordset(${JSON.stringify(fresh)}::json) AS x(place text, n float8, d float8)`);
    const changed = [...delta]
      .filter(([, v]) => v.n !== 0 || v.d !== 0)
      .map(([place, v]) => ({ place, ...v }));
    if (changed.length)
      await tx.execute(sql`WITH x AS (SELECT * FROM json_to_recordset(${JSON.stringify(changed)}::json)
              AS x(place text, n float8, d float8)),
            up AS (SELECT subpath(x.place::ltree, 0, k) AS path, sum(x.n) AS n, sum(x.d) AS d
                   FROM x CROSS JOIN LATERAL generate_series(1, nlevel(x.place::ltree)) k GROUP BY 1)
          INSERT INTO indicator_values (code, version, period, unit_id, numerator, denominator)
          SELECT ${indicator.code}, ${indicator.version}, ${period}, u.id, up.n, up.d
          FROM up JOIN ${unitsRelation} u ON u.path = up.path
          ON CONFLICT (code, version, period, unit_id) DO UPDATE
            SET numerator = indicator_values.numerator + excluded.numerator,
                denominator = indicator_values.denominator + excluded.denominator`);
    await recordComputation(tx, indicator, period, ctx, mark, Math.round(performance.now() - started));
    return 'done';
  });
}

export type Freshness = 'stored' | 'computed' | 'caught_up' | 'left';

/**
 * Brings the stored values of an indicator and period up to the data: nothing when neither the day
 * nor any watermark moved; the changed communes only when a watermark moved; everything when the
 * values were never computed, or computed for another day, or a national list changed.
 * `leaveToRefresher`: a request while the refresher runs reads what is stored ('left'), unless nothing
 * is: a dashboard never waits for a recomputation the refresher is there to do.
 */
export async function bringUpToDate(
  db: Executor,
  indicator: IndicatorDefinition,
  period: string,
  ctx: CounterContext,
  options: { leaveToRefresher: boolean },
): Promise<Freshness> {
  const done = await storedComputation(db, indicator, period);
  if (done && options.leaveToRefresher) return 'left';
  const tables = sourcesOf(indicator);
  const { mark: now, writing } = await watermarkOf(db, tables);
  if (!done) {
    await computeAllUnits(db, indicator, period, ctx, now);
    return 'computed';
  }
  if (done.asOf === ctx.asOf && sameWatermark(done.watermark, now)) return 'stored';
  const regions = done.asOf === ctx.asOf ? await changedRegions(db, tables, done.watermark, now) : null;
  if (regions !== null) {
    const next = safeMark(done.watermark, now, writing);
    const outcome = await recomputeRegions(db, indicator, period, ctx, regions, next, true);
    if (outcome === 'done') return 'caught_up';
  }
  await computeAllUnits(db, indicator, period, ctx, now);
  return 'computed';
}
