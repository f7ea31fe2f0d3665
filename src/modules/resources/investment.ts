// Investment projects (dự án đầu tư): a funding source from the code list, the facilities invested
// in, the budget and its disbursements (giải ngân: never more than the budget), the status, milestones
// and the completion day; and the communes of ethnic-minority and mountainous areas (xã vùng đồng bào
// dân tộc thiểu số và miền núi) with the decision that lists them, loaded by an administrator.
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { conflict, deniedNotFound, invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, findUnit, getFacility, getUnit, unitsRelation } from '../network/index.js';
import { codeDisplayVi, isValidCode } from '../terminology/index.js';
import {
  FUNDING_SOURCE_SYSTEM,
  type LoadResult,
  type ProjectInput,
  type ProjectOut,
  type RowError,
} from './contracts.js';
import { recordsOfFile } from './files.js';

const formatVnd = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

interface ProjectRow extends Omit<ProjectOut, 'facilities' | 'disbursements' | 'milestones'> {
  unitPath: string;
  investsInScope: boolean;
}

async function projectRow(db: Executor, actor: Actor, id: string, lock = false): Promise<ProjectRow> {
  const [p] = await rows<ProjectRow>(
    db,
    sql`SELECT p.id, p.name, p.funding_source AS "fundingSource",
          ${codeDisplayVi(FUNDING_SOURCE_SYSTEM, sql`p.funding_source`)} AS "fundingSourceVi",
          p.kind, u.code AS "unitCode", u.full_name AS "unitName", p.decision_no AS "decisionNo",
          p.approved_on::text AS "approvedOn", p.budget::float8 AS budget,
          (SELECT coalesce(sum(d.amount), 0)::float8 FROM investment_disbursements d WHERE d.project_id = p.id) AS disbursed,
          p.status, p.completed_on::text AS "completedOn", p.unit_path::text AS "unitPath",
          EXISTS (SELECT 1 FROM investment_project_facilities pf WHERE pf.project_id = p.id
            AND pf.unit_path <@ ${actor.scopePath}::ltree) AS "investsInScope"
        FROM investment_projects p JOIN ${unitsRelation} u ON u.id = p.unit_id WHERE p.id = ${id}
        ${lock ? sql`FOR UPDATE OF p` : sql``}`,
  );
  // A project is seen where it is owned and at the facilities it invests in (a station sees the
  // province's project for its building); only its owner's scope may change it.
  if (!p || !(inScope(actor, p.unitPath) || (!lock && p.investsInScope)))
    throw deniedNotFound('Project', { entityType: 'investment_project', entityId: id });
  return p;
}

async function toOut(db: Executor, p: ProjectRow): Promise<ProjectOut> {
  const facilities = await rows<ProjectOut['facilities'][number]>(
    db,
    sql`SELECT f.id, f.name, u.full_name AS "unitName" FROM investment_project_facilities pf
        JOIN ${facilitiesRelation} f ON f.id = pf.facility_id JOIN ${unitsRelation} u ON u.id = f.unit_id
        WHERE pf.project_id = ${p.id} ORDER BY f.name`,
  );
  const disbursements = await rows<ProjectOut['disbursements'][number]>(
    db,
    sql`SELECT id, paid_on::text AS "paidOn", amount::float8 AS amount, note FROM investment_disbursements
        WHERE project_id = ${p.id} ORDER BY paid_on, change_seq`,
  );
  const milestones = await rows<ProjectOut['milestones'][number]>(
    db,
    sql`SELECT id, name, due_on::text AS "dueOn", done_on::text AS "doneOn" FROM investment_milestones
        WHERE project_id = ${p.id} ORDER BY due_on, name`,
  );
  const { unitPath: _unitPath, investsInScope: _investsInScope, ...rest } = p;
  return { ...rest, facilities, disbursements, milestones };
}

export async function getProject(db: Executor, actor: Actor, id: string): Promise<ProjectOut> {
  requirePermission(actor, 'network.read');
  return toOut(db, await projectRow(db, actor, id));
}

