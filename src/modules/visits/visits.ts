/**
 * Visits (lượt khám) at a station: recorded as drafts, finished, corrected. Every save writes a new
 * version with who and when (visit_versions); a finished visit is never edited in place. A visit is
 * seen by the actors whose area holds the facility; every read and write is audited as person-level
 * data (entity `person`, the patient's id).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { AppError, conflict, deniedNotFound, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import {
  asWarnings,
  evaluatePlausibility,
  fullYears,
  type PlausibilityFacts,
  type PlausibilityWarning,
} from '../../core/plausibility-contracts.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm, type Tx } from '../../db/connection.js';
import { audit, type AuditAction } from '../audit/index.js';
import { facilitiesRelation, staffRelation } from '../network/index.js';
import {
  appendExamination,
  cardOn,
  patientsById,
  residentsRelation,
  type PatientIdentity,
} from '../people/index.js';
import { codeDisplayVi, ICD10_SYSTEM, icd10Titles, plausibilityRules } from '../terminology/index.js';
import { today } from '../../core/clock.js';
import { itemsByCode } from './catalogues.js';
import {
  type CatalogueItemOut,
  type CatalogueKind,
  type DiagnosisOut,
  type VisitDetail,
  type VisitInputParsed,
  type VisitOut,
  type VisitPatient,
  type VisitStatus,
  type VisitSummary,
  type VisitUpdateParsed,
  type VisitVersionMeta,
  type VitalsOut,
  visitDocument,
  type VisitDocument,
} from './contracts.js';
import { computePayment, paymentRulesOn, round2 } from './payment.js';
import { visits, visitVersions } from './schema.js';

const iso = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function auditVisit(
  db: Executor,
  actor: Actor,
  action: AuditAction,
  residentId: string | null,
  unitPath: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await audit(db, actor, { action, entityType: 'person', entityId: residentId, unitPath, details });
}

const visitDenied = (id: string, op: string) =>
  deniedNotFound('Visit', { entityType: 'person', entityId: null, details: { op, visitId: id } });

// ---------------------------------------------------------------- checking and pricing an input

interface FacilityRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  unitPath: string;
}

async function facilityForVisit(db: Executor, actor: Actor, id: string): Promise<FacilityRow> {
  const [f] = await rows<FacilityRow>(
    db,
    sql`SELECT f.id, f.code, f.name, f.kind, f.unit_path::text AS "unitPath" FROM ${facilitiesRelation} f WHERE f.id = ${id}`,
  );
  const outside = f && !inScope(actor, f.unitPath);
  if (!f || outside)
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [{ path: 'facilityId', code: 'unknown_facility', message: 'no such facility in your area' }],
      ...(outside
        ? { denial: { entityType: 'facility', entityId: id, details: { op: 'record_visit' } } }
        : {}),
    });
  return f;
}

async function patientForVisit(db: Executor, actor: Actor, id: string): Promise<PatientIdentity> {
  const r = (await patientsById(db, [id])).get(id);
  const outside = r && !inScope(actor, r.unitPath);
  if (!r || outside || r.status === 'merged')
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        {
          path: 'residentId',
          code: r?.status === 'merged' ? 'resident_merged' : 'unknown_resident',
          message:
            r?.status === 'merged'
              ? `this record was merged into ${r.mergedIntoId}: record the visit there`
              : 'no such resident in your area',
        },
      ],
      ...(outside ? { denial: { entityType: 'person', entityId: id, details: { op: 'record_visit' } } } : {}),
    });
  return r;
}

type VisitContent = Omit<VisitUpdateParsed, 'baseVersion' | 'correctionReason'>;

/** BMI from height and weight, one decimal (null when either is missing). */
export function bmiOf(heightCm?: number | null, weightKg?: number | null): number | null {
  if (!heightCm || !weightKg) return null;
  const bmi = Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10;
  // Outside what a body can be: a typing error in height or weight, not a BMI to record.
  return bmi >= 5 && bmi <= 80 ? bmi : null;
}

