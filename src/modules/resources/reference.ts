// The resources module's shipped reference data (reference/resources): its code lists (funding
// sources, building condition, latrine types) and the first version of the equipment list, loaded at
// start when their files changed.
import { fileURLToPath } from 'node:url';
import type { Orm } from '../../db/connection.js';
import { loadReferenceCodes } from '../terminology/index.js';
import { loadShippedEquipmentList } from './equipment.js';

const CODES_DIR = fileURLToPath(new URL('../../../reference/resources/codes', import.meta.url));

export async function loadResourcesReference(db: Orm): Promise<string[]> {
  const codes = await loadReferenceCodes(db, CODES_DIR);
  const equipment = await loadShippedEquipmentList(db);
  return [
    ...codes.filter((c) => c.rows).map((c) => `codes ${c.system}: ${c.rows}`),
    ...(equipment ? [`equipment list items: ${equipment}`] : []),
  ];
}
