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
import { getFacility } from '../network/index.js';
import { visitForClaim, visitsForMonth, type VisitOut } from '../visits/index.js';
import type { ClaimIssue } from './contracts.js';
import { claimFromVisit, type ClaimOptions } from './from-visits.js';
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
  /** What the validator found in the produced XML (empty when every rule holds). */
  issues: ClaimIssue[];
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

function build(
  standard: ClaimStandard,
  facilityCode: string,
  visits: VisitOut[],
  options: ClaimOptions,
): { xml: string; issues: ClaimIssue[] } {
  const tables = visits.map((v, i) => {
    try {
      return claimTables(standard, claimFromVisit(standard, v, options), i + 1);
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
  });
  const code = options.facilityCode ?? facilityCode;
  const xml = envelopeXml(standard, code, tables, today());
  const issues = [
    ...validateEnvelope(standard, xml),
    ...visits.flatMap((v, i) => paymentIssues(v, tables[i]!, i + 1)),
  ];
  return { xml, issues };
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
  const { xml, issues } = build(standard, v.facility.code, [v], options);
  await audit(db, actor, {
    action: 'export',
    entityType: 'claim',
    entityId: v.id,
    unitPath: v.facility.unitPath,
    details: { op: 'claim_visit', standard: standard.id, issues: issues.length },
  });
  return {
    fileName: `GIAMDINHHS_${v.facility.code}_${v.visitDate.replace(/-/g, '')}_${v.id.slice(-8)}.xml`,
    xml,
    claims: 1,
    standard: standard.id,
    issues,
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
  const { xml, issues } = build(standard, facility.code, visits, options);
  await audit(db, actor, {
    action: 'export',
    entityType: 'claim',
    entityId: facility.id,
    unitPath: facility.unitPath,
    details: {
      op: 'claim_month',
      month: filter.month,
      standard: standard.id,
      visits: visits.map((v) => v.id),
      issues: issues.length,
    },
  });
  return {
    fileName: `GIAMDINHHS_${facility.code}_${filter.month.replace('-', '')}.xml`,
    xml,
    claims: visits.length,
    standard: standard.id,
    issues,
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
  const rows = a1Rows(visits);
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
