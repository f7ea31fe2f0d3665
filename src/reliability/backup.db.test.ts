import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connect, pgliteExtensions, type Database } from '../db/connection.js';
import { buildServer } from '../server.js';
import { verifyAuditChain } from '../modules/audit/index.js';
import { userSession, type Session, type TestApp } from '../test-support/server.js';
import {
  backupDatabase,
  checkPayload,
  compareChecksums,
  readManifest,
  restoreDatabase,
  tableChecksums,
} from '../modules/ops/index.js';

/**
 * The restore drill, on the database this project runs on: write a commune's households over HTTP,
 * back up while more writes arrive, wipe the database, restore, and find every table's checksum equal
 * to the manifest's and the audit chain intact.
 */
const onPglite = (process.env.YTCS_TEST_DB ?? 'pglite') === 'pglite';
const work = mkdtempSync(join(tmpdir(), 'ytcs-backup-test-'));
let db: Database;
let t: TestApp;
let admin: Session;
/** PostgreSQL: the database's name and an admin client to drop and create it. */
let pgName = '';
let pgAdmin: pg.Client | undefined;

function dbUrl(name: string): string {
  const url = new URL(process.env.YTCS_TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openApp(d: Database): Promise<TestApp> {
  const app = await buildServer({ db: d, webRoot: '/nonexistent', auditSealIntervalMs: 0 });
  await app.ready();
  return { db: d, app, close: async () => app.close() };
}

beforeAll(async () => {
  if (onPglite) {
    // A data directory on disk, as a station has, from the run's migrated template.
    const { PGlite } = await import('@electric-sql/pglite');
    mkdirSync(join(work, 'data'), { recursive: true });
    const seed = await PGlite.create({
      dataDir: join(work, 'data', 'pg'),
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      extensions: await pgliteExtensions(),
    });
    await seed.close();
    db = await connect({ dataDir: join(work, 'data') });
  } else {
    pgName = `ytcs_bk_${process.pid}_${Date.now() % 100000}`;
    pgAdmin = new pg.Client({ connectionString: process.env.YTCS_TEST_DATABASE_URL });
    await pgAdmin.connect();
    await pgAdmin.query(`CREATE DATABASE ${pgName} TEMPLATE ${inject('postgresTemplate')}`);
    db = await connect({ databaseUrl: dbUrl(pgName), poolSize: 4 });
  }
  t = await openApp(db);
  admin = await userSession(t, 'backup.admin', 'system_admin', 'VN');
});
afterAll(async () => {
  await t?.app.close();
  await db?.close();
  if (pgAdmin) {
    await pgAdmin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await pgAdmin.end();
  }
  rmSync(work, { recursive: true, force: true });
});

/** A number as letters (names hold letters only): 0 → A, 27 → BB. */
const letters = (i: number): string => String.fromCharCode(65 + (i % 26)).repeat(1 + Math.floor(i / 26));

/** A household of three in Bình Liêu (06838), made over HTTP. */
async function household(n: number): Promise<string> {
  const i = letters(n);
  const res = await admin.request('POST', '/api/v1/households', {
    unitCode: '06838',
    members: [
      { fullName: `Hoàng Văn Chủ ${i}`, sex: 'male', birthYear: 1970, relationToHead: 'head' },
      { fullName: `Lý Thị Vợ ${i}`, sex: 'female', birthYear: 1972, relationToHead: 'spouse' },
      { fullName: `Hoàng Văn Con ${i}`, sex: 'male', birthYear: 2001, relationToHead: 'child' },
    ],
  });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

async function checksumsOf(d: Database) {
  const client = await d.pool.connect();
  try {
    return await tableChecksums(client);
  } finally {
    client.release();
  }
}

describe(`a backup of the ${onPglite ? 'embedded' : 'PostgreSQL'} database`, () => {
  it('restores after a wipe with every table equal and the audit chain intact', async () => {
    for (let i = 0; i < 5; i++) await household(i);
    const file = join(work, 'drill.backup');
    // Writes go on while the backup is taken: the manifest describes exactly what the payload holds.
    const during = Promise.all([household(100), household(101), household(102)]);
    const manifest = await backupDatabase(db, file);
    await during;
    expect(manifest.kind).toBe(db.kind);
    const residents = manifest.tables.find((x) => x.table === 'public.residents')!;
    expect(residents.rows).toBeGreaterThanOrEqual(15);
    expect(manifest.tables.find((x) => x.table === 'public.audit_events')!.rows).toBeGreaterThan(0);

    // Wipe.
    await t.app.close();
    await db.close();
    let restored: Database;
    if (onPglite) {
      rmSync(join(work, 'data'), { recursive: true, force: true });
      const result = await restoreDatabase(file, { dataDir: join(work, 'data') });
      expect(result.tables).toBe(manifest.tables.length);
      restored = await connect({ dataDir: join(work, 'data') });
    } else {
      await pgAdmin!.query(`DROP DATABASE ${pgName} WITH (FORCE)`);
      await pgAdmin!.query(`CREATE DATABASE ${pgName} TEMPLATE template0`);
      const result = await restoreDatabase(file, { databaseUrl: dbUrl(pgName) });
      expect(result.tables).toBe(manifest.tables.length);
      restored = await connect({ databaseUrl: dbUrl(pgName), poolSize: 4 });
    }
    db = restored;
    expect(compareChecksums(manifest.tables, await checksumsOf(db))).toEqual([]);
    const chain = await verifyAuditChain(db.orm);
    expect(chain.ok, JSON.stringify(chain.problems)).toBe(true);
    // The restored database serves: the residents are there and a new household can be written.
    t = await openApp(db);
    admin = await userSession(t, 'backup.admin2', 'system_admin', 'VN');
    const list = await admin.request('GET', '/api/v1/residents?unit=06838&limit=100');
    expect(list.json().total).toBe(residents.rows);
    await household(200);
  });

  it('refuses a damaged backup and a restore over a database', async () => {
    const file = join(work, 'second.backup');
    await backupDatabase(db, file);
    const bytes = readFileSync(file);
    const { payloadOffset } = readManifest(file);
    bytes[payloadOffset + 100] = bytes[payloadOffset + 100]! ^ 0xff;
    const damaged = join(work, 'damaged.backup');
    writeFileSync(damaged, bytes);
    await expect(checkPayload(damaged)).rejects.toThrow(/does not match its manifest/);
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 10));
    await expect(
      restoreDatabase(damaged, { dataDir: join(work, 'other'), databaseUrl: undefined }),
    ).rejects.toThrow(/does not match/);
    if (onPglite) {
      // The server's own directory: locked by this process's database, and not empty.
      await expect(restoreDatabase(file, { dataDir: join(work, 'data') })).rejects.toThrow();
    } else {
      await expect(restoreDatabase(file, { databaseUrl: dbUrl(pgName) })).rejects.toThrow(/not empty/);
    }
  });

  it('tells a changed row from an equal table, whatever the row order', async () => {
    const a = [{ table: 'public.x', rows: 2, hash: '10' }];
    expect(compareChecksums(a, [{ table: 'public.x', rows: 2, hash: '10' }])).toEqual([]);
    expect(compareChecksums(a, [{ table: 'public.x', rows: 2, hash: '11' }])).toHaveLength(1);
    expect(compareChecksums(a, [])).toEqual([{ table: 'public.x', expected: a[0] }]);
    // The hash is a sum over rows: the same rows in another physical order hash the same.
    const client = await db.pool.connect();
    try {
      const one = await client.query<{ h: string }>(
        `SELECT sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric)::text AS h
           FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t`,
      );
      const other = await client.query<{ h: string }>(
        `SELECT sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric)::text AS h
           FROM (VALUES (3, 'c'), (1, 'a'), (2, 'b')) t`,
      );
      expect(one.rows[0]!.h).toBe(other.rows[0]!.h);
    } finally {
      client.release();
    }
  });

  it('is taken by the running server for a system administrator only, and audited', async () => {
    const manager = await userSession(t, 'backup.manager', 'province_manager', '22');
    expect((await manager.request('POST', '/api/v1/ops/backup')).statusCode).toBe(403);
    const res = await admin.request('POST', '/api/v1/ops/backup');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const file = join(work, 'http.backup');
    writeFileSync(file, res.rawPayload);
    const manifest = await checkPayload(file);
    expect(manifest.kind).toBe(db.kind);
    const events = await admin.request('GET', '/api/v1/audit?entityType=database&limit=5');
    expect(events.json().items[0]).toMatchObject({ action: 'export', entityType: 'database' });
  });
});
