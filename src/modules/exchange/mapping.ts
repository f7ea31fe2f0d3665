/**
 * The mapping between ytcs and a DHIS2 instance (docs/adr/0034), kept as versioned code lists of the
 * terminology module (no table of its own): each list a CSV of reference/exchange/, loaded at
 * migrate, each row valid from a date; the list's own columns are the values' properties.
 *  - `exchange-dhis2-data-element`: ytcs indicator code → the data elements of its value, numerator
 *    and denominator (phần tử dữ liệu), the category option combo (empty: the default, totals) and the
 *    data set (bộ dữ liệu);
 *  - `exchange-dhis2-org-unit`: ytcs unit code → DHIS2 org unit (đơn vị), explicit overrides only:
 *    a unit not listed is its own GSO code (the rule: DHIS2's org unit `code` attribute);
 *  - `exchange-dhis2-setting`: the instance's default category and attribute option combos.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor } from '../../core/actor.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import {
  codeValuesRelation,
  loadedChecksum,
  loadReferenceCodes,
  recordDatasetLoad,
} from '../terminology/index.js';
import { DHIS2_UID, MONTH, type MappingList, type MappingLoadOut } from './contracts.js';

export const EXCHANGE_DIR = fileURLToPath(new URL('../../../reference/exchange', import.meta.url));

export const SYSTEMS: Record<MappingList, string> = {
  'data-element': 'exchange-dhis2-data-element',
  'org-unit': 'exchange-dhis2-org-unit',
  setting: 'exchange-dhis2-setting',
};

/** DHIS2's `default` category option combo in its demo databases (the fixture's, Sierra Leone). */
export const DHIS2_DEMO_DEFAULT_COC = 'HllvX50cXC0';

export interface DataElementMapping {
  indicator: string;
  value?: string;
  numerator?: string;
  denominator?: string;
  categoryOptionCombo: string;
  dataSet?: string;
}

export interface Mapping {
  /** The day the mapping is read as of (a month's last day). */
  on: string;
  dataElements: DataElementMapping[];
  /** ytcs unit code → DHIS2 org unit (overrides of the code rule). */
  orgUnits: Map<string, string>;
  defaultCategoryOptionCombo: string;
  defaultAttributeOptionCombo: string;
}

const ADMIN_LOAD = (system: string) => `exchange:admin:${system}`;

/**
 * Loads the shipped lists of reference/exchange (once per content, as every code list). A list an
 * administrator loaded (`loadMappingList`) replaces the shipped one: the shipped file is then left
 * alone, so a later start does not write the placeholders over the installation's mapping.
 */
