// The equipment required of a commune station (danh mục trang thiết bị, Circular 28/2020/TT-BYT) as
// versioned data, loaded from reference/resources at start and by an administrator from a CSV or
// XLSX file (dry run first, errors by row); and each facility's inventory (kiểm kê) against the
// version in force: working, broken, present and missing for each item of its station model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getFacility } from '../network/index.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import type {
  EquipmentStatus,
  InventoryInput,
  InventoryItemOut,
  InventoryOut,
  LoadResult,
  RowError,
} from './contracts.js';
import { recordsOfFile } from './files.js';

export const EQUIPMENT_FILE = fileURLToPath(
  new URL('../../../reference/resources/equipment-commune-station.csv', import.meta.url),
);
/** The shipped list's first day (Circular 28/2020/TT-BYT; the day is unverified: SOURCES.md). */
export const SHIPPED_LIST_FROM = '2021-01-01';
const SHIPPED_SOURCE = 'Thông tư 28/2020/TT-BYT (danh mục trang thiết bị trạm y tế xã; chưa đối chiếu đủ)';
const DATASET = 'resources:equipment';

export interface EquipmentItem {
  code: string;
  group: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  qty: { 1: number; 2: number; 3: number };
  checked: boolean;
}

const COLUMNS = ['code', 'group', 'name_vi', 'name_en', 'unit', 'model_1', 'model_2', 'model_3'];

/** Checks the rows of a list file: every error with its row (the header is row 1) and column. */
export function parseEquipmentRows(records: Record<string, string>[]): {
  items: EquipmentItem[];
  errors: RowError[];
} {
  const errors: RowError[] = [];
  const items: EquipmentItem[] = [];
  if (!records.length)
    errors.push({
      row: 1,
      column: 'code',
      code: 'empty',
      message: 'the file has a header but no rows',
      messageVi: 'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu',
    });
  const missing = records.length ? COLUMNS.filter((c) => !(c in records[0]!)) : [];
  for (const c of missing)
    errors.push({
      row: 1,
      column: c,
      code: 'missing_column',
      message: `missing column ${c}`,
      messageVi: `Thiếu cột ${c}`,
    });
  if (missing.length) return { items, errors };
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const row = i + 2;
    const err = (column: string, code: string, message: string, messageVi: string) =>
      errors.push({ row, column, code, message, messageVi });
    const code = r.code ?? '';
    if (!/^[A-Za-z0-9._-]{1,20}$/.test(code))
      err(
        'code',
        'invalid_code',
        'letters, digits, dot, dash or underscore only',
        'Mã chỉ gồm chữ, số, dấu chấm, gạch ngang hoặc gạch dưới (tối đa 20 ký tự)',
      );
    else if (seen.has(code))
      err('code', 'duplicate', `code ${code} appears twice`, `Mã ${code} xuất hiện hai lần`);
    seen.add(code);
    for (const c of ['group', 'name_vi', 'name_en', 'unit'])
      if (!(r[c] ?? '').trim()) err(c, 'required', 'must not be empty', 'Không được để trống');
    const qty = [1, 2, 3].map((m) => {
      const text = (r[`model_${m}`] ?? '').trim();
      const n = Number(text);
      if (text === '' || !Number.isInteger(n) || n < 0 || n > 1000)
        err(`model_${m}`, 'invalid_quantity', 'a whole number from 0 to 1000', 'Số nguyên từ 0 đến 1000');
      return n;
    }) as [number, number, number];
    const checked = (r.checked ?? '').trim().toLowerCase();
    if (checked && !['true', 'false', '1', '0', 'có', 'không'].includes(checked))
      err('checked', 'invalid_boolean', 'true or false', 'Có hoặc không (true/false)');
    items.push({
      code,
      group: (r.group ?? '').trim(),
      nameVi: (r.name_vi ?? '').trim(),
      nameEn: (r.name_en ?? '').trim(),
      unit: (r.unit ?? '').trim(),
      qty: { 1: qty[0], 2: qty[1], 3: qty[2] },
      checked: ['true', '1', 'có'].includes(checked),
    });
  });
  return { items, errors };
}

