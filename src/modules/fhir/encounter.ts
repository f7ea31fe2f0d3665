/**
 * Encounter ↔ a visit of the visits module (lượt khám): read, every version (history and vread from
 * visit_versions), search by patient, date, facility and status, create and update (a new version,
 * a correction of a finished visit with its reason). Vitals are Observations (observation.ts) and
 * diagnoses Conditions (condition.ts) read from the same visit.
 */
import type { Condition, Encounter, EncounterDiagnosis, Reference } from '@medplum/fhirtypes';
import {
  createVisit,
  getVisit,
  getVisitVersion,
  listVisits,
  updateVisit,
  visitInput,
  visitUpdate,
  type VisitDetail,
  type VisitOut,
} from '../visits/index.js';
import { getStaff } from '../network/index.js';
import { fhirError, fromContractIssues, type FieldPaths } from './outcome.js';
import { ACT_CODE, CORRECTION_REASON_EXTENSION, ICD10 } from './systems.js';
import {
  checkParams,
  dateRanges,
  dropped,
  lastUpdatedOk,
  one,
  reference,
  referenceId,
  referenceParam,
  unkept,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
  unlessNotFound,
} from './translator.js';

const PATHS: FieldPaths = {
  residentId: 'Encounter.subject',
  facilityId: 'Encounter.serviceProvider',
  clinicianId: 'Encounter.participant.individual',
  visitDate: 'Encounter.period.start',
  reason: 'Encounter.reasonCode',
  diagnoses: 'Encounter.diagnosis',
  correctionReason: `Encounter.extension('${CORRECTION_REASON_EXTENSION}')`,
  baseVersion: 'Encounter.meta.versionId',
  status: 'Encounter.status',
};

/** The id of a visit's diagnosis as a Condition: the visit's id and its place (0 the main one). */
export const diagnosisId = (visitId: string, index: number) => `${visitId}.d${index}`;

export function diagnosesOf(v: Pick<VisitOut, 'diagnoses'>) {
  return [...(v.diagnoses.main ? [v.diagnoses.main] : []), ...v.diagnoses.others];
}

export function encounterOf(v: VisitOut, versionMeta?: { createdAt: string }): Encounter {
  const diagnoses = diagnosesOf(v);
  const mainOffset = v.diagnoses.main ? 0 : 1;
  return {
    resourceType: 'Encounter',
    id: v.id,
    meta: { versionId: String(v.version), lastUpdated: versionMeta?.createdAt ?? v.updatedAt },
    status: v.status === 'finished' ? 'finished' : 'in-progress',
    class: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
    subject: reference('Patient', v.patient.id, v.patient.fullName),
    participant: [{ individual: reference('Practitioner', v.clinician.id, v.clinician.fullName) }],
    period: { start: v.visitDate, ...(v.status === 'finished' ? { end: v.visitDate } : {}) },
    ...(v.reason ? { reasonCode: [{ text: v.reason }] } : {}),
    ...(diagnoses.length
      ? {
          diagnosis: diagnoses.map((d, i): EncounterDiagnosis => ({
            condition: reference('Condition', diagnosisId(v.id, i + mainOffset), `${d.code} ${d.title}`),
            ...(i === 0 && v.diagnoses.main ? { rank: 1 } : {}),
          })),
        }
      : {}),
    serviceProvider: reference('Organization', v.facility.id, v.facility.name),
  };
}

// ---------------------------------------------------------------- FHIR → ytcs

const ICD10_CODE = /^[A-Z]\d{2}(\.\d{1,2})?$/;

interface DiagnosisIn {
  code: string;
  note?: string | null;
}

