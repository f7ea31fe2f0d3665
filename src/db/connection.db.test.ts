import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../test-support/db.js';
import { preparedRows, rows } from './connection.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => t?.close());

describe('a session of the application', () => {
  it('runs named statements on their generic plan from the first execution (docs/adr/0018)', async () => {
    const [mode] = await rows<{ mode: string }>(
      t.db.orm,
      sql`SELECT current_setting('plan_cache_mode') AS mode`,
    );
    expect(mode!.mode).toBe('force_generic_plan');
    // A named statement's plan is generic at once: PostgreSQL counts no custom plan for it.
    const probe = sql`SELECT count(*)::int AS n FROM admin_units WHERE map = 'post2025' AND code = ${'06862'}`;
    for (let i = 0; i < 3; i++)
      expect(await preparedRows<{ n: number }>(t.db.orm, probe)).toEqual([{ n: 1 }]);
    const plans = await rows<{ generic: number; custom: number }>(
      t.db.orm,
      sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
          WHERE statement LIKE '%FROM admin_units WHERE map = ''post2025'' AND code = $1%'`,
    );
    expect(plans).toEqual([{ generic: 3, custom: 0 }]);
  });
});