async function insertItems(db: Executor, listId: string, items: EquipmentItem[]) {
  await db.execute(
    sql`INSERT INTO equipment_list_items (list_id, code, sort_order, group_vi, name_vi, name_en, unit_vi, qty, checked)
        SELECT ${listId}, x.code, x.sort_order, x.group_vi, x.name_vi, x.name_en, x.unit_vi, x.qty, x.checked
        FROM jsonb_to_recordset(${JSON.stringify(
          items.map((it, i) => ({
            code: it.code,
            sort_order: i + 1,
            group_vi: it.group,
            name_vi: it.nameVi,
            name_en: it.nameEn,
            unit_vi: it.unit,
            qty: it.qty,
            checked: it.checked,
          })),
        )}::jsonb) AS x(code text, sort_order int, group_vi text, name_vi text, name_en text, unit_vi text, qty jsonb, checked boolean)`,
  );
}

/**
 * Loads the shipped list as version 1 when no version is stored, and keeps version 1 in step with the
 * shipped file while it is the shipped one (a correction of the file, e.g. an item checked).
 */
export async function loadShippedEquipmentList(db: Orm, file = EQUIPMENT_FILE): Promise<number | null> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, DATASET)) === checksum) return null;
  const { items, errors } = parseEquipmentRows(await recordsOfFile('equipment.csv', Buffer.from(text)));
  if (errors.length)
    throw new Error(
      `reference/resources/equipment-commune-station.csv: ${errors.map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ')}`,
    );
  await db.transaction(async (tx) => {
    const [v1] = await rows<{ id: string; fileName: string }>(
      tx,
      sql`SELECT id, file_name AS "fileName" FROM equipment_lists WHERE version = 1`,
    );
    if (!v1) {
      const id = uuidv7();
      await tx.execute(
        sql`INSERT INTO equipment_lists (id, version, valid_from, source, file_name, checksum, loaded_by)
            VALUES (${id}, 1, ${SHIPPED_LIST_FROM}::date, ${SHIPPED_SOURCE}, 'reference', ${checksum}, 'system')`,
      );
      await insertItems(tx, id, items);
    } else if (v1.fileName === 'reference') {
      await tx.execute(sql`DELETE FROM equipment_list_items WHERE list_id = ${v1.id}`);
      await insertItems(tx, v1.id, items);
      await tx.execute(sql`UPDATE equipment_lists SET checksum = ${checksum} WHERE id = ${v1.id}`);
    }
    await recordDatasetLoad(tx, DATASET, checksum, items.length);
  });
  return items.length;
}

/**
 * An administrator's new version of the list, from a day: checked row by row, stored unless a dry
 * run. It closes the version in force the day before; it may not start on or before the day the
 * latest version started (a version that has been in force keeps its items).
 */
