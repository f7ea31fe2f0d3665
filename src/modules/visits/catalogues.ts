/**
 * Catalogues (danh mục) of commune-level technical services, drugs and supplies, with prices valid
 * from a date until a date: imported from CSV or Excel files, looked up by the visit date. A station
 * declares which listed services it can perform (target T8).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { deniedNotFound, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { today } from '../../core/clock.js';
import { facilitiesRelation } from '../network/index.js';
import {
  CATALOGUE_KINDS,
  catalogueCode,
  type CatalogueItemOut,
  type CatalogueKind,
  type StationServicesOut,
} from './contracts.js';
import { catalogueItems, stationServices as stationServicesTable } from './schema.js';

export const CATALOGUES_DIR = fileURLToPath(new URL('../../../reference/catalogues', import.meta.url));

/** The demo catalogue shipped with the project (clearly not real prices): `ytcs demo` loads it. */
export const DEMO_CATALOGUE_FILES: Record<CatalogueKind, string> = {
  service: `${CATALOGUES_DIR}/demo-services.csv`,
  drug: `${CATALOGUES_DIR}/demo-drugs.csv`,
  supply: `${CATALOGUES_DIR}/demo-supplies.csv`,
};

const optional = z
  .string()
  .trim()
  .transform((v) => v || null)
  .nullable()
  .optional();
const importRow = z.object({
  code: catalogueCode,
  name: z.string().trim().min(1).max(500),
  unit: z.string().trim().min(1).max(50),
  price: z.coerce.number().nonnegative().max(1_000_000_000),
  valid_from: z.iso.date(),
  valid_to: z.union([z.iso.date(), z.literal('')]).optional(),
  insurance_covered: z
    .enum(['', 'true', 'false', '1', '0', 'yes', 'no', 'có', 'không'])
    .optional()
    .transform((v) => !['false', '0', 'no', 'không'].includes(v ?? '')),
  active_ingredient: optional,
  strength: optional,
  route: optional,
  registration_number: optional,
  group: optional,
  source: optional,
});

export type CatalogueRow = Omit<
  typeof catalogueItems.$inferInsert,
  'id' | 'changeSeq' | 'createdAt' | 'updatedAt'
>;

/**
 * Parses a catalogue file (CSV, or the first sheet of an .xlsx) with the header
 * `code,name,unit,price,valid_from,valid_to,insurance_covered,active_ingredient,strength,route,registration_number,group,source`.
 * Errors name the line and the column.
 */
