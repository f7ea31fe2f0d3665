/**
 * Programme data for a bench commune (issue 20's device budget): the station, NCD enrolments of
 * adults of 40 and over (18 % hypertension, 6 % diabetes), pregnancies under way (3 % of the women of
 * 20–45), and the children under five with their doses at the schedule's ages, their stored forecasts
 * and a measurement every three months (every six after two). Through the modules' bulk writers.
 */
import { systemActor } from '../../src/core/actor.js';
import { today } from '../../src/core/clock.js';
import { newId } from '../../src/core/ids.js';
import type { Database } from '../../src/db/connection.js';
import { insertMeasurementsBulk, type BulkMeasurement } from '../../src/modules/growth/index.js';
import { insertVaccinationRows, refreshForecasts } from '../../src/modules/immunization/index.js';
import { insertPregnanciesBulk, type BulkPregnancy } from '../../src/modules/maternal/index.js';
import { insertNetworkBulk } from '../../src/modules/network/index.js';
import { insertNcdBulk, type BulkEnrolment } from '../../src/modules/ncd/index.js';
import type { BulkResident } from '../../src/modules/people/index.js';

const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * DAY).toISOString().slice(0, 10);
const ageDays = (birth: string, on: string) => Math.round((Date.parse(on) - Date.parse(birth)) / DAY);

/** Doses a child gets, at their age in days (the national schedule's usual ages). */
const DOSES: [string, number][] = [
  ['HEPB', 0],
  ['BCG', 1],
  ['DPT_VGB_HIB', 61],
  ['OPV', 61],
  ['DPT_VGB_HIB', 92],
  ['OPV', 92],
  ['DPT_VGB_HIB', 122],
  ['OPV', 122],
  ['IPV', 152],
  ['MEASLES', 275],
  ['JE', 380],
  ['JE', 395],
  ['MR', 548],
  ['DPT', 548],
  ['JE', 760],
];

/** A plausible weight for an age in months (near WHO's median). */
const weightAt = (months: number) =>
  months < 6 ? 3.3 + 0.7 * months : months < 12 ? 7.5 + 0.3 * (months - 6) : 9.3 + 0.2 * (months - 12);

export interface ProgrammeCounts {
  enrolments: number;
  pregnancies: number;
  children: number;
  doses: number;
  measurements: number;
}

export async function insertProgramme(
  db: Database,
  commune: { id: string; code: string; path: string },
  residents: (BulkResident & { id: string })[],
  rand: () => number,
): Promise<ProgrammeCounts> {
  const actor = systemActor('bench');
  const on = today();
  const station = { id: newId() };
  const enrolments: BulkEnrolment[] = [];
  const pregnancies: BulkPregnancy[] = [];
  const doses: Record<string, unknown>[] = [];
  const measurements: BulkMeasurement[] = [];
  const children: { id: string; birthDate: string; unitPath: string }[] = [];
  for (const r of residents) {
    const birth = r.birthDate!;
    const age = ageDays(birth, on) / 365.25;
    if (age >= 40) {
      for (const [condition, share] of [
        ['hypertension', 0.18],
        ['diabetes', 0.06],
      ] as const)
        if (rand() < share) {
          const registeredOn = addDays(on, -Math.floor(rand() * 1000) - 1);
          enrolments.push({
            id: newId(),
            residentId: r.id,
            condition,
            diagnosedOn: registeredOn,
            source: 'screened_here',
            registeredOn,
            facilityId: station.id,
            unitPath: r.unitPath,
            createdBy: 'bench',
          });
        }
    }
    if (r.sex === 'female' && age >= 20 && age < 45 && rand() < 0.03) {
      const lmp = addDays(on, -Math.floor(rand() * 250) - 20);
      const gravidity = 1 + Math.floor(rand() * 3);
      pregnancies.push({
        residentId: r.id,
        unitPath: r.unitPath,
        ageYears: Math.floor(age),
        registeredOn: addDays(lmp, 20 + Math.floor(rand() * (ageDays(lmp, on) - 20))),
        lmp,
        gravidity,
        parity: gravidity - 1,
        riskFactors: [],
      });
    }
    if (age < 5) {
      children.push({ id: r.id, birthDate: birth, unitPath: r.unitPath });
      for (const [vaccine, at] of DOSES) {
        const givenOn = addDays(birth, at + Math.floor(rand() * 10));
        if (givenOn > on) break;
        doses.push({
          id: newId(),
          resident_id: r.id,
          unit_path: r.unitPath,
          vaccine,
          given_on: givenOn,
          facility_id: station.id,
          recorded_by: 'bench',
        });
      }
      for (let d = 1; d <= ageDays(birth, on); d += d < 730 ? 91 : 182)
        measurements.push({
          residentId: r.id,
          unitPath: r.unitPath,
          sex: r.sex,
          birthDate: birth,
          measuredOn: addDays(birth, d),
          weightKg: Math.round(weightAt(d / 30.44) * 10) / 10,
        });
    }
  }
  const audit = { unitPath: commune.path, details: { label: 'sync-programme' } };
  await db.orm.transaction(async (tx) => {
    await insertNetworkBulk(
      tx,
      actor,
      {
        hamlets: [],
        facilities: [
          {
            id: station.id,
            code: `22${commune.code.slice(-3)}`,
            name: `Trạm y tế ${commune.code}`,
            kind: 'commune_station',
            stationModel: 2,
            unitId: commune.id,
            unitPath: commune.path,
            activeFrom: '2020-01-01',
          },
        ],
        stationHamlets: [],
        staff: [],
      },
      { audit: { ...audit, entityType: 'bench' } },
    );
    await insertNcdBulk(tx, actor, { enrolments, calls: [] }, { audit });
    await insertPregnanciesBulk(tx, actor, pregnancies, { unitPath: commune.path });
    await insertVaccinationRows(tx, doses);
    await refreshForecasts(tx, children, on, { fresh: true });
    await insertMeasurementsBulk(tx, actor, measurements, { unitPath: commune.path });
  });
  return {
    enrolments: enrolments.length,
    pregnancies: pregnancies.length,
    children: children.length,
    doses: doses.length,
    measurements: measurements.length,
  };
}
