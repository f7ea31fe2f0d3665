import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../db/connection.js';

export interface TestDatabase {
  db: Database;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated database with the reference data, for one test file: a copy of the run's
 * template on PGlite or PostgreSQL (YTCS_TEST_DB). Tests in a file share it and use their own data.
 */
export async function testDatabase(): Promise<TestDatabase> {
  if ((process.env.YTCS_TEST_DB ?? 'pglite') === 'pglite') {
    const file = inject('pgliteTemplate');
    const db = await connect({ memory: { loadDataDir: new Blob([readFileSync(file)]) } });
    return { db, close: () => db.close() };
  }
  const url = process.env.YTCS_TEST_DATABASE_URL!;
  const template = inject('postgresTemplate');
  const name = `ytcs_t_${process.ppid}_${process.pid}_${counter++}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await connect({ databaseUrl: dbUrl.toString(), poolSize: 5 });
  return {
    db,
    async close() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
