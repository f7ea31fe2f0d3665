import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pgliteExtensions } from '../db/connection.js';
import { crashDrill } from './crash.js';

/**
 * The crash drill at CI size (./crash.ts): the real server, four writers, a SIGKILL once twelve
 * households were acknowledged, on the database this project runs on. bench/crash.ts runs it bigger.
 */
const onPglite = (process.env.YTCS_TEST_DB ?? 'pglite') === 'pglite';
const work = mkdtempSync(join(tmpdir(), 'ytcs-crash-test-'));
let cleanup: (() => Promise<void>) | undefined;

afterAll(async () => {
  await cleanup?.();
  rmSync(work, { recursive: true, force: true });
});

/** A migrated database for the server: a data directory from the template, or a copy of it. */
async function database(): Promise<{ dataDir?: string; databaseUrl?: string }> {
  if (onPglite) {
    const { PGlite } = await import('@electric-sql/pglite');
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    const seed = await PGlite.create({
      dataDir: join(dataDir, 'pg'),
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      extensions: await pgliteExtensions(),
    });
    await seed.close();
    return { dataDir };
  }
  const name = `ytcs_crash_${process.pid}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: process.env.YTCS_TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  cleanup = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  const url = new URL(process.env.YTCS_TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { databaseUrl: url.toString() };
}

describe(`the server killed under writes (${onPglite ? 'embedded' : 'PostgreSQL'})`, () => {
  it(
    'keeps every acknowledged write, whole, and an audit chain that verifies',
    { timeout: 240_000 },
    async () => {
      const report = await crashDrill({ ...(await database()), writers: 4, killAfterWrites: 12, rounds: 1 });
      console.log(`crash drill: ${JSON.stringify(report)}`);
      expect(report.problems).toEqual([]);
      expect(report.acknowledged.households).toBeGreaterThan(0);
      expect(report.acknowledged.visits).toBeGreaterThan(0);
      expect(report.auditEvents).toBeGreaterThan(0);
    },
  );
});
