// The growth standards in the database: reference/growth/lms.csv loaded into `growth_lms` when its
// checksum changes, and read back once per loaded version into memory for the computation.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import { insertAll } from '../../db/bulk.js';
import { readLmsFile } from './reference.js';
import { growthLms } from './schema.js';
import { GrowthStandards, type LmsRow } from './zscores.js';

export const LMS_DATASET = 'growth:lms';

/** Loads the LMS file when it changed since the last load; the number of rows loaded, or null. */
export async function loadGrowthStandards(db: Orm): Promise<number | null> {
  const { text, rows: lms } = readLmsFile();
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, LMS_DATASET)) === checksum) return null;
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM growth_lms`);
    await insertAll(tx, growthLms, lms, 'growth_lms', undefined, 5_000);
    await recordDatasetLoad(tx, LMS_DATASET, checksum, lms.length);
  });
  cache.clear();
  return lms.length;
}

const cache = new Map<string, Promise<GrowthStandards>>();

/** The standards as loaded in this database (read once per loaded version). */
export async function growthStandards(db: Executor): Promise<GrowthStandards> {
  const checksum = await loadedChecksum(db, LMS_DATASET);
  if (!checksum) throw new Error('the growth standards are not loaded (run `ytcs migrate`)');
  let found = cache.get(checksum);
  if (!found) {
    found = rows<LmsRow>(db, sql`SELECT standard, indicator, sex, x, l, m, s FROM growth_lms`).then(
      (r) => new GrowthStandards(r.map((x) => ({ ...x, sex: Number(x.sex) as 1 | 2 }))),
    );
    cache.set(checksum, found);
    found.catch(() => cache.delete(checksum));
  }
  return found;
}
