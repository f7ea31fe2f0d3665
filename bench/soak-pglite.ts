/**
 * The embedded database must never hang (issue 21 item 7; docs/adr/0013): the real server on PGlite,
 * a copy of a province demo's data directory, and a station's day of mixed work from several users at
 * once (searches with and without diacritics and misspelt — the fuzzy path of ADR 0013 —, profile
 * reads, registrations, visits, insurance cards, worklists, dashboards, CSV imports that run as
 * background jobs, bad input, forbidden actions and out-of-scope reads), for SOAK_MINUTES, watched by a
 * hang detector:
 * - a request without an answer for more than SOAK_HANG_S seconds (default 60) is a hang;
 * - the server's CPU (/proc/<pid>/stat) is sampled every 5 s: a hang with the server at ~100 % of a
 *   core is a backend spinning (the `errfinish` loop of ADR 0013), at ~0 % a wait that never ends;
 * - the server exiting on its own (the backend died: `guardBackendExit`) is reported too.
 * On a hang the run prints the requests in flight, the CPU samples and the server's last lines, and
 * ends. Prints one line a minute and a summary; never asserts.
 *
 *   SOAK_MINUTES=2 npx tsx bench/soak-pglite.ts       (BENCH_SOAK=1 npm run bench runs it too)
 *
 * Environment: SOAK_MINUTES (30), SOAK_RUNS (runs one after another, 1), SOAK_PGLITE_USERS (users at
 * once, 6), SOAK_THINK_MS (mean pause between a user's operations, 50), SOAK_HANG_S (60),
 * SOAK_PGLITE_TEMPLATE (the data directory of a demo to copy for each run; without it a demo of
 * province SOAK_PROVINCE (22) at SOAK_PGLITE_SCALE (0.3) is generated first), SOAK_PGLITE_LOG
 * (default 1: the backend's warnings are counted; `statements` logs every statement).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  cpuSeconds,
  letters,
  fmt,
  minuteFigures,
  percentile,
  Recorder,
  REPO,
  rssMb,
  setUpProvince,
  sleep,
  startServer,
  STATION_MIX,
  stationUser,
  stopServer,
  type Server,
  type Surprises,
} from './support/soak.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const runs = Number(process.env.SOAK_RUNS ?? 1);
const users = Number(process.env.SOAK_PGLITE_USERS ?? 6);
const thinkMs = Number(process.env.SOAK_THINK_MS ?? 50);
const hangS = Number(process.env.SOAK_HANG_S ?? 60);
// A request unanswered for SOAK_HANG_S is a stall, reported with what the server does meanwhile; it
// is a hang when still unanswered after SOAK_HANG_FATAL_S (on a busy shared machine a slow statement
// can starve for a minute: only a wait that never ends is the fault of ADR 0013).
const fatalS = Number(process.env.SOAK_HANG_FATAL_S ?? 600);
const province = process.env.SOAK_PROVINCE ?? '22';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const stamp = () => new Date().toISOString().slice(11, 19);

function ytcs(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ytcs ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
}

interface RunReport {
  requests: number;
  errors: number;
  surprises: number;
  hang: string | null;
  stalls: number;
  backendWarnings: number;
  stop: string;
  /** The whole run's latency percentiles (ms) and the server's memory at the start and the end (MB). */
  p50: number;
  p95: number;
  rssStart: number;
  rssEnd: number;
}

/** A hang: the oldest request's age, and what the server's CPU did meanwhile. */
/** Answers completed by the sample `back` samples ago (5 s each). */
function completedAt(cpu: { completed: number }[], back: number): number {
  return cpu[Math.max(0, cpu.length - back)]?.completed ?? 0;
}

function hangOf(rec: Recorder, cpu: { at: number; pct: number; completed: number }[]): string | null {
  const oldest = rec.oldestInFlight();
  if (!oldest || oldest.ageS <= hangS) return null;
  const recent = cpu.slice(-6);
  const busy = recent.length ? recent.reduce((s, c) => s + c.pct, 0) / recent.length : NaN;
  // on a machine this busy a starved server looks idle too: /api/health tells (see the caller)
  const kind = busy >= 80 ? 'the server spinning' : 'the server not spinning';
  return (
    `${oldest.op} (${oldest.path}) unanswered for ${oldest.ageS.toFixed(0)} s with ${kind} ` +
    `(CPU over the last ${recent.length * 5} s: ${recent.map((c) => c.pct.toFixed(0)).join(' ')} %; ` +
    `${rec.inFlight.size} request(s) in flight)`
  );
}

