/**
 * The schedule in the database: versions loaded from a file (the shipped one at start when its
 * checksum changes; an administrator's with `POST /immunization/schedule`, dry run first), and the
 * version in force read back for the forecast (kept in memory per database until a new version).
 *
 * A new version may change the future only: every dose and rule already in force before today must
 * be in the new file as it was (it may be closed from today with `valid_to`). So a past month's
 * figures never move because the schedule was edited.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { formatAge, type Age } from './ages.js';
import type { ScheduleImportOut, ScheduleOut } from './contracts.js';
import { ScheduleIndex } from './forecast.js';
import {
  parseSchedule,
  readScheduleCsv,
  SCHEDULE_COLUMNS,
  type RowError,
  type ScheduleData,
} from './schedule-file.js';

export const SHIPPED_SCHEDULE = join(process.cwd(), 'reference', 'immunization', 'schedule.csv');

export interface LoadedSchedule {
  version: number;
  data: ScheduleData;
  index: ScheduleIndex;
  loadedAt: string;
  loadedBy: string;
  sourceName: string;
}

/** Versions read, by version and load time (one process may serve several databases: the tests). */
const cache = new Map<string, LoadedSchedule>();

/** The rows of a parsed file as stored (one per record, its fields in `body`). */
function itemsOf(data: ScheduleData) {
  const items: {
    record: string;
    code: string;
    province: string | null;
    validFrom: string;
    validTo: string | null;
    body: object;
  }[] = [];
  for (const a of data.antigens)
    items.push({
      record: 'antigen',
      code: a.code,
      province: null,
      validFrom: a.validFrom,
      validTo: a.validTo,
      body: a,
    });
  for (const c of data.conditions)
    items.push({
      record: 'condition',
      code: c.code,
      province: null,
      validFrom: c.validFrom,
      validTo: c.validTo,
      body: c,
    });
  for (const v of data.vaccines)
    items.push({
      record: 'vaccine',
      code: v.code,
      province: null,
      validFrom: v.validFrom,
      validTo: v.validTo,
      body: v,
    });
  for (const d of data.doses)
    items.push({
      record: 'dose',
      code: d.code,
      province: d.province,
      validFrom: d.validFrom,
      validTo: d.validTo,
      body: d,
    });
  for (const r of data.rules)
    items.push({
      record: 'rule',
      code: r.code,
      province: r.province,
      validFrom: r.validFrom,
      validTo: r.validTo,
      body: r,
    });
  return items;
}

