// Case reports of notifiable diseases (báo cáo trường hợp bệnh truyền nhiễm, Circular 54/2015): a
// disease of the list in force on the onset day, a resident (people's index) or a person not on record,
// the place down to the hamlet, the classification, hospitalisation and outcome. Each report and change
// is judged against the disease's threshold in its own transaction (alerts.ts). Every read and write of
// a case is kept to the actor's area and audited.
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { findUnit, unitsRelation } from '../network/index.js';
import { patientsById } from '../people/index.js';
import {
  addDays,
  weekLabel,
  weekStart,
  type CaseClassification,
  type CaseInputParsed,
  type CaseOut,
  type CaseOutcome,
  type CaseUpdateInput,
} from './contracts.js';
import { diseaseOn, diseasesOn } from './definitions.js';
import { evaluateCase } from './alerts.js';

const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

/** The longest a report may come after the onset (a case older than a year is history, not surveillance). */
const LONGEST_DELAY_DAYS = 366;

/** A commune or hamlet of the actor's area by its code, or a 422 on `path`. */
export async function placeInArea(
  db: Executor,
  actor: Actor,
  code: string,
  path: string,
): Promise<{ path: string; name: string; code: string }> {
  const unit = await findUnit(db, { code });
  if (!unit || !['commune', 'hamlet'].includes(unit.level) || !inScope(actor, unit.path))
    throw invalid([
      fieldError(
        path,
        'not_a_place_of_area',
        'not a commune or hamlet of your area',
        'Không phải xã hoặc thôn thuộc địa bàn của bạn',
      ),
    ]);
  return { path: unit.path, name: unit.fullName ?? unit.name, code: unit.code };
}

interface CaseRow {
  id: string;
  disease: string;
  residentId: string | null;
  personName: string | null;
  personSex: string | null;
  personBirthYear: number | null;
  addressLine: string | null;
  unitPath: string;
  unitCode: string | null;
  unitName: string | null;
  onsetOn: string;
  onsetWeek: string;
  reportedOn: string;
  classification: CaseClassification;
  hospitalised: boolean;
  outcome: CaseOutcome;
  note: string | null;
  reportedBy: string;
}

const SELECT_CASE = sql`SELECT c.id, c.disease, c.resident_id AS "residentId", c.person_name AS "personName",
  c.person_sex AS "personSex", c.person_birth_year AS "personBirthYear", c.address_line AS "addressLine",
  c.unit_path::text AS "unitPath", u.code AS "unitCode", u.full_name AS "unitName", c.onset_on::text AS "onsetOn",
  c.onset_week::text AS "onsetWeek", c.reported_on::text AS "reportedOn", c.classification, c.hospitalised, c.outcome,
  c.note, c.reported_by AS "reportedBy"
  FROM disease_cases c LEFT JOIN ${unitsRelation} u ON u.path = c.unit_path`;

/** The cases as the API shows them: the disease's name, the person's identity. */
async function present(db: Executor, found: CaseRow[]): Promise<CaseOut[]> {
  if (!found.length) return [];
  const people = await patientsById(db, [
    ...new Set(found.map((c) => c.residentId).filter((id): id is string => !!id)),
  ]);
  const names = new Map<string, string>();
  for (const c of found)
    if (!names.has(c.disease)) {
      const { diseases } = await diseasesOn(db, c.onsetOn);
      for (const d of diseases) if (!names.has(d.code)) names.set(d.code, d.vi);
    }
  return found.map((c) => {
    const p = c.residentId ? people.get(c.residentId) : undefined;
    return {
      id: c.id,
      disease: c.disease,
      diseaseName: names.get(c.disease) ?? c.disease,
      residentId: c.residentId,
      fullName: p?.fullName ?? c.personName ?? '',
      sex: p?.sex ?? c.personSex,
      birthYear: p?.birthYear ?? c.personBirthYear,
      addressLine: c.addressLine ?? p?.address ?? null,
      unitPath: c.unitPath,
      unitCode: c.unitCode,
      unitName: c.unitName,
      onsetOn: c.onsetOn,
      onsetWeek: weekLabel(c.onsetOn),
      reportedOn: c.reportedOn,
      classification: c.classification,
      hospitalised: c.hospitalised,
      outcome: c.outcome,
      note: c.note,
      reportedBy: c.reportedBy,
    };
  });
}

