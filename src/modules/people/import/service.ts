/**
 * Import of households and residents from a CSV or Excel file into one commune (nhập danh sách hộ và
 * người dân). Every row is checked with the same zod schemas and identity/card checks as the create
 * endpoints (rows.ts); code lists and hamlets are read once and looked up in memory. All-or-nothing:
 * one error anywhere and nothing is stored; otherwise everything is written in one transaction, in
 * multi-row batches. A dry run checks everything and writes nothing. Over HTTP an import is a job
 * (jobs.ts).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { inScope, requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { deniedNotFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { insertAll } from '../../../db/bulk.js';
import { rows, type Orm, type Tx } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { codeValuesRelation } from '../../terminology/index.js';
import { auditPerson } from '../access.js';
import { beneficiaryGroups } from '../codes.js';
import { insuranceCards } from '../cards/schema.js';
import { households } from '../households/schema.js';
import { residents } from '../residents/schema.js';
import type { ImportCounts, ImportFormat, ImportProgress, ImportRowError } from './contracts.js';
import { detectFormat, isOldExcel, mapColumns, readSheet, textKey } from './file.js';
import {
  HAMLET_TYPE,
  MAX_MEMBERS,
  RowChecker,
  type CardRow,
  type Lookups,
  type PlaceRef,
  type Planned,
  type ResidentRow,
} from './rows.js';

type HouseholdRow = typeof households.$inferInsert;

/** Rows per INSERT (one JSON parameter each) and per audit entry. */
const WRITE_BATCH = 2_000;
/** Progress is reported every this many rows while checking. */
const PROGRESS_EVERY = 1_000;

export interface ImportTarget {
  unitId: string;
  code: string;
  name: string;
  path: string;
}

/** The commune to import into: in the actor's area, else 404 (audited denial). */
export async function importTarget(db: Orm | Tx, actor: Actor, unitCode: string): Promise<ImportTarget> {
  requirePermission(actor, 'person.write');
  const [unit] = await rows<ImportTarget>(
    db,
    sql`SELECT id AS "unitId", code, full_name AS name, path::text AS path FROM ${unitsRelation} u
        WHERE map = 'post2025' AND level = 'commune' AND code = ${unitCode}
          AND (valid_to IS NULL OR valid_to >= ${today()}::date)`,
  );
  if (!unit || !inScope(actor, unit.path))
    throw deniedNotFound('Commune', {
      entityType: 'unit',
      entityId: unitCode,
      details: { op: 'import_people' },
    });
  return unit;
}

// ---------------------------------------------------------------- lookups (read once per import)

/** Common ways of writing a relation to the head, beside the code list's own names. */
const RELATION_WORDS: Readonly<Record<string, string>> = {
  'chu ho': 'head',
  vo: 'spouse',
  chong: 'spouse',
  con: 'child',
  'con trai': 'child',
  'con gai': 'child',
  'con de': 'child',
  'con nuoi': 'child',
  'con dau': 'child_in_law',
  'con re': 'child_in_law',
  chau: 'grandchild',
  'chau noi': 'grandchild',
  'chau ngoai': 'grandchild',
  chat: 'great_grandchild',
  bo: 'parent',
  cha: 'parent',
  me: 'parent',
  'bo de': 'parent',
  'me de': 'parent',
  'bo vo': 'parent_in_law',
  'me vo': 'parent_in_law',
  'bo chong': 'parent_in_law',
  'me chong': 'parent_in_law',
  ong: 'grandparent',
  ba: 'grandparent',
  'ong noi': 'grandparent',
  'ba noi': 'grandparent',
  'ong ngoai': 'grandparent',
  'ba ngoai': 'grandparent',
  anh: 'sibling',
  chi: 'sibling',
  em: 'sibling',
  'anh trai': 'sibling',
  'chi gai': 'sibling',
  'em trai': 'sibling',
  'em gai': 'sibling',
};