/** A diagnosis of the input: a contained Condition (`#d1`) or one of the visit's own (`Condition/<visit>.d0`). */
function diagnosisIn(e: Encounter, ref: Reference | undefined, current: VisitOut | undefined): DiagnosisIn {
  const r = ref?.reference ?? '';
  if (r.startsWith('#')) {
    const c = (e.contained ?? []).find((x) => x.id === r.slice(1)) as Condition | undefined;
    if (!c || c.resourceType !== 'Condition')
      throw fhirError(422, 'invalid', `${r} names no contained Condition`, 'Encounter.diagnosis.condition');
    const coding = c.code?.coding?.find(
      (x) => x.system === ICD10 || x.system === 'http://hl7.org/fhir/sid/icd-10-vn',
    );
    if (!coding?.code || !ICD10_CODE.test(coding.code))
      throw fhirError(
        422,
        'code-invalid',
        `ytcs records diagnoses as ICD-10 codes (${ICD10})`,
        'Encounter.contained.code',
      );
    return { code: coding.code, note: c.code?.text ?? null };
  }
  const id = referenceId(r, 'Condition');
  const m = id ? /^(.+)\.d(\d+)$/.exec(id) : null;
  if (m && current && m[1] === current.id) {
    const d = diagnosesOf(current)[Number(m[2]) - (current.diagnoses.main ? 0 : 1)];
    if (d) return { code: d.code, note: d.note };
  }
  throw fhirError(
    422,
    'invalid',
    'a diagnosis is a contained Condition with an ICD-10 code, or one of this visit’s own',
    'Encounter.diagnosis.condition',
  );
}

/** The visit fields an Encounter carries; the rest of a visit (vitals, services, prescriptions) is kept. */
function contentOf(ctx: FhirContext, e: Encounter, current: VisitOut | undefined) {
  unkept(ctx, e, [
    'status',
    'class',
    'subject',
    'participant',
    'period',
    'reasonCode',
    'diagnosis',
    'serviceProvider',
    'contained',
    'extension',
  ]);
  if (e.class && e.class.code !== 'AMB') dropped(ctx, 'Encounter.class', 'a ytcs visit is ambulatory (AMB)');
  if (
    e.status !== 'finished' &&
    e.status !== 'in-progress' &&
    e.status !== 'arrived' &&
    e.status !== 'triaged'
  )
    throw fhirError(
      422,
      'not-supported',
      `ytcs records visits in progress or finished, not ${e.status}`,
      'Encounter.status',
    );
  const clinicians = (e.participant ?? []).flatMap((p) => {
    const id = referenceId(p.individual?.reference, 'Practitioner');
    return id ? [id] : [];
  });
  if ((e.participant ?? []).length > 1)
    dropped(ctx, 'Encounter.participant', 'ytcs keeps one clinician per visit');
  const refs = e.diagnosis ?? [];
  const ranked = [...refs].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  const list = ranked.map((d) => diagnosisIn(e, d.condition, current));
  const reason = e.reasonCode?.[0]?.text ?? e.reasonCode?.[0]?.coding?.[0]?.display ?? null;
  if ((e.reasonCode ?? []).length > 1)
    dropped(ctx, 'Encounter.reasonCode', 'ytcs keeps one reason for a visit');
  for (const x of e.extension ?? [])
    if (x.url !== CORRECTION_REASON_EXTENSION)
      dropped(ctx, 'Encounter.extension', `ytcs does not keep the extension ${x.url}`);
  const start = e.period?.start;
  if (start && start.length > 10)
    dropped(ctx, 'Encounter.period.start', 'ytcs keeps the day of a visit, not its time');
  return {
    visitDate: start?.slice(0, 10),
    clinicianId: clinicians[0],
    reason,
    diagnoses: { main: list[0] ?? null, others: list.slice(1) },
    finish: e.status === 'finished',
    correctionReason: e.extension?.find((x) => x.url === CORRECTION_REASON_EXTENSION)?.valueString,
  };
}

