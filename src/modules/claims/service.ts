/**
 * The claims service: a visit or a facility's month → the GIAMDINHHS envelope (with the validator's
 * findings), and register A1 of a station for a month. Visits are read through the visits module's
 * public face, which checks scope and audits the person-level reads; the export itself is audited here.
 */
import { ZodError } from 'zod';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Executor } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { certificatesOn, findUnit, getFacility } from '../network/index.js';
import { referralsForRegister, referralsForVisits } from '../referral/index.js';
import { icd10Titles } from '../terminology/index.js';
import { visitForClaim, visitsForMonth, type VisitOut } from '../visits/index.js';
import type { ClaimIssue, ClaimMonthCheck } from './contracts.js';
import { claimFromVisit, claimRefusals, type ClaimContext, type ClaimOptions } from './from-visits.js';
import { a1Rows, type A1Register } from './register-a1.js';
import { claimStandardOn, type ClaimStandard } from './standard.js';
import { claimTables, type ClaimTables } from './tables.js';
import { validateEnvelope } from './validate.js';
import { envelopeXml } from './xml.js';

export interface ClaimExport {
  fileName: string;
  xml: string;
  claims: number;
  standard: string;
  /**
   * What the claim check found in the visits asked for: its refusals (data ytcs does not hold) and the
   * validator's findings. Every visit with a finding is left out of `xml` (see `refused`).
   */
  issues: ClaimIssue[];
  /** The visits the check refused, left out of the XML. */
  refused: string[];
}

/**
 * Who may export claims and print registers: any role reading person data, except village health
 * workers (the export is the station's business). Until accounts has its own `claims.export`
 * permission, the rule lives here.
 */
export function requireClaimsAccess(actor: Actor): void {
  requirePermission(actor, 'person.read');
  requirePermission(actor, 'claims.export');
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function standardFor(date: string): ClaimStandard {
  const standard = claimStandardOn(date);
  if (!standard)
    throw new AppError('validation', `No claim data standard is in force on ${date}`, {
      errors: [{ path: 'month', code: 'no_standard', message: `no claim data standard in force on ${date}` }],
    });
  return standard;
}

/** Compares the written totals with the visit's own payment (the visits module's computation). */
function paymentIssues(v: VisitOut, t: ClaimTables, index: number): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  const lines = v.services.length + v.supplies.length + v.prescriptions.length;
  const tolerance = 0.01 * Math.max(1, lines);
  const compare = (field: 'T_TONGCHI_BV' | 'T_BHTT', expected: number) => {
    const actual = Number(t.XML1[field]);
    if (Math.abs(actual - expected) > tolerance + 1e-9)
      issues.push({
        path: `HOSO[${index}].XML1.${field}`,
        table: 'XML1',
        claimId: v.id,
        field,
        code: 'wrong_total',
        message: `${field} is ${actual}, the visit's payment says ${expected}`,
      });
  };
  compare('T_TONGCHI_BV', v.payment.total);
  compare('T_BHTT', v.payment.insurerAmount);
  return issues;
}

/**
 * What the claims of these visits read beside the visits: the Vietnamese ICD-10 titles (terminology),
 * the patient's province and commune codes (network's units) and the clinicians' practising-certificate
 * codes — ytcs records none yet (issue 17 adds them to staff), so every clinician is without one and the
 * check refuses the visit rather than writing a placeholder.
 */
export async function claimContext(db: Executor, visits: VisitOut[]): Promise<ClaimContext> {
  const icd10 = new Map<string, { title: string; titleEn: string }>();
  const byDate = new Map<string, string[]>();
  for (const v of visits) {
    const codes = [v.diagnoses.main, ...v.diagnoses.others].flatMap((d) => (d ? [d.code] : []));
    byDate.set(v.visitDate, [...(byDate.get(v.visitDate) ?? []), ...codes]);
  }
  // Titles valid on each visit date (a code's title is the same across a month's dates as a rule).
  for (const [day, codes] of byDate)
    for (const [code, t] of await icd10Titles(db, codes, day)) if (!icd10.has(code)) icd10.set(code, t);
  const units = new Map<string, { province: string; commune: string } | null>();
  const residence = new Map<string, { province: string; commune: string }>();
  for (const v of visits) {
    const code = v.patient.unitCode;
    if (!units.has(code)) {
      const unit = await findUnit(db, { code });
      const province = unit?.path.match(/(?:^|\.)p(\d{2})(?:\.|$)/)?.[1];
      const commune = unit?.path.match(/(?:^|\.)c(\d{5})(?:\.|$)/)?.[1];
      units.set(code, province && commune ? { province, commune } : null);
    }
    const found = units.get(code);
    if (found) residence.set(v.id, found);
  }
  const certificates = await certificatesOn(
    db,
    visits.map((v) => ({ staffId: v.clinician.id, day: v.visitDate })),
  );
  return {
    certificateOn: (staffId, day) => certificates.get(`${staffId}|${day}`),
    icd10,
    residence,
    referrals: await referralsForVisits(
      db,
      visits.map((v) => v.id),
    ),
  };
}