export async function createProject(db: Orm, actor: Actor, input: ProjectInput): Promise<ProjectOut> {
  requirePermission(actor, 'investment.manage');
  const unit = await getUnit(db, actor, input.unitCode);
  const errors: FieldError[] = [];
  if (!(await isValidCode(db, FUNDING_SOURCE_SYSTEM, input.fundingSource, input.approvedOn)))
    errors.push({
      path: 'body.fundingSource',
      code: 'invalid_code',
      message: `"${input.fundingSource}" is not on the code list ${FUNDING_SOURCE_SYSTEM} (valid on ${input.approvedOn})`,
    });
  if (input.approvedOn > today())
    errors.push({
      path: 'body.approvedOn',
      code: 'future_date',
      message: 'must not be in the future',
      text: { vi: 'không được ở tương lai', en: 'must not be in the future' },
    });
  const facilities: Awaited<ReturnType<typeof getFacility>>[] = [];
  for (const [i, facilityId] of input.facilityIds.entries()) {
    const f = await getFacility(db, actor, facilityId);
    if (!inScope({ ...actor, scopePath: unit.path }, f.unitPath))
      errors.push({
        path: `body.facilityIds.${i}`,
        code: 'outside_unit',
        message: 'the facility is outside the unit of the project',
        text: {
          vi: 'cơ sở y tế nằm ngoài đơn vị của dự án',
          en: 'the facility is outside the unit of the project',
        },
      });
    facilities.push(f);
  }
  if (errors.length) throw invalid(errors);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO investment_projects (id, name, funding_source, kind, unit_id, unit_path, decision_no, approved_on, budget, status, created_by)
          VALUES (${id}, ${input.name}, ${input.fundingSource}, ${input.kind}, ${unit.id}, ${unit.path}::ltree,
            ${input.decisionNo ?? null}, ${input.approvedOn}::date, ${input.budget}, 'approved', ${actor.username})`,
    );
    for (const f of new Map(facilities.map((f) => [f.id, f])).values())
      await tx.execute(
        sql`INSERT INTO investment_project_facilities (project_id, facility_id, unit_path) VALUES (${id}, ${f.id}, ${f.unitPath}::ltree)`,
      );
    for (const m of input.milestones ?? [])
      await tx.execute(
        sql`INSERT INTO investment_milestones (id, project_id, name, due_on) VALUES (${uuidv7()}, ${id}, ${m.name}, ${m.dueOn}::date)`,
      );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'investment_project',
      entityId: id,
      unitPath: unit.path,
      details: { fundingSource: input.fundingSource, budget: input.budget },
    });
    return toOut(tx, await projectRow(tx, actor, id));
  });
}

/**
 * A payment from the budget. The project row is locked while the sum is checked, so two payments at
 * once cannot together pass the budget; a payment that would is refused (422) with what remains.
 */
export async function addDisbursement(
  db: Orm,
  actor: Actor,
  id: string,
  input: { paidOn: string; amount: number; note?: string | null | undefined },
): Promise<ProjectOut> {
  requirePermission(actor, 'investment.manage');
  return db.transaction(async (tx) => {
    const p = await projectRow(tx, actor, id, true);
    const errors: FieldError[] = [];
    if (!(input.amount > 0))
      errors.push({
        path: 'body.amount',
        code: 'not_positive',
        message: 'must be greater than 0',
        text: { vi: 'phải lớn hơn 0', en: 'must be greater than 0' },
      });
    else if (p.disbursed + input.amount > p.budget) {
      const left = Math.max(p.budget - p.disbursed, 0);
      errors.push({
        path: 'body.amount',
        code: 'over_budget',
        message: `only ${left} of the budget is left to disburse`,
        text: {
          vi: `vượt tổng mức đầu tư: chỉ còn ${formatVnd(left)} đồng được giải ngân`,
          en: `over the budget: only ${left} VND is left to disburse`,
        },
      });
    }
    if (input.paidOn < p.approvedOn)
      errors.push({
        path: 'body.paidOn',
        code: 'before_approval',
        message: 'must not be before the approval day',
        text: { vi: 'không được trước ngày phê duyệt dự án', en: 'must not be before the approval day' },
      });
    if (input.paidOn > today())
      errors.push({
        path: 'body.paidOn',
        code: 'future_date',
        message: 'must not be in the future',
        text: { vi: 'không được ở tương lai', en: 'must not be in the future' },
      });
    if (p.status === 'cancelled')
      throw conflict('A cancelled project disburses nothing', [
        {
          path: 'body.amount',
          code: 'cancelled',
          message: 'the project is cancelled',
          text: { vi: 'dự án đã bị hủy', en: 'the project is cancelled' },
        },
      ]);
    if (errors.length) throw invalid(errors);
    await tx.execute(
      sql`INSERT INTO investment_disbursements (id, project_id, paid_on, amount, note, created_by)
          VALUES (${uuidv7()}, ${id}, ${input.paidOn}::date, ${input.amount}, ${input.note ?? null}, ${actor.username})`,
    );
    if (p.status === 'approved')
      await tx.execute(
        sql`UPDATE investment_projects SET status = 'in_progress', updated_at = now() WHERE id = ${id}`,
      );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'investment_project',
      entityId: id,
      unitPath: p.unitPath,
      details: { disbursement: input.amount, paidOn: input.paidOn },
    });
    return toOut(tx, await projectRow(tx, actor, id));
  });
}

/** Sets a project's status; completing it dates the completion (what the targets count). */
export async function setProjectStatus(
  db: Orm,
  actor: Actor,
  id: string,
  input: { status: ProjectOut['status']; completedOn?: string | null | undefined },
): Promise<ProjectOut> {
  requirePermission(actor, 'investment.manage');
  return db.transaction(async (tx) => {
    const p = await projectRow(tx, actor, id, true);
    const completedOn = input.status === 'completed' ? (input.completedOn ?? null) : null;
    if (completedOn && (completedOn < p.approvedOn || completedOn > today()))
      throw invalid([
        {
          path: 'body.completedOn',
          code: 'out_of_range',
          message: 'must be between the approval day and today',
          text: {
            vi: 'phải từ ngày phê duyệt dự án đến hôm nay',
            en: 'must be between the approval day and today',
          },
        },
      ]);
    await tx.execute(
      sql`UPDATE investment_projects SET status = ${input.status}, completed_on = ${completedOn}::date, updated_at = now() WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'investment_project',
      entityId: id,
      unitPath: p.unitPath,
      details: { status: input.status, completedOn },
    });
    return toOut(tx, await projectRow(tx, actor, id));
  });
}

