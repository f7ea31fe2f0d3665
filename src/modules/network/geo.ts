import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROVINCES_FILE = fileURLToPath(
  new URL('../../../reference/geo/provinces-post2025.json', import.meta.url),
);

export interface Boundaries {
  /** GeoJSON FeatureCollection, `feature.id` = unit code. */
  json: string;
  etag: string;
}

let provinces: Boundaries | undefined;

/**
 * The boundaries of the 34 provinces of the current map, as shipped in reference/geo (made by
 * scripts/build-geo.ts): the same for every user, read once and served with an ETag.
 */
export function provinceBoundaries(): Boundaries {
  if (!provinces) {
    const json = readFileSync(PROVINCES_FILE, 'utf8');
    provinces = { json, etag: `"${createHash('sha256').update(json).digest('hex').slice(0, 16)}"` };
  }
  return provinces;
}
