/**
 * Backups and restores of the whole database, on both databases, each verified by per-table
 * checksums written in the backup's manifest (docs/adr/0032-reliability.md).
 *
 * A backup is one file: a first line `YTCS-BACKUP 1`, a second line with the manifest (JSON: the
 * database kind, when, the payload's size and SHA-256, each table's row count and hash), then the
 * payload:
 * - PGlite: the data directory as PGlite's own `dumpDataDir` tarball, gzipped, taken in the process
 *   that holds the database (the running server, or the CLI when no server runs), after a CHECKPOINT,
 *   with the checksums computed on the same single session just before, so nothing runs in between;
 * - PostgreSQL: `pg_dump --format=custom` run on a snapshot exported by the transaction that
 *   computes the checksums (`pg_export_snapshot`), so both see exactly the same data while writes go
 *   on.
 * A restore loads the payload into an empty database (PGlite: an empty data directory; PostgreSQL:
 * `pg_restore --single-transaction` into an empty database), then recomputes every checksum and
 * fails unless all of them equal the manifest's.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { connect, pgliteExtensions, type Database } from '../../db/connection.js';
import { acquireDirLock } from '../../db/lock.js';

export const BACKUP_MAGIC = 'YTCS-BACKUP 1';

export interface TableChecksum {
  /** `schema.table` */
  table: string;
  rows: number;
  /** Sum over the rows of the first 64 bits of md5(row as text), as a decimal: order-independent. */
  hash: string;
}

export interface BackupManifest {
  format: 'ytcs-backup';
  version: 1;
  kind: 'pglite' | 'postgres';
  payload: 'pglite-datadir-tar-gzip' | 'pg_dump-custom';
  createdAt: string;
  payloadBytes: number;
  payloadSha256: string;
  tables: TableChecksum[];
}

