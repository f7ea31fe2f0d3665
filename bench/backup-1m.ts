/**
 * Backup → restore of a province of 1 M residents (issue 21, item 5 at scale; docs/adr/0032): a new
 * database with the reference data, the network demo of Quảng Ninh and BENCH_BACKUP_SIZE residents
 * (bench/support/population.ts: households, residents, insurance cards, as the other benches at
 * 1 M), then through the real CLI, each step timed:
 * 0. `ytcs audit verify` on the source (chains the pending audit events, as the restore's own
 *    verification does on the copy, so that both sides compare equal);
 * 1. `ytcs backup <file>` (checksums of every table in an exported snapshot, then pg_dump of it; on
 *    PGlite the data directory);
 * 2. `ytcs restore <file>` into a new empty database (pg_restore --single-transaction; on PGlite a new
 *    data directory), which recomputes every table's checksum against the manifest and verifies the
 *    audit chain;
 * 3. independently of the CLI, every table's row count and hash on the source and on the restored
 *    database, compared here (the figures printed are this bench's, not the CLI's word).
 * Prints, never asserts.
 *
 *   npx tsx bench/backup-1m.ts        (or BENCH_ONLY=backup-1m npm run bench)
 *
 * Environment: BENCH_BACKUP_SIZE (1,000,000), BENCH_BACKUP_DATABASES (`postgres`; `postgres,pglite`
 * for both), BENCH_PG_URL (the server's maintenance database), BENCH_BACKUP_REUSE (the URL of a kept
 * PostgreSQL database: no load), BENCH_BACKUP_KEEP (keep the source database).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '../src/bootstrap.js';
import { connect, type Database } from '../src/db/connection.js';
import { createRng } from '../src/demo/random.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { compareChecksums, tableChecksums, type TableChecksum } from '../src/modules/ops/index.js';
import { maintenanceUrl, scratchDatabase } from './support/database.js';
import { loadPeople, PROVINCE } from './support/population.js';
import { REPO } from './support/soak.js';

const size = Number(process.env.BENCH_BACKUP_SIZE ?? 1_000_000);
const databases = (process.env.BENCH_BACKUP_DATABASES ?? 'postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Runs the real `ytcs` command; returns its output and time. */
function ytcs(args: string[], env: NodeJS.ProcessEnv): { out: string; s: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`ytcs ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return { out: r.stdout.trim(), s: seconds(started) };
}

async function checksums(db: Database): Promise<{ tables: TableChecksum[]; s: string }> {
  const started = performance.now();
  const client = await db.pool.connect();
  try {
    return { tables: await tableChecksums(client), s: seconds(started) };
  } finally {
    client.release();
  }
}

async function benchOne(kind: string): Promise<void> {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const scratch = await scratchDatabase(kind, 'backup', 'BENCH_BACKUP');
  const work = mkdtempSync(join(tmpdir(), 'ytcs-backup-1m-'));
  const file = join(work, 'province.ytcs-backup');
  let restoreUrl: string | undefined;
  const admin = new pg.Client({ connectionString: maintenanceUrl });
  try {
    const open = () =>
      kind === 'postgres'
        ? connect({ databaseUrl: scratch.location, poolSize: 4 })
        : connect({ dataDir: scratch.location });
    const env =
      kind === 'postgres'
        ? { DATABASE_URL: scratch.location }
        : { DATABASE_URL: '', YTCS_DATA_DIR: scratch.location };
    let started = performance.now();
    if (!scratch.reused) {
      const db = await open();
      try {
        await prepareDatabase(db, {});
        await generateNetworkDemo(db, {
          provinceCode: PROVINCE,
          scale: 1,
          rng: createRng(2025).fork('network'),
        });
        await loadPeople(db, label, size);
      } finally {
        await db.close();
      }
      console.log(
        `${label}: source database of ${size.toLocaleString('en')} residents made in ${seconds(started)} s (load ${load()})`,
      );
    }

    // 0. the audit events chained first (`ytcs audit verify` seals what is pending, ADR 0016), as
    // `ytcs restore` does on the restored copy when it verifies: otherwise the two differ in the
    // audit chain's tables by exactly what that verification sealed
    const sealed = ytcs(['audit', 'verify'], env);
    console.log(
      `${label}: ytcs audit verify on the source in ${sealed.s} s: ${sealed.out.split('\n').at(-1)}`,
    );

    // 1. the backup, through the CLI
    const backup = ytcs(['backup', file], env);
    console.log(
      `${label}: ytcs backup in ${backup.s} s, ${(statSync(file).size / 1e6).toFixed(0)} MB (load ${load()}): ${backup.out.split('\n').at(-1)}`,
    );

    // 2. the restore into a new empty database, through the CLI
    let restoreEnv: NodeJS.ProcessEnv;
    if (kind === 'postgres') {
      await admin.connect();
      const name = `ytcs_bench_backup_restored_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(maintenanceUrl);
      url.pathname = `/${name}`;
      restoreUrl = url.toString();
      restoreEnv = { DATABASE_URL: restoreUrl };
    } else {
      restoreUrl = join(work, 'restored');
      restoreEnv = { DATABASE_URL: '', YTCS_DATA_DIR: restoreUrl };
    }
    const restore = ytcs(['restore', file], restoreEnv);
    console.log(
      `${label}: ytcs restore (load, checksums, audit chain) in ${restore.s} s (load ${load()}): ${restore.out.replace(/\n/g, ' | ')}`,
    );

    // 3. both databases' checksums, compared here
    started = performance.now();
    const source = await open();
    const a = await checksums(source).finally(() => source.close());
    const restored = await (kind === 'postgres'
      ? connect({ databaseUrl: restoreUrl, poolSize: 2 })
      : connect({ dataDir: restoreUrl }));
    const b = await checksums(restored).finally(() => restored.close());
    // audit_seal_state's one row is a transaction-id horizon (xid8) of the database it lives in: the
    // restored database's sealer moves it on when `ytcs restore` verifies the chain, so it differs by
    // design (the CLI compared it, equal, before that verification)
    const local = (t: TableChecksum) => t.table !== 'public.audit_seal_state';
    const diffs = compareChecksums(a.tables.filter(local), b.tables.filter(local));
    const rowsOf = (ts: TableChecksum[], t: string) => ts.find((x) => x.table === t)?.rows ?? 0;
    const biggest = [...a.tables].sort((x, y) => y.rows - x.rows).slice(0, 4);
    console.log(
      `${label}: checksums of ${a.tables.length} tables (${a.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en')} rows) ` +
        `on the source in ${a.s} s and on the restored database in ${b.s} s: ${diffs.length ? `${diffs.length} DIFFER` : 'all equal'} (audit_seal_state aside); ` +
        `largest: ${biggest.map((t) => `${t.table} ${rowsOf(b.tables, t.table).toLocaleString('en')} rows, hash ${t.hash === b.tables.find((x) => x.table === t.table)?.hash ? 'equal' : 'DIFFERENT'}`).join('; ')} (load ${load()})`,
    );
    for (const d of diffs.slice(0, 10)) console.log(`  DIFFERS: ${JSON.stringify(d)}`);
  } finally {
    if (kind === 'postgres' && restoreUrl) {
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(restoreUrl).pathname.slice(1)} WITH (FORCE)`);
    }
    await admin.end().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    await scratch.cleanup();
  }
}

console.log(
  `backup → restore of ${size.toLocaleString('en')} residents on ${databases.join(', ')}; ${cpus().length} cores, load ${load()}`,
);
for (const kind of databases) {
  try {
    await benchOne(kind);
  } catch (err) {
    console.log(`${kind}: FAILED: ${String((err as Error).stack ?? err).slice(0, 2000)}`);
    process.exitCode = 1;
  }
}