/** The elements a refusal stands for: the validator's findings on them are not said again. */
const COVERS: Partial<Record<ClaimIssue['code'], string[]>> = {
  no_certificate: ['MA_BAC_SI', 'NGUOI_THUC_HIEN'],
  no_vietnamese_title: ['CHAN_DOAN_RV', 'CHAN_DOAN_VAO'],
  no_residence: ['MATINH_CU_TRU', 'MAXA_CU_TRU'],
};
const sameFinding = (refusal: ClaimIssue, found: ClaimIssue) =>
  refusal.claimId === found.claimId &&
  (refusal.field === found.field || (COVERS[refusal.code] ?? []).includes(found.field ?? ''));

function tablesOf(
  standard: ClaimStandard,
  v: VisitOut,
  claim: ReturnType<typeof claimFromVisit>,
  stt: number,
) {
  try {
    return claimTables(standard, claim, stt);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    // A visit whose data cannot even be written (not a field rule of the standard): name it.
    throw new AppError('validation', `Visit ${v.id} cannot be written as a claim`, {
      errors: err.issues.map((issue) => ({
        // a field path of the request (a plain string: the SQL-ownership check reads templates as SQL)
        path: 'visits.' + v.id + '.' + issue.path.join('.'),
        code: issue.code,
        message: issue.message,
      })),
    });
  }
}

/**
 * The claim check and the export in one: every visit's claim is refused when the check finds anything
 * (the refusals, a field rule of the standard, the visit's own payment), and only the visits it accepts
 * are written. The written envelope is checked again; it never holds a finding.
 */
export function checkedClaims(
  standard: ClaimStandard,
  facilityCode: string,
  visits: VisitOut[],
  options: ClaimOptions,
  ctx: ClaimContext,
): { xml: string; issues: ClaimIssue[]; written: VisitOut[]; refused: string[] } {
  const code = options.facilityCode ?? facilityCode;
  const claims = visits.map((v) => claimFromVisit(standard, v, options, ctx));
  const refusals = visits.flatMap((v, i) => claimRefusals(v, ctx, options, i + 1));
  const tables = visits.map((v, i) => tablesOf(standard, v, claims[i]!, i + 1));
  const all = envelopeXml(standard, code, tables, today());
  const found = [
    ...validateEnvelope(standard, all),
    ...visits.flatMap((v, i) => paymentIssues(v, tables[i]!, i + 1)),
  ].filter((f) => !refusals.some((r) => sameFinding(r, f)));
  const issues = [...refusals, ...found];
  const envelopeIssues = issues.filter((i) => i.claimId === null);
  if (envelopeIssues.length)
    throw new AppError('validation', 'The claim envelope breaks the standard', {
      errors: envelopeIssues.map((i) => ({ path: i.path, code: i.code, message: i.message })),
    });
  const refusedIds = new Set(issues.map((i) => i.claimId));
  const kept = visits.flatMap((v, i) => (refusedIds.has(v.id) ? [] : [{ v, claim: claims[i]! }]));
  const written = kept.map((k) => k.v);
  if (written.length === visits.length) return { xml: all, issues, written, refused: [] };
  const xml = envelopeXml(
    standard,
    code,
    kept.map((k, i) => tablesOf(standard, k.v, k.claim, i + 1)),
    today(),
  );
  const again = validateEnvelope(standard, xml);
  if (again.length)
    throw new Error(`claims: the written envelope breaks the standard (${again[0]!.path} ${again[0]!.code})`);
  return { xml, issues, written, refused: visits.filter((v) => refusedIds.has(v.id)).map((v) => v.id) };
}

/** The claim of one finished visit. */
export async function exportVisitClaim(
  db: Executor,
  actor: Actor,
  visitId: string,
  options: ClaimOptions = {},
): Promise<ClaimExport> {
  requireClaimsAccess(actor);
  const v = await visitForClaim(db, actor, visitId);
  const standard = standardFor(v.visitDate);
  const { xml, issues, refused } = checkedClaims(
    standard,
    v.facility.code,
    [v],
    options,
    await claimContext(db, [v]),
  );
  await audit(db, actor, {
    action: 'export',
    entityType: 'claim',
    entityId: v.id,
    unitPath: v.facility.unitPath,
    details: { op: 'claim_visit', standard: standard.id, issues: issues.length, refused },
  });
  return {
    fileName: `GIAMDINHHS_${v.facility.code}_${v.visitDate.replace(/-/g, '')}_${v.id.slice(-8)}.xml`,
    xml,
    claims: 1 - refused.length,
    standard: standard.id,
    issues,
    refused,
  };
}

