// The national commune health criteria (bộ tiêu chí quốc gia về y tế xã, Decision 1300/QĐ-BYT): the
// versions as data, a commune's yearly self-assessment (tự đánh giá) pre-filled from what ytcs knows,
// its submission by the station and its review by the upper level (the province), and the evidence
// files. Scoring is scoring.ts; T7's counters are counters.ts.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, deniedNotFound, invalid, notFound, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getUnit, networkCounters, unitsRelation } from '../network/index.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import { recordsOfFile } from '../../core/upload-records.js';
import { criteriaFromRecords } from './file.js';
import {
  criteriaSetDefinition,
  PREFILL_INDICATORS,
  type CriteriaFileResult,
  type CriteriaFileUpload,
  type PrefillKey,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  type AssessmentOut,
  type AssessmentStatus,
  type AssessmentSummary,
  type CriteriaSetDefinition,
  type CriteriaSetOut,
  type PrefillValue,
} from './contracts.js';
import { missingScores, scoreAssessment, scoreErrors, validUntil } from './scoring.js';

export const CRITERIA_FILE = fileURLToPath(
  new URL('../../../reference/criteria/criteria-1300.json', import.meta.url),
);
const DATASET = 'criteria:1300';

/**
 * How the criteria module reads an indicator's value (the indicators module's `indicatorValues`, handed
 * in by the server: the indicators module sits above this one, as it groups this module's counters).
 */
export type IndicatorValuesReader = (
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  period: string,
  children: boolean,
) => Promise<{ values: { value: number | null; numerator: number; denominator: number; asOf: string }[] }>;

interface SetRow {
  id: string;
  code: string;
  version: number;
  validFrom: string;
  validTo: string | null;
  definition: CriteriaSetDefinition;
}
const setColumns = sql`id, code, version, valid_from::text AS "validFrom", valid_to::text AS "validTo", definition`;
const setOut = (r: SetRow): CriteriaSetOut => ({ ...r, version: Number(r.version) });