/**
 * Checks an input against the lists in force on the visit date (clinician of the facility, ICD-10
 * codes, catalogue items) and prices it: the document a version stores. Every bad field is reported.
 */
/**
 * The facts the plausibility rules of a visit read: the visit date, the patient's birth (the first day
 * of the year when only the year is known: the earliest it can be) and age on the visit date, and each
 * vital sign as `vitals.<name>`.
 */
export function vitalFacts(
  input: Pick<VisitContent, 'visitDate' | 'vitals'>,
  patient: { birthDate: string | null; birthYear: number },
): PlausibilityFacts {
  const facts: Record<string, number | string | null> = {
    visitDate: input.visitDate,
    birthDate: patient.birthDate ?? `${patient.birthYear}-01-01`,
    ageYears: fullYears(patient.birthDate ?? `${patient.birthYear}-07-01`, input.visitDate),
  };
  for (const [name, value] of Object.entries(input.vitals ?? {}))
    if (typeof value === 'number') facts[`vitals.${name}`] = value;
  return facts;
}

async function buildDocument(
  db: Executor,
  facility: FacilityRow,
  residentId: string,
  input: VisitContent,
  finishing: boolean,
  warnings?: PlausibilityWarning[],
): Promise<VisitDocument> {
  const on = input.visitDate;
  const errors: FieldError[] = [];
  // Vitals and the visit date against the plausibility rules in force on the visit date: an impossible
  // value (a pressure of 60/140, a visit before birth) is an error, an unusual one a warning.
  const [patient] = (await patientsById(db, [residentId])).values();
  if (patient) {
    const findings = evaluatePlausibility(
      await plausibilityRules(db, 'visit'),
      'visit',
      on,
      vitalFacts(input, patient),
    );
    errors.push(
      ...findings.errors.map((e) => ({ path: e.path, code: e.code, message: e.message, text: e.text })),
    );
    warnings?.push(...asWarnings(findings.warnings));
  }
  const [clinician] = await rows<{ id: string }>(
    db,
    sql`SELECT s.id FROM ${staffRelation} s WHERE s.id = ${input.clinicianId} AND s.facility_id = ${facility.id}
          AND s.active_from <= ${on}::date AND (s.active_to IS NULL OR s.active_to >= ${on}::date)`,
  );
  if (!clinician)
    errors.push({
      path: 'clinicianId',
      code: 'unknown_clinician',
      message: `no staff member of ${facility.name} active on ${on} with this id`,
    });
  const main = input.diagnoses?.main ?? null;
  const others = input.diagnoses?.others ?? [];
  const titles = await icd10Titles(db, [...(main ? [main.code] : []), ...others.map((o) => o.code)], on);
  const diagnosis = (d: { code: string; note?: string | null | undefined }, path: string): DiagnosisOut => {
    const t = titles.get(d.code);
    if (!t)
      errors.push({
        path,
        code: 'unknown_icd10',
        message: `"${d.code}" is not an ICD-10 code valid on ${on}`,
      });
    return { code: d.code, title: t?.title ?? d.code, note: d.note ?? null };
  };
  const mainOut = main ? diagnosis(main, 'diagnoses.main.code') : null;
  const othersOut = others.map((o, i) => diagnosis(o, `diagnoses.others.${i}.code`));
  if (main && others.some((o) => o.code === main.code))
    errors.push({
      path: 'diagnoses.others',
      code: 'duplicate',
      message: `${main.code} is already the main diagnosis`,
    });
  if (finishing && !main)
    errors.push({
      path: 'diagnoses.main',
      code: 'required',
      message: 'a finished visit has a main diagnosis',
    });
  if (input.reExaminationDate && input.reExaminationDate <= on)
    errors.push({
      path: 'reExaminationDate',
      code: 'before_visit',
      message: `must be after the visit date ${on}`,
    });
  const priced = async <L extends { code: string; quantity: number }>(
    kind: CatalogueKind,
    field: string,
    lines: L[],
  ) => {
    const items = await itemsByCode(
      db,
      kind,
      lines.map((l) => l.code),
      on,
    );
    return lines.flatMap((l, i) => {
      const item = items.get(l.code);
      if (!item) {
        errors.push({
          path: `${field}.${i}.code`,
          code: 'unknown_item',
          message: `"${l.code}" is not a ${kind} of the catalogue valid on ${on}`,
        });
        return [];
      }
      return [{ line: l, item, amount: round2(l.quantity * item.price) }];
    });
  };
  const services = await priced('service', 'services', input.services);
  const supplies = await priced('supply', 'supplies', input.supplies);
  const drugs = await priced('drug', 'prescriptions', input.prescriptions);
  let rules: ReturnType<typeof paymentRulesOn> | undefined;
  try {
    rules = paymentRulesOn(on);
  } catch {
    errors.push({
      path: 'visitDate',
      code: 'no_payment_rules',
      message: `no payment rules (base salary, benefit levels) are in force on ${on}`,
    });
  }
  if (errors.length || !rules) throw invalid(errors);

  const { card, hadCard } = await cardOn(db, residentId, on);
  const base = (l: { quantity: number }, item: CatalogueItemOut, amount: number) => ({
    code: item.code,
    name: item.name,
    unit: item.unit,
    quantity: l.quantity,
    unitPrice: item.price,
    amount,
    insuranceCovered: item.insuranceCovered,
    catalogueItemId: item.id,
  });
  const all = [
    ...services.map((s) => ({ ...base(s.line, s.item, s.amount), kind: 'service' as const, src: s })),
    ...supplies.map((s) => ({ ...base(s.line, s.item, s.amount), kind: 'supply' as const, src: s })),
    ...drugs.map((s) => ({ ...base(s.line, s.item, s.amount), kind: 'drug' as const, src: s })),
  ];
  const result = computePayment({
    lines: all,
    method: input.paymentMethod,
    card,
    hadCard,
    facilityKind: facility.kind,
    rules,
  });
  if (!result.ok) throw invalid([{ path: 'paymentMethod', code: result.code, message: result.message }]);
  const strip = <T extends { kind: unknown; src: unknown }>({ kind: _k, src: _s, ...rest }: T) => rest;
  const vitals: VitalsOut = {
    ...(input.vitals ?? {}),
    bmi: bmiOf(input.vitals?.heightCm, input.vitals?.weightKg),
  };
  return visitDocument.parse({
    visitDate: on,
    clinicianId: input.clinicianId,
    reason: input.reason ?? null,
    illnessHistory: input.illnessHistory ?? null,
    vitals,
    findings: input.findings ?? {},
    diagnoses: { main: mainOut, others: othersOut },
    services: result.lines
      .filter((l) => l.kind === 'service')
      .map((l) => ({ ...strip(l), group: l.src.item.group })),
    supplies: result.lines.filter((l) => l.kind === 'supply').map(strip),
    prescriptions: result.lines
      .filter((l) => l.kind === 'drug')
      .map((l) => {
        const p = l.src.line as unknown as { dose: string; days: number };
        return {
          ...strip(l),
          dose: p.dose,
          days: p.days,
          activeIngredient: l.src.item.activeIngredient,
          strength: l.src.item.strength,
          route: l.src.item.route,
          registrationNumber: l.src.item.registrationNumber,
        };
      }),
    advice: input.advice ?? null,
    reExaminationDate: input.reExaminationDate ?? null,
    chronicCare: input.chronicCare ?? null,
    payment: result.payment,
  });
}

