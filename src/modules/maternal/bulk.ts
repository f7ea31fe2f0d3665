// The maternal module's bulk writer (demo and imports): pregnancies with their EDD and risk computed
// as the service computes them (the lists in force on the registration day), inserted in batches.
import type { Actor } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { insertAll } from '../../db/bulk.js';
import type { Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import type { OutcomeInput } from './contracts.js';
import { assessRisk, codeListOn, eddFromLmp, RISK_SYSTEM, type CodeRow } from './rules.js';
import { familyPlanningEpisodes, pregnancies } from './schema.js';

export interface BulkPregnancy {
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
      id: newId(),
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
