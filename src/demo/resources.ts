/**
 * Demo resources and plan (issue 17): the province's sparsely populated rural communes listed as
 * ethnic-minority and mountainous areas (illustrative, not the real Decision 861/QĐ-TTg list), each
 * station's building and beds and an equipment count, the health centres' beds, investment projects
 * (stations of those communes rebuilt from the national target programme, health centres equipped from
 * the recovery programme, a few repairs from the provincial budget), and seed 000's plan for the
 * province. Written through the resources and plans modules' services. Deterministic by seed.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { rows, type Database } from '../db/connection.js';
import { listFacilities, unitsRelation } from '../modules/network/index.js';
import { createPlan, planTemplate } from '../modules/plans/index.js';
import {
  addDisbursement,
  createProject,
  equipmentListOn,
  loadEthnicMinorityCommunes,
  recordBeds,
  recordBuilding,
  recordInventory,
  setProjectStatus,
} from '../modules/resources/index.js';
import { addDays, type Rng } from './random.js';

/** Under this density (people per km²) a rural commune is listed as mountainous (as demo/network.ts). */
const MOUNTAIN_DENSITY = 100;
const CONDITIONS = ['solid', 'solid', 'semi_solid', 'degraded', 'severely_damaged'] as const;

export async function generateResourcesDemo(
  db: Database,
  opts: { provinceCode: string; rng: Rng; today?: string },
): Promise<{ stations: number; projects: number }> {
  const actor = systemActor('demo');
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const clamp = (d: string) => (d > today ? today : d);

  // Ethnic-minority communes: rural communes under the density threshold.
  const mountain = await rows<{ code: string }>(
    db.orm,
    sql`SELECT u.code FROM ${unitsRelation} u JOIN ${unitsRelation} p ON p.id = u.parent_id
        WHERE p.map = 'post2025' AND p.level = 'province' AND p.code = ${opts.provinceCode} AND u.level = 'commune'
          AND u.unit_type = 'Xã' AND u.area_km2 > 0 AND u.population / u.area_km2 < ${MOUNTAIN_DENSITY}
        ORDER BY u.code`,
  );
  if (mountain.length)
    await loadEthnicMinorityCommunes(db.orm, actor, {
      fileName: 'vung-dtts-minh-hoa.csv',
      dryRun: false,
      bytes: Buffer.from(
        [
          'unit_code,valid_from,valid_to,decision,area',
          ...mountain.map(
            (m) =>
              `${m.code},2021-06-04,,Quyết định 861/QĐ-TTg (dữ liệu minh hoạ),${rng.pick(['I', 'II', 'III'])}`,
          ),
        ].join('\n'),
      ),
    });
  const isMountain = new Set(mountain.map((m) => m.code));

  const all = await listFacilities(db.orm, actor, { unit: opts.provinceCode }, { limit: 1000, offset: 0 });
  const stations = all.items.filter((f) => f.kind === 'commune_station');
  const centres = all.items.filter((f) => f.kind === 'health_centre');
  const list = await equipmentListOn(db.orm, actor, today);
  let projects = 0;

  for (const s of stations) {
    const remote = isMountain.has(s.unitCode);
    const condition = remote ? rng.pick(CONDITIONS.slice(2)) : rng.pick(CONDITIONS);
    const yearBuilt = rng.int(1995, 2018);
    await recordBuilding(db.orm, actor, s.id, {
      recordedOn: clamp('2024-06-30'),
      yearBuilt,
      yearRenovated: rng.chance(0.3) ? rng.int(yearBuilt, 2023) : null,
      condition,
      floorAreaM2: rng.int(120, 400),
      rooms: rng.int(6, 16),
      cleanWater: !remote || rng.chance(0.6),
      latrine: remote && rng.chance(0.4) ? 'unhygienic' : 'flush',
      power: true,
      internet: !remote || rng.chance(0.7),
    });
    const model = s.stationModel ?? 2;
    await recordBeds(db.orm, actor, s.id, {
      fromDay: '2024-01-01',
      beds: model === 3 ? rng.int(5, 10) : model === 2 ? rng.int(3, 6) : rng.int(0, 2),
    });
    if (list) {
      const items = list.items
        .filter((it) => it.qty[model as 1 | 2 | 3] > 0)
        .map((it) => {
          const need = it.qty[model as 1 | 2 | 3];
          const present = rng.chance(remote ? 0.25 : 0.1) ? 0 : rng.int(Math.max(need - 1, 0), need + 1);
          const broken = present && rng.chance(0.15) ? 1 : 0;
          return { code: it.code, working: present - broken, broken };
        });
      await recordInventory(db.orm, actor, s.id, { countedOn: clamp('2025-06-30'), items });
    }
    // Stations of the ethnic-minority communes: rebuilt or upgraded from the national target programme.
    if (remote && rng.chance(0.7)) {
      const approvedOn = clamp(addDays('2022-03-01', rng.int(0, 700)));
      const budget = rng.int(15, 45) * 100_000_000;
      const p = await createProject(db.orm, actor, {
        name: `${condition === 'severely_damaged' ? 'Xây mới' : 'Cải tạo, nâng cấp'} ${s.name}`,
        fundingSource: 'ntp_ethnic_minority',
        kind: condition === 'severely_damaged' ? 'construction' : 'renovation',
        unitCode: opts.provinceCode,
        decisionNo: `${rng.int(100, 3000)}/QĐ-UBND`,
        approvedOn,
        budget,
        facilityIds: [s.id],
        milestones: [
          { name: 'Khởi công', dueOn: addDays(approvedOn, 90) },
          { name: 'Hoàn thành, bàn giao', dueOn: addDays(approvedOn, 400) },
        ],
      });
      projects++;
      const firstPay = addDays(approvedOn, 100);
      if (firstPay <= today)
        await addDisbursement(db.orm, actor, p.id, { paidOn: firstPay, amount: Math.round(budget * 0.5) });
      const done = addDays(approvedOn, rng.int(300, 700));
      if (done <= today && rng.chance(0.7)) {
        await addDisbursement(db.orm, actor, p.id, {
          paidOn: done,
          amount: budget - Math.round(budget * 0.5),
        });
        await setProjectStatus(db.orm, actor, p.id, { status: 'completed', completedOn: done });
      }
    } else if (condition === 'degraded' && rng.chance(0.3)) {
      const approvedOn = clamp(addDays('2024-01-15', rng.int(0, 400)));
      await createProject(db.orm, actor, {
        name: `Sửa chữa ${s.name}`,
        fundingSource: 'provincial_budget',
        kind: 'renovation',
        unitCode: opts.provinceCode,
        approvedOn,
        budget: rng.int(3, 9) * 100_000_000,
        facilityIds: [s.id],
      });
      projects++;
    }
  }

  // Health centres: beds, and equipment from the recovery programme.
  for (const c of centres) {
    await recordBeds(db.orm, actor, c.id, { fromDay: '2024-01-01', beds: rng.int(40, 150) });
    if (!rng.chance(0.85)) continue;
    const approvedOn = clamp(addDays('2022-09-01', rng.int(0, 300)));
    const budget = rng.int(20, 80) * 1_000_000_000;
    const p = await createProject(db.orm, actor, {
      name: `Mua sắm trang thiết bị ${c.name}`,
      fundingSource: 'recovery_programme',
      kind: 'equipment',
      unitCode: opts.provinceCode,
      approvedOn,
      budget,
      facilityIds: [c.id],
    });
    projects++;
    const done = addDays(approvedOn, rng.int(200, 900));
    if (done <= today) {
      await addDisbursement(db.orm, actor, p.id, { paidOn: done, amount: budget });
      await setProjectStatus(db.orm, actor, p.id, { status: 'completed', completedOn: done });
    } else if (addDays(approvedOn, 120) <= today)
      await addDisbursement(db.orm, actor, p.id, {
        paidOn: addDays(approvedOn, 120),
        amount: Math.round(budget * 0.3),
      });
  }

  // Seed 000's plan, for this province (its targets and agencies as the shipped file has them).
  const plan = planTemplate(opts.provinceCode);
  if (plan.issuedOn <= today)
    await createPlan(db.orm, actor, {
      ...plan,
      issuer: 'Ủy ban nhân dân tỉnh (dữ liệu minh hoạ theo Kế hoạch 176/KH-UBND của tỉnh Kiên Giang)',
    });
  return { stations: stations.length, projects };
}
