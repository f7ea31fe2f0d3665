/**
 * The register of vaccine lots (lô vắc xin) of a province (docs/adr/0035): the lots its stations may
 * give, loaded from a CSV/XLSX file (dry run first, errors by row, as the schedule's loader) or added
 * one by one by the province or an administrator; read by everyone of the province (the session day
 * picks a lot from it). A dose given at a station that names a lot must find it here, of the same
 * vaccine and not expired on the day given; a dose given elsewhere keeps the lot as told.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { unitsRelation } from '../network/index.js';
import type { LotImportOut, LotInput, LotOut } from './contracts.js';
import type { RowError } from './schedule-file.js';
import { recordsOfFile, scheduleInForce } from './schedule.js';

export const LOT_COLUMNS = [
  'vaccine',
  'lot_number',
  'expires_on',
  'manufacturer',
  'received_quantity',
] as const;

const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

/** The province's path of a unit path (`post2025.p22.c06862…` → `post2025.p22`), or null above a province. */
export const provincePathOf = (unitPath: string): string | null => {
  const labels = unitPath.split('.');
  return labels.length >= 2 && /^p\d{2}$/.test(labels[1]!) ? labels.slice(0, 2).join('.') : null;
};

/**
 * Whose list: the actor's province, or the one named (an administrator, or anyone above a province,
 * must name it). A province outside the actor's area is refused as unknown.
 */
async function provinceFor(
  db: Executor,
  actor: Actor,
  code: string | undefined,
  unit?: string | undefined,
): Promise<string> {
  if (unit && !code) {
    // The province of a unit of the actor's area (the session day's page names its commune).
    const [u] = await rows<{ path: string }>(
      db,
      sql`SELECT u.path::text AS path FROM ${unitsRelation} u WHERE u.code = ${unit} AND u.map = 'post2025'`,
    );
    const province = u && provincePathOf(u.path);
    if (!u || !province || !(u.path === actor.scopePath || u.path.startsWith(`${actor.scopePath}.`)))
      throw invalid([
        fieldError(
          'unit',
          'unknown_unit',
          'no such unit in your area',
          'không có đơn vị này trong địa bàn của bạn',
        ),
      ]);
    return province;
  }
  const own = provincePathOf(actor.scopePath);
  if (!code) {
    if (own) return own;
    throw invalid([
      fieldError('province', 'required', 'name the province (2-digit code)', 'hãy chọn tỉnh (mã 2 chữ số)'),
    ]);
  }
  const [u] = await rows<{ path: string }>(
    db,
    sql`SELECT u.path::text AS path FROM ${unitsRelation} u WHERE u.code = ${code} AND u.map = 'post2025' AND u.level = 'province'`,
  );
  const ok = u && (u.path === actor.scopePath || u.path.startsWith(`${actor.scopePath}.`) || u.path === own);
  if (!ok)
    throw invalid([
      fieldError(
        'province',
        'unknown_province',
        'no such province in your area',
        'không có tỉnh này trong địa bàn của bạn',
      ),
    ]);
  return u.path;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  ISO.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s);

interface LotRow {
  vaccine: string;
  lotNumber: string;
  expiresOn: string;
  manufacturer: string;
  receivedQuantity: number | null;
}

/** Checks the records of a lots file against the schedule's vaccines; errors by row (1 = the header) and column. */
export function parseLots(
  records: Record<string, string>[],
  vaccines: Set<string>,
): { lots: (LotRow & { row: number })[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const lots: (LotRow & { row: number })[] = [];
  if (records.length === 0)
    return { lots, errors: [{ row: 1, column: '', code: 'empty', message: 'the file has no rows' }] };
  const missing = LOT_COLUMNS.filter((c) => c !== 'received_quantity' && !(c in records[0]!));
  if (missing.length)
    return {
      lots,
      errors: missing.map((c) => ({
        row: 1,
        column: c,
        code: 'missing_column',
        message: `the column ${c} is missing`,
      })),
    };
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const row = i + 2;
    const n = errors.length;
    const get = (c: (typeof LOT_COLUMNS)[number]) => (rec[c] ?? '').trim();
    const err = (column: string, code: string, message: string) =>
      errors.push({ row, column, code, message });
    const vaccine = get('vaccine').toUpperCase();
    const lotNumber = get('lot_number');
    const expiresOn = get('expires_on');
    const manufacturer = get('manufacturer');
    const quantity = get('received_quantity');
    if (!vaccine) err('vaccine', 'required', 'required');
    else if (!vaccines.has(vaccine))
      err('vaccine', 'unknown_vaccine', `unknown vaccine ${vaccine} (not in the schedule's list)`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(lotNumber))
      err('lot_number', 'invalid_lot', 'letters, digits and . _ / - only (at most 40)');
    if (!validDate(expiresOn)) err('expires_on', 'invalid_date', 'a date as YYYY-MM-DD');
    if (manufacturer.length < 2 || manufacturer.length > 200)
      err('manufacturer', 'required', 'the manufacturer (2 to 200 characters)');
    const receivedQuantity = quantity ? Number(quantity) : null;
    if (
      receivedQuantity !== null &&
      (!Number.isInteger(receivedQuantity) || receivedQuantity < 0 || receivedQuantity > 10_000_000)
    )
      err('received_quantity', 'invalid_quantity', 'a whole number of doses, 0 or more');
    const key = `${vaccine}|${lotNumber}`;
    const first = seen.get(key);
    if (first) err('lot_number', 'duplicate', `the same vaccine and lot as row ${first}`);
    else seen.set(key, row);
    if (errors.length === n)
      lots.push({ row, vaccine, lotNumber, expiresOn, manufacturer, receivedQuantity });
  });
  return { lots, errors };
}

