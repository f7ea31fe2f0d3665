import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL server's maintenance database, where bench databases are created. */
export const maintenanceUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  /** PostgreSQL: the connection URL; PGlite: the data directory. */
  location: string;
  /** A database an earlier run kept (`<prefix>_REUSE`): already loaded. */
  reused: boolean;
  /** Drops the database (or the directory), unless `<prefix>_KEEP` asks to keep it for a look at the plans. */
  cleanup(): Promise<void>;
}

/**
 * A new, empty database for one bench run: on PostgreSQL `ytcs_bench_<name>_<pid>`, or the database
 * named by `<prefix>_REUSE`; on PGlite a temporary directory.
 */
export async function scratchDatabase(kind: string, name: string, prefix: string): Promise<ScratchDatabase> {
  if (kind === 'postgres') {
    const reuse = process.env[`${prefix}_REUSE`];
    if (reuse) return { location: reuse, reused: true, cleanup: async () => {} };
    const database = `ytcs_bench_${name}_${process.pid}`;
    const admin = new pg.Client({ connectionString: maintenanceUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(maintenanceUrl);
    url.pathname = `/${database}`;
    const location = url.toString();
    return {
      location,
      reused: false,
      async cleanup() {
        if (process.env[`${prefix}_KEEP`]) console.log(`kept the database ${location}`);
        else await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), `ytcs-bench-${name}-`));
    return {
      location: dir,
      reused: false,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  throw new Error(`${prefix}_DATABASES: unknown database "${kind}" (postgres, pglite)`);
}
