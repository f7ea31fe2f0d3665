import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connect, NAMED_STATEMENTS_MAX, preparedRows, rows, type Database } from '../db/connection.js';

/**
 * The server's memory stays bounded whatever users type (issue 21, the soaks): `preparedRows` names a
 * statement per distinct text and every connection keeps each one for its life, and some texts follow
 * the input (a name search has a clause per typed word). Past NAMED_STATEMENTS_MAX texts a new one runs
 * unnamed. One connection here (the embedded database has one anyway), so `pg_prepared_statements`,
 * which lists a session's statements, sees them all.
 */
const onPglite = (process.env.YTCS_TEST_DB ?? 'pglite') === 'pglite';
let db: Database;
let pgName = '';
let pgAdmin: pg.Client | undefined;

beforeAll(async () => {
  if (onPglite) {
    db = await connect({ memory: { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) } });
  } else {
    pgName = `ytcs_stmt_${process.pid}_${Date.now() % 100000}`;
    pgAdmin = new pg.Client({ connectionString: process.env.YTCS_TEST_DATABASE_URL });
    await pgAdmin.connect();
    await pgAdmin.query(`CREATE DATABASE ${pgName} TEMPLATE ${inject('postgresTemplate')}`);
    const url = new URL(process.env.YTCS_TEST_DATABASE_URL!);
    url.pathname = `/${pgName}`;
    db = await connect({ databaseUrl: url.toString(), poolSize: 1 });
  }
});

afterAll(async () => {
  await db?.close();
  if (pgAdmin) {
    await pgAdmin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await pgAdmin.end();
  }
});

const named = async () =>
  (
    await rows<{ n: number }>(
      db.orm,
      sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'ytcs\\_%'`,
    )
  )[0]!.n;

/** A text of its own for each `i` (as a search with a new shape of words makes), its value a parameter. */
const shaped = (i: number) =>
  preparedRows<{ n: number; v: string }>(
    db.orm,
    sql`SELECT ${sql.raw(String(i))} AS n, ${`v${i}`}::text AS v`,
  );

describe('named statements are bounded', () => {
  it('runs texts past the bound unnamed, with the same answers, and keeps the first ones prepared', async () => {
    const extra = 40;
    for (let i = 1; i <= NAMED_STATEMENTS_MAX + extra; i++)
      expect(await shaped(i)).toEqual([{ n: i, v: `v${i}` }]);
    expect(await named()).toBe(NAMED_STATEMENTS_MAX);
    // again: a text named before runs on its statement, one past the bound still answers, none is added
    expect(await shaped(1)).toEqual([{ n: 1, v: 'v1' }]);
    expect(await shaped(NAMED_STATEMENTS_MAX + extra)).toEqual([
      { n: NAMED_STATEMENTS_MAX + extra, v: `v${NAMED_STATEMENTS_MAX + extra}` },
    ]);
    expect(await named()).toBe(NAMED_STATEMENTS_MAX);
  });
});
