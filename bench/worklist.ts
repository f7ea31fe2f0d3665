/**
 * The station's worklist (issue 14: a station's list < 100 ms p95). Prints, never asserts.
 *
 * Against an existing database (the demo, or a bench's kept one): DATABASE_URL for PostgreSQL, else
 * YTCS_DATA_DIR for the embedded database (not while `ytcs serve` runs on it). For the communes with
 * the most residents (BENCH_WORKLIST_COMMUNES, default 10), the first page of the list (every source,
 * the people and hamlets joined, the counts, the audit row) as a clinician of the commune,
 * BENCH_WORKLIST_REPS times each (default 30): p50/p95/p99 over all, and the items per list.
 *
 *   YTCS_DATA_DIR=./data npx tsx bench/worklist.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ytcs npx tsx bench/worklist.ts
 */
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { ROLE_PERMISSIONS } from '../src/core/permissions.js';
import type { Actor } from '../src/core/actor.js';
import { connectFromEnv, rows } from '../src/db/connection.js';
import { unitsRelation } from '../src/modules/network/index.js';
import { residentsRelation } from '../src/modules/people/index.js';
import { DUE_ITEMS, worklist } from '../src/modules/worklist/index.js';

const communes = Number(process.env.BENCH_WORKLIST_COMMUNES ?? 10);
const reps = Number(process.env.BENCH_WORKLIST_REPS ?? 30);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const db = await connectFromEnv();
try {
  console.log(
    `worklist bench on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} · sources: ${Object.keys(DUE_ITEMS).join(', ')} · ` +
      `${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const places = await rows<{ code: string; path: string; residents: number }>(
    db.orm,
    sql`SELECT u.code, u.path::text AS path, count(*)::int AS residents
          FROM ${residentsRelation} r
          JOIN ${unitsRelation} u ON u.level = 'commune' AND u.map = 'post2025' AND r.unit_path <@ u.path
         WHERE r.status = 'active'
         GROUP BY u.code, u.path ORDER BY residents DESC LIMIT ${communes}`,
  );
  const times: number[] = [];
  for (const place of places) {
    const actor: Actor = {
      userId: null,
      username: 'bench.worklist',
      role: 'clinician',
      scopePath: place.path,
      permissions: new Set(ROLE_PERMISSIONS.clinician),
    };
    const query = { limit: 50, offset: 0, days: 0 };
    const first = await worklist(db.orm, actor, query); // warm-up
    const mine: number[] = [];
    for (let i = 0; i < reps; i++) {
      const started = performance.now();
      await worklist(db.orm, actor, query);
      mine.push(performance.now() - started);
    }
    mine.sort((a, b) => a - b);
    times.push(...mine);
    console.log(
      `  ${place.code}: ${place.residents} residents, ${first.total} items due ` +
        `(${first.kinds.map((k) => `${k.kind} ${k.total}/${k.overdue} overdue`).join(', ')}) · ` +
        `p50 ${pct(mine, 50).toFixed(1)} ms, p95 ${pct(mine, 95).toFixed(1)} ms`,
    );
  }
  times.sort((a, b) => a - b);
  console.log(
    `all: ${times.length} lists · p50 ${pct(times, 50).toFixed(1)} ms · p95 ${pct(times, 95).toFixed(1)} ms · ` +
      `p99 ${pct(times, 99).toFixed(1)} ms (target p95 < 100 ms)`,
  );
} finally {
  await db.close();
}
