import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './connection.js';

/** The checked-in SQL migrations (drizzle/), the same for PGlite and PostgreSQL. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Applies pending migrations. On PostgreSQL a session advisory lock makes concurrent starters wait
 * for one another instead of racing; PGlite has one process by construction (the directory lock).
 */
export async function runMigrations(db: Database): Promise<void> {
  const lockClient = db.kind === 'postgres' ? await db.pool.connect() : undefined;
  try {
    await lockClient?.query('SELECT pg_advisory_lock(722600)');
    await migrate(db.orm, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    if (lockClient) {
      await lockClient.query('SELECT pg_advisory_unlock(722600)').catch(() => undefined);
      lockClient.release();
    }
  }
}
