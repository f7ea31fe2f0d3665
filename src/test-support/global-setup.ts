import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../bootstrap.js';
import { connect } from '../db/connection.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a dumped data directory of a migrated database with the reference data loaded. */
    pgliteTemplate: string;
    /** PostgreSQL: the name of a migrated template database. */
    postgresTemplate: string;
  }
}

/**
 * Builds ONE migrated database with the reference data per test run (~15 s on PGlite) and hands it
 * to the test files as a template: each file gets its own copy in about a second.
 */
export default async function setup(project: TestProject) {
  const kind = project.name; // 'pglite' or 'postgres' (vitest.config.ts)
  if (kind === 'pglite') {
    const db = await connect({ memory: {} });
    await prepareDatabase(db, {});
    const dump = await db.dumpDataDir!();
    await db.close();
    const file = join(tmpdir(), `ytcs-test-template-${process.pid}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
    return () => rmSync(file, { force: true });
  }
  const url = process.env.YTCS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL tests need a server at ${url} (set YTCS_TEST_DATABASE_URL): ${(err as Error).message}`,
    );
  }
  const template = `ytcs_tpl_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${template}`;
  const db = await connect({ databaseUrl: templateUrl.toString() });
  await prepareDatabase(db, {});
  await db.close();
  project.provide('postgresTemplate', template);
  return async () => {
    // Copies made from the template by test files that crashed are removed with it.
    const left = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`ytcs_t_${process.pid}_%`],
    );
    for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
