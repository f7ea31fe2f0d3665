// The maternal module's bulk writer (demo and imports): pregnancies with their EDD and risk computed
// as the service computes them (the lists in force on the registration day), inserted in batches.
import type { Actor } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { insertAll } from '../../db/bulk.js';
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { icd10Titles } from '../terminology/index.js';
import {
  computePayment,
  insertVisitsBulk,
  measuresOf,
  paymentRulesOn,
  type BulkVisit,
  type BulkVisitVersion,
  type VisitCard,
} from '../visits/index.js';
import type { AntenatalInput, OutcomeInput, PostnatalInput, RiskLevel } from './contracts.js';
import {
  assessRisk,
  codeListOn,
  daysBetween,
  eddFromLmp,
  gestationOn,
  RISK_SYSTEM,
  TRIMESTER_SYSTEM,
  trimesterOf,
  type CodeRow,
} from './rules.js';
import { antenatalContacts, familyPlanningEpisodes, postnatalContacts, pregnancies } from './schema.js';

export interface BulkPregnancy {
  /** The pregnancy's id when the caller needs it (its contacts); a new one otherwise. */
  id?: string;
  residentId: string;
  unitPath: string;
  ageYears: number;
  registeredOn: string;
  lmp: string;
  gravidity: number;
  parity: number;
  riskFactors: string[];
  systolic?: number;
  haemoglobin?: number;
  outcome?: OutcomeInput;
}

export async function insertPregnanciesBulk(
  tx: Tx,
  actor: Actor,
  items: readonly BulkPregnancy[],
  opts: { unitPath: string; progress?: ((step: string, done: number, total: number) => void) | undefined },
): Promise<number> {
  const lists = new Map<string, CodeRow[]>();
  const rows = [];
  for (const p of items) {
    let list = lists.get(p.registeredOn);
    if (!list) lists.set(p.registeredOn, (list = await codeListOn(tx, RISK_SYSTEM, p.registeredOn)));
    const risk = assessRisk(
      list,
      { ageYears: p.ageYears, parity: p.parity, systolic: p.systolic, haemoglobin: p.haemoglobin },
      p.riskFactors,
    );
    if (risk.errors.length) throw new Error(`pregnancy of ${p.residentId}: ${risk.errors[0]!.message}`);
    const o = p.outcome;
    rows.push({
      id: p.id ?? newId(),
      residentId: p.residentId,
      unitPath: p.unitPath,
      registeredOn: p.registeredOn,
      lmp: p.lmp,
      edd: eddFromLmp(p.lmp),
      eddSource: 'lmp' as const,
      gravidity: p.gravidity,
      parity: p.parity,
      riskFactors: risk.factors,
      riskLevel: risk.level,
      endedOn: o?.endedOn ?? null,
      outcome: o?.outcome ?? null,
      deliveryPlace: o?.deliveryPlace ?? null,
      deliveryAttendant: o?.deliveryAttendant ?? null,
      deliveryMode: o?.deliveryMode ?? null,
      births: o ? (o.births ?? 1) : null,
      birthWeightG: o?.birthWeightG ?? null,
      recordedBy: actor.username,
    });
  }
  await insertAll(tx, pregnancies, rows, 'pregnancies', opts.progress, 5_000);
  await audit(tx, actor, {
    action: 'create',
    entityType: 'person',
    unitPath: opts.unitPath,
    details: { op: 'pregnancies_bulk', rows: rows.length },
  });
  return rows.length;
}

export interface BulkFamilyPlanning {
  residentId: string;
  unitPath: string;
  /** A code of the list `contraceptive-method`. */
  method: string;
  startedOn: string;
  stoppedOn?: string | null;
  stopReason?: string | null;
}

/** Inserts family planning episodes (at most one in use per person: the caller's to keep). */
export async function insertFamilyPlanningBulk(
  tx: Tx,
  actor: Actor,
  items: readonly BulkFamilyPlanning[],
  opts: { unitPath: string; progress?: ((step: string, done: number, total: number) => void) | undefined },
): Promise<number> {
  const rows = items.map((e) => ({
    id: newId(),
    residentId: e.residentId,
    unitPath: e.unitPath,
    method: e.method,
    startedOn: e.startedOn,
    stoppedOn: e.stoppedOn ?? null,
    stopReason: e.stopReason ?? null,
    recordedBy: actor.username,
  }));
  await insertAll(tx, familyPlanningEpisodes, rows, 'family planning', opts.progress, 5_000);
  await audit(tx, actor, {
    action: 'create',
    entityType: 'person',
    unitPath: opts.unitPath,
    details: { op: 'family_planning_bulk', rows: rows.length },
  });
  return rows.length;
}