async function soakRun(run: number, template: string): Promise<RunReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ytcs-soak-pglite-'));
  let server: Server | undefined;
  const rec = new Recorder();
  const surprises: Surprises = { list: [], count: 0 };
  let hang: string | null = null;
  let stop = '';
  try {
    cpSync(join(template, 'pg'), join(dir, 'pg'), { recursive: true });
    server = await startServer({
      ...process.env,
      DATABASE_URL: '',
      YTCS_DATA_DIR: dir,
      YTCS_LOGIN_RATE_LIMIT: '10000',
      YTCS_PGLITE_LOG: process.env.SOAK_PGLITE_LOG ?? '1',
      // the server's own stuck-backend watch would restart it: here a hang is to be seen, so it is off
      YTCS_PGLITE_STUCK_S: '0',
    });
    const pid = server.child.pid!;
    const rssStart = rssMb(pid);
    let rssEnd = rssStart;
    const latencies: number[] = [];
    const take = () => {
      const samples = rec.drain();
      for (const x of samples) latencies.push(x.ms);
      return samples;
    };
    console.log(
      `[${stamp()}] run ${run}: server (PGlite, ${dir}) answered after ${server.startSeconds.toFixed(1)} s, ${fmt(rssMb(pid))} MB RSS; load ${load()}`,
    );
    const tag = `S${letters(Date.now() % 1e8)}`;
    const p = await setUpProvince(server.url, rec, province, 2, tag);
    rec.drain();
    const [home] = p.stations;
    const mix = { ...STATION_MIX, import: 1 };
    const until = Date.now() + minutes * 60_000;
    let ended = false;
    const done = () => ended || Date.now() > until;
    const workers = Array.from({ length: users }, () => stationUser(p, home!, mix, thinkMs, done, surprises));

    // The watch: CPU every 5 s, a line every minute, the hang detector every second.
    const cpu: { at: number; pct: number; completed: number }[] = [];
    let lastCpu = cpuSeconds(pid);
    let lastAt = performance.now();
    let minute = 0;
    let nextMinute = Date.now() + 60_000;
    let totalRequests = 0;
    let totalErrors = 0;
    const stalls = new Set<string>();
    for (let tick = 1; !done(); tick++) {
      await sleep(1000);
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        hang = `the server exited on its own (${server.child.exitCode ?? server.child.signalCode})`;
        break;
      }
      if (tick % 5 === 0) {
        const now = cpuSeconds(pid);
        const at = performance.now();
        cpu.push({ at, pct: ((now - lastCpu) / ((at - lastAt) / 1000)) * 100, completed: rec.completed });
        lastCpu = now;
        lastAt = at;
      }
      const stall = hangOf(rec, cpu);
      if (stall) {
        const oldest = rec.oldestInFlight()!;
        const key = `${oldest.op} ${oldest.path}`;
        if (!stalls.has(key)) {
          stalls.add(key);
          // the event loop: free (/api/health answers) or blocked inside a call into the backend
          const t0 = performance.now();
          const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(20_000) })
            .then((r) => `answered ${r.status} in ${(performance.now() - t0).toFixed(0)} ms`)
            .catch(() => 'no answer in 20 s (the event loop is blocked)');
          const state = /State:\s+(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
          console.log(
            `[${stamp()}] run ${run}: STALL: ${stall}; /api/health ${health}; process state ${state}; ${rec.completed - completedAt(cpu, 6)} answers in the last 30 s`,
          );
          for (const f of [...rec.inFlight.values()].slice(0, 8))
            console.log(
              `  in flight: ${f.op} ${f.path} for ${((performance.now() - f.start) / 1000).toFixed(0)} s`,
            );
        }
        if (oldest.ageS > fatalS) {
          hang = stall;
          break;
        }
      }
      if (Date.now() >= nextMinute) {
        minute++;
        nextMinute += 60_000;
        const m = minuteFigures(take());
        rssEnd = rssMb(pid);
        totalRequests += m.requests;
        totalErrors += m.errors;
        const recent = cpu.slice(-12);
        console.log(
          `[${stamp()}] run ${run} min ${minute}: ${m.requests} requests, ${m.errors} errors, ` +
            `p50 ${fmt(m.p50)} / p95 ${fmt(m.p95)} / p99 ${fmt(m.p99)} / max ${fmt(m.max)} ms, ` +
            `server ${fmt(rssMb(pid))} MB RSS, CPU ${fmt(recent.reduce((s, c) => s + c.pct, 0) / (recent.length || 1))} %, ` +
            `${home!.residents.length} residents known, backend warnings ${server.backendWarnings.length}; load ${load()}`,
        );
      }
    }
    ended = true;
    if (hang) {
      console.log(`[${stamp()}] run ${run}: HANG: ${hang}`);
      for (const f of [...rec.inFlight.values()].slice(0, 10))
        console.log(
          `  in flight: ${f.op} ${f.path} for ${((performance.now() - f.start) / 1000).toFixed(0)} s`,
        );
      console.log(`  the server's last lines:\n    ${server.tail().slice(-30).join('\n    ')}`);
      server.child.kill('SIGKILL');
      rec.abort.abort();
    } else {
      // let what is in flight finish (a hang here still counts)
      const drainUntil = Date.now() + fatalS * 1000;
      while (rec.inFlight.size && Date.now() < drainUntil) await sleep(200);
      if (rec.inFlight.size) hang = `${rec.inFlight.size} request(s) unanswered ${fatalS} s after the end`;
      rec.abort.abort();
    }
    await Promise.all(workers);
    const last = minuteFigures(take());
    totalRequests += last.requests;
    totalErrors += last.errors;
    stop = await stopServer(server);
    latencies.sort((a, b) => a - b);
    if (rec.failures.length) for (const f of rec.failures.slice(0, 10)) console.log(`  error: ${f}`);
    for (const s of surprises.list.slice(0, 10)) console.log(`  unexpected answer: ${s}`);
    for (const w of server.backendWarnings.slice(0, 10)) console.log(`  backend: ${w}`);
    for (const [message, n] of server.errorsLogged) console.log(`  the server logged ${n} × ${message}`);
    const byOp = new Map<string, number>();
    for (const [k, n] of rec.statuses) byOp.set(k, n);
    console.log(
      `  answers by operation and status: ${[...byOp.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
    );
    return {
      requests: totalRequests,
      errors: totalErrors,
      surprises: surprises.count,
      hang,
      stalls: stalls.size,
      backendWarnings: server.backendWarnings.length,
      stop,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      rssStart,
      rssEnd,
    };
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

let template = process.env.SOAK_PGLITE_TEMPLATE ? resolve(process.env.SOAK_PGLITE_TEMPLATE) : undefined;
let madeTemplate: string | undefined;
if (!template || !existsSync(join(template, 'pg'))) {
  madeTemplate = mkdtempSync(join(tmpdir(), 'ytcs-soak-template-'));
  const started = Date.now();
  ytcs(['demo', '--province', province, '--scale', process.env.SOAK_PGLITE_SCALE ?? '0.3'], {
    DATABASE_URL: '',
    YTCS_DATA_DIR: madeTemplate,
  });
  console.log(
    `PGlite soak: demo of province ${province} made in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  template = madeTemplate;
}
console.log(
  `PGlite soak: ${runs} run(s) of ${minutes} min, ${users} users at once (think ${thinkMs} ms), hang after ${hangS} s; ` +
    `${cpus().length} cores, load ${load()}`,
);
const reports: RunReport[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const r = await soakRun(run, template);
    reports.push(r);
    console.log(
      `PGlite soak run ${run}: ${((Date.now() - started) / 60_000).toFixed(1)} min, ${r.requests} requests, ${r.errors} errors (5xx or no answer), ` +
        `${r.surprises} unexpected answers, ${r.backendWarnings} backend warnings, ${r.stalls} stall(s) over ${hangS} s, hang: ${r.hang ?? 'none'}; ` +
        `p50 ${fmt(r.p50)} / p95 ${fmt(r.p95)} ms; server ${fmt(r.rssStart)} → ${fmt(r.rssEnd)} MB RSS, ${r.stop}; load ${load()}`,
    );
  }
} finally {
  if (madeTemplate) rmSync(madeTemplate, { recursive: true, force: true });
}
const hangs = reports.filter((r) => r.hang).length;
console.log(
  `PGlite soak: ${reports.length} run(s) of ${minutes} min, ${hangs} hang(s) (no answer in ${fatalS} s), ` +
    `${reports.reduce((s, r) => s + r.stalls, 0)} stall(s) over ${hangS} s, ` +
    `${reports.reduce((s, r) => s + r.requests, 0)} requests, ${reports.reduce((s, r) => s + r.errors, 0)} errors; load ${load()}`,
);
if (hangs) process.exitCode = 1;
