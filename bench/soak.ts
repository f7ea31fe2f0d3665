/**
 * The province server under load (issue 21 item 2): the real server (`ytcs serve` from source) on
 * PostgreSQL with a province's demo, SOAK_CONNECTIONS users at once (200) — each its own keep-alive
 * connection — for SOAK_MINUTES (10), doing what stations do (bench/support/soak.ts: searches with and
 * without diacritics, profile reads, registrations, visits, insurance cards, worklists, dashboards and
 * indicators, with bad input, forbidden actions and out-of-scope reads among them), spread over
 * SOAK_COMMUNES stations (20) and the province's manager. Prints, a line a minute: requests, errors
 * (5xx or no answer), latency p50/p95/p99, the server's memory (RSS) and CPU, and the database
 * connections in use (pg_stat_activity: the server's sessions by state); then a summary with the
 * memory's trend. Never asserts.
 *
 *   SOAK_MINUTES=2 npx tsx bench/soak.ts        (or BENCH_SOAK=1 npm run bench: with the other benches)
 *
 * Environment: SOAK_MINUTES, SOAK_CONNECTIONS, SOAK_COMMUNES, SOAK_THINK_MS (mean pause between a
 * user's operations, 500), SOAK_PROVINCE (22), SOAK_DATABASE_URL (a database that already holds a demo:
 * no demo is made, and it is kept; otherwise `ytcs_bench_soak_<pid>` is made on BENCH_PG_URL's server,
 * filled with `ytcs demo --scale SOAK_PG_SCALE` (1) and dropped), YTCS_DB_POOL (the server's pool, 10).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { maintenanceUrl } from './support/database.js';
import {
  cpuSeconds,
  fmt,
  letters,
  minuteFigures,
  Recorder,
  REPO,
  rssMb,
  setUpProvince,
  sleep,
  startServer,
  STATION_MIX,
  stationUser,
  stopServer,
  type Surprises,
} from './support/soak.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 200);
const communes = Number(process.env.SOAK_COMMUNES ?? 20);
const thinkMs = Number(process.env.SOAK_THINK_MS ?? 500);
const province = process.env.SOAK_PROVINCE ?? '22';
/**
 * The server's memory grows at first whatever it does (serializers compiled on a route's first use,
 * JIT, a heap sized for the load): a drift is what it does after these minutes.
 */
const WARM_UP_MINUTES = 3;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const stamp = () => new Date().toISOString().slice(11, 19);

