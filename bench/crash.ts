/**
 * The crash drill at bench size (issue 21 item 1; src/reliability/crash.ts): the real server on a
 * new database, BENCH_CRASH_WRITERS writers (default 16), killed with SIGKILL once
 * BENCH_CRASH_WRITES more households were acknowledged (default 200), BENCH_CRASH_ROUNDS times
 * (default 3), on PGlite and on PostgreSQL (BENCH_DATABASE_URL, default the local server; a database
 * `ytcs_crash_bench` is made and dropped). Prints, never asserts: what was acknowledged, what was
 * lost (must be nothing), restart times, the audit events verified.
 *
 *   npx tsx bench/crash.ts        (or BENCH_ONLY=crash npm run bench)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { crashDrill } from '../src/reliability/crash.js';

const writers = Number(process.env.BENCH_CRASH_WRITERS ?? 16);
const writes = Number(process.env.BENCH_CRASH_WRITES ?? 200);
const rounds = Number(process.env.BENCH_CRASH_ROUNDS ?? 3);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function migrate(env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stderr}`);
}

async function drill(label: string, target: { dataDir?: string; databaseUrl?: string }) {
  const started = Date.now();
  const report = await crashDrill({
    ...target,
    writers,
    killAfterWrites: writes,
    rounds,
    log: (line) => console.log(`  ${label}: ${line}`),
  });
  console.log(
    `crash drill on ${label} (${writers} writers, ${rounds} kills, ${cpus().length} cores, load ${load()}): ` +
      `${report.acknowledged.households} households / ${report.acknowledged.residents} residents / ` +
      `${report.acknowledged.visits} visits acknowledged, ${report.unanswered} requests cut by the kills, ` +
      `${report.problems.length} problems; restarts ${report.startSeconds.map((s) => s.toFixed(1)).join(', ')} s; ` +
      `${report.auditEvents} audit events verified; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
  );
  for (const p of report.problems.slice(0, 20)) console.log(`  PROBLEM: ${p}`);
}

const dir = mkdtempSync(join(tmpdir(), 'ytcs-crash-bench-'));
try {
  migrate({ DATABASE_URL: '', YTCS_DATA_DIR: dir });
  await drill('PGlite', { dataDir: dir });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: base });
await admin.connect();
try {
  await admin.query('DROP DATABASE IF EXISTS ytcs_crash_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE ytcs_crash_bench');
  const url = new URL(base);
  url.pathname = '/ytcs_crash_bench';
  migrate({ DATABASE_URL: url.toString() });
  await drill('PostgreSQL', { databaseUrl: url.toString() });
} finally {
  await admin.query('DROP DATABASE IF EXISTS ytcs_crash_bench WITH (FORCE)');
  await admin.end();
}