async function insertSet(
  db: Executor,
  def: CriteriaSetDefinition,
  checksum: string,
  by: string,
): Promise<string> {
  const id = uuidv7();
  const [row] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO criteria_sets (id, code, version, valid_from, valid_to, definition, checksum, loaded_by)
        VALUES (${id}, ${def.code}, ${def.version}, ${def.validFrom}, ${def.validTo}, ${JSON.stringify(def)}::jsonb, ${checksum}, ${by})
        ON CONFLICT (code, version) DO UPDATE SET valid_from = excluded.valid_from, valid_to = excluded.valid_to,
          definition = excluded.definition, checksum = excluded.checksum, loaded_by = excluded.loaded_by, loaded_at = now()
        RETURNING id`,
  );
  return row!.id;
}

/** Loads reference/criteria/criteria-1300.json when it changed since the last load; its criteria count, or null. */
export async function loadCriteriaReference(db: Orm, file = CRITERIA_FILE): Promise<number | null> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, DATASET)) === checksum) return null;
  const def = criteriaSetDefinition.parse(JSON.parse(text));
  await db.transaction(async (tx) => {
    await insertSet(tx, def, checksum, 'reference');
    await recordDatasetLoad(tx, DATASET, checksum, def.criteria.length);
  });
  return def.criteria.length;
}

/** An administrator loads a version (e.g. the decision's appendix with its indicators and knock-outs). */
export async function loadCriteriaSet(
  db: Orm,
  actor: Actor,
  def: CriteriaSetDefinition,
): Promise<CriteriaSetOut> {
  requirePermission(actor, 'criteria.manage');
  const checksum = createHash('sha256').update(JSON.stringify(def)).digest('hex');
  return db.transaction(async (tx) => {
    const [used] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM criteria_assessments a JOIN criteria_sets s ON s.id = a.set_id
          WHERE s.code = ${def.code} AND s.version = ${def.version}`,
    );
    if (used!.n > 0)
      throw conflict(
        `Version ${def.version} of ${def.code} already scores assessments; load it as a new version`,
        [{ path: 'body.version', code: 'in_use', message: 'this version already scores assessments' }],
      );
    const id = await insertSet(tx, def, checksum, actor.username);
    await audit(tx, actor, {
      action: 'create',
      entityType: 'criteria_set',
      entityId: id,
      details: { code: def.code, version: def.version },
    });
    const [row] = await rows<SetRow>(tx, sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${id}`);
    return setOut(row!);
  });
}

/**
 * An administrator's version from a CSV or XLSX table (criterion rows and indicator rows, see
 * contracts.ts): checked row by row; stored as `loadCriteriaSet` stores it unless a dry run or an error.
 */
export async function loadCriteriaFile(
  db: Orm,
  actor: Actor,
  input: CriteriaFileUpload,
): Promise<CriteriaFileResult> {
  requirePermission(actor, 'criteria.manage');
  const records = await recordsOfFile(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  const { fileName: _f, contentBase64: _c, dryRun, ...header } = input;
  const read = criteriaFromRecords(records, {
    ...header,
    passRule: header.passRule ?? { minTotal: 80, minShareOfEach: 0.5 },
    validityYears: header.validityYears ?? 3,
  });
  const result: CriteriaFileResult = {
    dryRun: dryRun ?? true,
    rows: records.length,
    criteria: read.criteria,
    indicators: read.indicators,
    errors: read.errors,
    definition: read.definition,
    set: null,
  };
  if (!read.definition || result.dryRun) return result;
  return { ...result, set: await loadCriteriaSet(db, actor, read.definition) };
}

/** The versions loaded, newest first. */
export async function listCriteriaSets(db: Executor, actor: Actor): Promise<CriteriaSetOut[]> {
  requirePermission(actor, 'network.read');
  return (
    await rows<SetRow>(
      db,
      sql`SELECT ${setColumns} FROM criteria_sets ORDER BY valid_from DESC, version DESC`,
    )
  ).map(setOut);
}

/** The version in force on a day (the latest valid_from on or before it). */
async function setInForce(db: Executor, day: string): Promise<SetRow> {
  const [row] = await rows<SetRow>(
    db,
    sql`SELECT ${setColumns} FROM criteria_sets WHERE valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)
        ORDER BY valid_from DESC, version DESC LIMIT 1`,
  );
  if (!row)
    throw invalid([
      {
        path: 'body.year',
        code: 'no_criteria',
        message: `No criteria version in force on ${day}`,
        text: {
          vi: `Chưa có bộ tiêu chí có hiệu lực ngày ${day}`,
          en: `No criteria version in force on ${day}`,
        },
      },
    ]);
  return row;
}

const pct = (n: number | null) =>
  n === null ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

/**
 * What ytcs already knows about a commune, each with its source: a doctor at the station (network's
 * staff, as T1 counts it, today), insurance coverage (T3) and the health-managed share (T5) of the
 * running month (the indicators' stored values), and every other indicator value the version's
 * indicators name in their `prefill` (PREFILL_INDICATORS: T2, T4, T8, T9, T11, maternal, nutrition).
 */
export async function prefillFor(
  db: Executor,
  actor: Actor,
  unit: { code: string; path: string },
  readIndicator: IndicatorValuesReader | undefined,
  /** The pre-fill keys the version's indicators name (more than the three always shown). */
  keys?: PrefillKey[],
): Promise<PrefillValue[]> {
  const day = today();
  const ctx = { periodStart: `${day.slice(0, 7)}-01`, periodEnd: day, asOf: day };
  const count = async (c: keyof typeof networkCounters) => {
    const [r] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM (${networkCounters[c]!(ctx)}) f WHERE f.unit_path <@ ${unit.path}::ltree`,
    );
    return r!.n;
  };
  const stations = await count('stations');
  const withDoctor = await count('stations_with_fulltime_doctor');
  const doctor: PrefillValue = {
    key: 'station_doctor',
    value: stations === 0 ? null : withDoctor > 0 ? 1 : 0,
    display:
      stations === 0
        ? { vi: 'Chưa khai báo trạm y tế', en: 'No station on record' }
        : withDoctor > 0
          ? { vi: 'Trạm có bác sĩ làm việc toàn thời gian', en: 'The station has a full-time doctor' }
          : { vi: 'Trạm chưa có bác sĩ toàn thời gian', en: 'The station has no full-time doctor' },
    source: {
      vi: 'Mạng lưới: danh sách nhân viên của trạm (cách tính chỉ tiêu T1)',
      en: "Network: the station's staff list (as target T1 counts it)",
    },
    asOf: day,
  };
  const fromIndicator = async (key: Exclude<PrefillKey, 'station_doctor'>): Promise<PrefillValue> => {
    const { code, ...label } = PREFILL_INDICATORS[key];
    const period = day.slice(0, 7);
    let value: number | null = null;
    let asOf = day;
    if (readIndicator) {
      try {
        const v = (await readIndicator(db, actor, code, unit.code, period, false)).values[0];
        value = v?.value ?? null;
        asOf = v?.asOf ?? day;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
      }
    }
    return {
      key,
      value,
      display: { vi: `${label.vi}: ${pct(value)}`, en: `${label.en}: ${pct(value)}` },
      source: { vi: `Chỉ tiêu ${code}, tháng ${period}`, en: `Indicator ${code}, month ${period}` },
      asOf,
    };
  };
  // The three shown since the first version, and whatever the version's indicators ask for.
  const wanted = new Set<PrefillKey>(['insurance_coverage', 'health_managed_share', ...(keys ?? [])]);
  wanted.delete('station_doctor');
  const out: PrefillValue[] = [doctor];
  for (const key of wanted) out.push(await fromIndicator(key as Exclude<PrefillKey, 'station_doctor'>));
  return out;
}

