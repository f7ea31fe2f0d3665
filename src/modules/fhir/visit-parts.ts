/**
 * What Observation and Condition share: both are parts of a visit (its vitals, its diagnoses), named
 * `<visit id>.<part>`, read through the visit and searched through the patient's or encounter's visits.
 */
import { getVisit, updateVisit, visitUpdate, type VisitOut } from '../visits/index.js';
import { fhirError, fromContractIssues, issue } from './outcome.js';
import { encounterTranslator, keptOf, visitsMatching } from './encounter.js';
import {
  one,
  referenceId,
  referenceParam,
  uuidOf,
  type FhirContext,
  type SearchParams,
  unlessNotFound,
} from './translator.js';

/** The visit and the part a derived id names (`<uuid>.bp` → the visit, `bp`); 404 when it names none. */
export async function visitPart(
  ctx: FhirContext,
  type: string,
  id: string,
): Promise<{ visit: VisitOut; part: string }> {
  const m = /^([0-9a-f-]{36})\.([a-z0-9-]{1,20})$/i.exec(id);
  if (!m) throw fhirError(404, 'not-found', `${type}/${id} not found`);
  return { visit: await getVisit(ctx.db, ctx.actor, uuidOf(type, m[1]!)), part: m[2]! };
}

/** How many visits a search of their parts reads at most. */
const VISITS_READ = 200;

/** The visits a search of Observations or Conditions reads: one encounter, or a patient's (by date). */
export async function visitsFor(ctx: FhirContext, type: string, params: SearchParams): Promise<VisitOut[]> {
  const encounter = one(params, 'encounter');
  if (encounter) {
    // An id that is no visit's (uuidOf's 404) finds nothing too.
    const visit = await unlessNotFound(
      (async () =>
        getVisit(ctx.db, ctx.actor, uuidOf('Encounter', referenceParam(encounter, 'Encounter'))))(),
      undefined,
    );
    return visit ? [visit] : [];
  }
  const patient = one(params, 'patient') ?? one(params, 'subject');
  if (!patient) throw fhirError(400, 'not-supported', `search ${type} by patient (or subject) or encounter`);
  const found = await visitsMatching(
    ctx,
    { patient: [patient], ...(params['date'] ? { date: params['date'] } : {}) },
    { count: VISITS_READ, offset: 0 },
  );
  const out: VisitOut[] = [];
  for (const s of found.items) out.push(await getVisit(ctx.db, ctx.actor, s.id));
  return out;
}

/** Encounter's translator, for its reference to the visit a part belongs to. */
export const visitReference = (v: VisitOut) => ({ reference: `Encounter/${v.id}` });
export { encounterTranslator };

/** The whole input of a stored visit (its current version), to write a new version with a change. */
export function inputOfVisit(v: VisitOut) {
  return {
    ...keptOf(v),
    visitDate: v.visitDate,
    clinicianId: v.clinician.id,
    reason: v.reason,
    diagnoses: {
      main: v.diagnoses.main ? { code: v.diagnoses.main.code, note: v.diagnoses.main.note } : null,
      others: v.diagnoses.others.map((d) => ({ code: d.code, note: d.note })),
    },
  };
}

/**
 * A new version of a visit with a part added through FHIR (a measure, a diagnosis). A finished visit
 * is corrected, as the visits module requires, with the reason saying what came through FHIR.
 */
export async function reviseVisit(
  ctx: FhirContext,
  type: string,
  visit: VisitOut,
  change: Partial<ReturnType<typeof inputOfVisit>>,
  what: string,
): Promise<VisitOut> {
  const parsed = visitUpdate.safeParse({
    ...inputOfVisit(visit),
    ...change,
    baseVersion: visit.version,
    finish: visit.status === 'finished',
    ...(visit.status === 'finished' ? { correctionReason: `${what} (FHIR ${type})` } : {}),
  });
  if (!parsed.success) throw fromContractIssues(type, parsed.error.issues, {}, ctx.lang);
  const updated = await updateVisit(ctx.db, ctx.actor, visit.id, parsed.data);
  for (const w of updated.warnings) ctx.warnings.push(issue('warning', 'business-rule', w.message, type));
  return updated;
}

/**
 * The visit a new part belongs to: the Encounter it names, or else the patient's one visit on the
 * part's day. 422 when there is none (ytcs keeps measures and diagnoses on visits).
 */
export async function visitOfPart(
  ctx: FhirContext,
  type: string,
  encounter: string | undefined,
  subject: string | undefined,
  day: string | undefined,
): Promise<VisitOut> {
  const patientId = referenceId(subject, 'Patient');
  let visit: VisitOut | undefined;
  const encounterId = referenceId(encounter, 'Encounter');
  if (encounterId) visit = await getVisit(ctx.db, ctx.actor, uuidOf('Encounter', encounterId));
  else if (patientId && day) {
    const found = await visitsMatching(
      ctx,
      { patient: [patientId], date: [day.slice(0, 10)] },
      { count: 2, offset: 0 },
    );
    if (found.items.length === 1) visit = await getVisit(ctx.db, ctx.actor, found.items[0]!.id);
  }
  if (!visit)
    throw fhirError(
      422,
      'required',
      `ytcs keeps a ${type === 'Condition' ? 'diagnosis' : 'measure'} on a visit: name the Encounter (or record the patient's one visit of that day first)`,
      `${type}.encounter`,
    );
  if (patientId && patientId !== visit.patient.id)
    throw fhirError(422, 'invalid', 'the subject is not the patient of the encounter', `${type}.subject`);
  if (day && day.slice(0, 10) !== visit.visitDate)
    ctx.warnings.push(
      issue(
        'warning',
        'informational',
        `kept on the visit's day (${visit.visitDate}), not ${day}`,
        `${type}.effective`,
      ),
    );
  return visit;
}