/** The version in force (the highest), or undefined before any was loaded. */
export async function currentSchedule(db: Executor): Promise<LoadedSchedule | undefined> {
  const [head] = await rows<{ version: number; loadedAt: string; loadedBy: string; sourceName: string }>(
    db,
    sql`SELECT version, loaded_at::text AS "loadedAt", loaded_by AS "loadedBy", source_name AS "sourceName"
          FROM immunization_schedules ORDER BY version DESC LIMIT 1`,
  );
  if (!head) return undefined;
  const key = `${head.version}|${head.loadedAt}|${head.sourceName}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const items = await rows<{ record: string; body: Record<string, unknown> }>(
    db,
    sql`SELECT record, body FROM immunization_schedule_items WHERE version = ${head.version}
        ORDER BY record, code, valid_from`,
  );
  const data: ScheduleData = { antigens: [], conditions: [], vaccines: [], doses: [], rules: [] };
  for (const { record, body } of items) {
    const list = {
      antigen: data.antigens,
      condition: data.conditions,
      vaccine: data.vaccines,
      dose: data.doses,
      rule: data.rules,
    }[record] as unknown[] | undefined;
    list?.push(body);
  }
  const loaded: LoadedSchedule = { ...head, data, index: new ScheduleIndex(data) };
  cache.set(key, loaded);
  return loaded;
}

/** The version in force, or an error when none was ever loaded (a database not prepared). */
export async function scheduleInForce(db: Executor): Promise<LoadedSchedule> {
  const s = await currentSchedule(db);
  if (!s) throw new Error('no immunization schedule loaded: run `ytcs migrate`');
  return s;
}

async function store(
  db: Executor,
  data: ScheduleData,
  checksum: string,
  sourceName: string,
  by: string,
): Promise<number> {
  const [{ next }] = (await rows<{ next: number }>(
    db,
    sql`SELECT coalesce(max(version), 0) + 1 AS next FROM immunization_schedules`,
  )) as [{ next: number }];
  const items = itemsOf(data);
  await db.execute(sql`INSERT INTO immunization_schedules (version, checksum, source_name, rows, loaded_by)
    VALUES (${next}, ${checksum}, ${sourceName}, ${items.length}, ${by})`);
  await db.execute(sql`INSERT INTO immunization_schedule_items (version, record, code, province, valid_from, valid_to, body)
    SELECT ${next}, x.record, x.code, x.province, x.valid_from::date, x.valid_to::date, x.body
      FROM jsonb_to_recordset(${JSON.stringify(items.map((i) => ({ ...i, valid_from: i.validFrom, valid_to: i.validTo })))}::jsonb)
        AS x(record text, code text, province text, valid_from text, valid_to text, body jsonb)`);
  return next;
}

/** Loads the shipped schedule when its checksum is not the version in force's (at start). */
export async function loadShippedSchedule(db: Orm, file = SHIPPED_SCHEDULE): Promise<number | null> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  const [known] = await rows<{ version: number }>(
    db,
    sql`SELECT version FROM immunization_schedules WHERE checksum = ${checksum} ORDER BY version DESC LIMIT 1`,
  );
  const current = await currentSchedule(db);
  // The shipped file loads once per content; an administrator's newer version is never replaced by it.
  if (known || (current && current.sourceName !== 'reference/immunization/schedule.csv')) return null;
  const { data, errors } = parseSchedule(readScheduleCsv(text));
  if (!data)
    throw new Error(
      `reference/immunization/schedule.csv: ${errors.map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ')}`,
    );
  return db.transaction((tx) => store(tx, data, checksum, 'reference/immunization/schedule.csv', 'system'));
}

/** Reads an uploaded file: XLSX (its first sheet, the same columns) or CSV. */
export async function recordsOfFile(fileName: string, bytes: Buffer): Promise<Record<string, string>[]> {
  if (!/\.xlsx$/i.test(fileName)) return readScheduleCsv(bytes.toString('utf8'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  const out: Record<string, string>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => {
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
      return v == null ? '' : String(v).trim();
    });
    if (n === 1) header.push(...cells.map((c) => c.toLowerCase()));
    else out.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  });
  return out;
}

/** JSON with sorted keys (a row read back from jsonb has its keys in another order). */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v ?? null);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** What a new version may not change: rows in force before today must stay as they were. */
function keepsThePast(
  current: ScheduleData,
  next: ScheduleData,
  records: Record<string, string>[],
  day: string,
): RowError[] {
  const errors: RowError[] = [];
  const rowOf = (kind: string, code: string, province: string | null, validFrom: string) =>
    records.findIndex(
      (r) =>
        r.record === kind &&
        r.code === code &&
        (r.province || null) === province &&
        r.valid_from === validFrom,
    ) + 2;
  const check = <
    T extends { code: string; province: string | null; validFrom: string; validTo: string | null },
  >(
    kind: string,
    old: T[],
    fresh: T[],
  ) => {
    for (const o of old.filter((x) => x.validFrom < day)) {
      const n = fresh.find(
        (x) => x.code === o.code && x.province === o.province && x.validFrom === o.validFrom,
      );
      const row = n ? rowOf(kind, o.code, o.province, o.validFrom) : 0;
      if (!n) {
        errors.push({
          row: 0,
          column: 'code',
          code: 'past_row_missing',
          message: `${kind} ${o.code} valid from ${o.validFrom} has been in force: keep it (close it with valid_to)`,
        });
        continue;
      }
      const {
        validTo: oldTo,
        source: _s1,
        checked: _c1,
        ...oldRest
      } = o as T & { source?: string; checked?: boolean };
      const {
        validTo: newTo,
        source: _s2,
        checked: _c2,
        ...newRest
      } = n as T & { source?: string; checked?: boolean };
      if (!same(oldRest, newRest))
        errors.push({
          row,
          column: 'code',
          code: 'past_row_changed',
          message: `${kind} ${o.code} has been in force since ${o.validFrom}: its content may not change; close it and add a new row`,
        });
      else if (
        oldTo !== newTo &&
        (newTo === null ? oldTo !== null && oldTo < day : newTo < day || (oldTo !== null && oldTo < day))
      )
        errors.push({
          row,
          column: 'valid_to',
          code: 'past_closed',
          message: `may not end before today (${day})`,
        });
    }
  };
  check('dose', current.doses, next.doses);
  check('rule', current.rules, next.rules);
  return errors;
}

