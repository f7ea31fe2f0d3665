import type { Database } from './db/connection.js';
import { runMigrations } from './db/migrate.js';
import { ensureFirstAdmin } from './modules/accounts/index.js';
import { loadReferenceUnits, type Progress } from './modules/network/index.js';
import { loadIcd10, loadReferenceCodes } from './modules/terminology/index.js';
import { loadCatalogue } from './modules/indicators/index.js';

export interface PrepareResult {
  reference: string[];
  admin: 'created' | 'exists' | 'no-password';
}

/**
 * Brings a database to the current version: migrations, then the reference data the product ships
 * (code lists, both unit maps, the indicator catalogue), then the first administrator when YTCS_ADMIN_PASSWORD is set.
 */
export async function prepareDatabase(
  db: Database,
  options: { progress?: Progress; adminPassword?: string | undefined } = {},
): Promise<PrepareResult> {
  await runMigrations(db);
  const codes = await loadReferenceCodes(db.orm);
  const icd10 = await loadIcd10(db.orm);
  const units = await loadReferenceUnits(db.orm, options.progress);
  const indicators = await loadCatalogue(db.orm);
  const admin = await ensureFirstAdmin(db.orm, options.adminPassword);
  return {
    reference: [
      ...codes.map((c) => `codes ${c.system}: ${c.rows}`),
      ...(icd10 ? [`codes icd10: ${icd10}`] : []),
      ...units,
      ...(indicators ? [`indicators: ${indicators}`] : []),
    ],
    admin,
  };
}