/** The claims of every finished visit of a facility in a month (YYYY-MM). */
export async function exportMonthClaims(
  db: Executor,
  actor: Actor,
  filter: { facilityId: string; month: string },
  options: ClaimOptions = {},
): Promise<ClaimExport> {
  requireClaimsAccess(actor);
  const visits = await visitsForMonth(db, actor, filter);
  const facility = await getFacility(db, actor, filter.facilityId);
  const standard = standardFor(monthEnd(filter.month));
  const { xml, issues, written, refused } = checkedClaims(
    standard,
    facility.code,
    visits,
    options,
    await claimContext(db, visits),
  );
  await audit(db, actor, {
    action: 'export',
    entityType: 'claim',
    entityId: facility.id,
    unitPath: facility.unitPath,
    details: {
      op: 'claim_month',
      month: filter.month,
      standard: standard.id,
      visits: written.map((v) => v.id),
      refused,
      issues: issues.length,
    },
  });
  return {
    fileName: `GIAMDINHHS_${facility.code}_${filter.month.replace('-', '')}.xml`,
    xml,
    claims: written.length,
    standard: standard.id,
    issues,
    refused,
  };
}

/**
 * The month's claim check listed by visit, for the station head's screen: each finished visit with its
 * date, patient, payment, whether the export writes it, and the check's findings on it (the same check
 * as the export: `checkedClaims`). Audited as a check (`claim_check`), not an export; no XML leaves.
 */
export async function checkMonthClaims(
  db: Executor,
  actor: Actor,
  filter: { facilityId: string; month: string },
  options: ClaimOptions = {},
): Promise<ClaimMonthCheck> {
  requireClaimsAccess(actor);
  const visits = await visitsForMonth(db, actor, filter);
  const facility = await getFacility(db, actor, filter.facilityId);
  const standard = standardFor(monthEnd(filter.month));
  const { issues, refused } = checkedClaims(
    standard,
    facility.code,
    visits,
    options,
    await claimContext(db, visits),
  );
  const refusedIds = new Set(refused);
  const byVisit = new Map<string | null, ClaimIssue[]>();
  for (const i of issues) byVisit.set(i.claimId, [...(byVisit.get(i.claimId) ?? []), i]);
  const checked = visits.map((v) => ({
    visitId: v.id,
    visitDate: v.visitDate,
    patient: {
      id: v.patient.id,
      fullName: v.patient.fullName,
      birthDate: v.patient.birthDate,
      birthYear: v.patient.birthYear,
    },
    clinician: v.clinician.fullName,
    insured: v.payment.method === 'insurance',
    cardCode: v.payment.method === 'insurance' ? (v.payment.card?.code ?? null) : null,
    total: v.payment.total,
    insurerAmount: v.payment.insurerAmount,
    accepted: !refusedIds.has(v.id),
    findings: byVisit.get(v.id) ?? [],
  }));
  const sum = (list: typeof checked, pick: (c: (typeof checked)[number]) => number) =>
    Math.round(list.reduce((total, c) => total + pick(c), 0) * 100) / 100;
  const accepted = checked.filter((c) => c.accepted);
  const refusedVisits = checked.filter((c) => !c.accepted);
  await audit(db, actor, {
    action: 'read',
    entityType: 'claim',
    entityId: facility.id,
    unitPath: facility.unitPath,
    details: {
      op: 'claim_check',
      month: filter.month,
      standard: standard.id,
      visits: visits.map((v) => v.id),
      refused,
      issues: issues.length,
    },
  });
  return {
    facility: { id: facility.id, code: facility.code, name: facility.name },
    month: filter.month,
    standard: standard.id,
    fileName: `GIAMDINHHS_${facility.code}_${filter.month.replace('-', '')}.xml`,
    visits: checked,
    totals: {
      visits: checked.length,
      accepted: accepted.length,
      refused: refusedVisits.length,
      findings: issues.length,
      acceptedTotal: sum(accepted, (c) => c.total),
      acceptedInsurerAmount: sum(accepted, (c) => c.insurerAmount),
      refusedTotal: sum(refusedVisits, (c) => c.total),
      refusedInsurerAmount: sum(refusedVisits, (c) => c.insurerAmount),
    },
  };
}

/** Register A1 of a station for a month. */
export async function registerA1(
  db: Executor,
  actor: Actor,
  filter: { facilityId: string; month: string },
): Promise<A1Register> {
  requireClaimsAccess(actor);
  const visits = await visitsForMonth(db, actor, filter);
  const facility = await getFacility(db, actor, filter.facilityId);
  const rows = a1Rows(
    visits,
    await referralsForRegister(
      db,
      visits.map((v) => ({
        id: v.id,
        residentId: v.patient.id,
        facilityId: v.facility.id,
        visitDate: v.visitDate,
      })),
    ),
  );
  await audit(db, actor, {
    action: 'export',
    entityType: 'register',
    entityId: facility.id,
    unitPath: facility.unitPath,
    details: { op: 'register_a1', month: filter.month, visits: visits.map((v) => v.id) },
  });
  return {
    facility: { id: facility.id, code: facility.code, name: facility.name },
    month: filter.month,
    rows,
    totals: {
      visits: rows.length,
      insured: rows.filter((r) => r.cardCode !== null).length,
      referred: rows.filter((r) => r.referral !== null).length,
    },
  };
}
