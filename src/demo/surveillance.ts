/**
 * Demo communicable-disease surveillance (issue 18): five and a half years of weekly dengue and
 * hand-foot-mouth cases in every commune of the province (dengue peaking in September–November, HFMD
 * in March–May and again in autumn; a few measles cases), written as history through the surveillance
 * module's bulk writer; then, in this week, dengue cases at the first station's commune reported
 * through its service, so that the curve rises and an alert waits for the province. A few health
 * education sessions at the first stations through the service. Deterministic by seed.
 */
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import type { Database } from '../db/connection.js';
import { findUnit, listFacilities, listUnits } from '../modules/network/index.js';
import {
  createSession,
  insertCasesBulk,
  reportCase,
  weekStart,
  type BulkCase,
} from '../modules/surveillance/index.js';
import { personName } from './names.js';
import { addDays, type Rng } from './random.js';

/** Expected cases a commune-week by month (1–12), before the commune's own size factor. */
const SEASON: Record<string, number[]> = {
  dengue: [0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.15, 0.25, 0.3, 0.2, 0.08],
  hand_foot_mouth: [0.04, 0.05, 0.12, 0.15, 0.12, 0.06, 0.04, 0.04, 0.1, 0.12, 0.08, 0.05],
  measles: [0.004, 0.004, 0.006, 0.004, 0.002, 0.001, 0.001, 0.001, 0.001, 0.002, 0.003, 0.004],
};

export async function generateSurveillanceDemo(
  db: Database,
  opts: { provinceCode: string; rng: Rng; scale?: number; today?: string },
): Promise<{ history: number; reported: number; alerts: number; sessions: number }> {
  const actor = systemActor('demo');
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const scale = opts.scale ?? 1;
  const stations = (
    await listFacilities(
      db.orm,
      actor,
      { unit: opts.provinceCode, kind: 'commune_station' },
      { limit: 500, offset: 0 },
    )
  ).items;
  // The accounts step puts the first station head at the first rural commune (xã): the outbreak goes there.
  const ordered = [
    ...stations.filter((s) => s.unitName.startsWith('Xã ')),
    ...stations.filter((s) => !s.unitName.startsWith('Xã ')),
  ];
  const thisWeek = weekStart(today);
  const start = weekStart(`${Number(today.slice(0, 4)) - 5}-01-01`);
  const history: BulkCase[] = [];
  const places = new Map<string, string>();
  for (const s of ordered) {
    const unit = await findUnit(db.orm, { code: s.unitCode });
    if (!unit) continue;
    places.set(s.unitCode, unit.path);
    const size = rng.float(0.3, 1.7) * scale;
    for (let week = start; week < thisWeek; week = addDays(week, 7)) {
      const month = Number(week.slice(5, 7));
      // Every third year dengue is worse (as 2017, 2019, 2022 were in the north).
      const year = Number(week.slice(0, 4));
      for (const [disease, season] of Object.entries(SEASON)) {
        const epidemic = disease === 'dengue' && year % 3 === 0 ? 2.5 : 1;
        const n = rng.round(season[month - 1]! * size * epidemic);
        for (let i = 0; i < n; i++) {
          const sex = rng.chance(0.5) ? 'female' : 'male';
          const onsetOn = addDays(week, rng.int(0, 6));
          history.push({
            disease,
            personName: personName(rng, sex),
            personSex: sex,
            personBirthYear: disease === 'dengue' ? rng.int(1950, 2015) : rng.int(year - 6, year - 1),
            unitPath: unit.path,
            onsetOn,
            reportedOn: addDays(onsetOn, rng.int(1, 3)),
            classification: rng.chance(0.4) ? 'confirmed' : rng.chance(0.5) ? 'probable' : 'suspected',
            hospitalised: rng.chance(disease === 'dengue' ? 0.3 : 0.1),
            outcome: 'recovered',
          });
        }
      }
    }
  }
  await db.orm.transaction((tx) => insertCasesBulk(tx, history, 'demo'));

  // This week's outbreak at the first commune, in its first hamlet, reported case by case.
  let reported = 0;
  const alerts = new Set<string>();
  const first = ordered[0];
  if (first && places.has(first.unitCode)) {
    const hamlets = await listUnits(
      db.orm,
      actor,
      { parent: first.unitCode, level: 'hamlet' },
      { limit: 1, offset: 0 },
    );
    const place = hamlets.items[0]?.code ?? first.unitCode;
    const days = Math.max(0, Math.min(6, (Date.parse(today) - Date.parse(thisWeek)) / 86_400_000));
    for (let i = 0; i < 6; i++) {
      const sex = rng.chance(0.5) ? 'female' : 'male';
      const onsetOn = addDays(thisWeek, Math.min(days, Math.floor((i * (days + 1)) / 6)));
      const c = await reportCase(db.orm, actor, {
        disease: 'dengue',
        person: { fullName: personName(rng, sex), sex, birthYear: rng.int(1960, 2012) },
        unitCode: place,
        onsetOn,
        reportedOn: today,
        classification: i < 2 ? 'confirmed' : 'suspected',
        hospitalised: i === 0,
        outcome: 'under_treatment',
      });
      reported++;
      for (const a of c.alerts ?? []) alerts.add(a);
    }
  }

  // Health education sessions of the last three months at the first stations.
  let sessions = 0;
  const topics = [
    ['Phòng chống sốt xuất huyết: diệt bọ gậy, loăng quăng', 'loudspeaker'],
    ['Phòng bệnh tay chân miệng cho trẻ mầm non', 'talk'],
    ['Tiêm chủng đầy đủ, đúng lịch', 'home_visit'],
    ['Phát hiện sớm tăng huyết áp, đái tháo đường', 'talk'],
    ['Dinh dưỡng cho bà mẹ và trẻ nhỏ', 'social_media'],
  ] as const;
  for (const s of ordered.slice(0, 3))
    for (let m = 0; m < 3; m++)
      for (let k = 0; k < 3; k++) {
        const heldOn = rng.date(addDays(today, -30 * (m + 1)), addDays(today, -30 * m));
        const [topic, format] = rng.pick(topics);
        await createSession(db.orm, actor, {
          unitCode: s.unitCode,
          heldOn,
          topic,
          format,
          audience: format === 'talk' ? 'Người dân trong thôn' : 'Toàn dân',
          men: rng.int(5, 40),
          women: rng.int(8, 50),
          staffName: null,
        });
        sessions++;
      }
  return { history: history.length, reported, alerts: alerts.size, sessions };
}