const lotColumns = sql`l.id, substring(l.province_path::text from 'p([0-9]{2})') AS province, l.vaccine,
  l.lot_number AS "lotNumber", l.expires_on::text AS "expiresOn", l.manufacturer, l.received_quantity AS "receivedQuantity",
  l.source_name AS "sourceName", l.created_by AS "createdBy"`;

/** Lots of the list already stored for these (vaccine, lot) pairs in a province. */
async function storedLots(db: Executor, provincePath: string): Promise<Map<string, LotOut>> {
  const list = await rows<LotOut>(
    db,
    sql`SELECT ${lotColumns} FROM immunization_vaccine_lots l WHERE l.province_path = ${provincePath}::ltree`,
  );
  return new Map(list.map((l) => [`${l.vaccine}|${l.lotNumber}`, l]));
}

async function insertLots(
  db: Executor,
  provincePath: string,
  lots: LotRow[],
  sourceName: string,
  by: string,
) {
  if (!lots.length) return;
  await db.execute(sql`INSERT INTO immunization_vaccine_lots (id, province_path, vaccine, lot_number, expires_on, manufacturer,
      received_quantity, source_name, created_by)
    SELECT x.id, ${provincePath}::ltree, x.vaccine, x.lot_number, x.expires_on, x.manufacturer, x.received_quantity, ${sourceName}, ${by}
      FROM jsonb_to_recordset(${JSON.stringify(
        lots.map((l) => ({
          id: newId(),
          vaccine: l.vaccine,
          lot_number: l.lotNumber,
          expires_on: l.expiresOn,
          manufacturer: l.manufacturer,
          received_quantity: l.receivedQuantity,
        })),
      )}::jsonb) AS x(id uuid, vaccine text, lot_number text, expires_on date, manufacturer text, received_quantity int)`);
}

/**
 * Loads lots from a file (CSV or XLSX, the columns of LOT_COLUMNS) into a province's list: checked
 * row by row (dry run: nothing stored); a lot already listed the same is left as it is, listed with
 * another expiry or manufacturer is an error of its row (a lot's facts never change under doses
 * already given).
 */
export async function importLots(
  db: Orm,
  actor: Actor,
  input: { fileName: string; bytes: Buffer; dryRun: boolean; province?: string | undefined },
): Promise<LotImportOut> {
  requirePermission(actor, 'vaccine_lots.manage');
  const provincePath = await provinceFor(db, actor, input.province);
  let records: Record<string, string>[];
  try {
    records = await recordsOfFile(input.fileName, input.bytes);
  } catch {
    throw invalid([
      fieldError(
        'contentBase64',
        'unreadable_file',
        'the file cannot be read as CSV (UTF-8) or XLSX',
        'không đọc được tệp (CSV UTF-8 hoặc XLSX)',
      ),
    ]);
  }
  const schedule = await scheduleInForce(db);
  const { lots, errors } = parseLots(records, new Set(schedule.data.vaccines.map((v) => v.code)));
  const stored = await storedLots(db, provincePath);
  const fresh: LotRow[] = [];
  let unchanged = 0;
  for (const l of lots) {
    const s = stored.get(`${l.vaccine}|${l.lotNumber}`);
    if (!s) fresh.push(l);
    else if (s.expiresOn === l.expiresOn && s.manufacturer === l.manufacturer) unchanged++;
    else
      errors.push({
        row: l.row,
        column: s.expiresOn !== l.expiresOn ? 'expires_on' : 'manufacturer',
        code: 'lot_conflict',
        message: `lot ${l.lotNumber} of ${l.vaccine} is already listed with expiry ${s.expiresOn} and manufacturer ${s.manufacturer}`,
      });
  }
  errors.sort((a, b) => a.row - b.row);
  const result: LotImportOut = {
    dryRun: input.dryRun,
    province: provincePath.split('.')[1]!.slice(1),
    rows: records.length,
    added: errors.length ? 0 : fresh.length,
    unchanged: errors.length ? 0 : unchanged,
    errors,
  };
  if (errors.length || input.dryRun) return result;
  await db.transaction(async (tx) => {
    await insertLots(tx, provincePath, fresh, input.fileName, actor.username);
    await audit(tx, actor, {
      action: 'create',
      entityType: 'vaccine_lots',
      unitPath: provincePath,
      details: { fileName: input.fileName, added: fresh.length, unchanged },
    });
  });
  return result;
}