/** What a stored visit holds besides the Encounter's fields, as the input that keeps it. */
export function keptOf(v: VisitOut) {
  const { bmi: _b, ...vitals } = v.vitals;
  return {
    illnessHistory: v.illnessHistory,
    vitals,
    findings: v.findings,
    services: v.services.map((s) => ({ code: s.code, quantity: s.quantity })),
    supplies: v.supplies.map((s) => ({ code: s.code, quantity: s.quantity })),
    prescriptions: v.prescriptions.map((p) => ({
      code: p.code,
      dose: p.dose,
      days: p.days,
      quantity: p.quantity,
    })),
    advice: v.advice,
    reExaminationDate: v.reExaminationDate,
    chronicCare: v.chronicCare ?? null,
    ...(v.payment.reason === 'chosen' ? { paymentMethod: 'self_pay' as const } : {}),
  };
}

// ---------------------------------------------------------------- interactions

async function read(ctx: FhirContext, id: string): Promise<Encounter> {
  return encounterOf(await getVisit(ctx.db, ctx.actor, uuidOf('Encounter', id)));
}

async function vread(ctx: FhirContext, id: string, versionId: string): Promise<Encounter> {
  if (!/^\d{1,6}$/.test(versionId))
    throw fhirError(404, 'not-found', `Encounter/${id}/_history/${versionId} not found`);
  const v = await getVisitVersion(ctx.db, ctx.actor, uuidOf('Encounter', id), Number(versionId));
  return encounterOf(v, v.meta);
}

async function history(ctx: FhirContext, id: string): Promise<Encounter[]> {
  const current: VisitDetail = await getVisit(ctx.db, ctx.actor, uuidOf('Encounter', id));
  const out: Encounter[] = [];
  for (const m of current.versions) {
    const v = await getVisitVersion(ctx.db, ctx.actor, current.id, m.version);
    out.push(encounterOf(v, v.meta));
  }
  return out;
}

async function create(ctx: FhirContext, e: Encounter): Promise<Encounter> {
  const content = contentOf(ctx, e, undefined);
  const { correctionReason: _c, ...rest } = content;
  // Without a facility, the visit is at the clinician's own (a warning says so).
  let facilityId = referenceId(e.serviceProvider?.reference, 'Organization');
  if (!facilityId && content.clinicianId && /^[0-9a-f-]{36}$/i.test(content.clinicianId)) {
    const staff = await getStaff(ctx.db, ctx.actor, content.clinicianId).catch(() => undefined);
    if (staff?.facilityId) {
      facilityId = staff.facilityId;
      dropped(
        ctx,
        'Encounter.serviceProvider',
        `no facility named: the visit is recorded at the clinician's (${staff.facilityName ?? staff.facilityId})`,
      );
    }
  }
  const parsed = visitInput.safeParse({
    residentId: referenceId(e.subject?.reference, 'Patient'),
    facilityId,
    ...rest,
  });
  if (!parsed.success) throw fromContractIssues('Encounter', parsed.error.issues, PATHS, ctx.lang);
  const created = await createVisit(ctx.db, ctx.actor, parsed.data);
  for (const w of created.warnings) dropped(ctx, PATHS[w.path.split('.')[0]!] ?? 'Encounter', w.message);
  return encounterOf(created);
}

async function update(
  ctx: FhirContext,
  id: string,
  e: Encounter,
  ifMatch: string | undefined,
): Promise<Encounter> {
  const visitId = uuidOf('Encounter', id);
  if (e.id && e.id !== id)
    throw fhirError(400, 'invalid', `the resource's id (${e.id}) is not the URL's (${id})`, 'Encounter.id');
  const current = await getVisit(ctx.db, ctx.actor, visitId);
  if (ifMatch !== undefined && ifMatch !== String(current.version))
    throw fhirError(412, 'conflict', `the Encounter is at version ${current.version}, not ${ifMatch}`);
  const subject = referenceId(e.subject?.reference, 'Patient');
  if (subject && subject !== current.patient.id)
    throw fhirError(422, 'invalid', 'a visit’s patient does not change', 'Encounter.subject');
  const provider = referenceId(e.serviceProvider?.reference, 'Organization');
  if (provider && provider !== current.facility.id)
    throw fhirError(422, 'invalid', 'a visit’s facility does not change', 'Encounter.serviceProvider');
  if (current.status === 'finished' && e.status !== 'finished')
    throw fhirError(
      422,
      'business-rule',
      'a finished visit stays finished (it is corrected)',
      'Encounter.status',
    );
  const content = contentOf(ctx, e, current);
  const parsed = visitUpdate.safeParse({
    ...keptOf(current),
    ...content,
    visitDate: content.visitDate ?? current.visitDate,
    clinicianId: content.clinicianId ?? current.clinician.id,
    baseVersion: ifMatch !== undefined ? Number(ifMatch) : current.version,
  });
  if (!parsed.success) throw fromContractIssues('Encounter', parsed.error.issues, PATHS, ctx.lang);
  const updated = await updateVisit(ctx.db, ctx.actor, visitId, parsed.data);
  for (const w of updated.warnings) dropped(ctx, PATHS[w.path.split('.')[0]!] ?? 'Encounter', w.message);
  return encounterOf(updated);
}