export async function loadEquipmentList(
  db: Orm,
  actor: Actor,
  input: { fileName: string; bytes: Buffer; dryRun: boolean; validFrom: string; source: string },
): Promise<LoadResult> {
  requirePermission(actor, 'resources.manage');
  const records = await recordsOfFile(input.fileName, input.bytes);
  const { items, errors } = parseEquipmentRows(records);
  const [latest] = await rows<{ version: number; validFrom: string }>(
    db,
    sql`SELECT version, valid_from::text AS "validFrom" FROM equipment_lists ORDER BY version DESC LIMIT 1`,
  );
  if (latest && input.validFrom <= latest.validFrom)
    errors.push({
      row: 0,
      column: 'validFrom',
      code: 'before_latest',
      message: `must be after ${latest.validFrom}, the first day of version ${latest.version}`,
      messageVi: `Phải sau ngày ${latest.validFrom}, ngày bắt đầu của phiên bản ${latest.version}`,
    });
  const result: LoadResult = { dryRun: input.dryRun, rows: records.length, stored: 0, version: null, errors };
  if (errors.length || input.dryRun) return result;
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  const version = (latest?.version ?? 0) + 1;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE equipment_lists SET valid_to = ${input.validFrom}::date - 1
          WHERE valid_to IS NULL OR valid_to >= ${input.validFrom}::date`,
    );
    const id = uuidv7();
    await tx.execute(
      sql`INSERT INTO equipment_lists (id, version, valid_from, source, file_name, checksum, loaded_by)
          VALUES (${id}, ${version}, ${input.validFrom}::date, ${input.source}, ${input.fileName}, ${checksum}, ${actor.username})`,
    );
    await insertItems(tx, id, items);
    await audit(tx, actor, {
      action: 'create',
      entityType: 'equipment_list',
      entityId: String(version),
      details: { fileName: input.fileName, rows: records.length, validFrom: input.validFrom },
    });
  });
  return { ...result, stored: items.length, version };
}

interface ListRow {
  id: string;
  version: number;
  validFrom: string;
  source: string;
}

async function listOn(db: Executor, day: string): Promise<ListRow | undefined> {
  const [list] = await rows<ListRow>(
    db,
    sql`SELECT id, version, valid_from::text AS "validFrom", source FROM equipment_lists
        WHERE valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)
        ORDER BY version DESC LIMIT 1`,
  );
  return list;
}

async function listItems(db: Executor, listId: string): Promise<EquipmentItem[]> {
  return rows<EquipmentItem>(
    db,
    sql`SELECT code, group_vi AS "group", name_vi AS "nameVi", name_en AS "nameEn", unit_vi AS "unit", qty, checked
        FROM equipment_list_items WHERE list_id = ${listId} ORDER BY sort_order`,
  );
}

/** The list in force on a day (default today), with its items. */
export async function equipmentListOn(
  db: Executor,
  actor: Actor,
  day = today(),
): Promise<{ version: number; validFrom: string; source: string; items: EquipmentItem[] } | null> {
  requirePermission(actor, 'network.read');
  const list = await listOn(db, day);
  if (!list) return null;
  return {
    version: list.version,
    validFrom: list.validFrom,
    source: list.source,
    items: await listItems(db, list.id),
  };
}

/** An item's standing: enough working, enough present but some broken, some, none. */
export function equipmentStatus(required: number, working: number, broken: number): EquipmentStatus {
  if (required === 0) return 'not_required';
  if (working >= required) return 'complete';
  if (working + broken >= required) return 'broken';
  if (working + broken > 0) return 'short';
  return 'missing';
}

/**
 * Records a count of some items at a facility on a day (a second count of an item on the same day
 * replaces the first). Each item must be on the list in force that day; counts are never below zero.
 */
export async function recordInventory(
  db: Orm,
  actor: Actor,
  facilityId: string,
  input: InventoryInput,
): Promise<InventoryOut> {
  requirePermission(actor, 'resources.write');
  const f = await getFacility(db, actor, facilityId);
  const errors: FieldError[] = [];
  if (input.countedOn > today())
    errors.push({
      path: 'body.countedOn',
      code: 'future_date',
      message: 'must not be in the future',
      text: { vi: 'không được ở tương lai', en: 'must not be in the future' },
    });
  const list = await listOn(db, input.countedOn);
  const codes = new Set(list ? (await listItems(db, list.id)).map((i) => i.code) : []);
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    for (const key of ['working', 'broken'] as const)
      if (!Number.isInteger(it[key]) || it[key] < 0)
        errors.push({
          path: `body.items.${i}.${key}`,
          code: 'negative_count',
          message: 'must be a whole number, at least 0',
          text: { vi: 'phải là số nguyên, từ 0 trở lên', en: 'must be a whole number, at least 0' },
        });
    if (!codes.has(it.code))
      errors.push({
        path: `body.items.${i}.code`,
        code: 'not_on_list',
        message: `"${it.code}" is not on the equipment list in force on ${input.countedOn}`,
        text: {
          vi: `"${it.code}" không có trong danh mục trang thiết bị hiệu lực ngày ${input.countedOn}`,
          en: `"${it.code}" is not on the equipment list in force on ${input.countedOn}`,
        },
      });
    else if (seen.has(it.code))
      errors.push({
        path: `body.items.${i}.code`,
        code: 'duplicate',
        message: `"${it.code}" is counted twice`,
        text: { vi: `"${it.code}" được kiểm kê hai lần`, en: `"${it.code}" is counted twice` },
      });
    seen.add(it.code);
  });
  if (errors.length) throw invalid(errors);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO equipment_counts (id, facility_id, unit_path, item_code, counted_on, working, broken, created_by)
          SELECT x.id, ${facilityId}, ${f.unitPath}::ltree, x.code, ${input.countedOn}::date, x.working, x.broken, ${actor.username}
          FROM jsonb_to_recordset(${JSON.stringify(input.items.map((it) => ({ ...it, id: uuidv7() })))}::jsonb)
            AS x(id uuid, code text, working int, broken int)
          ON CONFLICT (facility_id, item_code, counted_on) DO UPDATE SET working = EXCLUDED.working,
            broken = EXCLUDED.broken, created_by = EXCLUDED.created_by, updated_at = now()`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'equipment_inventory',
      entityId: facilityId,
      unitPath: f.unitPath,
      details: { countedOn: input.countedOn, items: input.items.length },
    });
  });
  return inventory(db, actor, facilityId, input.countedOn);
}

