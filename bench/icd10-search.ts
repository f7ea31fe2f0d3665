/**
 * The diagnosis picker's ICD-10 search (issue 13, item 4: under 20 ms) on PostgreSQL and PGlite:
 * migrations and the ICD-10 list in a new database, then BENCH_ICD10_REPS (default 200) searches
 * through the service, a mix of what a station types (Vietnamese words with and without diacritics,
 * in any order, code prefixes). Prints p50/p95 overall, the CPU time of this process per search (the
 * scan, and on PGlite the database too: the figure that does not grow with a loaded machine), and the first search (which builds the
 * in-memory index), never asserts.
 *
 *   BENCH_ONLY=icd10-search npm run bench      or      npx tsx bench/icd10-search.ts
 *
 * Environment: BENCH_ICD10_DATABASES (`postgres,pglite`), BENCH_PG_URL, BENCH_ICD10_REPS.
 */
import { loadavg } from 'node:os';
import { connect } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { loadIcd10, searchIcd10 } from '../src/modules/terminology/index.js';
import { scratchDatabase } from './support/database.js';

const TYPED = [
  'tang huyet ap',
  'viêm họng',
  'viem hong cap',
  'dai thao duong',
  'sot',
  'I1',
  'J02.9',
  'cam cum',
  'dau bung',
  'viem phe quan',
  'huyet ap tang',
  'đau đầu',
];
const reps = Number(process.env.BENCH_ICD10_REPS ?? 200);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

for (const kind of (process.env.BENCH_ICD10_DATABASES ?? 'postgres,pglite').split(',')) {
  const scratch = await scratchDatabase(kind, 'icd10', 'BENCH_ICD10');
  const db =
    kind === 'postgres'
      ? await connect({ databaseUrl: scratch.location, poolSize: 2 })
      : await connect({ dataDir: scratch.location });
  try {
    await runMigrations(db);
    await loadIcd10(db.orm);
    let t = performance.now();
    await searchIcd10(db.orm, 'tang huyet ap', '2026-03-10');
    const first = performance.now() - t;
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < reps; i++) {
      t = performance.now();
      await searchIcd10(db.orm, TYPED[i % TYPED.length]!, '2026-03-10');
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / reps;
    console.log(
      `ICD-10 search (${kind}, 12,246 codes, ${reps} queries): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, this process's CPU ${cpuMs.toFixed(1)} ms a search; first search (builds the index) ${first.toFixed(0)} ms; load ${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await db.close();
    await scratch.cleanup();
  }
}