interface AssessmentRow {
  id: string;
  unitCode: string;
  unitName: string;
  unitPath: string;
  year: number;
  status: AssessmentStatus;
  setId: string;
  scores: Record<string, number>;
  prefill: PrefillValue[];
  total: number;
  passed: boolean;
  note: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
  approvedOn: string | null;
  validUntil: string | null;
}
const assessmentColumns = sql`a.id, u.code AS "unitCode", u.full_name AS "unitName", a.unit_path::text AS "unitPath", a.year,
  a.status, a.set_id AS "setId", a.scores, a.prefill, a.total::float8 AS total, a.passed, a.note,
  to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "submittedAt", a.submitted_by AS "submittedBy",
  to_char(a.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "reviewedAt", a.reviewed_by AS "reviewedBy",
  a.review_note AS "reviewNote", a.approved_on::text AS "approvedOn", a.valid_until::text AS "validUntil"`;

async function findAssessment(db: Executor, actor: Actor, id: string, lock = false): Promise<AssessmentRow> {
  const [row] = await rows<AssessmentRow>(
    db,
    sql`SELECT ${assessmentColumns} FROM criteria_assessments a JOIN ${unitsRelation} u ON u.id = a.unit_id
        WHERE a.id = ${id} ${lock ? sql`FOR UPDATE OF a` : sql``}`,
  );
  if (!row || !inScope(actor, row.unitPath))
    throw deniedNotFound('Assessment', { entityType: 'criteria_assessment', entityId: id });
  return row;
}