/** A client that runs plain SQL (a pooled client, a pg.Client). */
interface Querier {
  query<R extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<R>>;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Each table's row count and an order-independent hash of its rows, every schema but the system's
 * (a partitioned table counts once, through its parent). Times are rendered in UTC so that the hash
 * does not depend on the session.
 */
export async function tableChecksums(client: Querier): Promise<TableChecksum[]> {
  const zone = (await client.query<{ z: string }>(`SELECT current_setting('TimeZone') AS z`)).rows[0]!.z;
  await client.query(`SET TimeZone = 'UTC'`);
  try {
    return await checksumsOf(client);
  } finally {
    await client.query(`SELECT set_config('TimeZone', '${zone.replace(/'/g, "''")}', false)`);
  }
}

async function checksumsOf(client: Querier): Promise<TableChecksum[]> {
  const tables = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1, 2`,
  );
  const out: TableChecksum[] = [];
  for (const { schema, name } of tables.rows) {
    const r = await client.query<{ n: string; h: string }>(
      `SELECT count(*)::text AS n,
              coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0)::text AS h
         FROM ${quoteIdent(schema)}.${quoteIdent(name)} t`,
    );
    out.push({ table: `${schema}.${name}`, rows: Number(r.rows[0]!.n), hash: r.rows[0]!.h });
  }
  return out;
}

/** The tables whose checksums differ (or exist on one side only), each with both values. */
export function compareChecksums(
  expected: TableChecksum[],
  actual: TableChecksum[],
): { table: string; expected?: TableChecksum; actual?: TableChecksum }[] {
  const a = new Map(actual.map((t) => [t.table, t]));
  const diffs: { table: string; expected?: TableChecksum; actual?: TableChecksum }[] = [];
  for (const e of expected) {
    const got = a.get(e.table);
    if (!got || got.rows !== e.rows || got.hash !== e.hash)
      diffs.push({ table: e.table, expected: e, ...(got ? { actual: got } : {}) });
    a.delete(e.table);
  }
  for (const [table, got] of a) diffs.push({ table, actual: got });
  return diffs;
}

/** A sink that drops what it is given. */
const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** A sink that keeps what it is given. */
const collect = (chunks: Buffer[]) =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });

/** Counts bytes and hashes what passes. */
function measuring(): Transform & { bytes: number; sha256: () => string } {
  const hash = createHash('sha256');
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      (t as unknown as { bytes: number }).bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number; sha256: () => string };
  t.bytes = 0;
  t.sha256 = () => hash.digest('hex');
  return t;
}

function run(command: string, args: string[], stdio: { stdin?: Readable; stdout?: NodeJS.WritableStream }) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'close').then(([code]) => {
    if (code !== 0) throw new Error(`${command} failed (exit ${code}): ${stderr.trim()}`);
  });
  if (stdio.stdin) stdio.stdin.pipe(child.stdin);
  else child.stdin.end();
  return { child, exited };
}

/** The libpq connection string of a database (the URL node-postgres was given). */
function libpqUrl(db: Database): string {
  const url = (db.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
  if (!url) throw new Error('the PostgreSQL database has no connection string');
  return url;
}

/** Writes the header and then the payload file into `file` (through a temporary name). */
async function assemble(file: string, manifest: BackupManifest, payloadFile: string): Promise<void> {
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  out.write(`${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`);
  await pipeline(createReadStream(payloadFile), out);
  renameSync(tmp, file);
}

/**
 * Backs up the whole database into `file` (see the top of this file); returns the manifest. Safe
 * while the server serves: on PostgreSQL through an exported snapshot, on PGlite because the one
 * session is held for the checksums and the dump.
 */
export async function backupDatabase(db: Database, file: string): Promise<BackupManifest> {
  file = resolve(file);
  mkdirSync(dirname(file), { recursive: true });
  const payloadFile = `${file}.payload`;
  try {
    let tables: TableChecksum[];
    const meter = measuring();
    if (db.kind === 'pglite') {
      const client = await db.pool.connect();
      try {
        await client.query('CHECKPOINT');
        tables = await tableChecksums(client);
        const tar = await db.dumpDataDir!();
        await pipeline(
          Readable.fromWeb(tar.stream() as never),
          createGzip(),
          meter,
          createWriteStream(payloadFile),
        );
      } finally {
        client.release();
      }
    } else {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
        tables = await tableChecksums(client);
        const out = createWriteStream(payloadFile);
        const dump = run(
          'pg_dump',
          ['--format=custom', `--snapshot=${snapshot}`, '--dbname', libpqUrl(db)],
          {},
        );
        await Promise.all([pipeline(dump.child.stdout, meter, out), dump.exited]);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    }
    const manifest: BackupManifest = {
      format: 'ytcs-backup',
      version: 1,
      kind: db.kind,
      payload: db.kind === 'pglite' ? 'pglite-datadir-tar-gzip' : 'pg_dump-custom',
      createdAt: new Date().toISOString(),
      payloadBytes: meter.bytes,
      payloadSha256: meter.sha256(),
      tables,
    };
    await assemble(file, manifest, payloadFile);
    return manifest;
  } finally {
    rmSync(payloadFile, { force: true });
  }
}

/** The manifest of a backup file, and where its payload starts. */
export function readManifest(file: string): { manifest: BackupManifest; payloadOffset: number } {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(statSync(file).size, 16 * 1024 * 1024));
    readSync(fd, head, 0, head.length, 0);
    const first = head.indexOf(0x0a);
    const second = head.indexOf(0x0a, first + 1);
    if (first < 0 || second < 0 || head.subarray(0, first).toString() !== BACKUP_MAGIC)
      throw new Error(`${file} is not a ytcs backup`);
    const manifest = JSON.parse(head.subarray(first + 1, second).toString('utf8')) as BackupManifest;
    return { manifest, payloadOffset: second + 1 };
  } finally {
    closeSync(fd);
  }
}

/** Checks the payload's size and SHA-256 against the manifest (a truncated or altered file fails). */
export async function checkPayload(file: string): Promise<BackupManifest> {
  const { manifest, payloadOffset } = readManifest(file);
  const meter = measuring();
  await pipeline(createReadStream(file, { start: payloadOffset }), meter, discard());
  if (meter.bytes !== manifest.payloadBytes || meter.sha256() !== manifest.payloadSha256)
    throw new Error(`${file}: the payload does not match its manifest (truncated or altered)`);
  return manifest;
}

export interface RestoreTarget {
  /** PostgreSQL: the database to restore into (empty unless `clean`). */
  databaseUrl?: string | undefined;
  /** PGlite: the data directory (YTCS_DATA_DIR) to restore into (without a database unless `clean`). */
  dataDir?: string | undefined;
  /**
   * Replace what is there: PGlite moves the existing database aside (`pg.before-restore-<time>`);
   * PostgreSQL drops the backup's objects first (`pg_restore --clean --if-exists`).
   */
  clean?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  /** PGlite with `clean`: where the database that was there was moved. */
  movedAside?: string;
}

/** Restores a backup into an empty database of the same kind and verifies every table's checksum. */
export async function restoreDatabase(file: string, target: RestoreTarget): Promise<RestoreResult> {
  const manifest = await checkPayload(file);
  const { payloadOffset } = readManifest(file);
  const payload = () => createReadStream(file, { start: payloadOffset });
  let movedAside: string | undefined;
  if (manifest.kind === 'pglite') {
    if (target.databaseUrl)
      throw new Error('this is a backup of the embedded database: restore it into a data directory');
    const dir = resolve(target.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    const release = acquireDirLock(dir);
    try {
      const pgDir = join(dir, 'pg');
      if (existsSync(pgDir) && readdirSync(pgDir).length) {
        if (!target.clean)
          throw new Error(
            `${dir} already holds a database: restore into an empty data directory, or pass --force`,
          );
        movedAside = `${pgDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(pgDir, movedAside);
      }
      const chunks: Buffer[] = [];
      await pipeline(payload(), createGunzip(), collect(chunks));
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = await PGlite.create({
        dataDir: pgDir,
        loadDataDir: new Blob([Buffer.concat(chunks)]),
        extensions: await pgliteExtensions(),
      });
      await pglite.close();
    } finally {
      release();
    }
    const db = await connect({ dataDir: dir });
    try {
      return { ...(await verifyRestored(db, manifest)), ...(movedAside ? { movedAside } : {}) };
    } finally {
      await db.close();
    }
  }
  if (!target.databaseUrl)
    throw new Error('this is a backup of a PostgreSQL database: give DATABASE_URL to restore into');
  const db = await connect({ databaseUrl: target.databaseUrl, poolSize: 2 });
  try {
    if (!target.clean) {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_%'`,
      );
      if (rows[0]!.n > 0)
        throw new Error('the target database is not empty: restore into an empty database, or pass --force');
    }
    const restore = run(
      'pg_restore',
      [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        ...(target.clean ? ['--clean', '--if-exists'] : []),
        '--dbname',
        target.databaseUrl,
      ],
      { stdin: payload() },
    );
    await restore.exited;
    return await verifyRestored(db, manifest);
  } finally {
    await db.close();
  }
}

async function verifyRestored(db: Database, manifest: BackupManifest): Promise<RestoreResult> {
  const client = await db.pool.connect();
  let actual: TableChecksum[];
  try {
    actual = await tableChecksums(client);
  } finally {
    client.release();
  }
  const diffs = compareChecksums(manifest.tables, actual);
  if (diffs.length)
    throw new Error(
      `the restored database differs from the backup in ${diffs.length} table(s): ` +
        diffs
          .slice(0, 10)
          .map((d) => `${d.table} (${d.expected?.rows ?? '-'} → ${d.actual?.rows ?? '-'} rows)`)
          .join(', '),
    );
  return { manifest, tables: actual.length, rows: actual.reduce((n, t) => n + t.rows, 0) };
}