/** Marks a milestone done on a day. */
export async function completeMilestone(
  db: Orm,
  actor: Actor,
  id: string,
  milestoneId: string,
  doneOn: string,
): Promise<ProjectOut> {
  requirePermission(actor, 'investment.manage');
  return db.transaction(async (tx) => {
    const p = await projectRow(tx, actor, id, true);
    const updated = await rows<{ id: string }>(
      tx,
      sql`UPDATE investment_milestones SET done_on = ${doneOn}::date, updated_at = now()
          WHERE id = ${milestoneId} AND project_id = ${id} RETURNING id`,
    );
    if (!updated.length)
      throw deniedNotFound('Milestone', { entityType: 'investment_milestone', entityId: milestoneId });
    await audit(tx, actor, {
      action: 'update',
      entityType: 'investment_project',
      entityId: id,
      unitPath: p.unitPath,
      details: { milestone: milestoneId, doneOn },
    });
    return toOut(tx, await projectRow(tx, actor, id));
  });
}

/** The projects of the actor's scope (or under a unit), and those investing in a facility there. */
export async function listProjects(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; facilityId?: string | undefined } = {},
): Promise<ProjectOut[]> {
  requirePermission(actor, 'network.read');
  const under = filter.unit ? (await getUnit(db, actor, filter.unit)).path : actor.scopePath;
  const facility = filter.facilityId ? await getFacility(db, actor, filter.facilityId) : null;
  const ids = await rows<{ id: string }>(
    db,
    facility
      ? sql`SELECT p.id FROM investment_projects p WHERE EXISTS (SELECT 1 FROM investment_project_facilities pf
              WHERE pf.project_id = p.id AND pf.facility_id = ${facility.id}) ORDER BY p.approved_on DESC, p.name LIMIT 200`
      : sql`SELECT p.id FROM investment_projects p WHERE p.unit_path <@ ${under}::ltree
              OR EXISTS (SELECT 1 FROM investment_project_facilities pf WHERE pf.project_id = p.id AND pf.unit_path <@ ${under}::ltree)
            ORDER BY p.approved_on DESC, p.name LIMIT 500`,
  );
  const out: ProjectOut[] = [];
  for (const { id } of ids) out.push(await toOut(db, await projectRow(db, actor, id)));
  return out;
}

// ---------------------------------------------------------------- ethnic-minority communes

const EM_COLUMNS = ['unit_code', 'valid_from', 'decision'];

/**
 * Loads communes of ethnic-minority and mountainous areas from a file (columns unit_code, valid_from,
 * valid_to, decision, area): each row checked (a commune of the current map, dates, a decision), all
 * stored or none; a row for a commune and day already loaded replaces it.
 */
