import { defineConfig } from 'vitest/config';
import pg from 'pg';

/**
 * Two projects: everything on the embedded PGlite, and the database tests (*.db.test.ts) again on a
 * real PostgreSQL. Without a reachable PostgreSQL the second project is left out locally, but in CI
 * (CI=true) it stays in and fails, so a missing database never passes silently.
 */
const postgresUrl = process.env.YTCS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export default defineConfig(async () => {
  const withPostgres = process.env.CI === 'true' || (await postgresReachable());
  if (!withPostgres)
    console.warn(
      `\n[ytcs] PostgreSQL at ${postgresUrl} is not reachable: running the PGlite project only.\n`,
    );
  const common = { testTimeout: 60_000, hookTimeout: 180_000, pool: 'forks' as const };
  return {
    test: {
      projects: [
        {
          // The web app's pure logic (formats, colour scales, labels): no database, no browser.
          test: { ...common, name: 'web', include: ['web/src/**/*.test.ts'] },
        },
        {
          test: {
            ...common,
            name: 'pglite',
            include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
            globalSetup: ['src/test-support/global-setup.ts'],
            env: { YTCS_TEST_DB: 'pglite' },
          },
        },
        ...(withPostgres
          ? [
              {
                test: {
                  ...common,
                  name: 'postgres',
                  include: ['src/**/*.db.test.ts'],
                  globalSetup: ['src/test-support/global-setup.ts'],
                  env: { YTCS_TEST_DB: 'postgres', YTCS_TEST_DATABASE_URL: postgresUrl },
                },
              },
            ]
          : []),
      ],
    },
  };
});