async function toOut(db: Executor, row: AssessmentRow): Promise<AssessmentOut> {
  const [set] = await rows<SetRow>(db, sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${row.setId}`);
  const evidence = await rows<AssessmentOut['evidence'][number]>(
    db,
    sql`SELECT id, indicator_code AS "indicatorCode", file_name AS "fileName", media_type AS "mediaType", size,
          uploaded_by AS "uploadedBy", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
        FROM criteria_evidence WHERE assessment_id = ${row.id} ORDER BY created_at`,
  );
  const def = set!.definition;
  return {
    id: row.id,
    unitCode: row.unitCode,
    unitName: row.unitName,
    year: Number(row.year),
    status: row.status,
    set: setOut(set!),
    scores: row.scores,
    prefill: row.prefill,
    score: scoreAssessment(def, row.scores),
    note: row.note,
    submittedAt: row.submittedAt,
    submittedBy: row.submittedBy,
    reviewedAt: row.reviewedAt,
    reviewedBy: row.reviewedBy,
    reviewNote: row.reviewNote,
    approvedOn: row.approvedOn,
    validUntil: row.validUntil,
    evidence: evidence.map((e) => ({ ...e, size: Number(e.size) })),
  };
}

/** Opens a commune's self-assessment for a year: a draft scored by the version in force at the year's end. */
export async function openAssessment(
  db: Orm,
  actor: Actor,
  input: { unitCode: string; year: number },
  readIndicator?: IndicatorValuesReader,
): Promise<AssessmentOut> {
  requirePermission(actor, 'criteria.assess');
  const unit = await getUnit(db, actor, input.unitCode);
  if (unit.level !== 'commune')
    throw invalid([
      {
        path: 'body.unitCode',
        code: 'not_a_commune',
        message: 'The criteria assess a commune',
        text: { vi: 'Bộ tiêu chí đánh giá cấp xã: hãy chọn một xã', en: 'The criteria assess a commune' },
      },
    ]);
  const yearEnd = `${input.year}-12-31`;
  const set = await setInForce(db, yearEnd < today() ? yearEnd : today());
  const keys = set.definition.criteria.flatMap((c) => c.indicators.flatMap((i) => i.prefill));
  const prefill = await prefillFor(db, actor, unit, readIndicator, keys);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    const [exists] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM criteria_assessments WHERE unit_id = ${unit.id} AND year = ${input.year}`,
    );
    if (exists)
      throw conflict(`The commune already has an assessment for ${input.year}`, [
        {
          path: 'body.year',
          code: 'exists',
          message: `The commune already has an assessment for ${input.year}`,
          text: {
            vi: `Xã đã có bản tự đánh giá năm ${input.year}`,
            en: `The commune already has an assessment for ${input.year}`,
          },
        },
      ]);
    const score = scoreAssessment(set.definition, {});
    await tx.execute(
      sql`INSERT INTO criteria_assessments (id, unit_id, unit_path, year, set_id, status, scores, prefill, total, passed, created_by)
          VALUES (${id}, ${unit.id}, ${unit.path}::ltree, ${input.year}, ${set.id}, 'draft', '{}'::jsonb,
            ${JSON.stringify(prefill)}::jsonb, ${score.total}, ${score.passed}, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'criteria_assessment',
      entityId: id,
      unitPath: unit.path,
      details: { year: input.year },
    });
    return toOut(tx, await findAssessment(tx, actor, id));
  });
}

export async function getAssessment(db: Executor, actor: Actor, id: string): Promise<AssessmentOut> {
  requirePermission(actor, 'network.read');
  return toOut(db, await findAssessment(db, actor, id));
}

/** Assessments in the actor's scope (or under a unit), newest year first. */
export async function listAssessments(
  db: Executor,
  actor: Actor,
  filter: { unitCode?: string | undefined; status?: AssessmentStatus | undefined; year?: number | undefined },
): Promise<AssessmentSummary[]> {
  requirePermission(actor, 'network.read');
  const under = filter.unitCode ? (await getUnit(db, actor, filter.unitCode)).path : actor.scopePath;
  const list = await rows<AssessmentSummary>(
    db,
    sql`SELECT a.id, u.code AS "unitCode", u.full_name AS "unitName", a.year, a.status, a.total::float8 AS total, a.passed,
          a.approved_on::text AS "approvedOn", a.valid_until::text AS "validUntil"
        FROM criteria_assessments a JOIN ${unitsRelation} u ON u.id = a.unit_id
        WHERE a.unit_path <@ ${under}::ltree
          ${filter.status ? sql`AND a.status = ${filter.status}` : sql``}
          ${filter.year ? sql`AND a.year = ${filter.year}` : sql``}
        ORDER BY a.year DESC, u.code LIMIT 1000`,
  );
  return list.map((r) => ({ ...r, year: Number(r.year) }));
}

const notEditable = (status: string) =>
  conflict(`The assessment is ${status}: it can no longer be changed`, [
    {
      path: 'status',
      code: 'not_editable',
      message: `The assessment is ${status}`,
      text: {
        vi:
          status === 'approved'
            ? 'Bản tự đánh giá đã được công nhận, không sửa được'
            : 'Bản tự đánh giá đã gửi, đang chờ thẩm định',
        en:
          status === 'approved'
            ? 'The assessment is approved and can no longer be changed'
            : 'The assessment was submitted and awaits review',
      },
    },
  ]);

/** The station saves points (and a note) on a draft or a returned assessment. */
export async function updateAssessment(
  db: Orm,
  actor: Actor,
  id: string,
  input: { scores: Record<string, number>; note?: string | null | undefined },
): Promise<AssessmentOut> {
  requirePermission(actor, 'criteria.assess');
  return db.transaction(async (tx) => {
    const row = await findAssessment(tx, actor, id, true);
    if (row.status !== 'draft' && row.status !== 'returned') throw notEditable(row.status);
    const [set] = await rows<SetRow>(
      tx,
      sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${row.setId}`,
    );
    const errors = scoreErrors(set!.definition, input.scores);
    if (errors.length) throw invalid(errors, 'Some points are not valid for these criteria');
    const score = scoreAssessment(set!.definition, input.scores);
    await tx.execute(
      sql`UPDATE criteria_assessments SET scores = ${JSON.stringify(input.scores)}::jsonb, total = ${score.total},
            passed = ${score.passed}, note = ${input.note ?? null}, updated_at = now() WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'criteria_assessment',
      entityId: id,
      unitPath: row.unitPath,
      details: { total: score.total },
    });
    return toOut(tx, await findAssessment(tx, actor, id));
  });
}

/** The station submits the assessment to the upper level: every indicator must have its points. */
export async function submitAssessment(db: Orm, actor: Actor, id: string): Promise<AssessmentOut> {
  requirePermission(actor, 'criteria.assess');
  return db.transaction(async (tx) => {
    const row = await findAssessment(tx, actor, id, true);
    if (row.status !== 'draft' && row.status !== 'returned') throw notEditable(row.status);
    const [set] = await rows<SetRow>(
      tx,
      sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${row.setId}`,
    );
    const missing = missingScores(set!.definition, row.scores, 'scores');
    if (missing.length) throw invalid(missing, 'Give every indicator its points before submitting');
    await tx.execute(
      sql`UPDATE criteria_assessments SET status = 'submitted', submitted_at = now(), submitted_by = ${actor.username}, updated_at = now() WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'criteria_assessment',
      entityId: id,
      unitPath: row.unitPath,
      details: { status: 'submitted' },
    });
    return toOut(tx, await findAssessment(tx, actor, id));
  });
}

/**
 * The upper level reviews a submitted assessment: approves it (the result, met or not, stands from
 * today for the version's validity years) or returns it to the station with a note.
 */
export async function reviewAssessment(
  db: Orm,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'return'; note?: string | null | undefined },
): Promise<AssessmentOut> {
  requirePermission(actor, 'criteria.review');
  return db.transaction(async (tx) => {
    const row = await findAssessment(tx, actor, id, true);
    if (row.unitPath === actor.scopePath)
      throw new AppError('forbidden', 'A commune does not approve its own assessment');
    if (row.status !== 'submitted')
      throw conflict(`Only a submitted assessment is reviewed (this one is ${row.status})`, [
        {
          path: 'status',
          code: 'not_submitted',
          message: `The assessment is ${row.status}`,
          text: {
            vi: 'Chỉ thẩm định bản tự đánh giá đã gửi',
            en: `Only a submitted assessment is reviewed (this one is ${row.status})`,
          },
        },
      ]);
    if (input.decision === 'return' && !input.note?.trim())
      throw invalid([
        {
          path: 'body.note',
          code: 'required',
          message: 'Say why the assessment is returned',
          text: { vi: 'Hãy ghi lý do trả lại', en: 'Say why the assessment is returned' },
        },
      ]);
    const [set] = await rows<SetRow>(
      tx,
      sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${row.setId}`,
    );
    const day = today();
    if (input.decision === 'approve')
      await tx.execute(
        sql`UPDATE criteria_assessments SET status = 'approved', reviewed_at = now(), reviewed_by = ${actor.username},
              review_note = ${input.note ?? null}, approved_on = ${day}::date,
              valid_until = ${validUntil(day, set!.definition.validityYears)}::date, updated_at = now() WHERE id = ${id}`,
      );
    else
      await tx.execute(
        sql`UPDATE criteria_assessments SET status = 'returned', reviewed_at = now(), reviewed_by = ${actor.username},
              review_note = ${input.note ?? null}, updated_at = now() WHERE id = ${id}`,
      );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'criteria_assessment',
      entityId: id,
      unitPath: row.unitPath,
      details: { decision: input.decision },
    });
    return toOut(tx, await findAssessment(tx, actor, id));
  });
}