/** Adds one lot to a province's list (the web's form). */
export async function addLot(db: Orm, actor: Actor, input: LotInput): Promise<LotOut> {
  requirePermission(actor, 'vaccine_lots.manage');
  const provincePath = await provinceFor(db, actor, input.province);
  const schedule = await scheduleInForce(db);
  const vaccine = input.vaccine.toUpperCase();
  const errors: FieldError[] = [];
  if (!schedule.index.vaccines.has(vaccine))
    errors.push(
      fieldError(
        'vaccine',
        'unknown_vaccine',
        `unknown vaccine ${vaccine}`,
        `không có vắc xin ${vaccine} trong lịch tiêm`,
      ),
    );
  const stored = await storedLots(db, provincePath);
  if (stored.has(`${vaccine}|${input.lotNumber}`))
    errors.push(
      fieldError(
        'lotNumber',
        'duplicate_lot',
        `lot ${input.lotNumber} of ${vaccine} is already in the list`,
        `lô ${input.lotNumber} của vắc xin ${vaccine} đã có trong danh sách`,
      ),
    );
  if (errors.length) throw invalid(errors);
  return db.transaction(async (tx) => {
    const lot: LotRow = {
      vaccine,
      lotNumber: input.lotNumber,
      expiresOn: input.expiresOn,
      manufacturer: input.manufacturer,
      receivedQuantity: input.receivedQuantity ?? null,
    };
    await insertLots(tx, provincePath, [lot], 'web', actor.username);
    await audit(tx, actor, {
      action: 'create',
      entityType: 'vaccine_lots',
      unitPath: provincePath,
      details: { vaccine, lotNumber: input.lotNumber },
    });
    return (await storedLots(tx, provincePath)).get(`${vaccine}|${input.lotNumber}`)!;
  });
}

/**
 * A province's list (the actor's own; an administrator names it): every lot, or those of a vaccine,
 * or those usable on a day (not expired).
 */
export async function listLots(
  db: Executor,
  actor: Actor,
  query: {
    province?: string | undefined;
    unit?: string | undefined;
    vaccine?: string | undefined;
    usableOn?: string | undefined;
  },
): Promise<LotOut[]> {
  requirePermission(actor, 'network.read');
  const provincePath = await provinceFor(db, actor, query.province, query.unit);
  return rows<LotOut>(
    db,
    sql`SELECT ${lotColumns} FROM immunization_vaccine_lots l WHERE l.province_path = ${provincePath}::ltree
          AND (${query.vaccine ?? null}::text IS NULL OR l.vaccine = ${query.vaccine ?? null})
          AND (${query.usableOn ?? null}::date IS NULL OR l.expires_on >= ${query.usableOn ?? null}::date)
        ORDER BY l.vaccine, l.expires_on, l.lot_number`,
  );
}

/**
 * Checks the lots of doses given at a station against the list of the station's province: the lot
 * must be listed, of the dose's vaccine, and not expired on the day given (a lot may be given up to
 * its expiry day). Answers the field errors and the expiry of each lot found (stored with the dose).
 */
export async function checkLots(
  db: Executor,
  doses: { path: string; vaccine: string; lot: string; givenOn: string; facilityPath: string }[],
): Promise<{ errors: FieldError[]; expiry: Map<string, string> }> {
  const errors: FieldError[] = [];
  const expiry = new Map<string, string>();
  if (!doses.length) return { errors, expiry };
  const found = await rows<{ province: string; vaccine: string; lot: string; expiresOn: string }>(
    db,
    sql`SELECT l.province_path::text AS province, l.vaccine, l.lot_number AS lot, l.expires_on::text AS "expiresOn"
          FROM immunization_vaccine_lots l
         WHERE l.lot_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(doses.map((d) => d.lot))}::jsonb))`,
  );
  for (const d of doses) {
    const province = provincePathOf(d.facilityPath);
    const same = found.filter((f) => f.province === province && f.lot === d.lot);
    const lot = same.find((f) => f.vaccine === d.vaccine);
    if (!lot) {
      if (same.length)
        errors.push(
          fieldError(
            `${d.path}lot`,
            'lot_of_other_vaccine',
            `lot ${d.lot} is a lot of ${same.map((s) => s.vaccine).join(', ')}, not of ${d.vaccine}`,
            `lô ${d.lot} là lô của vắc xin ${same.map((s) => s.vaccine).join(', ')}, không phải ${d.vaccine}`,
          ),
        );
      else
        errors.push(
          fieldError(
            `${d.path}lot`,
            'unknown_lot',
            `lot ${d.lot} is not in the province's list of vaccine lots`,
            `lô ${d.lot} không có trong danh sách lô vắc xin của tỉnh`,
          ),
        );
    } else if (lot.expiresOn < d.givenOn)
      errors.push(
        fieldError(
          `${d.path}lot`,
          'lot_expired',
          `lot ${d.lot} expired on ${lot.expiresOn}, before the day given (${d.givenOn})`,
          `lô ${d.lot} đã hết hạn ngày ${lot.expiresOn}, trước ngày tiêm (${d.givenOn})`,
        ),
      );
    else expiry.set(d.path, lot.expiresOn);
  }
  return { errors, expiry };
}