let databaseUrl = process.env.SOAK_DATABASE_URL;
let dropAfter: string | undefined;
const admin = new pg.Client({ connectionString: maintenanceUrl });
await admin.connect();
try {
  if (!databaseUrl) {
    const name = `ytcs_bench_soak_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    dropAfter = name;
    const url = new URL(maintenanceUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const started = Date.now();
    const demo = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'demo',
        '--province',
        province,
        '--scale',
        process.env.SOAK_PG_SCALE ?? '1',
      ],
      { cwd: REPO, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
    );
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr.slice(-2000)}`);
    console.log(`soak: demo of province ${province} made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const server = await startServer({
    ...process.env,
    DATABASE_URL: databaseUrl,
    YTCS_LOGIN_RATE_LIMIT: '100000',
  });
  const pid = server.child.pid!;
  const rec = new Recorder();
  const surprises: Surprises = { list: [], count: 0 };
  try {
    const p = await setUpProvince(server.url, rec, province, communes, `P${letters(Date.now() % 1e8)}`);
    rec.drain();
    const people = new pg.Client({ connectionString: databaseUrl });
    await people.connect();
    const [{ n }] = (await people.query<{ n: number }>('SELECT count(*)::int AS n FROM residents')).rows as [
      { n: number },
    ];
    await people.end();
    console.log(
      `soak on PostgreSQL (${dbName}, ${n.toLocaleString('en')} residents): ${connections} users at once over ` +
        `${p.stations.length} stations and the province (think ${thinkMs} ms), ${minutes} min; server answered after ` +
        `${server.startSeconds.toFixed(1)} s; ${cpus().length} cores, load ${load()}`,
    );
    const until = Date.now() + minutes * 60_000;
    const done = () => Date.now() > until;
    const workers = Array.from({ length: connections }, (_, i) =>
      stationUser(p, p.stations[i % p.stations.length]!, STATION_MIX, thinkMs, done, surprises),
    );
    const connectionsInUse = async () => {
      const r = await admin.query<{ state: string | null; n: number }>(
        `SELECT coalesce(state, '?') AS state, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`,
        [dbName],
      );
      return r.rows.map((x) => `${x.state} ${x.n}`).join(', ');
    };
    const rss: number[] = [];
    let lastCpu = cpuSeconds(pid);
    let lastAt = performance.now();
    let total = { requests: 0, errors: 0, slow: 0 };
    const all: number[] = [];
    for (let minute = 1; !done(); minute++) {
      const end = Math.min(until, Date.now() + 60_000);
      let peak = '';
      let peakActive = -1;
      while (Date.now() < end) {
        await sleep(Math.min(5_000, end - Date.now()));
        const now = await connectionsInUse();
        const active = Number(/active (\d+)/.exec(now)?.[1] ?? 0);
        if (active > peakActive) [peakActive, peak] = [active, now];
      }
      const samples = rec.drain();
      const m = minuteFigures(samples);
      for (const s of samples) all.push(s.ms);
      const cpuNow = cpuSeconds(pid);
      const at = performance.now();
      const cpuPct = ((cpuNow - lastCpu) / ((at - lastAt) / 1000)) * 100;
      [lastCpu, lastAt] = [cpuNow, at];
      rss.push(rssMb(pid));
      const slow = samples.filter((s) => s.ms > 60_000).length;
      total = {
        requests: total.requests + m.requests,
        errors: total.errors + m.errors,
        slow: total.slow + slow,
      };
      console.log(
        `[${stamp()}] min ${minute}: ${m.requests} requests (${(m.requests / 60).toFixed(0)}/s), ` +
          `${m.errors} errors, p50 ${fmt(m.p50)} / p95 ${fmt(m.p95)} / p99 ${fmt(m.p99)} / max ${fmt(m.max)} ms, ` +
          `server ${fmt(rss.at(-1)!)} MB RSS, CPU ${fmt(cpuPct)} %, database sessions at the busiest sample: ${peak || '-'}; load ${load()}`,
      );
    }
    // what is in flight may finish (a minute at most), then the server is asked to stop
    const drainUntil = Date.now() + 60_000;
    while (rec.inFlight.size && Date.now() < drainUntil) await sleep(200);
    const unanswered = rec.inFlight.size;
    rec.abort.abort();
    await Promise.all(workers);
    const stop = await stopServer(server);
    if (unanswered) console.log(`  ${unanswered} request(s) still unanswered a minute after the end`);
    all.sort((a, b) => a - b);
    const pctl = (q: number) => all[Math.min(all.length - 1, Math.floor((q / 100) * all.length))] ?? NaN;
    console.log(
      `soak on PostgreSQL: ${total.requests} requests in ${minutes} min (${(total.requests / (minutes * 60)).toFixed(0)}/s), ` +
        `${total.errors} errors, ${surprises.count} unexpected answers, ${total.slow} over 60 s; p50 ${fmt(pctl(50))} / ` +
        `p95 ${fmt(pctl(95))} / p99 ${fmt(pctl(99))} ms; server RSS by minute ${rss.map((x) => x.toFixed(0)).join(' ')} MB ` +
        `(first ${fmt(rss[0]!)} → last ${fmt(rss.at(-1)!)}; after the first ${WARM_UP_MINUTES} minutes of warm-up ` +
        `${rss.length > WARM_UP_MINUTES ? `${fmt(rss[WARM_UP_MINUTES - 1]!)} → ${fmt(rss.at(-1)!)}` : '-'}); server ${stop}; load ${load()}`,
    );
    for (const f of rec.failures.slice(0, 10)) console.log(`  error: ${f}`);
    for (const [message, n] of server.errorsLogged) console.log(`  the server logged ${n} × ${message}`);
    for (const s of surprises.list.slice(0, 10)) console.log(`  unexpected answer: ${s}`);
    console.log(
      `  answers by operation and status: ${[...rec.statuses.entries()]
        .sort()
        .map(([k, c]) => `${k}: ${c}`)
        .join(', ')}`,
    );
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
} finally {
  if (dropAfter) await admin.query(`DROP DATABASE IF EXISTS ${dropAfter} WITH (FORCE)`);
  await admin.end();
}