async function loadLookups(db: Orm | Tx, target: ImportTarget): Promise<Lookups> {
  const on = today();
  const hamlets = new Map<string, PlaceRef>();
  const found = await rows<{ unitId: string; path: string; code: string; name: string; fullName: string }>(
    db,
    sql`SELECT id AS "unitId", path::text AS path, code, name, full_name AS "fullName" FROM ${unitsRelation} u
        WHERE parent_id = ${target.unitId} AND level = 'hamlet' AND (valid_to IS NULL OR valid_to >= ${on}::date)
        ORDER BY code`,
  );
  for (const h of found) {
    const place = { unitId: h.unitId, path: h.path };
    for (const key of [h.code, h.code.slice(6), String(Number(h.code.slice(6)))])
      if (!hamlets.has(key)) hamlets.set(key, place);
    for (const name of [h.fullName, h.name]) {
      const key = textKey(name);
      hamlets.set(key, place);
      hamlets.set(key.replace(HAMLET_TYPE, ''), place);
    }
  }
  const codes = new Map<string, Map<string, string>>();
  const values = await rows<{ system: string; code: string; vi: string; en: string }>(
    db,
    sql`SELECT system, code, display_vi AS vi, display_en AS en FROM ${codeValuesRelation} cv
        WHERE system IN ('ethnicity', 'religion', 'relation-to-head')
          AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)
        ORDER BY system, sort_order, code`,
  );
  for (const v of values) {
    const list = codes.get(v.system) ?? new Map<string, string>();
    codes.set(v.system, list);
    const keys = [v.code.toLowerCase(), textKey(v.vi), textKey(v.en)];
    if (/^\d+$/.test(v.code)) keys.push(String(Number(v.code)));
    // "Vợ/chồng", "Con dâu/con rể": each part is a name too.
    if (v.vi.includes('/')) keys.push(...v.vi.split('/').map(textKey));
    for (const k of keys) if (k && !list.has(k)) list.set(k, v.code);
  }
  const relations = codes.get('relation-to-head');
  if (relations) {
    const known = new Set(relations.values());
    for (const [word, code] of Object.entries(RELATION_WORDS))
      if (known.has(code) && !relations.has(word)) relations.set(word, code);
  }
  const groups = await beneficiaryGroups(db);
  return {
    commune: { unitId: target.unitId, path: target.path },
    communeCode: target.code,
    hamlets,
    codes,
    groups,
  };
}

// ---------------------------------------------------------------- the import