/** An administrator's new version of the schedule from a file: checked row by row; stored unless a dry run. */
export async function importSchedule(
  db: Orm,
  actor: Actor,
  input: { fileName: string; bytes: Buffer; dryRun: boolean },
  onLoaded?: (tx: Executor) => Promise<void>,
): Promise<ScheduleImportOut> {
  requirePermission(actor, 'schedule.manage');
  const records = await recordsOfFile(input.fileName, input.bytes);
  const { data, errors } = parseSchedule(records);
  const current = await currentSchedule(db);
  if (data && current) errors.push(...keepsThePast(current.data, data, records, today()));
  const counts: Record<string, number> = data
    ? {
        antigen: data.antigens.length,
        vaccine: data.vaccines.length,
        dose: data.doses.length,
        rule: data.rules.length,
        condition: data.conditions.length,
      }
    : {};
  const result = {
    dryRun: input.dryRun,
    version: null as number | null,
    rows: records.length,
    counts,
    errors,
  };
  if (errors.length || input.dryRun || !data) return result;
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  result.version = await db.transaction(async (tx) => {
    const version = await store(tx, data, checksum, input.fileName, actor.username);
    await audit(tx, actor, {
      action: 'create',
      entityType: 'immunization_schedule',
      entityId: String(version),
      details: { fileName: input.fileName, rows: records.length },
    });
    await onLoaded?.(tx);
    return version;
  });
  return result;
}

const ageText = (a: Age | null) => (a ? formatAge(a) : null);

/** The version in force as the web shows it. */
export async function describeSchedule(db: Executor): Promise<ScheduleOut> {
  const s = await scheduleInForce(db);
  return {
    version: s.version,
    loadedAt: s.loadedAt,
    loadedBy: s.loadedBy,
    sourceName: s.sourceName,
    vaccines: s.data.vaccines.map(({ code, nameVi, nameEn, antigens, live, dosesPerVial }) => ({
      code,
      nameVi,
      nameEn,
      antigens,
      live,
      dosesPerVial: dosesPerVial ?? null,
    })),
    doses: s.data.doses.map((d) => ({
      code: d.code,
      series: d.series,
      doseNo: d.doseNo,
      nameVi: d.nameVi,
      nameEn: d.nameEn,
      province: d.province,
      minAge: formatAge(d.minAge),
      recAge: formatAge(d.recAge),
      overdueAge: formatAge(d.overdueAge),
      maxAge: ageText(d.maxAge),
      minInterval: ageText(d.minInterval),
      validFrom: d.validFrom,
      validTo: d.validTo,
      checked: d.checked,
      source: d.source,
    })),
    conditions: s.data.conditions.map(({ code, nameVi, nameEn }) => ({ code, nameVi, nameEn })),
  };
}

export { SCHEDULE_COLUMNS };
