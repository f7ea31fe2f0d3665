#!/usr/bin/env node
// Runs vitest (unit + integration, both databases) under a watchdog. A run that makes no progress
// (no test finishes) for YTCS_TEST_STALL_SECONDS (default 180; the slowest test takes ~20 s) is a
// stall, not a slow machine: the watchdog prints the files that were running, the process tree and
// the database sessions, kills the run and fails. On CI it tries once more, saying so loudly, so
// that one stall is reported without hiding a second one. Extra arguments go to vitest.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';

const stallMs = Number(process.env.YTCS_TEST_STALL_SECONDS ?? 180) * 1000;
const attempts = process.env.CI === 'true' ? 2 : 1;

function diagnostics(heartbeat) {
  console.error('---- watchdog: test files running when the run stalled');
  console.error(existsSync(heartbeat) ? readFileSync(heartbeat, 'utf8') : '(no test finished yet)');
  console.error('---- watchdog: processes');
  console.error(
    spawnSync('sh', ['-c', 'ps -eo pid,ppid,etime,pcpu,rss,args --forest | cut -c1-160'], {
      encoding: 'utf8',
    }).stdout ?? '',
  );
  const sessions = spawnSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-c',
      'select pid, datname, state, wait_event_type, wait_event, now() - query_start as running, left(query, 100) as query from pg_stat_activity where datname is not null',
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  console.error('---- watchdog: PostgreSQL sessions');
  console.error(sessions.stdout || sessions.stderr || '(psql not available)');
}

function runOnce(attempt) {
  const heartbeat = join(tmpdir(), `ytcs-vitest-heartbeat-${process.pid}-${attempt}`);
  rmSync(heartbeat, { force: true });
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      [
        'vitest',
        'run',
        '--reporter=default',
        '--reporter=./scripts/vitest-heartbeat.mjs',
        ...process.argv.slice(2),
      ],
      { stdio: 'inherit', detached: true, env: { ...process.env, YTCS_TEST_HEARTBEAT: heartbeat } },
    );
    const started = Date.now();
    let stalled = false;
    const timer = setInterval(() => {
      const lastProgress = existsSync(heartbeat) ? statSync(heartbeat).mtimeMs : started;
      if (Date.now() - lastProgress < stallMs) return;
      stalled = true;
      clearInterval(timer);
      console.error(`\n==== watchdog: no test finished for ${stallMs / 1000} s: the run is stalled`);
      diagnostics(heartbeat);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      rmSync(heartbeat, { force: true });
      resolve({ code: code ?? (signal ? 1 : 0), stalled });
    });
  });
}

let result = { code: 1, stalled: false };
for (let attempt = 1; attempt <= attempts; attempt++) {
  result = await runOnce(attempt);
  if (!result.stalled) break;
  if (attempt < attempts)
    console.error('==== watchdog: STALLED RUN, running the tests once more (see the diagnostics above)\n');
}
process.exit(result.stalled ? 1 : result.code);