export interface ImportOptions {
  dryRun?: boolean;
  /** csv or xlsx; found from the content when not given. */
  format?: ImportFormat;
  /** The job's id (named in the audit log); a new id when not given. */
  importId?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Called once the file is checked and writing begins (the job's status). */
  onWriting?: () => Promise<void> | void;
}

export interface ImportResult {
  importId: string;
  ok: boolean;
  dryRun: boolean;
  format: ImportFormat;
  total: number;
  created: ImportCounts;
  unknownColumns: string[];
  errorCount: number;
  errors: ImportRowError[];
}

/**
 * Imports the households and residents of a file into a commune of the actor's area. Returns the
 * error report (nothing stored) or what was created (for a dry run: what would be).
 */
export async function importPeople(
  db: Orm,
  actor: Actor,
  unitCode: string,
  file: Buffer,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const target = await importTarget(db, actor, unitCode);
  const importId = options.importId ?? newId();
  const format = options.format ?? detectFormat(file);
  const dryRun = options.dryRun ?? false;
  const base = { importId, dryRun, format };
  let sheet;
  try {
    if (isOldExcel(file)) throw new Error('the old .xls format is not read: save the sheet as .xlsx or CSV');
    sheet = await readSheet(file, format);
  } catch (err) {
    const message = `the file cannot be read as ${format.toUpperCase()}: ${(err as Error).message}`;
    const e: ImportRowError = {
      row: 0,
      column: null,
      field: null,
      value: null,
      code: 'unreadable_file',
      message,
      messageVi: isOldExcel(file)
        ? 'Không đọc được tệp .xls cũ: hãy lưu lại dưới dạng .xlsx hoặc CSV'
        : `Không đọc được tệp ${format.toUpperCase()}`,
    };
    return { ...base, ok: false, total: 0, created: zero(), unknownColumns: [], errorCount: 1, errors: [e] };
  }
  const total = sheet.rows.length;
  const progress: ImportProgress = { phase: 'validating', total, validated: 0, written: 0 };
  options.onProgress?.({ ...progress });
  const columns = mapColumns(sheet);
  const failed = (errors: ImportRowError[], errorCount: number): ImportResult => ({
    ...base,
    ok: false,
    total,
    created: zero(),
    unknownColumns: columns.unknown,
    errorCount,
    errors,
  });
  if (columns.errors.length) return failed(columns.errors, columns.errors.length);
  if (!total)
    return failed(
      [
        {
          row: 0,
          column: null,
          field: null,
          value: null,
          code: 'no_rows',
          message: 'the file has a header but no rows',
          messageVi: 'Tệp không có dòng dữ liệu nào',
        },
      ],
      1,
    );

  const lookups = await loadLookups(db, target);
  const checker = new RowChecker(columns, sheet.headers, lookups);
  const byHousehold = new Map<string, Planned[]>();
  for (const [i, r] of sheet.rows.entries()) {
    const planned = checker.check(r.row, r.cells);
    if (planned) {
      const list = byHousehold.get(planned.key);
      if (list) list.push(planned);
      else byHousehold.set(planned.key, [planned]);
    }
    if ((i + 1) % PROGRESS_EVERY === 0) {
      progress.validated = i + 1;
      options.onProgress?.({ ...progress });
      // Let the server answer other requests (progress polls) while a large file is checked.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // Households: one head each, not too many members, a code not yet used in the commune.
  const existing = new Set(
    (
      await rows<{ code: string }>(
        db,
        sql`SELECT DISTINCT code FROM households WHERE unit_path <@ ${target.path}::ltree AND status = 'active'
            AND code IN (SELECT jsonb_array_elements_text(${JSON.stringify([...checker.households.keys()])}::jsonb))`,
      )
    ).map((h) => h.code),
  );
  const plan = { households: [] as HouseholdRow[], residents: [] as ResidentRow[], cards: [] as CardRow[] };
  for (const [key, h] of checker.households) {
    if (existing.has(key))
      checker.add(
        h.rows[0]!,
        'householdKey',
        'household_exists',
        `household ${key} is already registered in the commune`,
        key,
      );
    if (!h.heads.length)
      checker.add(h.rows[0]!, 'relationToHead', 'no_head', `household ${key} has no head (Chủ hộ)`, key);
    for (const extra of h.heads.slice(1))
      checker.add(
        extra,
        'relationToHead',
        'two_heads',
        `household ${key} has another head in row ${h.heads[0]}`,
        key,
      );
    if (h.rows.length > MAX_MEMBERS)
      checker.add(
        h.rows[MAX_MEMBERS]!,
        'householdKey',
        'too_many_members',
        `a household has at most ${MAX_MEMBERS} members`,
        key,
      );
  }
  for (const [key, members] of byHousehold) {
    const heads = members.filter((m) => m.relation === 'head');
    if (checker.errorCount) break;
    const head = heads[0]!;
    const home = head.place ?? members.find((m) => m.place)?.place ?? lookups.commune;
    const id = newId();
    plan.households.push({
      id,
      code: key,
      unitId: home.unitId,
      unitPath: home.path,
      addressLine: head.addressLine,
    });
    for (const m of members) {
      const place = m.place ?? home;
      m.resident.householdId = id;
      m.resident.currentUnitId = place.unitId;
      m.resident.unitPath = place.path;
      m.resident.currentAddressLine = m.addressLine ?? (place === home ? head.addressLine : null);
      plan.residents.push(m.resident);
      if (m.card) plan.cards.push(m.card);
    }
  }
  progress.validated = total;
  options.onProgress?.({ ...progress });
  if (checker.errorCount) {
    checker.errors.sort((a, b) => a.row - b.row);
    return failed(checker.errors, checker.errorCount);
  }
  const created = {
    households: plan.households.length,
    residents: plan.residents.length,
    cards: plan.cards.length,
  };
  const result: ImportResult = {
    ...base,
    ok: true,
    total,
    created,
    unknownColumns: columns.unknown,
    errorCount: 0,
    errors: [],
  };
  if (dryRun) return result;

  await options.onWriting?.();
  progress.phase = 'writing';
  options.onProgress?.({ ...progress });
  await db.transaction(async (tx) => {
    // Every reference of the new rows is to a row read or made above (hamlets, the new households and
    // residents): the per-row foreign-key triggers are skipped where the role may (PGlite's superuser),
    // as the demo loader does; elsewhere they run. They are back on before the audit rows are written.
    const replica = await tx
      .transaction(async (sp) => {
        await sp.execute(sql`SET LOCAL session_replication_role = replica`);
      })
      .then(() => true)
      .catch(() => false);
    const batches: ResidentRow[][] = [];
    try {
      await insertAll(tx, households, plan.households, 'households', undefined, WRITE_BATCH);
      for (let i = 0; i < plan.residents.length; i += WRITE_BATCH) {
        const batch = plan.residents.slice(i, i + WRITE_BATCH);
        await insertAll(tx, residents, batch, 'residents', undefined, WRITE_BATCH);
        batches.push(batch);
        progress.written = Math.min(i + WRITE_BATCH, plan.residents.length);
        options.onProgress?.({ ...progress });
      }
      await insertAll(tx, insuranceCards, plan.cards, 'insurance cards', undefined, WRITE_BATCH);
    } finally {
      if (replica) await tx.execute(sql`SET LOCAL session_replication_role = origin`);
    }
    // One audit entry per batch names the import and every resident (and household) created in it.
    for (const batch of batches)
      await auditPerson(tx, actor, 'create', null, target.path, {
        op: 'import',
        importId,
        households: [...new Set(batch.map((r) => r.householdId))],
        residents: batch.map((r) => r.id),
      });
    await auditPerson(tx, actor, 'create', null, target.path, { op: 'import', importId, ...created, total });
  });
  return result;
}

const zero = (): ImportCounts => ({ households: 0, residents: 0, cards: 0 });