/** Adds an evidence file (PDF, JPEG, PNG; at most 2 MB, 20 files an assessment), kept in the database. */
export async function addEvidence(
  db: Orm,
  actor: Actor,
  id: string,
  input: { indicatorCode: string; fileName: string; mediaType: string; contentBase64: string },
): Promise<AssessmentOut> {
  requirePermission(actor, 'criteria.assess');
  const content = Buffer.from(input.contentBase64, 'base64');
  const errors: FieldError[] = [];
  if (content.length === 0 || content.length > EVIDENCE_MAX_BYTES)
    errors.push({
      path: 'body.contentBase64',
      code: 'too_big',
      message: `A file has at most ${EVIDENCE_MAX_BYTES} bytes`,
      text: { vi: 'Tệp minh chứng tối đa 2 MB', en: 'An evidence file has at most 2 MB' },
    });
  return db.transaction(async (tx) => {
    const row = await findAssessment(tx, actor, id, true);
    if (row.status !== 'draft' && row.status !== 'returned') throw notEditable(row.status);
    const [set] = await rows<SetRow>(
      tx,
      sql`SELECT ${setColumns} FROM criteria_sets WHERE id = ${row.setId}`,
    );
    if (!set!.definition.criteria.some((c) => c.indicators.some((i) => i.code === input.indicatorCode)))
      errors.push({
        path: 'body.indicatorCode',
        code: 'unknown_indicator',
        message: `No indicator ${input.indicatorCode}`,
        text: { vi: `Không có chỉ tiêu ${input.indicatorCode}`, en: `No indicator ${input.indicatorCode}` },
      });
    const [n] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM criteria_evidence WHERE assessment_id = ${id}`,
    );
    if (n!.n >= EVIDENCE_MAX_FILES)
      errors.push({
        path: 'body',
        code: 'too_many_files',
        message: `At most ${EVIDENCE_MAX_FILES} files an assessment`,
        text: {
          vi: `Tối đa ${EVIDENCE_MAX_FILES} tệp cho một bản tự đánh giá`,
          en: `At most ${EVIDENCE_MAX_FILES} files an assessment`,
        },
      });
    if (errors.length) throw invalid(errors);
    const fileId = randomUUID();
    await tx.execute(
      sql`INSERT INTO criteria_evidence (id, assessment_id, indicator_code, file_name, media_type, size, content, uploaded_by)
          VALUES (${fileId}, ${id}, ${input.indicatorCode}, ${input.fileName}, ${input.mediaType}, ${content.length},
            decode(${input.contentBase64}, 'base64'), ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'criteria_evidence',
      entityId: fileId,
      unitPath: row.unitPath,
    });
    return toOut(tx, await findAssessment(tx, actor, id));
  });
}

/** An evidence file's content, for download. */
export async function evidenceFile(
  db: Executor,
  actor: Actor,
  id: string,
  fileId: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  requirePermission(actor, 'network.read');
  await findAssessment(db, actor, id);
  const [f] = await rows<{ fileName: string; mediaType: string; content: string }>(
    db,
    sql`SELECT file_name AS "fileName", media_type AS "mediaType", encode(content, 'base64') AS content
        FROM criteria_evidence WHERE id = ${fileId} AND assessment_id = ${id}`,
  );
  if (!f) throw notFound('Evidence file');
  return { fileName: f.fileName, mediaType: f.mediaType, content: Buffer.from(f.content, 'base64') };
}