export async function loadExchangeMappings(
  db: Orm,
  dir = EXCHANGE_DIR,
): Promise<{ system: string; rows: number }[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const shipped: string[] = [];
  for (const f of files) if (!(await loadedChecksum(db, ADMIN_LOAD(basename(f, '.csv'))))) shipped.push(f);
  if (shipped.length === files.length) return loadReferenceCodes(db, dir);
  if (!shipped.length) return [];
  const temp = mkdtempSync(join(tmpdir(), 'ytcs-exchange-'));
  try {
    for (const f of shipped) writeFileSync(join(temp, f), readFileSync(join(dir, f)));
    return await loadReferenceCodes(db, temp);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

type Row = { system: string; code: string; properties: Record<string, string> };

/** The mapping in force on a day: each list's values valid on it (the latest version of a code). */
export async function mappingOn(db: Executor, on: string): Promise<Mapping> {
  const found = await rows<Row>(
    db,
    sql`SELECT DISTINCT ON (cv.system, cv.code) cv.system, cv.code, cv.properties
        FROM ${codeValuesRelation} cv
        WHERE cv.system IN (${SYSTEMS['data-element']}, ${SYSTEMS['org-unit']}, ${SYSTEMS.setting})
          AND cv.valid_from <= ${on}::date AND (cv.valid_to IS NULL OR cv.valid_to > ${on}::date)
        ORDER BY cv.system, cv.code, cv.valid_from DESC`,
  );
  const settings = new Map(
    found.filter((r) => r.system === SYSTEMS.setting).map((r) => [r.code, r.properties.value]),
  );
  const defaultCoc = settings.get('default_category_option_combo') ?? DHIS2_DEMO_DEFAULT_COC;
  const optional = (v: string | undefined) => (v ? { value: v } : undefined);
  return {
    on,
    dataElements: found
      .filter((r) => r.system === SYSTEMS['data-element'])
      .map((r) => {
        const p = r.properties;
        return {
          indicator: r.code,
          ...(optional(p.value_data_element) && { value: p.value_data_element }),
          ...(optional(p.numerator_data_element) && { numerator: p.numerator_data_element }),
          ...(optional(p.denominator_data_element) && { denominator: p.denominator_data_element }),
          categoryOptionCombo: p.category_option_combo || defaultCoc,
          ...(optional(p.data_set) && { dataSet: p.data_set }),
        };
      }),
    orgUnits: new Map(
      found
        .filter((r) => r.system === SYSTEMS['org-unit'] && r.properties.org_unit)
        .map((r) => [r.code, r.properties.org_unit!]),
    ),
    defaultCategoryOptionCombo: defaultCoc,
    defaultAttributeOptionCombo: settings.get('default_attribute_option_combo') ?? DHIS2_DEMO_DEFAULT_COC,
  };
}

// ---- periods -------------------------------------------------------------------------------------

/** `2026-03` → DHIS2 `202603`. */
export const toDhis2Period = (month: string): string => month.replace('-', '');
/** DHIS2 `202603` → `2026-03`; any other DHIS2 period type (`2018`, `2018Q1`, `201803W1`…) → null. */
export function fromDhis2Period(period: string): string | null {
  const m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(period);
  return m ? `${m[1]}-${m[2]}` : null;
}
/** `2026-03` → ADX (ISO 8601 start and duration) `2026-03-01/P1M`. */
export const toAdxPeriod = (month: string): string => `${month}-01/P1M`;
/** ADX `2026-03-01/P1M` → `2026-03`; other durations or starts → null. */
export function fromAdxPeriod(period: string): string | null {
  const m = /^(\d{4}-(0[1-9]|1[0-2]))-01\/P1M$/.exec(period);
  return m ? m[1]! : null;
}
/** The first and last day of a month. */
export function monthRange(month: string): { start: string; end: string } {
  if (!MONTH.test(month)) throw new Error(`not a month: ${month}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

// ---- an administrator's mapping file -------------------------------------------------------------

const uid = z.string().regex(DHIS2_UID, 'must be a DHIS2 uid (a letter, then 10 letters or digits)');
const optionalUid = z.union([uid, z.literal('')]).optional();
const base = {
  code: z.string().min(1),
  display_vi: z.string().min(1),
  display_en: z.string().min(1),
  valid_from: z.iso.date(),
  valid_to: z.union([z.iso.date(), z.literal('')]).optional(),
  sort_order: z.union([z.string().regex(/^-?\d+$/, 'must be a whole number'), z.literal('')]).optional(),
  source: z.string().optional(),
};
const ROW_SCHEMAS: Record<MappingList, z.ZodType> = {
  'data-element': z
    .object({
      ...base,
      code: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be an indicator code such as T1'),
      value_data_element: optionalUid,
      numerator_data_element: optionalUid,
      denominator_data_element: optionalUid,
      category_option_combo: optionalUid,
      data_set: optionalUid,
    })
    .refine((r) => r.value_data_element || r.numerator_data_element || r.denominator_data_element, {
      path: ['value_data_element'],
      message: 'a row needs at least one data element',
    }),
  'org-unit': z.object({
    ...base,
    code: z.string().regex(/^[0-9]{2,5}$/, 'must be a GSO unit code (2, 3 or 5 digits)'),
    // An override names the org unit by uid, or by another code (`orgUnitIdScheme=CODE`).
    org_unit: z.string().min(1).max(50),
  }),
  setting: z.object({
    ...base,
    code: z.enum(['default_category_option_combo', 'default_attribute_option_combo']),
    value: uid,
  }),
};

/**
 * Checks an administrator's mapping list (CSV with the columns of the shipped file) row by row and,
 * unless it is a dry run, loads it as a new version of the code list (rows upserted by code and
 * valid_from; a row is closed by its valid_to). Every error names the file's line and column.
 */
export async function loadMappingList(
  db: Orm,
  actor: Actor,
  input: { list: MappingList; csv: string },
  dryRun: boolean,
): Promise<MappingLoadOut> {
  requirePermission(actor, 'exchange.manage');
  const system = SYSTEMS[input.list];
  const errors: FieldError[] = [];
  let records: Record<string, string>[] = [];
  try {
    records = parse(input.csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<
      string,
      string
    >[];
  } catch (err) {
    errors.push({ path: 'csv', code: 'invalid_csv', message: (err as Error).message });
  }
  const schema = ROW_SCHEMAS[input.list];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const line = i + 2;
    const parsed = schema.safeParse(r);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        errors.push({
          path: `csv.${line}.${issue.path.join('.')}`,
          code: issue.code,
          message: issue.message,
        });
    const key = `${r.code}\u0000${r.valid_from}`;
    const before = seen.get(key);
    if (before)
      errors.push({
        path: `csv.${line}.code`,
        code: 'duplicate',
        message: `the same code and valid_from as line ${before}`,
        text: {
          vi: `trùng mã và ngày hiệu lực (valid_from) với dòng ${before}`,
          en: `the same code and valid_from as line ${before}`,
        },
      });
    else seen.set(key, line);
  });
  if (!records.length && !errors.length)
    errors.push({ path: 'csv', code: 'empty', message: 'the file has no rows' });
  if (errors.length)
    throw invalid(
      errors.map((e) => ({ ...e, path: `body.${e.path}` })),
      `The mapping list has ${errors.length} error(s); nothing was loaded`,
    );
  const out = { dryRun, system, rows: records.length };
  if (dryRun) return { ...out, loaded: false };
  const temp = mkdtempSync(join(tmpdir(), 'ytcs-exchange-'));
  try {
    writeFileSync(join(temp, `${system}.csv`), input.csv);
    await loadReferenceCodes(db, temp);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const checksum = createHash('sha256').update(input.csv).digest('hex');
  await recordDatasetLoad(db, ADMIN_LOAD(system), checksum, records.length);
  await audit(db, actor, {
    action: 'update',
    entityType: 'exchange_mapping',
    entityId: system,
    details: { rows: records.length, checksum },
  });
  return { ...out, loaded: true };
}
