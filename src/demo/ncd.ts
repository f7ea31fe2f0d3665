/**
 * The demo's chronic-disease registries (issue 14): every person the visits demo follows for
 * hypertension or diabetes is enrolled at the station that sees them (half of those seen from the
 * start of the 18 months were registered earlier, from paper registers), with a treatment plan; a
 * third of the people overdue today were called, with the outcomes a station records. Written
 * through the ncd module's bulk writer; the patients and their visits are read through the visits'
 * and people's published relations.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { rows, type Database } from '../db/connection.js';
import { staffRelation, unitsRelation } from '../modules/network/index.js';
import { followUps, insertNcdBulk, type BulkCall, type BulkEnrolment } from '../modules/ncd/index.js';
import { residentsRelation } from '../modules/people/index.js';
import { finishedVisitsRelation } from '../modules/visits/index.js';
import { addDays, type Rng } from './random.js';

export interface NcdDemoOptions {
  provinceCode: string;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  today?: string;
}

export interface NcdDemoSummary {
  enrolments: number;
  hypertension: number;
  diabetes: number;
  calls: number;
  seconds: number;
}

const HTN_MEDICINES = [
  { name: 'Amlodipin 5 mg', code: 'DEMO.T001', dose: '1 viên buổi sáng' },
  { name: 'Losartan 50 mg', code: null, dose: '1 viên buổi sáng' },
  { name: 'Enalapril 5 mg', code: null, dose: '1 viên x 2 lần/ngày' },
];
const DM_MEDICINE = { name: 'Metformin 500 mg', code: 'DEMO.T002', dose: '1 viên x 2 lần/ngày, sau ăn' };

export async function generateNcdDemo(db: Database, opts: NcdDemoOptions): Promise<NcdDemoSummary> {
  const started = performance.now();
  const today = opts.today ?? currentDay();
  const r = opts.rng;
  const windowStart = addDays(today, -548);
  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ path: string }>(
      tx,
      sql`SELECT path::text AS path FROM ${unitsRelation} u
          WHERE map = 'post2025' AND level = 'province' AND code = ${opts.provinceCode}`,
    );
    if (!province) throw new Error(`Province ${opts.provinceCode} is not on the current map`);
    opts.progress?.('ncd: enrolments', 0, 1);
    // The people followed for hypertension (I10) or diabetes (E11, or a glucose measured at a
    // hypertension follow-up), with their first follow-up and the station of the last one.
    const patients = await rows<{
      residentId: string;
      unitPath: string;
      first: string;
      htn: boolean;
      dm: boolean;
      facilityId: string;
      birthYear: number;
    }>(
      tx,
      sql`SELECT v.resident_id AS "residentId", p.unit_path::text AS "unitPath", min(v.visit_date)::text AS first,
            bool_or(v.main_diagnosis = 'I10') AS htn,
            bool_or(v.main_diagnosis LIKE 'E11%' OR v.fasting_glucose IS NOT NULL OR v.hba1c IS NOT NULL) AS dm,
            (array_agg(v.facility_id ORDER BY v.visit_date DESC))[1] AS "facilityId", p.birth_year AS "birthYear"
          FROM ${finishedVisitsRelation} v JOIN ${residentsRelation} p ON p.id = v.resident_id
          WHERE v.unit_path <@ ${province.path}::ltree AND (v.main_diagnosis = 'I10' OR v.main_diagnosis LIKE 'E11%')
          GROUP BY v.resident_id, p.unit_path, p.birth_year ORDER BY v.resident_id`,
    );
    const doctors = await rows<{ id: string; facilityId: string }>(
      tx,
      sql`SELECT DISTINCT ON (s.facility_id) s.id, s.facility_id AS "facilityId" FROM ${staffRelation} s
          WHERE s.unit_path <@ ${province.path}::ltree AND s.facility_id IS NOT NULL AND s.active_to IS NULL
            AND s.title IN ('doctor', 'physician_assistant') ORDER BY s.facility_id, s.id`,
    );
    const doctorOf = new Map(doctors.map((d) => [d.facilityId, d.id]));
    const enrolments: BulkEnrolment[] = [];
    const at = new Date(`${today}T02:00:00Z`);
    for (const p of patients) {
      // Seen from the start of the window: most were registered before it, on paper.
      const early = p.first < addDays(windowStart, 45) && r.chance(0.85);
      const registeredOn = early ? addDays(p.first, -r.int(30, 1400)) : p.first;
      const diagnosedOn = addDays(registeredOn, -r.int(0, 400));
      const base = {
        residentId: p.residentId,
        source: r.weighted([
          ['screened_here', 5],
          ['referred', 3],
          ['known', 2],
        ] as const),
        registeredOn,
        diagnosedOn: diagnosedOn < `${p.birthYear + 20}-01-01` ? registeredOn : diagnosedOn,
        facilityId: p.facilityId,
        clinicianId: doctorOf.get(p.facilityId) ?? null,
        unitPath: p.unitPath,
        createdBy: 'demo',
        createdAt: at,
        updatedAt: at,
      };
      const planOf = (medicines: { name: string; code: string | null; dose: string }[], targets: object) => ({
        medicines,
        targets,
        note: 'Ăn nhạt, hạn chế đồ ngọt, tập thể dục 30 phút mỗi ngày',
        followUpDays: 30,
        updatedAt: at.toISOString(),
        updatedBy: 'demo',
      });
      if (p.htn)
        enrolments.push({
          ...base,
          id: newId(),
          condition: 'hypertension',
          plan: planOf([r.pick(HTN_MEDICINES)], { systolic: p.dm ? 130 : 140, diastolic: p.dm ? 80 : 90 }),
        });
      if (p.dm)
        enrolments.push({
          ...base,
          id: newId(),
          condition: 'diabetes',
          plan: planOf([DM_MEDICINE], { fastingGlucose: 7, hba1c: 7 }),
        });
    }
    await insertNcdBulk(
      tx,
      systemActor('demo'),
      { enrolments, calls: [] },
      { audit: { unitPath: province.path, details: { demo: true, seed: r.seed } }, progress: opts.progress },
    );
    // A third of the people overdue today were called in the last three weeks.
    const overdue = await rows<{ residentId: string; unitPath: string; dueOn: string }>(
      tx,
      sql`SELECT f.resident_id AS "residentId", f.unit_path::text AS "unitPath", f.due_on::text AS "dueOn"
          FROM ${followUps(sql`${today}::date`, sql`${province.path}`, sql`${today}::date - 1`)} f
          WHERE f.days_overdue > 0 AND NOT f.stale ORDER BY f.resident_id`,
    );
    const calls: BulkCall[] = [];
    for (const o of overdue) {
      if (!r.chance(0.33)) continue;
      const calledOn = addDays(today, -r.int(0, 20));
      const outcome = r.weighted([
        ['agreed_to_visit', 5],
        ['remind_to_call_later', 3],
        ['removed_from_overdue_list', 2],
      ] as const);
      calls.push({
        id: newId(),
        residentId: o.residentId,
        unitPath: o.unitPath,
        outcome,
        removalReason:
          outcome === 'removed_from_overdue_list'
            ? r.weighted([
                ['not_responding', 4],
                ['invalid_phone', 2],
                ['moved', 2],
                ['moved_to_private_care', 1],
                ['refused', 1],
              ] as const)
            : null,
        note: null,
        dueOn: o.dueOn,
        calledOn,
        hiddenUntil:
          outcome === 'agreed_to_visit'
            ? addDays(calledOn, 7)
            : outcome === 'remind_to_call_later'
              ? addDays(calledOn, 30)
              : null,
        calledAt: new Date(`${calledOn}T03:00:00Z`),
        calledBy: 'demo',
      });
    }
    await insertNcdBulk(
      tx,
      systemActor('demo'),
      { enrolments: [], calls },
      { audit: { unitPath: province.path, details: { demo: true, calls: calls.length } } },
    );
    opts.progress?.('ncd: enrolments', 1, 1);
    return {
      enrolments: enrolments.length,
      hypertension: enrolments.filter((e) => e.condition === 'hypertension').length,
      diabetes: enrolments.filter((e) => e.condition === 'diabetes').length,
      calls: calls.length,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
