#!/usr/bin/env node
/**
 * Browser tests (web/e2e/*.e2e.ts) against a real server with the demo database:
 * checks the builds exist (`npm run build` makes them), creates a throw-away data directory, generates
 * the demo (province 22, scale 0.2, seed 7), starts `ytcs serve` on a free port, runs the tests with
 * node:test in Debian's chromium, writes screenshots to test-results/screenshots/, stops the server.
 *
 * Environment: CHROMIUM (default /usr/bin/chromium), KEEP_DATA=1 keeps the data directory.
 */
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const results = join(repo, 'test-results');
const screenshots = join(results, 'screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const cli = join(repo, 'bin', 'ytcs.js');

function fail(message) {
  console.error(`test:browser: ${message}`);
  process.exit(1);
}

for (const [path, hint] of [
  [
    join(process.env.YTCS_WEB_DIST ?? join(repo, 'web', 'dist'), 'index.html'),
    'the web app is not built: run `npm run build`',
  ],
  [join(repo, 'dist', 'cli', 'main.js'), 'the server is not built: run `npm run build`'],
])
  if (!existsSync(path)) fail(hint);
if (!existsSync(chromiumPath))
  fail(`no chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM)`);

rmSync(results, { recursive: true, force: true });
mkdirSync(screenshots, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'ytcs-browser-'));
// Every test signs in from 127.0.0.1: the per-address limit on sign-in attempts (10 a minute) would
// refuse them once the run is fast enough.
const env = { ...process.env, YTCS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', YTCS_LOGIN_RATE_LIMIT: '1000' };
delete env.DATABASE_URL; // always the embedded database in the throw-away directory
delete env.YTCS_ADMIN_PASSWORD;

let server;
let exitCode = 1;
try {
  console.log(`== demo database in ${dataDir}`);
  const demo = spawnSync(
    process.execPath,
    [cli, 'demo', '--province', '22', '--scale', '0.2', '--seed', '7'],
    {
      cwd: repo,
      env,
      encoding: 'utf8',
    },
  );
  if (demo.status !== 0) {
    process.stdout.write(demo.stdout ?? '');
    process.stderr.write(demo.stderr ?? '');
    throw new Error('`ytcs demo` failed');
  }
  const accounts = (demo.stdout ?? '').split('\n').filter((line) => /│|Demo/.test(line));
  console.log(accounts.join('\n'));

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(results, 'server.log'));
  server = spawn(process.execPath, [cli, 'serve'], {
    cwd: repo,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  console.log(`== server on ${baseUrl}`);
  await waitForHealth(baseUrl, server);

  const e2e = join(repo, 'web', 'e2e');
  const files = readdirSync(e2e)
    .filter((f) => f.endsWith('.e2e.ts'))
    // E2E_ONLY=people runs only the files whose name contains it (while working on one page);
    // E2E_ONLY=growth,maternal those whose name contains one of them.
    .filter((f) => !process.env.E2E_ONLY || process.env.E2E_ONLY.split(',').some((n) => f.includes(n)))
    .sort()
    .map((f) => join(e2e, f));
  if (!files.length) throw new Error('no browser tests in web/e2e');
  const tap = join(results, 'browser-tests.tap');
  console.log(`== ${files.length} test file(s)`);
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      // a test that hangs (a page that never loads, a click that never lands) fails, never stalls CI
      '--test-timeout=180000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    {
      cwd: repo,
      stdio: 'inherit',
      env: {
        ...process.env,
        YTCS_BASE_URL: baseUrl,
        YTCS_CHROMIUM: chromiumPath,
        YTCS_SCREENSHOTS: screenshots,
      },
      timeout: 30 * 60_000,
      killSignal: 'SIGKILL',
    },
  );
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(summary)?.[1] ?? 0);
  const shots = readdirSync(screenshots).filter((f) => f.endsWith('.png'));
  console.log(`screenshots: ${shots.length} in ${screenshots}`);
  console.log(`${count('pass')} passed, ${count('fail') + count('cancelled')} failed`);
  exitCode = run.status === 0 && count('fail') === 0 ? 0 : 1;
} catch (error) {
  console.error(`test:browser: ${error instanceof Error ? error.message : error}`);
  if (server) console.error(`(server log: ${join(results, 'server.log')})`);
  exitCode = 1;
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const stopped = await Promise.race([
      new Promise((r) => server.once('exit', () => r(true))),
      sleep(10_000, false),
    ]);
    if (!stopped) server.kill('SIGKILL');
  }
  if (process.env.KEEP_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl, child) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('the server did not answer /api/health within 90 s');
}
