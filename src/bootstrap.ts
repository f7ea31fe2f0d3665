import type { Database } from './db/connection.js';
import { runMigrations } from './db/migrate.js';
import { ensureFirstAdmin } from './modules/accounts/index.js';
import { loadReferenceUnits, type Progress } from './modules/network/index.js';
import { loadIcd10, loadReferenceCodes } from './modules/terminology/index.js';
import { loadCatalogue } from './modules/indicators/index.js';
import { loadNcdDefinitions } from './modules/ncd/index.js';
import { loadShippedSchedule } from './modules/immunization/index.js';
import { loadGrowthStandards } from './modules/growth/index.js';
import { loadCriteriaReference } from './modules/criteria/index.js';
import { loadSurveyForms } from './modules/satisfaction/index.js';
import { loadResourcesReference } from './modules/resources/index.js';
import { loadSurveillanceDefinitions } from './modules/surveillance/index.js';
import { loadReferralReference } from './modules/referral/index.js';
import { loadExchangeMappings } from './modules/exchange/index.js';

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
  const ncd = await loadNcdDefinitions(db.orm);
  const indicators = await loadCatalogue(db.orm);
  const schedule = await loadShippedSchedule(db.orm);
  const growth = await loadGrowthStandards(db.orm);
  const criteria = await loadCriteriaReference(db.orm);
  const surveys = await loadSurveyForms(db.orm);
  const resources = await loadResourcesReference(db.orm);
  const surveillance = await loadSurveillanceDefinitions(db.orm);
  const referral = await loadReferralReference(db.orm);
  const exchange = await loadExchangeMappings(db.orm);
  const admin = await ensureFirstAdmin(db.orm, options.adminPassword);
  return {
    reference: [
      ...codes.map((c) => `codes ${c.system}: ${c.rows}`),
      ...(icd10 ? [`codes icd10: ${icd10}`] : []),
      ...units,
      ...(indicators ? [`indicators: ${indicators}`] : []),
      ...(ncd ? [`ncd definitions: ${ncd}`] : []),
      ...(schedule ? [`immunization schedule: version ${schedule}`] : []),
      ...(growth ? [`growth standards (LMS rows): ${growth}`] : []),
      ...(criteria ? [`commune health criteria: ${criteria}`] : []),
      ...(surveys ? [`satisfaction survey questions: ${surveys}`] : []),
      ...resources,
      ...(surveillance ? [`surveillance lists (versions): ${surveillance}`] : []),
      ...referral,
      ...exchange.map((c) => `codes ${c.system}: ${c.rows}`),
    ],
    admin,
  };
}
