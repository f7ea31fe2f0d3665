/**
 * The embedded database's stuck-backend watch (docs/adr/0013, `watchStuck` in connection.ts): a
 * process holding a PGlite data directory writes two rows (acknowledged), starts the watch with a
 * 1.5 s limit, then gets stuck in a call into the backend — either spinning inside WASM with the
 * event loop blocked (`pg_sleep`, synchronous in PGlite, stands for the `errfinish` loop), or waiting
 * for an answer that never comes with the event loop free. The watch must say so loudly, start the
 * same command again and end the stuck process; the new process opens the data directory and finds
 * both acknowledged rows.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The stuck process: first life writes and gets stuck; second life (after the restart) reads. */
const CHILD = (connection: string, pglite: string) => `
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from ${JSON.stringify(pglite)};
import { connect } from ${JSON.stringify(connection)};
const [dir, how] = process.argv.slice(2);
if (how === 'wait' && !process.env.YTCS_RESTARTED_AFTER_STUCK) {
  // a backend that never answers one statement (the event loop stays free)
  const send = PGlite.prototype.execProtocolStream;
  PGlite.prototype.execProtocolStream = function (message, ...rest) {
    if (Buffer.from(message).toString('latin1').includes('never_answers')) return new Promise(() => {});
    return send.call(this, message, ...rest);
  };
}
const db = await connect({ dataDir: dir });
if (!process.env.YTCS_RESTARTED_AFTER_STUCK) {
  await db.pool.query('CREATE TABLE acked (n int)');
  await db.pool.query('INSERT INTO acked VALUES (1), (2)');
  console.log('acknowledged');
  db.watchStuck({ stuckMs: 1500, action: 'restart' });
  if (how === 'spin') await db.pool.query('SELECT pg_sleep(40)');
  else await db.pool.query("SELECT 'never_answers'");
  console.log('the stuck call returned');
} else {
  const { rows } = await db.pool.query('SELECT sum(n)::int AS n FROM acked');
  // written aside and renamed: the test polls for the file and must never read it half-written
  writeFileSync(join(dir, 'after-restart.tmp'), JSON.stringify({ sum: rows[0].n, after: process.env.YTCS_RESTARTED_AFTER_STUCK }));
  renameSync(join(dir, 'after-restart.tmp'), join(dir, 'after-restart.json'));
  await db.close();
}
`;

async function stuckOnce(how: 'spin' | 'wait') {
  const dir = mkdtempSync(join(tmpdir(), 'ytcs-stuck-'));
  dirs.push(dir);
  const script = join(dir, 'child.mts');
  // the child lives outside the repository: its imports are absolute (the same PGlite module as connection.ts's)
  writeFileSync(
    script,
    CHILD(join(REPO, 'src/db/connection.ts'), join(REPO, 'node_modules/@electric-sql/pglite/dist/index.js')),
  );
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, how], {
    cwd: REPO,
    env: { ...process.env, YTCS_PGLITE_LOG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  const endedAfter = (Date.now() - started) / 1000;
  const result = join(dir, 'after-restart.json');
  for (let i = 0; i < 3600 && !existsSync(result); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    code,
    signal,
    output,
    endedAfter,
    restarted: existsSync(result) ? readFileSync(result, 'utf8') : null,
    pid: child.pid,
  };
}

describe('the embedded database stuck in a call into the backend', () => {
  it('is found spinning with the event loop blocked, logged, and the process started again with every acknowledged write', async () => {
    const r = await stuckOnce('spin');
    expect(r.output).toContain('acknowledged');
    expect(r.output).toContain('STUCK EMBEDDED DATABASE');
    expect(r.output).toContain('the backend is spinning inside WASM');
    expect(r.output).toContain('pg_sleep(40)');
    expect(r.output).not.toContain('the stuck call returned');
    expect(r.signal).toBe('SIGKILL');
    // ended before the 40 s call would have returned (the limit is 1.5 s; the rest is the start)
    expect(r.output.indexOf('STUCK')).toBeGreaterThan(r.output.indexOf('acknowledged'));
    expect(JSON.parse(r.restarted!)).toEqual({ sum: 3, after: String(r.pid) });
  }, 300_000);

  it('is found waiting for an answer that never comes, logged, and the process started again with every acknowledged write', async () => {
    const r = await stuckOnce('wait');
    expect(r.output).toContain('STUCK EMBEDDED DATABASE');
    expect(r.output).toContain('the call waits for an answer that never comes');
    expect(r.output).toContain('never_answers');
    expect(r.signal).toBe('SIGKILL');
    expect(JSON.parse(r.restarted!)).toEqual({ sum: 3, after: String(r.pid) });
  }, 300_000);
});