/** A case of the actor's area (404 otherwise, the refusal audited). */
async function caseInScope(db: Executor, actor: Actor, id: string, op: string): Promise<CaseRow> {
  const [c] = await rows<CaseRow>(db, sql`${SELECT_CASE} WHERE c.id = ${id}`);
  const outside = c !== undefined && !inScope(actor, c.unitPath);
  if (!c || outside)
    throw new AppError('not-found', 'Case not found', {
      ...(outside
        ? {
            denial: {
              entityType: c.residentId ? 'person' : 'disease_case',
              entityId: c.residentId ?? id,
              details: { op, caseId: id },
            },
          }
        : {}),
    });
  return c;
}

async function auditCase(
  db: Executor,
  actor: Actor,
  action: 'read' | 'create' | 'update',
  c: { id: string; residentId: string | null; unitPath: string },
  op: string,
) {
  await audit(db, actor, {
    action,
    entityType: c.residentId ? 'person' : 'disease_case',
    entityId: c.residentId ?? c.id,
    unitPath: c.unitPath,
    details: { op, caseId: c.id },
  });
}

/**
 * Reports a case: the dates checked (no report in the future, no onset after the report, no report
 * more than a year after the onset), the disease on the list in force on the onset day, the place in
 * the actor's area; then the week judged at the commune and the province, in the same transaction.
 */
export async function reportCase(db: Orm, actor: Actor, input: CaseInputParsed): Promise<CaseOut> {
  requirePermission(actor, 'person.write');
  const errors: FieldError[] = [];
  if (input.reportedOn > today())
    errors.push(
      fieldError('reportedOn', 'in_future', 'the report date is in the future', 'Ngày báo cáo ở tương lai'),
    );
  if (input.onsetOn > input.reportedOn)
    errors.push(
      fieldError(
        'onsetOn',
        'after_report',
        'the onset is after the report date',
        'Ngày khởi phát sau ngày báo cáo',
      ),
    );
  else if (input.onsetOn < addDays(input.reportedOn, -LONGEST_DELAY_DAYS))
    errors.push(
      fieldError(
        'onsetOn',
        'too_old',
        'the onset is more than a year before the report',
        'Ngày khởi phát trước ngày báo cáo hơn một năm',
      ),
    );
  if (errors.length) throw invalid(errors);
  return db.transaction(async (tx) => {
    await diseaseOn(tx, input.disease, input.onsetOn, 'disease', 'onsetOn');
    let unitPath: string;
    let residentId: string | null = null;
    if (input.residentId) {
      const p = (await patientsById(tx, [input.residentId])).get(input.residentId);
      const outside = p !== undefined && !inScope(actor, p.unitPath);
      if (!p || outside || p.status === 'merged')
        throw new AppError('not-found', 'Resident not found', {
          ...(outside
            ? { denial: { entityType: 'person', entityId: input.residentId, details: { op: 'report_case' } } }
            : {}),
        });
      if (p.birthDate && input.onsetOn < p.birthDate)
        throw invalid([
          fieldError(
            'onsetOn',
            'before_birth',
            'the onset is before the birth',
            'Ngày khởi phát trước ngày sinh',
          ),
        ]);
      residentId = p.id;
      unitPath = input.unitCode
        ? (await placeInArea(tx, actor, input.unitCode, 'unitCode')).path
        : p.unitPath;
    } else {
      if (!input.unitCode)
        throw invalid([
          fieldError(
            'unitCode',
            'required',
            'the place of a person not on record is required',
            'Cần nhập nơi ở (xã, thôn) của người bệnh',
          ),
        ]);
      unitPath = (await placeInArea(tx, actor, input.unitCode, 'unitCode')).path;
    }
    const id = newId();
    await tx.execute(
      sql`INSERT INTO disease_cases (id, disease, resident_id, person_name, person_sex, person_birth_year, address_line,
            unit_path, onset_on, onset_week, reported_on, classification, hospitalised, outcome, note, reported_by)
          VALUES (${id}, ${input.disease}, ${residentId}, ${input.person?.fullName ?? null}, ${input.person?.sex ?? null},
            ${input.person?.birthYear ?? null}, ${input.addressLine ?? null}, ${unitPath}::ltree, ${input.onsetOn}::date,
            ${weekStart(input.onsetOn)}::date, ${input.reportedOn}::date, ${input.classification}, ${input.hospitalised},
            ${input.outcome}, ${input.note ?? null}, ${actor.username})`,
    );
    const alerts = await evaluateCase(tx, { id, disease: input.disease, unitPath, onsetOn: input.onsetOn });
    await auditCase(tx, actor, 'create', { id, residentId, unitPath }, 'report_case');
    const [row] = await rows<CaseRow>(tx, sql`${SELECT_CASE} WHERE c.id = ${id}`);
    return { ...(await present(tx, [row!]))[0]!, alerts };
  });
}