export async function loadEthnicMinorityCommunes(
  db: Orm,
  actor: Actor,
  input: { fileName: string; bytes: Buffer; dryRun: boolean },
): Promise<LoadResult> {
  requirePermission(actor, 'resources.manage');
  const records = await recordsOfFile(input.fileName, input.bytes);
  const errors: RowError[] = [];
  if (!records.length)
    errors.push({
      row: 1,
      column: 'unit_code',
      code: 'empty',
      message: 'the file has a header but no rows',
      messageVi: 'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu',
    });
  for (const c of records.length ? EM_COLUMNS.filter((c) => !(c in records[0]!)) : [])
    errors.push({
      row: 1,
      column: c,
      code: 'missing_column',
      message: `missing column ${c}`,
      messageVi: `Thiếu cột ${c}`,
    });
  const good: {
    unitId: string;
    unitPath: string;
    validFrom: string;
    validTo: string | null;
    decision: string;
    area: string | null;
  }[] = [];
  const seen = new Map<string, number>();
  if (!errors.length)
    for (const [i, r] of records.entries()) {
      const row = i + 2;
      const before = errors.length;
      const err = (column: string, code: string, message: string, messageVi: string) =>
        errors.push({ row, column, code, message, messageVi });
      const code = (r.unit_code ?? '').trim();
      const unit = /^[0-9]{5}$/.test(code) ? await findUnit(db, { code, map: 'post2025' }) : undefined;
      if (!unit || unit.level !== 'commune')
        err(
          'unit_code',
          'unknown_unit',
          `no unit with code ${code} on the current map`,
          `Không có xã mã ${code} trên bản đồ hành chính hiện hành`,
        );
      // A real day of the calendar (2024-02-30 is not), in the years a listing can have.
      const isDate = (s: string) =>
        /^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(s) &&
        !Number.isNaN(Date.parse(s)) &&
        new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
      const validFrom = (r.valid_from ?? '').trim();
      const validTo = (r.valid_to ?? '').trim() || null;
      if (!isDate(validFrom))
        err(
          'valid_from',
          'invalid_date',
          'must be a date YYYY-MM-DD',
          'Phải là một ngày có thật, dạng YYYY-MM-DD',
        );
      if (validTo && !isDate(validTo))
        err(
          'valid_to',
          'invalid_date',
          'must be a date YYYY-MM-DD',
          'Phải là một ngày có thật, dạng YYYY-MM-DD',
        );
      else if (validTo && validTo < validFrom)
        err('valid_to', 'before_start', 'must not be before valid_from', 'Không được trước valid_from');
      const decision = (r.decision ?? '').trim();
      if (decision.length < 3)
        err('decision', 'required', 'the decision that lists the commune', 'Cần ghi quyết định phân định xã');
      const area = (r.area ?? '').trim().toUpperCase() || null;
      if (area && !['I', 'II', 'III'].includes(area))
        err('area', 'invalid_area', 'I, II or III', 'Khu vực I, II hoặc III');
      const key = `${code}|${validFrom}`;
      if (unit && seen.has(key))
        err(
          'unit_code',
          'duplicate',
          `commune ${code} from ${validFrom} appears twice (row ${seen.get(key)})`,
          `Xã ${code} từ ngày ${validFrom} xuất hiện hai lần (dòng ${seen.get(key)})`,
        );
      seen.set(key, row);
      if (errors.length === before && unit)
        good.push({ unitId: unit.id, unitPath: unit.path, validFrom, validTo, decision, area });
    }
  const result: LoadResult = { dryRun: input.dryRun, rows: records.length, stored: 0, version: null, errors };
  if (errors.length || input.dryRun) return result;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO ethnic_minority_communes (id, unit_id, unit_path, valid_from, valid_to, decision, area, loaded_by)
          SELECT x.id, x.unit_id, x.unit_path::ltree, x.valid_from, x.valid_to, x.decision, x.area, ${actor.username}
          FROM jsonb_to_recordset(${JSON.stringify(good.map((g) => ({ id: uuidv7(), unit_id: g.unitId, unit_path: g.unitPath, valid_from: g.validFrom, valid_to: g.validTo, decision: g.decision, area: g.area })))}::jsonb)
            AS x(id uuid, unit_id uuid, unit_path text, valid_from date, valid_to date, decision text, area text)
          ON CONFLICT (unit_id, valid_from) DO UPDATE SET valid_to = EXCLUDED.valid_to, decision = EXCLUDED.decision,
            area = EXCLUDED.area, loaded_by = EXCLUDED.loaded_by, updated_at = now()`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'ethnic_minority_communes',
      details: { fileName: input.fileName, rows: good.length },
    });
  });
  return { ...result, stored: good.length };
}

/** The ethnic-minority communes under a unit (default the actor's scope), with their decisions. */
export async function listEthnicMinorityCommunes(
  db: Executor,
  actor: Actor,
  unitCode?: string,
): Promise<
  {
    unitCode: string;
    unitName: string;
    validFrom: string;
    validTo: string | null;
    decision: string;
    area: string | null;
  }[]
> {
  requirePermission(actor, 'network.read');
  const under = unitCode ? (await getUnit(db, actor, unitCode)).path : actor.scopePath;
  return rows(
    db,
    sql`SELECT u.code AS "unitCode", u.full_name AS "unitName", e.valid_from::text AS "validFrom", e.valid_to::text AS "validTo",
          e.decision, e.area
        FROM ethnic_minority_communes e JOIN ${unitsRelation} u ON u.id = e.unit_id
        WHERE e.unit_path <@ ${under}::ltree ORDER BY u.code, e.valid_from LIMIT 5000`,
  );
}
