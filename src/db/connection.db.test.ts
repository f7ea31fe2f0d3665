import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../test-support/db.js';
import { preparedRows, rows, withGenericPlans, type Executor } from './connection.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => t?.close());

const probe = sql`SELECT count(*)::int AS n FROM admin_units WHERE map = 'post2025' AND code = ${'06862'}`;

/** Runs the probe as a named statement three times, and says how PostgreSQL planned those runs. */
async function plansOf(db: Executor): Promise<{ generic: number; custom: number }[]> {
  for (let i = 0; i < 3; i++) expect(await preparedRows<{ n: number }>(db, probe)).toEqual([{ n: 1 }]);
  return rows(
    db,
    sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
        WHERE statement LIKE '%FROM admin_units WHERE map = ''post2025'' AND code = $1%'`,
  );
}

describe('sessions and plans (docs/adr/0018)', () => {
  it("plans the application's statements for their values, as PostgreSQL does by default", async () => {
    const [mode] = await rows<{ mode: string }>(
      t.db.orm,
      sql`SELECT current_setting('plan_cache_mode') AS mode`,
    );
    expect(mode!.mode).toBe('auto');
    // `auto` plans the first five executions of a named statement for their values.
    expect(await plansOf(t.db.orm)).toEqual([{ generic: 0, custom: 3 }]);
  });

  it.runIf(process.env.YTCS_TEST_DB === 'postgres')(
    'runs the statements given to withGenericPlans on their generic plan from the first execution',
    async () => {
      const twin = withGenericPlans(t.db.orm);
      expect(twin).not.toBe(t.db.orm);
      expect(await plansOf(twin)).toEqual([{ generic: 3, custom: 0 }]);
    },
  );
});
