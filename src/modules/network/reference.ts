import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Orm } from '../../db/connection.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import type { MapVersion } from './contracts.js';
import { mappingFromCsv, unitsFromCsv } from './unit-sources.js';
import { checksumOf, loadUnitMapping, loadUnits } from './units.js';

/** The project's own compact unit files (made by scripts/build-units.ts; sources in SOURCES.md there). */
export const UNITS_DIR = fileURLToPath(new URL('../../../reference/units', import.meta.url));

export type Progress = (step: string, done: number, total: number) => void;

/**
 * Loads both maps and the old→new mapping from reference/units when their content changed since the
 * last load (so a start after an upgrade picks up corrections, and a normal start costs one query).
 */
export async function loadReferenceUnits(db: Orm, progress?: Progress, dir = UNITS_DIR): Promise<string[]> {
  const files = {
    post2025: readFileSync(join(dir, 'units-post2025.csv'), 'utf8'),
    pre2025: readFileSync(join(dir, 'units-pre2025.csv'), 'utf8'),
    mapping: readFileSync(join(dir, 'mapping-pre2025-post2025.csv'), 'utf8'),
  };
  const checksum = checksumOf(files.post2025, files.pre2025, files.mapping);
  if ((await loadedChecksum(db, 'units')) === checksum) return [];
  const loaded: string[] = [];
  for (const map of ['post2025', 'pre2025'] as MapVersion[]) {
    const records = unitsFromCsv(files[map], map);
    const report = await loadUnits(db, map, records, (d, t) => progress?.(`units ${map}`, d, t));
    if (report.skipped.length)
      throw new Error(
        `reference units ${map}: ${report.skipped.length} rows skipped, first: ${JSON.stringify(report.skipped[0])}`,
      );
    loaded.push(`${map}: ${report.inserted} new, ${report.updated} updated`);
  }
  const mapping = mappingFromCsv(files.mapping);
  const m = await loadUnitMapping(db, mapping);
  loaded.push(`mapping: ${m.loaded} links`);
  await recordDatasetLoad(db, 'units', checksum, mapping.length);
  return loaded;
}