/** A case with its person. */
export async function getCase(db: Executor, actor: Actor, id: string): Promise<CaseOut> {
  requirePermission(actor, 'person.read');
  const c = await caseInScope(db, actor, id, 'case');
  await auditCase(db, actor, 'read', c, 'case');
  return (await present(db, [c]))[0]!;
}

/** A later change to a case (the lab result, hospitalisation, outcome); the week judged again. */
export async function updateCase(
  db: Orm,
  actor: Actor,
  id: string,
  input: CaseUpdateInput,
): Promise<CaseOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, id, 'update_case');
    await tx.execute(
      sql`UPDATE disease_cases SET classification = ${input.classification ?? c.classification},
            hospitalised = ${input.hospitalised ?? c.hospitalised}, outcome = ${input.outcome ?? c.outcome},
            note = ${input.note === undefined ? c.note : input.note}, updated_at = now() WHERE id = ${id}`,
    );
    const alerts = await evaluateCase(tx, c);
    await auditCase(tx, actor, 'update', c, 'update_case');
    const [row] = await rows<CaseRow>(tx, sql`${SELECT_CASE} WHERE c.id = ${id}`);
    return { ...(await present(tx, [row!]))[0]!, alerts };
  });
}

/** The cases of the actor's area (or a unit of it), newest onset first. */
export async function listCases(
  db: Executor,
  actor: Actor,
  q: {
    unit?: string | undefined;
    disease?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<Page<CaseOut>> {
  requirePermission(actor, 'person.read');
  let under = actor.scopePath;
  if (q.unit) {
    const unit = await findUnit(db, { code: q.unit });
    if (!unit || !inScope(actor, unit.path))
      throw new AppError('not-found', 'Unit not found', {
        denial: { entityType: 'unit', entityId: q.unit },
      });
    under = unit.path;
  }
  const page = await rows<CaseRow & { total: number }>(
    db,
    sql`SELECT x.*, count(*) OVER ()::int AS total FROM (${SELECT_CASE}
          WHERE c.unit_path <@ ${under}::ltree
            ${q.disease ? sql`AND c.disease = ${q.disease}` : sql``}
            ${q.from ? sql`AND c.onset_on >= ${q.from}::date` : sql``}
            ${q.to ? sql`AND c.onset_on <= ${q.to}::date` : sql``}) x
        ORDER BY x."onsetOn" DESC, x.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const items = await present(
    db,
    page.map(({ total: _t, ...c }) => c),
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    entityId: null,
    unitPath: under,
    details: {
      op: 'disease_cases',
      filter: { disease: q.disease ?? null, from: q.from ?? null, to: q.to ?? null },
      ids: [...new Set(items.map((c) => c.residentId).filter(Boolean))],
      cases: items.map((c) => c.id),
    },
  });
  return { items, total: page[0]?.total ?? 0, limit: q.limit, offset: q.offset };
}

/** A resident's case reports, newest onset first (404 outside the actor's area, the refusal audited). */
export async function residentCases(db: Executor, actor: Actor, residentId: string): Promise<CaseOut[]> {
  requirePermission(actor, 'person.read');
  const p = (await patientsById(db, [residentId])).get(residentId);
  const outside = p !== undefined && !inScope(actor, p.unitPath);
  if (!p || outside)
    throw new AppError('not-found', 'Resident not found', {
      ...(outside
        ? { denial: { entityType: 'person', entityId: residentId, details: { op: 'disease_cases' } } }
        : {}),
    });
  const found = await rows<CaseRow>(
    db,
    sql`${SELECT_CASE} WHERE c.resident_id = ${residentId} ORDER BY c.onset_on DESC, c.id DESC`,
  );
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: residentId,
    unitPath: p.unitPath,
    details: { op: 'disease_cases', cases: found.map((c) => c.id) },
  });
  return present(db, found);
}
