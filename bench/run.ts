/**
 * `npm run bench`: figures for the closing notes, printed, never asserted.
 * - demo generation time for one province (PGlite)
 * - server start to first answered request, on an existing PGlite database
 * - server memory (RSS) idle and after a burst of requests
 * - latency of a few API reads (sequential, p50/p95)
 * - import rate of residents from a 100,000-row CSV (bench/people-import.ts)
 * - resident search latency (PostgreSQL and PGlite) and people API throughput over HTTP (PostgreSQL)
 *   at 1 M residents (bench/people-search.ts; BENCH_ONLY=people-search runs only that one)
 * - visits written per second, and indicators for a month from scratch, a dashboard request and the
 *   time from a write to the changed number (bench/visits-indicators.ts)
 * - the same indicator figures for a province of 5 M residents on PostgreSQL and 1 M on PGlite
 *   (bench/indicators-scale.ts; BENCH_ONLY=indicators-scale runs only that one)
 * - the diagnosis picker's ICD-10 search, PostgreSQL and PGlite (bench/icd10-search.ts;
 *   BENCH_ONLY=icd10-search runs only that one)
 * - WHO z-scores, immunization forecasts and session lists, chronic-disease cohorts, and a station's
 *   worklist (bench/growth-zscores.ts, immunization.ts, ncd-cohort.ts, worklist.ts)
 * - with BENCH_SOAK=1: the soaks (bench/soak.ts on PostgreSQL, bench/soak-pglite.ts on PGlite) and a
 *   backup → restore of 1 M residents (bench/backup-1m.ts)
 * Needs `npm run build` first (it runs the real `ytcs` command).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// BENCH_ONLY=<name>: only bench/<name>.ts, one of those below.
const ALONE = [
  'people-search', // resident search and the people API at 1 M residents
  'icd10-search', // the ICD-10 search of the diagnosis picker
  'indicators-scale', // the indicators of a province at scale
  'growth-zscores', // the WHO z-scores of 100,000 measurements
  'immunization', // forecasts, the session list and T11
  'ncd-cohort', // chronic-disease cohorts, the overdue list and the refresh after a follow-up
  'worklist', // a station's worklist on an existing database (YTCS_DATA_DIR or DATABASE_URL)
  'crash', // the server killed under writes, PGlite and PostgreSQL (src/reliability/crash.ts)
  'sync', // the offline sync: initial and incremental pull of a 10,000-resident commune
  'fhir', // the FHIR API: Patient read, name search and create over HTTP, beside the JSON API
  'soak', // 200 users for 10 minutes on PostgreSQL (SOAK_MINUTES, SOAK_CONNECTIONS)
  'soak-pglite', // the embedded server under a station's day for 30 minutes, watched for hangs
  'backup-1m', // backup → restore of 1 M residents through the CLI, checksums compared
];
const only = process.env.BENCH_ONLY;
if (only) {
  if (!ALONE.includes(only)) throw new Error(`BENCH_ONLY: one of ${ALONE.join(', ')}`);
  await import(`./${only}.js`).then(() => process.exit());
}

const province = process.env.BENCH_PROVINCE ?? '22';
const dataDir = mkdtempSync(join(tmpdir(), 'ytcs-bench-'));
const env = { ...process.env, YTCS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
const port = 3900 + Math.floor(Math.random() * 90);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not become healthy');
}

try {
  let t = performance.now();
  const demo = spawnSync('node', ['bin/ytcs.js', 'demo', '--province', province], { env, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  const demoTotal = (performance.now() - t) / 1000;
  const inner = /Demo generated in ([\d.]+) s/.exec(demo.stdout)?.[1];
  console.log(
    `demo (province ${province}, new database): ${demoTotal.toFixed(1)} s in all, of which generation ${inner ?? '?'} s`,
  );

  t = performance.now();
  const server = spawn('node', ['bin/ytcs.js', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, server);
  console.log(
    `server start to first answered request (PGlite, existing database): ${((performance.now() - t) / 1000).toFixed(2)} s`,
  );
  console.log(`server memory idle: ${rssMb(server.pid!).toFixed(0)} MB RSS`);

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'ytcs-demo-2025' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const endpoints = [
    `/api/v1/units/${province}/overview`,
    `/api/v1/units?q=quang%20ninh&limit=10`,
    `/api/v1/staff?unit=${province}&limit=50`,
    `/api/v1/facilities?unit=${province}&limit=50`,
  ];
  for (const path of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      const res = await fetch(base + path, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - s);
    }
    console.log(
      `GET ${path}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (200 sequential requests)`,
    );
  }
  console.log(
    `server memory after ${endpoints.length * 200} requests: ${rssMb(server.pid!).toFixed(0)} MB RSS`,
  );
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  // Import of 100,000 residents from a CSV into a fresh PGlite database (issue 6, item 7).
  const people = spawnSync(process.execPath, ['--import', 'tsx', 'bench/people-import.ts'], {
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  process.stdout.write(people.stdout);
  if (people.status !== 0) throw new Error(`people import bench failed: ${people.stderr}`);

  // Resident search latency and people API throughput at 1 M residents (issue 6, item 5; BENCH_PEOPLE_SIZE).
  const search = spawnSync(process.execPath, ['--import', 'tsx', 'bench/people-search.ts'], {
    stdio: 'inherit',
  });
  if (search.status !== 0) throw new Error('people search bench failed');

  // The diagnosis picker's ICD-10 search, PostgreSQL and PGlite (issue 13, item 4: under 20 ms).
  const icd10 = spawnSync(process.execPath, ['--import', 'tsx', 'bench/icd10-search.ts'], {
    stdio: 'inherit',
  });
  if (icd10.status !== 0) throw new Error('ICD-10 search bench failed');

  // Visits written per second and the indicators on the demo province (issues 4 and 5; BENCH_SCALE).
  const visits = spawnSync(process.execPath, ['--import', 'tsx', 'bench/visits-indicators.ts'], {
    stdio: 'inherit',
  });
  if (visits.status !== 0) throw new Error('visits and indicators bench failed');

  // Indicators of a province of 5 M residents (PostgreSQL) and 1 M (PGlite) (issue 5, item 6;
  // BENCH_INDICATORS_SIZE_PG, BENCH_INDICATORS_SIZE_PGLITE, BENCH_INDICATORS_DATABASES).
  const scaled = spawnSync(process.execPath, ['--import', 'tsx', 'bench/indicators-scale.ts'], {
    stdio: 'inherit',
  });
  if (scaled.status !== 0) throw new Error('indicators at scale bench failed');

  // The programmes (issues 14–16): WHO z-scores, immunization forecasts and session lists, the
  // chronic-disease cohorts; then a station's worklist on the demo database made above.
  for (const name of ['growth-zscores', 'immunization', 'ncd-cohort']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${name} bench failed`);
  }
  const worklist = spawnSync(process.execPath, ['--import', 'tsx', 'bench/worklist.ts'], {
    env: { ...process.env, YTCS_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: 'inherit',
  });
  if (worklist.status !== 0) throw new Error('worklist bench failed');

  // The server killed under writes, on both databases (issue 21 item 1).
  const crash = spawnSync(process.execPath, ['--import', 'tsx', 'bench/crash.ts'], { stdio: 'inherit' });
  if (crash.status !== 0) throw new Error('crash bench failed');

  // BENCH_SOAK=1: the soaks too (issue 21 items 2 and 7: 10 minutes on PostgreSQL, 30 on PGlite),
  // and the backup → restore of 1 M residents; left out by default to keep the bench short.
  if (process.env.BENCH_SOAK === '1')
    for (const name of ['soak', 'soak-pglite', 'backup-1m']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`${name} bench failed`);
    }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
