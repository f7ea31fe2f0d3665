import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import type { PullOut, SyncChange } from './contracts.js';

/**
 * Programme data on the device (issue 20): Tiên Yên (06862) with its station and a doctor; a man with
 * hypertension, a pregnant woman, a baby with a dose and a measurement. Hải Lạng (06838) next door has
 * a woman with diabetes and a pregnancy, who moves to Tiên Yên. Dates count back from Vietnam's today.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let station: string;
let doctor: string;
let stationThere: string;
let hung: string;
let hoa: string;
let baby: string;
let lien: string;

const day = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function ok(res: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 201) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as { id: string } & Record<string, unknown>;
}

const enrol = (as: Session, residentId: string, condition: string, on: string, facilityId: string) =>
  ok(
    as.request('POST', '/api/v1/ncd/enrolments', {
      residentId,
      condition,
      diagnosedOn: on,
      source: 'screened_here',
      registeredOn: on,
      facilityId,
    }),
  );

const pregnancy = (as: Session, who: string, lmp: string) =>
  ok(
    as.request('POST', `/api/v1/maternal/residents/${who}/pregnancies`, {
      registeredOn: today(),
      lmp,
      gravidity: 2,
      parity: 1,
    }),
  );

let hungEnrolment: string;
let hungCopd: string;
let hoaPregnancy: string;
let lienEnrolment: string;
let lienPregnancy: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'prog.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  stationThere = await createStation(admin, '06838');
  doctor = await createDoctor(admin, station);
  clinician = await userSession(t, 'prog.clinician', 'clinician', '06862');
  hung = await createResident(admin, 'Đặng Văn Hùng', '1958-04-02', '06862');
  hoa = await createResident(admin, 'Vũ Thị Hoa', '1996-06-20', '06862', { sex: 'female' });
  baby = await createResident(admin, 'Vũ Minh Khang', day(-20), '06862');
  lien = await createResident(admin, 'Hà Thị Liên', '1994-11-11', '06838', { sex: 'female' });
  hungEnrolment = (await enrol(admin, hung, 'hypertension', day(-200), station)).id;
  hungCopd = (await enrol(admin, hung, 'copd', day(-100), station)).id;
  hoaPregnancy = (await pregnancy(admin, hoa, day(-70))).id;
  await ok(
    admin.request('POST', `/api/v1/residents/${baby}/vaccinations`, {
      doses: [
        { vaccine: 'BCG', givenOn: day(-19), facilityId: station, vaccinatorId: doctor, site: 'left_arm' },
      ],
    }),
  );
  await ok(
    admin.request('POST', `/api/v1/growth/children/${baby}/measurements`, {
      measuredOn: day(-19),
      weightKg: 3.4,
    }),
  );
  lienEnrolment = (await enrol(admin, lien, 'diabetes', day(-300), stationThere)).id;
  lienPregnancy = (await pregnancy(admin, lien, day(-140))).id;
});
afterAll(async () => t?.close());

/** A device: its store (entity/id → row) and cursor, as web/src/offline/sync.ts keeps them. */
class Device {
  store = new Map<string, Record<string, unknown>>();
  cursor = 0;
  codes: string | undefined;
  received: SyncChange[] = [];
  constructor(readonly as: Session) {}