// ---------------------------------------------------------------- search

const PARAMS = [
  { name: '_id', type: 'token', documentation: 'The visit id' },
  { name: '_lastUpdated', type: 'date', documentation: 'Last version written (days)' },
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'date', type: 'date', documentation: 'The visit date' },
  { name: 'status', type: 'token', documentation: 'in-progress (a draft) or finished' },
  { name: 'service-provider', type: 'reference', documentation: 'The facility (Organization/<facility id>)' },
] as const satisfies Translator['searchParams'];

/** Visits matching FHIR parameters, as summaries of the visits module (owner's scope and audit). */
export async function visitsMatching(ctx: FhirContext, params: SearchParams, page: Page) {
  const patient = one(params, 'patient') ?? one(params, 'subject');
  const provider = one(params, 'service-provider');
  const status = one(params, 'status');
  const dates = dateRanges(params['date']);
  if (status && status !== 'finished' && status !== 'in-progress') return { items: [], total: 0 };
  return listVisits(
    ctx.db,
    ctx.actor,
    {
      ...(patient ? { residentId: uuidOf('Patient', referenceParam(patient, 'Patient')) } : {}),
      ...(provider ? { facilityId: uuidOf('Organization', referenceParam(provider, 'Organization')) } : {}),
      ...(status ? { status: status === 'finished' ? ('finished' as const) : ('draft' as const) } : {}),
      from: dates.from ?? '1900-01-01',
      ...(dates.to ? { to: dates.to } : {}),
    },
    { limit: page.count, offset: page.offset },
  );
}

async function search(ctx: FhirContext, params: SearchParams, page: Page): Promise<SearchResult<Encounter>> {
  checkParams('Encounter', params, [...PARAMS]);
  if (params['_id']) {
    const out: Encounter[] = [];
    for (const id of params['_id'].flatMap((v) => v.split(',')))
      out.push(
        ...(await unlessNotFound(
          read(ctx, id).then((e) => [e]),
          [],
        )),
      );
    return { resources: out, total: out.length };
  }
  const found = await visitsMatching(ctx, params, page);
  const resources: Encounter[] = [];
  for (const s of found.items) resources.push(await read(ctx, s.id));
  const kept = resources.filter((e) => lastUpdatedOk(e.meta!.lastUpdated!, params));
  return { resources: kept, total: params['_lastUpdated'] ? undefined : found.total };
}

export const encounterTranslator: Translator<Encounter> = {
  type: 'Encounter',
  documentation:
    'Visits of the visits module (every version kept); vitals as Observation, diagnoses as Condition',
  paths: PATHS,
  searchParams: [...PARAMS],
  read,
  vread,
  history,
  search,
  create,
  update,
  references: {
    patient: (e) => [e.subject],
    subject: (e) => [e.subject],
    participant: (e) => (e.participant ?? []).map((p) => p.individual),
    'service-provider': (e) => [e.serviceProvider],
    diagnosis: (e) => (e.diagnosis ?? []).map((d) => d.condition),
  },
};
