/**
 * Reference files of dated versions (`{ kind, versions: [{ version, validFrom, validTo, … }] }`, e.g.
 * reference/ncd/control.json, reference/surveillance/diseases.json): parsed and checked here once for
 * every module that keeps its rules so, and loaded when the file's checksum changed since the last
 * load (recorded in reference_datasets, with the other reference data).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Orm, Tx } from '../../db/connection.js';
import { loadedChecksum, recordDatasetLoad } from './service.js';

export interface DatedVersion {
  version: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * The versions of a file, checked against `schema` and sorted by start; a version that does not end
 * before the next one starts is refused. `label` names the file in the error (reference/ncd/control.json).
 */
export function parseVersionedFile<V extends DatedVersion>(
  label: string,
  kind: string,
  schema: z.ZodType<V>,
  text: string,
): V[] {
  const parsed = z
    .object({ kind: z.literal(kind), versions: z.array(schema).min(1) })
    .safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${label}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const versions = [...parsed.data.versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (let i = 1; i < versions.length; i++) {
    const prev = versions[i - 1]!;
    if (prev.validTo === null || prev.validTo > versions[i]!.validFrom)
      throw new Error(`${label}: version ${prev.version} overlaps the next`);
  }
  return versions;
}

/**
 * Loads a versioned file into its module's table when it changed: `write` stores one version (an
 * upsert by kind and version), all of them and the dataset record in one transaction. The number of
 * versions loaded (0 when the file is as last loaded).
 */
export async function loadVersionedFile<V>(
  db: Orm,
  dataset: string,
  text: string,
  parse: (text: string) => V[],
  write: (tx: Tx, version: V) => Promise<unknown>,
): Promise<number> {
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, dataset)) === checksum) return 0;
  const versions = parse(text);
  await db.transaction(async (tx) => {
    for (const v of versions) await write(tx, v);
    await recordDatasetLoad(tx, dataset, checksum, versions.length);
  });
  return versions.length;
}