// ---------------------------------------------------------------- writing versions

/**
 * The measures a visit's row keeps beside its document (programmes count by them: the ncd module's
 * control status and overdue list). The demo's bulk writer fills them with the same function.
 */
export function measuresOf(doc: Pick<VisitDocument, 'vitals' | 'reExaminationDate'>) {
  const v = doc.vitals;
  return {
    systolic: v.systolic ?? null,
    diastolic: v.diastolic ?? null,
    fastingGlucose: v.fastingGlucose ?? null,
    randomGlucose: v.randomGlucose ?? null,
    hba1c: v.hba1c ?? null,
    reExaminationDate: doc.reExaminationDate ?? null,
  };
}

interface HeaderRow {
  id: string;
  residentId: string;
  facilityId: string;
  unitPath: string;
  visitDate: string;
  status: VisitStatus;
  currentVersion: number;
}

async function headerInScope(db: Executor, actor: Actor, id: string, op: string, lock = false) {
  const [v] = await rows<HeaderRow>(
    db,
    sql`SELECT id, resident_id AS "residentId", facility_id AS "facilityId", unit_path::text AS "unitPath",
          visit_date::text AS "visitDate", status, current_version AS "currentVersion"
        FROM visits WHERE id = ${id} AND unit_path <@ ${actor.scopePath}::ltree ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!v) throw visitDenied(id, op);
  return v;
}

async function writeVersion(
  tx: Tx,
  actor: Actor,
  visit: { id: string; residentId: string; facility: FacilityRow },
  doc: VisitDocument,
  version: number,
  kind: 'create' | 'update' | 'finish' | 'correct',
  status: VisitStatus,
  reason: string | null,
): Promise<void> {
  const header = {
    visitDate: doc.visitDate,
    status,
    currentVersion: version,
    clinicianId: doc.clinicianId,
    mainDiagnosis: doc.diagnoses.main?.code ?? null,
    paymentMethod: doc.payment.method,
    benefitLevel: doc.payment.card?.benefitLevel ?? null,
    totalAmount: doc.payment.total,
    insurerAmount: doc.payment.insurerAmount,
    patientAmount: doc.payment.patientAmount,
    ...measuresOf(doc),
  };
  if (kind === 'create')
    await tx.insert(visits).values({
      id: visit.id,
      residentId: visit.residentId,
      facilityId: visit.facility.id,
      unitPath: visit.facility.unitPath,
      ...header,
      finishedAt: status === 'finished' ? new Date() : null,
    });
  else
    await tx.execute(sql`UPDATE visits SET visit_date = ${header.visitDate}::date, status = ${status},
        current_version = ${version}, clinician_id = ${header.clinicianId}, main_diagnosis = ${header.mainDiagnosis},
        payment_method = ${header.paymentMethod}, benefit_level = ${header.benefitLevel},
        total_amount = ${header.totalAmount}, insurer_amount = ${header.insurerAmount}, patient_amount = ${header.patientAmount},
        systolic = ${header.systolic}, diastolic = ${header.diastolic}, fasting_glucose = ${header.fastingGlucose},
        random_glucose = ${header.randomGlucose}, hba1c = ${header.hba1c}, re_examination_date = ${header.reExaminationDate}::date,
        finished_at = CASE WHEN ${status} = 'finished' THEN coalesce(finished_at, now()) END, updated_at = now()
        WHERE id = ${visit.id}`);
  await tx.insert(visitVersions).values({
    id: newId(),
    visitId: visit.id,
    version,
    kind,
    status,
    document: doc,
    reason,
    createdById: actor.userId,
    createdBy: actor.username,
  });
  if (status === 'finished') {
    const clinician = await rows<{ fullName: string }>(
      tx,
      sql`SELECT s.full_name AS "fullName" FROM ${staffRelation} s WHERE s.id = ${doc.clinicianId}`,
    );
    await appendExamination(
      tx,
      actor,
      visit.residentId,
      {
        date: doc.visitDate,
        reason: doc.reason,
        illnessHistory: doc.illnessHistory,
        vitals: doc.vitals,
        findings: doc.findings,
        diagnoses: [
          ...(doc.diagnoses.main ? [{ ...doc.diagnoses.main, primary: true }] : []),
          ...doc.diagnoses.others.map((d) => ({ ...d, primary: false })),
        ].map((d) => ({ icd10: d.code, name: (d.note ?? d.title).slice(0, 300), primary: d.primary })),
        advice: doc.advice,
        examiner: clinician[0]?.fullName.slice(0, 120) ?? null,
        facilityCode: /^[0-9A-Z]{5,10}$/.test(visit.facility.code) ? visit.facility.code : null,
        visitId: visit.id,
      },
      kind === 'correct' ? `visit ${visit.id} corrected (version ${version})` : `visit ${visit.id}`,
    );
  }
}

/**
 * What a visit would be if saved now — lines priced by the catalogue in force, the payment split by
 * the card and rules of the visit date — without saving anything: the visit form shows it while the
 * clinician types. It reads the person's card, so it is audited as a read.
 */
export async function previewVisit(
  db: Executor,
  actor: Actor,
  input: VisitInputParsed,
): Promise<VisitDocument & { warnings: PlausibilityWarning[] }> {
  requirePermission(actor, 'person.write');
  const facility = await facilityForVisit(db, actor, input.facilityId);
  const patient = await patientForVisit(db, actor, input.residentId);
  const warnings: PlausibilityWarning[] = [];
  const doc = await buildDocument(db, facility, patient.id, input, input.finish === true, warnings);
  await auditVisit(db, actor, 'read', patient.id, facility.unitPath, { op: 'visit_preview' });
  return { ...doc, warnings };
}

/** Records a visit: a draft, or finished at once with `finish: true`. */
export async function createVisit(
  db: Orm,
  actor: Actor,
  input: VisitInputParsed,
): Promise<VisitDetail & { warnings: PlausibilityWarning[] }> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const facility = await facilityForVisit(tx, actor, input.facilityId);
    const patient = await patientForVisit(tx, actor, input.residentId);
    const finishing = input.finish === true;
    const warnings: PlausibilityWarning[] = [];
    const doc = await buildDocument(tx, facility, patient.id, input, finishing, warnings);
    const id = newId();
    const status: VisitStatus = finishing ? 'finished' : 'draft';
    await writeVersion(tx, actor, { id, residentId: patient.id, facility }, doc, 1, 'create', status, null);
    await auditVisit(tx, actor, 'create', patient.id, facility.unitPath, {
      op: 'visit',
      visitId: id,
      version: 1,
      status,
    });
    return { ...(await composeDetail(tx, id))!, warnings };
  });
}

/**
 * Writes a new version: a draft is saved again (it may be finished at the same time), a finished
 * visit is corrected (with a reason) and stays finished. The old versions stay as they were.
 */
export async function updateVisit(
  db: Orm,
  actor: Actor,
  id: string,
  input: VisitUpdateParsed,
): Promise<VisitDetail & { warnings: PlausibilityWarning[] }> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const v = await headerInScope(tx, actor, id, 'update_visit', true);
    checkBase(v, input.baseVersion);
    const correcting = v.status === 'finished';
    if (correcting && !input.correctionReason)
      throw invalid([
        {
          path: 'correctionReason',
          code: 'required',
          message: 'say why a finished visit is corrected',
        },
      ]);
    const facility = await facilityForVisit(tx, actor, v.facilityId);
    const finishing = correcting || input.finish === true;
    const warnings: PlausibilityWarning[] = [];
    const doc = await buildDocument(tx, facility, v.residentId, input, finishing, warnings);
    const version = v.currentVersion + 1;
    const kind = correcting ? 'correct' : finishing ? 'finish' : 'update';
    const status: VisitStatus = finishing ? 'finished' : 'draft';
    await writeVersion(
      tx,
      actor,
      { id, residentId: v.residentId, facility },
      doc,
      version,
      kind,
      status,
      input.correctionReason ?? null,
    );
    await auditVisit(tx, actor, 'update', v.residentId, v.unitPath, {
      op: correcting ? 'correct_visit' : 'visit',
      visitId: id,
      version,
      status,
    });
    return { ...(await composeDetail(tx, id))!, warnings };
  });
}

/** Finishes a draft as it was last saved (the checks of a finished visit apply). */
export async function finishVisit(
  db: Orm,
  actor: Actor,
  id: string,
  baseVersion: number,
): Promise<VisitDetail> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const v = await headerInScope(tx, actor, id, 'finish_visit', true);
    checkBase(v, baseVersion);
    if (v.status === 'finished')
      throw conflict('The visit is already finished', [
        { path: 'status', code: 'finished', message: 'a finished visit is corrected, not finished again' },
      ]);
    const facility = await facilityForVisit(tx, actor, v.facilityId);
    const current = (await versionDoc(tx, id, v.currentVersion))!;
    const doc = await buildDocument(tx, facility, v.residentId, inputOf(current), true);
    const version = v.currentVersion + 1;
    await writeVersion(
      tx,
      actor,
      { id, residentId: v.residentId, facility },
      doc,
      version,
      'finish',
      'finished',
      null,
    );
    await auditVisit(tx, actor, 'update', v.residentId, v.unitPath, {
      op: 'finish_visit',
      visitId: id,
      version,
    });
    return (await composeDetail(tx, id))!;
  });
}

function checkBase(v: HeaderRow, baseVersion: number): void {
  if (baseVersion !== v.currentVersion)
    throw conflict('The visit changed since you opened it', [
      {
        path: 'baseVersion',
        code: 'stale_version',
        message: `you edited version ${baseVersion}, the visit is at version ${v.currentVersion}`,
      },
    ]);
}

/** The input a stored document was made from (to finish a draft with today's checks). */
function inputOf(doc: VisitDocument): VisitContent {
  const { bmi: _b, ...vitals } = doc.vitals;
  return {
    visitDate: doc.visitDate,
    clinicianId: doc.clinicianId,
    reason: doc.reason,
    illnessHistory: doc.illnessHistory,
    vitals,
    findings: doc.findings,
    diagnoses: {
      main: doc.diagnoses.main ? { code: doc.diagnoses.main.code, note: doc.diagnoses.main.note } : null,
      others: doc.diagnoses.others.map((d) => ({ code: d.code, note: d.note })),
    },
    services: doc.services.map((s) => ({ code: s.code, quantity: s.quantity })),
    supplies: doc.supplies.map((s) => ({ code: s.code, quantity: s.quantity })),
    prescriptions: doc.prescriptions.map((p) => ({
      code: p.code,
      dose: p.dose,
      days: p.days,
      quantity: p.quantity,
    })),
    advice: doc.advice,
    reExaminationDate: doc.reExaminationDate,
    chronicCare: doc.chronicCare ?? null,
    paymentMethod: doc.payment.reason === 'chosen' ? 'self_pay' : undefined,
  };
}

// ---------------------------------------------------------------- reading

async function versionDoc(
  db: Executor,
  visitId: string,
  version: number,
): Promise<VisitDocument | undefined> {
  const [v] = await rows<{ document: unknown }>(
    db,
    sql`SELECT document FROM visit_versions WHERE visit_id = ${visitId} AND version = ${version}`,
  );
  return v ? visitDocument.parse(v.document) : undefined;
}

interface ComposeRow {
  id: string;
  residentId: string;
  status: VisitStatus;
  version: number;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  changeSeq: number;
  document: unknown;
  facility: VisitOut['facility'];
  clinician: VisitOut['clinician'];
}

export function patientOf(r: PatientIdentity): VisitPatient {
  const { unitPath: _u, status: _s, mergedIntoId: _m, ...patient } = r;
  return patient;
}

/** Visits matching `where` (alias v) at their current version, or at `version` for one. No scope, no audit. */
async function compose(db: Executor, where: SQL, version?: number): Promise<VisitOut[]> {
  const found = await rows<ComposeRow>(
    db,
    sql`SELECT v.id, v.resident_id AS "residentId", vv.status, vv.version, ${iso(sql`v.finished_at`)} AS "finishedAt",
          ${iso(sql`v.created_at`)} AS "createdAt", ${iso(sql`v.updated_at`)} AS "updatedAt", v.change_seq AS "changeSeq",
          vv.document,
          json_build_object('id', f.id, 'code', f.code, 'name', f.name, 'unitPath', f.unit_path::text) AS facility,
          (SELECT json_build_object('id', s.id, 'fullName', s.full_name, 'title', s.title) FROM ${staffRelation} s
            WHERE s.id = (vv.document->>'clinicianId')::uuid) AS clinician
        FROM visits v JOIN ${facilitiesRelation} f ON f.id = v.facility_id
        JOIN visit_versions vv ON vv.visit_id = v.id AND vv.version = ${version ?? sql`v.current_version`}
        WHERE ${where} ORDER BY v.visit_date, v.id`,
  );
  const patients = await patientsById(
    db,
    found.map((f) => f.residentId),
  );
  return found.map((f) => {
    const doc = visitDocument.parse(f.document);
    const { clinicianId: _c, ...content } = doc;
    return {
      id: f.id,
      version: f.version,
      status: f.status,
      finishedAt: f.finishedAt,
      patient: patientOf(patients.get(f.residentId)!),
      facility: f.facility,
      clinician: f.clinician,
      ...content,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      changeSeq: Number(f.changeSeq),
    };
  });
}

async function versionsOf(db: Executor, id: string): Promise<VisitVersionMeta[]> {
  return rows<VisitVersionMeta>(
    db,
    sql`SELECT version, kind, status, reason, ${iso(sql`created_at`)} AS "createdAt", created_by AS "createdBy"
        FROM visit_versions WHERE visit_id = ${id} ORDER BY version DESC`,
  );
}

async function composeDetail(db: Executor, id: string): Promise<VisitDetail | undefined> {
  const [v] = await compose(db, sql`v.id = ${id}`);
  return v ? { ...v, versions: await versionsOf(db, id) } : undefined;
}

/** A visit at its current version, with the list of its versions (audited read); 404 outside the area. */
export async function getVisit(db: Executor, actor: Actor, id: string): Promise<VisitDetail> {
  requirePermission(actor, 'person.read');
  const v = await headerInScope(db, actor, id, 'read_visit');
  const out = (await composeDetail(db, id))!;
  await auditVisit(db, actor, 'read', v.residentId, v.unitPath, { op: 'visit', visitId: id });
  return out;
}

/** One version of a visit as it was written. */
export async function getVisitVersion(
  db: Executor,
  actor: Actor,
  id: string,
  version: number,
): Promise<VisitOut & { meta: VisitVersionMeta }> {
  requirePermission(actor, 'person.read');
  const v = await headerInScope(db, actor, id, 'read_visit');
  const [out] = await compose(db, sql`v.id = ${id}`, version);
  const meta = (await versionsOf(db, id)).find((m) => m.version === version);
  if (!out || !meta) throw new AppError('not-found', `Version ${version} of the visit not found`);
  await auditVisit(db, actor, 'read', v.residentId, v.unitPath, { op: 'visit', visitId: id, version });
  return { ...out, meta };
}

export interface VisitFilter {
  /** A facility of the actor's area. */
  facilityId?: string | undefined;
  /** One day (default today when neither a resident nor a range is given). */
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** A person's visit history. */
  residentId?: string | undefined;
  status?: VisitStatus | undefined;
}

/** Today's visits of a facility, a person's history, or visits of a date range; newest first for a person. */
export async function listVisits(
  db: Executor,
  actor: Actor,
  filter: VisitFilter,
  paging: Paging,
): Promise<Page<VisitSummary>> {
  requirePermission(actor, 'person.read');
  const conditions: SQL[] = [sql`v.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.facilityId) conditions.push(sql`v.facility_id = ${filter.facilityId}`);
  if (filter.residentId) conditions.push(sql`v.resident_id = ${filter.residentId}`);
  if (filter.status) conditions.push(sql`v.status = ${filter.status}`);
  const date = filter.date ?? (!filter.residentId && !filter.from && !filter.to ? today() : undefined);
  if (date) conditions.push(sql`v.visit_date = ${date}::date`);
  if (filter.from) conditions.push(sql`v.visit_date >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`v.visit_date <= ${filter.to}::date`);
  const order = filter.residentId
    ? sql`v.visit_date DESC, v.created_at DESC, v.id`
    : sql`v.visit_date, v.created_at, v.id`;
  const items = await rows<VisitSummary & { total: number }>(
    db,
    sql`SELECT v.id, v.current_version AS version, v.status, v.visit_date::text AS "visitDate", v.resident_id AS "residentId",
          r.full_name AS "patientName", r.sex AS "patientSex", r.birth_year AS "patientBirthYear",
          v.facility_id AS "facilityId", f.name AS "facilityName", s.full_name AS "clinicianName",
          v.main_diagnosis AS "mainDiagnosis",
          ${codeDisplayVi(ICD10_SYSTEM, sql`v.main_diagnosis`)} AS "mainDiagnosisTitle",
          v.payment_method AS "paymentMethod", v.total_amount::float8 AS total, v.insurer_amount::float8 AS "insurerAmount",
          v.patient_amount::float8 AS "patientAmount", count(*) OVER ()::int AS total_count
        FROM visits v JOIN ${residentsRelation} r ON r.id = v.resident_id JOIN ${facilitiesRelation} f ON f.id = v.facility_id
        JOIN ${staffRelation} s ON s.id = v.clinician_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  await auditVisit(db, actor, 'list', filter.residentId ?? null, actor.scopePath, {
    op: 'visits',
    filter,
    count: items.length,
    ids: items.map((i) => i.id),
    residentIds: [...new Set(items.map((i) => i.residentId))],
  });
  const total = (items[0] as unknown as { total_count?: number } | undefined)?.total_count ?? 0;
  return {
    items: items.map((i) => {
      const { total_count: _t, ...rest } = i as typeof i & { total_count: number };
      return rest;
    }),
    total,
    limit: paging.limit,
    offset: paging.offset,
  };
}

// ---------------------------------------------------------------- for the claims module

/** One finished visit with everything a claim needs (see index.ts). 409 for a draft. */
export async function visitForClaim(db: Executor, actor: Actor, id: string): Promise<VisitOut> {
  requirePermission(actor, 'person.read');
  const v = await headerInScope(db, actor, id, 'claim_visit');
  if (v.status !== 'finished')
    throw conflict('The visit is not finished', [
      { path: 'status', code: 'draft', message: 'only a finished visit is claimed' },
    ]);
  const [out] = await compose(db, sql`v.id = ${id}`);
  await auditVisit(db, actor, 'read', v.residentId, v.unitPath, { op: 'claim_visit', visitId: id });
  return out!;
}

/** Every finished visit of a facility of the actor's area in a month (YYYY-MM), by date then id. */
export async function visitsForMonth(
  db: Executor,
  actor: Actor,
  filter: { facilityId: string; month: string },
): Promise<VisitOut[]> {
  requirePermission(actor, 'person.read');
  const [f] = await rows<{ unitPath: string }>(
    db,
    sql`SELECT f.unit_path::text AS "unitPath" FROM ${facilitiesRelation} f
        WHERE f.id = ${filter.facilityId} AND f.unit_path <@ ${actor.scopePath}::ltree`,
  );
  if (!f)
    throw deniedNotFound('Facility', {
      entityType: 'facility',
      entityId: filter.facilityId,
      details: { op: 'claim_month' },
    });
  const start = `${filter.month}-01`;
  const out = await compose(
    db,
    sql`v.facility_id = ${filter.facilityId} AND v.status = 'finished'
        AND v.visit_date >= ${start}::date AND v.visit_date < (${start}::date + interval '1 month')::date`,
  );
  await auditVisit(db, actor, 'list', null, f.unitPath, {
    op: 'claim_month',
    facilityId: filter.facilityId,
    month: filter.month,
    count: out.length,
    ids: out.map((o) => o.id),
  });
  return out;
}