/**
 * An antenatal or postnatal contact for the bulk writer: what the service takes (the findings), the
 * pregnancy it belongs to, and what a visit needs (the station, its kind, the
 * woman's card on the day) — the caller reads those through their owners.
 */
interface BulkPregnancyRow {
  id: string;
  residentId: string;
  unitPath: string;
  lmp: string | null;
  edd: string;
  riskLevel: RiskLevel;
  endedOn: string | null;
}

export type BulkContact = {
  pregnancyId: string;
  facility: { id: string; kind: string; unitPath: string };
  card: VisitCard | null;
  hadCard: boolean;
} & (
  | ({ kind: 'antenatal' } & Omit<AntenatalInput, 'facilityId'>)
  | ({ kind: 'postnatal' } & Omit<PostnatalInput, 'facilityId'>)
);

/**
 * Inserts contacts as the service records them, in the caller's transaction: each a finished visit
 * (reason, vitals, Z34.9 / Z35.9 for a high-risk pregnancy, Z39.2 after the birth, the payment by the
 * rules and card of its day: no lines, so nothing to pay) written through the visits module's bulk
 * writer, and its findings here by the visit's id (gestation and trimester by the list in force on the
 * day). The caller keeps the dates inside the pregnancy (the service's checks are not repeated).
 */
