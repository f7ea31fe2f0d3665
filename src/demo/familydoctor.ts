/**
 * Demo family-doctor practices (issue 17): about a quarter of the communes have one at their station,
 * opened in 2024 or 2025 with one of the station's doctors (a province on its way to 30% by 2030), and
 * a few private practices in wards. Written through the familydoctor module's service. Deterministic by seed.
 */
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import type { Database } from '../db/connection.js';
import { addPracticeDoctor, createPractice } from '../modules/familydoctor/index.js';
import { listFacilities, listStaff } from '../modules/network/index.js';
import { addDays, type Rng } from './random.js';

export async function generateFamilyDoctorDemo(
  db: Database,
  opts: { provinceCode: string; rng: Rng; today?: string },
): Promise<number> {
  const actor = systemActor('demo');
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const page = await listFacilities(
    db.orm,
    actor,
    { unit: opts.provinceCode, kind: 'commune_station' },
    { limit: 500, offset: 0 },
  );
  let made = 0;
  for (const s of page.items) {
    const privatePractice = !s.unitName.startsWith('Xã ') && rng.chance(0.1);
    if (!rng.chance(0.25) && !privatePractice) continue;
    const openedOn = addDays(`${rng.chance(0.5) ? 2024 : 2025}-01-01`, rng.int(0, 300));
    if (openedOn > today) continue;
    const doctor = (
      await listStaff(db.orm, actor, { facility: s.id, title: 'doctor' }, { limit: 1, offset: 0 })
    ).items[0];
    const p = await createPractice(db.orm, actor, {
      name: privatePractice
        ? `Phòng khám bác sĩ gia đình tư nhân ${s.unitName}`
        : `Phòng khám bác sĩ gia đình ${s.name}`,
      kind: privatePractice ? 'private' : 'station',
      facilityId: privatePractice ? null : s.id,
      unitCode: s.unitCode,
      openedOn,
    });
    await addPracticeDoctor(db.orm, actor, p.id, {
      staffId: privatePractice ? null : (doctor?.id ?? null),
      fullName: (!privatePractice && doctor?.fullName) || 'Bác sĩ gia đình',
      fromDay: openedOn,
    });
    made++;
  }
  return made;
}