export async function parseCatalogueFile(
  file: string,
  kind: CatalogueKind,
  options: { demo?: boolean } = {},
): Promise<CatalogueRow[]> {
  let records: Record<string, string>[];
  if (/\.xlsx$/i.test(file)) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error(`${file}: no sheet`);
    const header: string[] = [];
    records = [];
    sheet.eachRow((row, n) => {
      const values = (row.values as unknown[]).slice(1).map((v) => cellText(v));
      if (n === 1) header.push(...values.map((v) => v.trim().toLowerCase()));
      else records.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
    });
  } else {
    records = parse(readFileSync(file, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as Record<string, string>[];
  }
  const demo = options.demo ?? basename(file).startsWith('demo-');
  return records.map((r, i) => {
    const parsed = importRow.safeParse(r);
    if (!parsed.success)
      throw new Error(
        `${basename(file)} line ${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    const v = parsed.data;
    if (v.valid_to && v.valid_to <= v.valid_from)
      throw new Error(`${basename(file)} line ${i + 2}: valid_to must be after valid_from`);
    return {
      kind,
      code: v.code,
      name: v.name,
      unit: v.unit,
      price: v.price,
      insuranceCovered: v.insurance_covered,
      activeIngredient: v.active_ingredient ?? null,
      strength: v.strength ?? null,
      route: v.route ?? null,
      registrationNumber: v.registration_number ?? null,
      group: v.group ?? null,
      validFrom: v.valid_from,
      validTo: v.valid_to || null,
      source: v.source ?? basename(file),
      demo,
    };
  });
}

function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result);
  return String(v);
}

/**
 * Loads catalogue rows: a row with the same kind, code and start replaces the earlier one; an open row
 * of the same code that started earlier is closed the day the new one starts (a new price list).
 */
export async function importCatalogue(
  db: Orm,
  items: CatalogueRow[],
): Promise<{ inserted: number; closed: number }> {
  let closed = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await tx
        .insert(catalogueItems)
        .values(chunk.map((c) => ({ id: newId(), ...c })))
        .onConflictDoUpdate({
          target: [catalogueItems.kind, catalogueItems.code, catalogueItems.validFrom],
          set: {
            name: sql`excluded.name`,
            unit: sql`excluded.unit`,
            price: sql`excluded.price`,
            insuranceCovered: sql`excluded.insurance_covered`,
            activeIngredient: sql`excluded.active_ingredient`,
            strength: sql`excluded.strength`,
            route: sql`excluded.route`,
            registrationNumber: sql`excluded.registration_number`,
            group: sql`excluded.group_name`,
            validTo: sql`excluded.valid_to`,
            source: sql`excluded.source`,
            demo: sql`excluded.demo`,
            updatedAt: sql`now()`,
          },
        });
    }
    // Close an open-ended row when a later row of the same item starts.
    const result = await rows<{ id: string }>(
      tx,
      sql`UPDATE catalogue_items c SET valid_to = n.next_from, updated_at = now()
          FROM (SELECT id, lead(valid_from) OVER (PARTITION BY kind, code ORDER BY valid_from) AS next_from FROM catalogue_items) n
          WHERE n.id = c.id AND n.next_from IS NOT NULL AND c.valid_to IS NULL RETURNING c.id`,
    );
    closed = result.length;
  });
  return { inserted: items.length, closed };
}

/** Loads the demo catalogue (reference/catalogues/demo-*.csv). */
export async function importDemoCatalogue(db: Orm): Promise<number> {
  let n = 0;
  for (const kind of CATALOGUE_KINDS) {
    const items = await parseCatalogueFile(DEMO_CATALOGUE_FILES[kind], kind, { demo: true });
    n += (await importCatalogue(db, items)).inserted;
  }
  return n;
}

const itemColumns = sql`c.id, c.kind, c.code, c.name, c.unit, c.price::float8 AS price, c.insurance_covered AS "insuranceCovered",
  c.active_ingredient AS "activeIngredient", c.strength, c.route, c.registration_number AS "registrationNumber",
  c.group_name AS "group", c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo", c.source, c.demo`;
const validOn = (on: string) =>
  sql`c.valid_from <= ${on}::date AND (c.valid_to IS NULL OR c.valid_to > ${on}::date)`;

/** The items of a catalogue valid on a day (default today), optionally filtered by code or name. */
export async function catalogueOn(
  db: Executor,
  kind: CatalogueKind,
  options: { on?: string | undefined; q?: string | undefined; limit?: number; offset?: number } = {},
): Promise<CatalogueItemOut[]> {
  const on = options.on ?? today();
  const q = options.q?.trim();
  return rows<CatalogueItemOut>(
    db,
    sql`SELECT ${itemColumns} FROM catalogue_items c WHERE c.kind = ${kind} AND ${validOn(on)}
        ${q ? sql`AND (c.code ILIKE ${q + '%'} OR ytcs_search_key(c.name) LIKE '%' || ytcs_search_key(${q}) || '%')` : sql``}
        ORDER BY c.code LIMIT ${options.limit ?? 500} OFFSET ${options.offset ?? 0}`,
  );
}

/** The items of the given codes valid on a day, by code (one query). */
export async function itemsByCode(
  db: Executor,
  kind: CatalogueKind,
  codes: string[],
  on: string,
): Promise<Map<string, CatalogueItemOut>> {
  if (!codes.length) return new Map();
  const found = await rows<CatalogueItemOut>(
    db,
    sql`SELECT ${itemColumns} FROM catalogue_items c WHERE c.kind = ${kind} AND ${validOn(on)}
        AND c.code IN (${sql.join(
          [...new Set(codes)].map((c) => sql`${c}`),
          sql`, `,
        )})`,
  );
  return new Map(found.map((f) => [f.code, f]));
}

async function facilityInScope(db: Executor, actor: Actor, facilityId: string, op: string): Promise<void> {
  const [f] = await rows<{ id: string }>(
    db,
    sql`SELECT f.id FROM ${facilitiesRelation} f WHERE f.id = ${facilityId} AND f.unit_path <@ ${actor.scopePath}::ltree`,
  );
  if (!f) throw deniedNotFound('Facility', { entityType: 'facility', entityId: facilityId, details: { op } });
}

/**
 * A station's declaration (alias `s`) in force on a day: declared by then and not withdrawn by then
 * (a withdrawal takes effect on its day).
 */
export const declaredOn = (on: SQL) =>
  sql`s.declared_from <= ${on} AND (s.withdrawn_on IS NULL OR s.withdrawn_on > ${on})`;

/** The listed services valid on a day and which of them the station could perform that day (target T8). */
export async function stationServices(
  db: Executor,
  actor: Actor,
  facilityId: string,
  on = today(),
): Promise<StationServicesOut> {
  requirePermission(actor, 'network.read');
  await facilityInScope(db, actor, facilityId, 'station_services');
  const services = await rows<StationServicesOut['services'][number]>(
    db,
    sql`SELECT c.code, c.name, (s.service_code IS NOT NULL) AS able,
          to_char(s.declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "declaredAt", s.declared_by AS "declaredBy"
        FROM catalogue_items c LEFT JOIN station_services s ON s.facility_id = ${facilityId} AND s.service_code = c.code
          AND ${declaredOn(sql`${on}::date`)}
        WHERE c.kind = 'service' AND ${validOn(on)} ORDER BY c.code`,
  );
  return {
    facilityId,
    on,
    listed: services.length,
    able: services.filter((s) => s.able).length,
    services,
  };
}

/**
 * Replaces the set of services the station declares it can perform. Codes must be services listed
 * today. Station heads (and managers above them) declare it: permission `staff.write`, as for the
 * station's staff.
 */
export async function declareStationServices(
  db: Orm,
  actor: Actor,
  facilityId: string,
  codes: string[],
): Promise<StationServicesOut> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    await facilityInScope(tx, actor, facilityId, 'declare_station_services');
    const on = today();
    const wanted = [...new Set(codes)];
    const known = await itemsByCode(tx, 'service', wanted, on);
    const errors = wanted
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, i }) => ({
        path: `serviceCodes.${i}`,
        code: 'unknown_service',
        message: `"${code}" is not a service of the catalogue valid on ${on}`,
      }));
    if (errors.length) throw invalid(errors);
    const codeList = sql`ARRAY[${sql.join(
      wanted.map((c) => sql`${c}`),
      sql`, `,
    )}]::text[]`;
    // Services no longer declared are withdrawn from today (the row is closed, never deleted: past
    // months keep them, and the update moves the watermark of the stored T8 values).
    await rows(
      tx,
      sql`UPDATE station_services SET withdrawn_on = ${on}::date, withdrawn_by = ${actor.username}
          WHERE facility_id = ${facilityId} AND withdrawn_on IS NULL
          ${wanted.length ? sql`AND service_code <> ALL(${codeList})` : sql``}`,
    );
    if (wanted.length) {
      // Declared again the day it was withdrawn: the declaration simply continues.
      await rows(
        tx,
        sql`UPDATE station_services SET withdrawn_on = NULL, withdrawn_by = NULL
            WHERE facility_id = ${facilityId} AND withdrawn_on = ${on}::date AND service_code = ANY(${codeList})`,
      );
      // A new declaration, valid from today (an already open one stays as it is).
      await tx
        .insert(stationServicesTable)
        .values(
          wanted.map((serviceCode) => ({
            facilityId,
            serviceCode,
            declaredFrom: on,
            declaredBy: actor.username,
          })),
        )
        .onConflictDoNothing();
    }
    return stationServices(tx, actor, facilityId, on);
  });
}
