/**
 * The module's reference data as versioned files (reference/surveillance/diseases.json,
 * education-formats.json; their SOURCES.md): parsed here, loaded into `surveillance_definitions` when
 * a file's checksum changes (at migrate, or by an administrator with `loadSurveillanceDefinitions`),
 * and read as the version in force on the day of the fact (a case's onset, a session's day).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { loadVersionedFile, parseVersionedFile } from '../terminology/index.js';
import {
  diseaseDefinition,
  educationFormat,
  type DiseaseDefinition,
  type EducationFormat,
} from './contracts.js';
import { surveillanceDefinitions } from './schema.js';

const isoDate = z.iso.date();
const version = z.object({
  version: z.string().min(1),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string().min(1),
});

const FILES = {
  diseases: {
    file: 'diseases.json',
    schema: version.extend({ diseases: z.array(diseaseDefinition).min(1) }),
  },
  'education-formats': {
    file: 'education-formats.json',
    schema: version.extend({ formats: z.array(educationFormat).min(1) }),
  },
} as const;
type Kind = keyof typeof FILES;

const referenceFile = (name: string) =>
  fileURLToPath(new URL(`../../../reference/surveillance/${name}`, import.meta.url));

type Version = z.infer<(typeof FILES)[Kind]['schema']>;

/** The versions of one file, checked (unique codes, versions not overlapping). */
export function parseDefinitions(kind: Kind, text: string) {
  const label = `reference/surveillance/${FILES[kind].file}`;
  const versions = parseVersionedFile(label, kind, FILES[kind].schema as z.ZodType<Version>, text);
  for (const v of versions) {
    const codes = 'diseases' in v ? v.diseases.map((d) => d.code) : v.formats.map((f) => f.code);
    const twice = codes.find((c, i) => codes.indexOf(c) !== i);
    if (twice) throw new Error(`${label}: ${twice} twice in version ${v.version}`);
  }
  return versions;
}

/** Loads reference/surveillance/*.json when a file changed; the number of versions loaded. */
export async function loadSurveillanceDefinitions(db: Orm): Promise<number> {
  let loaded = 0;
  for (const kind of Object.keys(FILES) as Kind[])
    loaded += await loadVersionedFile(
      db,
      `surveillance-${kind}`,
      readFileSync(referenceFile(FILES[kind].file), 'utf8'),
      (text) => parseDefinitions(kind, text),
      (tx, v) =>
        tx
          .insert(surveillanceDefinitions)
          .values({ kind, version: v.version, validFrom: v.validFrom, validTo: v.validTo, document: v })
          .onConflictDoUpdate({
            target: [surveillanceDefinitions.kind, surveillanceDefinitions.version],
            set: { validFrom: v.validFrom, validTo: v.validTo, document: v, loadedAt: sql`now()` },
          }),
    );
  return loaded;
}

/** The version of a list in force on a day; a day before the first version is a 422 on `dayPath`. */
async function documentOn(db: Executor, kind: Kind, day: string, dayPath: string) {
  const [row] = await rows<{ version: string; document: unknown }>(
    db,
    sql`SELECT version, document FROM surveillance_definitions WHERE kind = ${kind} AND valid_from <= ${day}::date
        AND (valid_to IS NULL OR valid_to > ${day}::date) ORDER BY valid_from DESC LIMIT 1`,
  );
  if (!row)
    throw invalid([
      {
        path: dayPath,
        code: 'not_in_force',
        message: `no ${kind} list is in force on ${day}`,
        text: {
          vi: `Không có danh mục ${kind === 'diseases' ? 'bệnh truyền nhiễm' : 'hình thức truyền thông'} áp dụng ngày ${day}`,
          en: `No ${kind} list is in force on ${day}`,
        },
      },
    ]);
  return row;
}

/** The notifiable diseases in force on a day, with the version's name. */
export async function diseasesOn(
  db: Executor,
  day: string,
  dayPath = 'date',
): Promise<{ version: string; diseases: DiseaseDefinition[] }> {
  const row = await documentOn(db, 'diseases', day, dayPath);
  return { version: row.version, diseases: FILES.diseases.schema.parse(row.document).diseases };
}

/** A disease of the list in force on a day, or a 422 on `path`. */
export async function diseaseOn(
  db: Executor,
  code: string,
  day: string,
  path = 'disease',
  dayPath = 'date',
): Promise<DiseaseDefinition> {
  const { diseases } = await diseasesOn(db, day, dayPath);
  const found = diseases.find((d) => d.code === code);
  if (!found)
    throw invalid([
      {
        path,
        code: 'unknown_disease',
        message: `${code} is not on the list of notifiable diseases in force on ${day}`,
        text: {
          vi: `${code} không có trong danh mục bệnh truyền nhiễm phải báo cáo ngày ${day}`,
          en: `${code} is not on the list of notifiable diseases in force on ${day}`,
        },
      },
    ]);
  return found;
}

/** The education formats in force on a day. */
export async function formatsOn(db: Executor, day: string, dayPath = 'date'): Promise<EducationFormat[]> {
  const row = await documentOn(db, 'education-formats', day, dayPath);
  return FILES['education-formats'].schema.parse(row.document).formats;
}