  async pullPage(limit = 1000): Promise<PullOut> {
    const q = `since=${this.cursor}&limit=${limit}${this.codes ? `&codes=${this.codes}` : ''}`;
    const res = await this.as.request('GET', `/api/v1/sync/pull?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as PullOut;
    for (const c of page.changes) {
      this.received.push(c);
      const key = `${c.entity}/${c.id}`;
      if (c.removed) {
        this.store.delete(key);
        if (c.entity === 'resident')
          for (const [k, v] of this.store) if (v.residentId === c.id) this.store.delete(k);
      } else this.store.set(key, c.data!);
    }
    this.cursor = page.next;
    if (page.codes) this.codes = page.codes.stamp;
    return page;
  }

  async pull(limit = 1000) {
    for (let i = 0; i < 100; i++) if (!(await this.pullPage(limit)).more) return;
    throw new Error('the pull did not end');
  }

  of(entity: string) {
    return [...this.store.entries()].filter(([k]) => k.startsWith(`${entity}/`)).map(([, v]) => v);
  }
  get(entity: string, id: string) {
    return this.store.get(`${entity}/${id}`);
  }
}

describe('sync: programme data of a commune on the device', () => {
  it('pulls the open enrolments, the pregnancy with its next contact, and a baby’s dose, forecast and measurement', async () => {
    const d = new Device(clinician);
    await d.pull();
    expect(d.of('enrolment').map((e) => [e.residentId, e.condition, e.registeredOn, e.endedOn])).toEqual(
      expect.arrayContaining([
        [hung, 'hypertension', day(-200), null],
        [hung, 'copd', day(-100), null],
      ]),
    );
    // Liên lives next door: nothing of hers.
    expect(d.of('enrolment')).toHaveLength(2);
    expect(d.of('pregnancy')).toHaveLength(1);
    // LMP 70 days ago: EDD 280 days after it; the first contact is due at week 8 (antenatal-schedule).
    expect(d.get('pregnancy', hoaPregnancy)).toMatchObject({
      residentId: hoa,
      lmp: day(-70),
      edd: day(210),
      gestationDays: 70,
      gravidity: 2,
      parity: 1,
      antenatal: [],
      nextContact: { contact: 1, dueOn: day(-70 + 56) },
    });
    expect(d.of('dose')).toEqual([
      expect.objectContaining({
        residentId: baby,
        vaccine: 'BCG',
        vaccineName: 'Vắc xin lao (BCG)',
        givenOn: day(-19),
        site: 'left_arm',
        voided: false,
      }),
    ]);
    const forecast = d.get('forecast', baby)!;
    const doses = forecast.doses as Record<string, unknown>[];
    expect(doses.find((x) => x.code === 'BCG')).toMatchObject({
      nameVi: 'Lao (BCG)',
      series: 'bcg',
      doseNo: 1,
      givenOn: day(-19),
      blocked: null,
    });
    // HepB birth dose: due on the day of birth, too late after 7 days, never given.
    expect(doses.find((x) => x.code === 'HEPB0')).toMatchObject({
      due: day(-20),
      latest: day(-13),
      givenOn: null,
    });
    expect(d.of('measurement')).toEqual([
      expect.objectContaining({ residentId: baby, measuredOn: day(-19), ageDays: 1, weightKg: 3.4 }),
    ]);
  });

  it('removes an ended enrolment and an ended pregnancy, and sends the pregnancy again after a contact', async () => {
    const d = new Device(clinician);
    await d.pull();
    await ok(
      clinician.request('POST', `/api/v1/maternal/pregnancies/${hoaPregnancy}/antenatal`, {
        facilityId: station,
        clinicianId: doctor,
        contactOn: today(),
      }),
    );
    await d.pull();
    expect(d.get('pregnancy', hoaPregnancy)).toMatchObject({
      antenatal: [expect.objectContaining({ contactOn: today(), gestationDays: 70 })],
      nextContact: { contact: 2, dueOn: day(-70 + 22 * 7) },
    });

    const ended = await clinician.request('PATCH', `/api/v1/ncd/enrolments/${hungCopd}`, {
      endedOn: today(),
      endReason: 'diagnosis_revised',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const lost = await clinician.request('POST', `/api/v1/maternal/pregnancies/${hoaPregnancy}/outcome`, {
      endedOn: today(),
      outcome: 'miscarriage',
    });
    expect(lost.statusCode, lost.body).toBe(200);
    const page = await d.pullPage();
    expect(page.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'enrolment', id: hungCopd, removed: true }),
        expect.objectContaining({ entity: 'pregnancy', id: hoaPregnancy, removed: true }),
      ]),
    );
    expect(d.of('enrolment').map((e) => e.id)).toEqual([hungEnrolment]);
    expect(d.of('pregnancy')).toEqual([]);
    // A new device never gets the ended ones, not even as removals.
    const fresh = new Device(clinician);
    await fresh.pull();
    expect(fresh.received.filter((c) => c.removed)).toEqual([]);
    expect(fresh.of('enrolment').map((e) => e.id)).toEqual([hungEnrolment]);
  });

  it('brings the programme rows of a person who moves into the commune, and drops them when she leaves', async () => {
    const d = new Device(clinician);
    await d.pull();
    expect(d.get('enrolment', lienEnrolment)).toBeUndefined();
    const moved = await admin.request('POST', `/api/v1/residents/${lien}/transfer`, {
      toUnitCode: '06862',
      on: today(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await d.pull();
    expect(d.get('enrolment', lienEnrolment)).toMatchObject({
      residentId: lien,
      condition: 'diabetes',
      registeredOn: day(-300),
    });
    expect(d.get('pregnancy', lienPregnancy)).toMatchObject({
      residentId: lien,
      lmp: day(-140),
      nextContact: { contact: 1, dueOn: day(-140 + 56) },
    });
    const back = await admin.request('POST', `/api/v1/residents/${lien}/transfer`, {
      toUnitCode: '06838',
      on: today(),
    });
    expect(back.statusCode, back.body).toBe(200);
    await d.pull();
    expect(d.get('resident', lien)).toBeUndefined();
    expect(d.get('enrolment', lienEnrolment)).toBeUndefined();
    expect(d.get('pregnancy', lienPregnancy)).toBeUndefined();
  });
});
