/**
 * Demo commune health criteria and satisfaction surveys (issue 17). Assessments: about 60% of the
 * communes were assessed and approved in 2024 or 2025, most of them meeting the criteria (a plan's
 * first years towards 100% by 2030), some approved as not meeting (a criterion under half its points
 * or too few points); about 15% have this year's assessment submitted, awaiting the province, 10% a
 * draft; the rest none yet. The commune of the demo's first rural station keeps this year open for the
 * station head to fill. Surveys: every station's public link, and 8–25 answers a month over the last
 * three months, about 88% satisfied. Deterministic by seed; writes through the modules' bulk writers.
 */
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import type { Database } from '../db/connection.js';
import { criteriaSetOn, insertAssessmentsBulk, type BulkAssessment } from '../modules/criteria/index.js';
import { listFacilities, type FacilityOut } from '../modules/network/index.js';
import {
  insertAnswersBulk,
  stationLink,
  surveyFormOn,
  type BulkAnswer,
} from '../modules/satisfaction/index.js';
import { addDays, type Rng } from './random.js';

export interface CriteriaDemoOptions {
  provinceCode: string;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  today?: string;
}

async function stationsOf(db: Database, provinceCode: string): Promise<FacilityOut[]> {
  const out: FacilityOut[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listFacilities(
      db.orm,
      systemActor('demo'),
      { unit: provinceCode, kind: 'commune_station' },
      { limit: 500, offset },
    );
    out.push(...page.items);
    if (page.items.length < 500) break;
  }
  return out;
}

export async function generateCriteriaDemo(
  db: Database,
  opts: CriteriaDemoOptions,
): Promise<{ assessments: number; answers: number }> {
  const today = opts.today ?? currentDay();
  const year = Number(today.slice(0, 4));
  const rng = opts.rng;
  const stations = await stationsOf(db, opts.provinceCode);
  // The station head's commune (the first rural station, as the accounts step picks it) stays open.
  const rural = stations.filter((s) => s.unitName.startsWith('Xã '));
  const kept = (rural[0] ?? stations[0])?.unitId;
  const communes = [...new Map(stations.map((s) => [s.unitId, s])).values()];
  const set = await criteriaSetOn(db.orm, `${year - 1}-12-31`);
  const assessments: BulkAssessment[] = [];
  if (set) {
    // Points per indicator as a share of its maximum, drawn around a commune's level.
    const scoresAt = (level: number) =>
      Object.fromEntries(
        set.definition.criteria.flatMap((c) =>
          c.indicators.map((i) => {
            const share = Math.min(1, Math.max(0, level + (rng.next() - 0.5) * 0.3));
            return [i.code, Math.round(i.maxPoints * share * 2) / 2];
          }),
        ),
      );
    for (const s of communes) {
      const draw = rng.next();
      const past = rng.chance(0.5) ? year - 2 : year - 1;
      const base = { unitId: s.unitId, unitPath: s.unitPath, by: 'demo' };
      if (draw < 0.6) {
        const meets = rng.chance(0.85);
        assessments.push({
          ...base,
          year: past,
          status: 'approved',
          scores: scoresAt(meets ? 0.93 : 0.7),
          approvedOn: addDays(`${past + 1}-03-01`, rng.int(0, 90)),
        });
      }
      if (s.unitId === kept) continue;
      if (draw >= 0.6 && draw < 0.75)
        assessments.push({ ...base, year, status: 'submitted', scores: scoresAt(0.9) });
      else if (draw >= 0.75 && draw < 0.85) assessments.push({ ...base, year, status: 'draft', scores: {} });
    }
    // Approvals dated in the future of the demo's day are left out (a demo run on 1 January).
    const fit = assessments.filter((a) => !a.approvedOn || a.approvedOn <= today);
    await insertAssessmentsBulk(db.orm, set, fit);
    assessments.length = 0;
    assessments.push(...fit);
  }

  let answers = 0;
  const form = await surveyFormOn(db.orm, today);
  if (form) {
    const codes = form.definition.sections.flatMap((x) => x.questions.map((q) => q.code));
    for (const [i, s] of stations.entries()) {
      opts.progress?.('satisfaction', i, stations.length);
      const link = await stationLink(db.orm, systemActor('demo'), s.id);
      const station = 0.75 + rng.next() * 0.2; // the station's own level of satisfied answers
      const list: BulkAnswer[] = [];
      for (let d = 0; d < 90; d++) {
        const day = addDays(today, -d);
        for (let k = rng.chance(0.2) ? rng.int(1, 2) : 0; k > 0; k--) {
          const happy = rng.chance(station);
          list.push({
            answeredOn: day,
            answers: Object.fromEntries(
              codes.map((c) => [
                c,
                rng.chance(0.08) ? null : happy ? rng.pick([4, 4, 5, 5, 5, 3]) : rng.pick([2, 3, 3, 4, 1]),
              ]),
            ),
          });
        }
      }
      answers += await insertAnswersBulk(db.orm, { id: link.id, facilityId: s.id }, form, list);
    }
    opts.progress?.('satisfaction', stations.length, stations.length);
  }
  return { assessments: assessments.length, answers };
}
