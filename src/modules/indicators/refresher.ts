// Keeps the stored indicator values current as data is written (docs/adr/0021): every value once
// computed for a recent period is brought up to the data after each write, commune by commune, so that
// a dashboard reads stored rows and never waits for a computation. Nothing is queued, so nothing can be
// lost: what to do is the difference between the tables' `change_seq` and the watermarks stored with
// the values, read afresh at every pass (a pass cut short by a stop is done again by the next).
import { sql } from 'drizzle-orm';
import { today } from '../../core/clock.js';
import { rows, type Executor } from '../../db/connection.js';
import type { IndicatorDefinition } from './contracts.js';
import { periodRange } from './periods.js';
import {
  changedRegions,
  computeAllUnits,
  periodContext,
  recomputeRegions,
  safeMark,
  sameWatermark,
  sourcesOf,
  watermarkOf,
  type Region,
  type Watermark,
} from './store.js';

let running = 0;
/** Whether a refresher runs in this process (then requests leave the computations to it). */
export const refresherRunning = () => running > 0;

/** How far back stored values are kept current: the dashboards' 12-month trends and the year's. */
const KEPT_DAYS = 400;

interface Stored {
  code: string;
  version: number;
  period: string;
  asOf: string;
  watermark: Watermark;
  definition: IndicatorDefinition;
}

export interface RefreshPass {
  /** Stored (indicator, period) pairs looked at. */
  pairs: number;
  /** Pairs whose changed places (or communes) were recomputed, and how many regions that was in all. */
  caughtUp: number;
  regions: number;
  /** Pairs computed again in full (a new day for a running period, a national list changed). */
  computed: number;
  /** Pairs left for the next pass (another session held them, or newer writes came first). */
  skipped: number;
  /** Cut short by a newer write: the next pass should start at once. */
  preempted: boolean;
  /** The marks of every source table this pass started from (to skip the next pass if nothing moved). */
  mark: Watermark | null;
  day: string;
  ms: number;
}

const pick = (mark: Watermark, tables: string[]) => Object.fromEntries(tables.map((t) => [t, mark[t] ?? 0]));

/**
 * One pass: the stored pairs of recent periods, the running periods first, each brought up to the
 * data. Between two pairs of past periods, a new write sends the pass back to the running periods
 * (`preempt`), so a new card reaches this month's figures first.
 */
export async function keepIndicatorsCurrent(
  db: Executor,
  options: { preempt?: boolean; after?: RefreshPass } = {},
): Promise<RefreshPass> {
  const started = performance.now();
  const day = today();
  const pass: RefreshPass = {
    pairs: 0,
    caughtUp: 0,
    regions: 0,
    computed: 0,
    skipped: 0,
    preempted: false,
    mark: null,
    day,
    ms: 0,
  };
  // Nothing written since a complete pass on the same day: nothing to do (two small reads a pass).
  const before = options.after;
  if (before?.mark && !before.preempted && !before.skipped && before.day === day) {
    const { mark, writing } = await watermarkOf(db, Object.keys(before.mark));
    if (!writing && sameWatermark(mark, before.mark))
      return { ...before, pairs: 0, caughtUp: 0, regions: 0, computed: 0, ms: 0 };
  }
  const stored = (
    await rows<Stored>(
      db,
      sql`SELECT c.code, c.version, c.period, c.as_of::text AS "asOf", c.watermark, d.definition
          FROM indicator_computations c JOIN indicator_definitions d ON d.code = c.code AND d.version = c.version`,
    )
  )
    .map((s) => ({ ...s, range: periodRange(s.period) }))
    .filter((s) => s.range.start <= day && daysBetween(s.range.end, day) <= KEPT_DAYS)
    .sort((a, b) => {
      const ra = a.range.end >= day ? 0 : 1;
      const rb = b.range.end >= day ? 0 : 1;
      return ra - rb || b.range.end.localeCompare(a.range.end) || a.code.localeCompare(b.code);
    });
  pass.pairs = stored.length;
  if (!stored.length) return { ...pass, ms: Math.round(performance.now() - started) };
  const tables = [...new Set(stored.flatMap((s) => sourcesOf(s.definition)))].sort();
  const first = await watermarkOf(db, tables);
  pass.mark = first.writing ? null : first.mark;
  const regionsCache = new Map<string, Promise<Region[] | null>>();
  for (const [i, s] of stored.entries()) {
    if (options.preempt && s.range.end < day) {
      const latest = await watermarkOf(db, tables);
      if (!sameWatermark(latest.mark, first.mark)) {
        pass.skipped += stored.length - i;
        pass.preempted = true;
        break;
      }
    }
    const mine = sourcesOf(s.definition);
    const now = pick(first.mark, mine);
    const ctx = periodContext(s.period, day);
    if (s.asOf === ctx.asOf && sameWatermark(s.watermark, now)) continue;
    if (s.asOf !== ctx.asOf) {
      await computeAllUnits(db, s.definition, s.period, ctx, now);
      pass.computed++;
      continue;
    }
    const from = pick(s.watermark, mine);
    const key = JSON.stringify([from, now]);
    if (!regionsCache.has(key)) regionsCache.set(key, changedRegions(db, mine, from, now));
    const regions = await regionsCache.get(key)!;
    if (regions === null) {
      await computeAllUnits(db, s.definition, s.period, ctx, now);
      pass.computed++;
      continue;
    }
    const outcome = await recomputeRegions(
      db,
      s.definition,
      s.period,
      ctx,
      regions,
      safeMark(from, now, first.writing),
      false,
    );
    if (outcome === 'done') {
      pass.caughtUp++;
      pass.regions += regions.length;
    } else if (outcome === 'stale') {
      await computeAllUnits(db, s.definition, s.period, ctx, now);
      pass.computed++;
    } else pass.skipped++;
  }
  return { ...pass, ms: Math.round(performance.now() - started) };
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

/**
 * Runs `keepIndicatorsCurrent` every `intervalMs` (one pass at a time) until stopped. Used by the
 * server on PostgreSQL; on the embedded database a query from a timer beside the requests' own is not
 * safe (docs/adr/0013), so there the requests catch up themselves (a commune at a time).
 */
export function startIndicatorRefresher(
  db: Executor,
  intervalMs: number,
  onError: (err: unknown) => void,
  onPass?: (pass: RefreshPass) => void,
): { stop(): Promise<void> } {
  running++;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let last: RefreshPass | undefined;
  const tick = () => {
    current = keepIndicatorsCurrent(db, { preempt: true, after: last })
      .then((pass) => {
        last = pass;
        onPass?.(pass);
      })
      .catch((err: unknown) => {
        last = undefined;
        onError(err);
      })
      .finally(() => {
        if (!stopped) {
          // Cut short by a newer write: again at once, this month's figures first.
          timer = setTimeout(tick, last?.preempted ? 0 : intervalMs);
          timer.unref();
        }
      });
  };
  tick();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      running--;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