export async function insertContactsBulk(
  tx: Tx,
  actor: Actor,
  items: readonly BulkContact[],
  opts: { unitPath: string; progress?: ((step: string, done: number, total: number) => void) | undefined },
): Promise<{ antenatal: number; postnatal: number }> {
  const trimesters = new Map<string, CodeRow[]>();
  const titles = new Map<string, Map<string, { title: string }>>();
  const visits: BulkVisit[] = [];
  const versions: BulkVisitVersion[] = [];
  const anc: (typeof antenatalContacts.$inferInsert)[] = [];
  const pnc: (typeof postnatalContacts.$inferInsert)[] = [];
  const found = new Map<string, BulkPregnancyRow>();
  const ids = [...new Set(items.map((c) => c.pregnancyId))];
  for (let i = 0; i < ids.length; i += 5_000)
    for (const p of await rows<BulkPregnancyRow>(
      tx,
      sql`SELECT id, resident_id AS "residentId", unit_path::text AS "unitPath", lmp::text AS lmp, edd::text AS edd,
            risk_level AS "riskLevel", ended_on::text AS "endedOn" FROM pregnancies
          WHERE id = ANY(${`{${ids.slice(i, i + 5_000).join(',')}}`}::uuid[])`,
    ))
      found.set(p.id, p);
  for (const item of items) {
    const pregnancy = found.get(item.pregnancyId);
    if (!pregnancy) throw new Error(`contact: no pregnancy ${item.pregnancyId}`);
    const c = { ...item, pregnancy };
    const code = c.kind === 'postnatal' ? 'Z39.2' : c.pregnancy.riskLevel === 'high' ? 'Z35.9' : 'Z34.9';
    // ICD-10 titles by the year's list (the codes keep their titles; one read per year).
    const year = c.contactOn.slice(0, 4);
    let t = titles.get(year);
    if (!t) titles.set(year, (t = await icd10Titles(tx, ['Z34.9', 'Z35.9', 'Z39.2'], `${year}-07-01`)));
    const result = computePayment({
      lines: [],
      method: c.card ? 'insurance' : 'self_pay',
      card: c.card,
      hadCard: c.hadCard,
      facilityKind: c.facility.kind,
      rules: paymentRulesOn(c.contactOn),
    });
    if (!result.ok) throw new Error(`contact of ${c.pregnancy.residentId}: ${result.message}`);
    const document: BulkVisitVersion['document'] = {
      visitDate: c.contactOn,
      clinicianId: c.clinicianId,
      reason: c.kind === 'antenatal' ? 'Khám thai' : 'Chăm sóc sau sinh',
      illnessHistory: null,
      vitals: {
        ...(c.kind === 'antenatal' && c.weightKg !== undefined ? { weightKg: c.weightKg } : {}),
        ...(c.systolic !== undefined ? { systolic: c.systolic } : {}),
        ...(c.diastolic !== undefined ? { diastolic: c.diastolic } : {}),
        bmi: null,
      },
      findings: {},
      diagnoses: { main: { code, title: t.get(code)?.title ?? code, note: null }, others: [] },
      services: [],
      supplies: [],
      prescriptions: [],
      advice: null,
      reExaminationDate: null,
      chronicCare: null,
      payment: result.payment,
    };
    const id = newId();
    const at = new Date(`${c.contactOn}T02:00:00Z`);
    visits.push({
      id,
      residentId: c.pregnancy.residentId,
      facilityId: c.facility.id,
      unitPath: c.facility.unitPath,
      visitDate: c.contactOn,
      status: 'finished',
      currentVersion: 1,
      clinicianId: c.clinicianId,
      mainDiagnosis: code,
      paymentMethod: result.payment.method,
      benefitLevel: result.payment.card?.benefitLevel ?? null,
      totalAmount: result.payment.total,
      insurerAmount: result.payment.insurerAmount,
      patientAmount: result.payment.patientAmount,
      ...measuresOf(document),
      finishedAt: at,
      createdAt: at,
      updatedAt: at,
    });
    versions.push({
      id: newId(),
      visitId: id,
      version: 1,
      kind: 'create',
      status: 'finished',
      document,
      createdAt: at,
      createdBy: actor.username,
    });
    const common = {
      visitId: id,
      pregnancyId: c.pregnancy.id,
      unitPath: c.pregnancy.unitPath,
      contactOn: c.contactOn,
      systolic: c.systolic ?? null,
      diastolic: c.diastolic ?? null,
      note: c.note ?? null,
      recordedBy: actor.username,
      createdAt: at,
      updatedAt: at,
    };
    if (c.kind === 'antenatal') {
      let list = trimesters.get(c.contactOn);
      if (!list) trimesters.set(c.contactOn, (list = await codeListOn(tx, TRIMESTER_SYSTEM, c.contactOn)));
      const gestation = gestationOn(c.pregnancy, c.contactOn);
      const trimester = trimesterOf(list, gestation);
      if (trimester === null) throw new Error(`contact of ${c.pregnancy.residentId}: outside the pregnancy`);
      anc.push({
        ...common,
        gestationDays: gestation,
        trimester,
        weightKg: c.weightKg ?? null,
        fundalHeightCm: c.fundalHeightCm ?? null,
        foetalHeartRate: c.foetalHeartRate ?? null,
        urineProtein: c.urineProtein ?? null,
        haemoglobin: c.haemoglobin ?? null,
        ironFolate: c.ironFolate ?? null,
      });
    } else {
      if (!c.pregnancy.endedOn) throw new Error(`postnatal contact of ${c.pregnancy.residentId}: no birth`);
      pnc.push({
        ...common,
        dayAfterBirth: daysBetween(c.pregnancy.endedOn, c.contactOn),
        abnormalBleeding: c.abnormalBleeding ?? null,
        breastfeeding: c.breastfeeding ?? null,
        newbornWeightG: c.newbornWeightG ?? null,
        newbornJaundice: c.newbornJaundice ?? null,
      });
    }
  }
  await insertVisitsBulk(
    tx,
    actor,
    { stationServices: [], visits, versions },
    {
      audit: { unitPath: opts.unitPath, entityType: 'person', details: { op: 'maternal_contacts_bulk' } },
      progress: opts.progress,
    },
  );
  await insertAll(tx, antenatalContacts, anc, 'antenatal contacts', opts.progress, 5_000);
  await insertAll(tx, postnatalContacts, pnc, 'postnatal contacts', opts.progress, 5_000);
  await audit(tx, actor, {
    action: 'create',
    entityType: 'person',
    unitPath: opts.unitPath,
    details: { op: 'maternal_contacts_bulk', antenatal: anc.length, postnatal: pnc.length },
  });
  return { antenatal: anc.length, postnatal: pnc.length };
}