/**
 * A facility's inventory on a day against the list in force that day: for each item of the list, what
 * its station model requires, the latest count on or before the day, and what is missing.
 */
export async function inventory(
  db: Executor,
  actor: Actor,
  facilityId: string,
  day = today(),
): Promise<InventoryOut> {
  const f = await getFacility(db, actor, facilityId);
  const list = await listOn(db, day);
  const items = list ? await listItems(db, list.id) : [];
  const counts = await rows<{ code: string; working: number; broken: number; countedOn: string }>(
    db,
    sql`SELECT DISTINCT ON (item_code) item_code AS code, working, broken, counted_on::text AS "countedOn"
        FROM equipment_counts WHERE facility_id = ${facilityId} AND counted_on <= ${day}::date
        ORDER BY item_code, counted_on DESC`,
  );
  const byCode = new Map(counts.map((c) => [c.code, c]));
  const model = f.kind === 'commune_station' ? ((f.stationModel ?? 2) as 1 | 2 | 3) : null;
  const out: InventoryItemOut[] = items.map((it) => {
    const c = byCode.get(it.code);
    const required = model ? (it.qty[model] ?? 0) : 0;
    const working = c?.working ?? 0;
    const broken = c?.broken ?? 0;
    return {
      code: it.code,
      group: it.group,
      nameVi: it.nameVi,
      nameEn: it.nameEn,
      unit: it.unit,
      required,
      working,
      broken,
      present: working + broken,
      missing: Math.max(required - working, 0),
      status: equipmentStatus(required, working, broken),
      countedOn: c?.countedOn ?? null,
      checked: it.checked,
    };
  });
  const n = (s: EquipmentStatus) => out.filter((i) => i.status === s).length;
  return {
    facilityId,
    stationModel: f.stationModel,
    on: day,
    list: list ? { version: list.version, validFrom: list.validFrom, source: list.source } : null,
    items: out,
    totals: {
      required: out.filter((i) => i.required > 0).length,
      complete: n('complete'),
      broken: n('broken'),
      short: n('short'),
      missing: n('missing'),
    },
  };
}
