import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import type { DueRow, PullOut } from './contracts.js';

/**
 * A device's due items kept up to date incrementally (docs/adr/0033, point 14): Tiên Yên (06862) with
 * its station and three people, An and Bình with a re-examination due, Chi with nothing due. The
 * device holds the whole list after its first sync; later, only the people whose facts changed come.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let station: string;
let doctor: string;
let an: string;
let binh: string;
let chi: string;
const D = today();
const day = (n: number) => {
  const d = new Date(`${D}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function visit(residentId: string, visitDate: string, reExaminationDate: string | null) {
  const res = await admin.request('POST', '/api/v1/visits', {
    residentId,
    facilityId: station,
    visitDate,
    clinicianId: doctor,
    reason: 'Tái khám',
    vitals: { systolic: 128, diastolic: 80 },
    diagnoses: { main: { code: 'J06.9' } },
    reExaminationDate,
    finish: true,
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** The device's due list: kept by `kind/refId`, replaced whole or per person as the page says. */
class Device {
  cursor = 0;
  dueSince: number | undefined;
  dueDay: string | undefined;
  due = new Map<string, DueRow>();
  constructor(readonly as: Session) {}

  /** The rows, then the due items in a request of their own (as web/src/offline/sync.ts does). */
  async sync(dueDay = this.dueDay): Promise<PullOut> {
    for (let i = 0; i < 100; i++) {
      const page = await this.get(`since=${this.cursor}&limit=1000`);
      this.cursor = page.next;
      if (!page.more) break;
    }
    const extra = this.dueSince && dueDay ? `&dueSince=${this.dueSince}&dueDay=${dueDay}` : '';
    const page = await this.get(`since=${this.cursor}&limit=1&due=true${extra}`);
    this.cursor = page.next;
    expect(page.due).toBeDefined();
    if (page.dueFor) {
      for (const [key, d] of this.due) if (page.dueFor.includes(d.residentId)) this.due.delete(key);
    } else this.due.clear();
    for (const d of page.due!) this.due.set(`${d.kind}/${d.refId}`, d);
    this.dueSince = page.next;
    this.dueDay = page.dueDay;
    return page;
  }

  private async get(query: string): Promise<PullOut> {
    const res = await this.as.request('GET', `/api/v1/sync/pull?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PullOut;
  }

  /** The due list as the server would send it whole, in the same shape (sorted by key). */
  list() {
    return [...this.due.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, d]) => d);
  }
}

const reExaminations = (rows: DueRow[]) =>
  rows
    .filter((d) => d.kind === 'visits.re_examination')
    .map((d) => ({ residentId: d.residentId, dueOn: d.dueOn }));

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'due.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station);
  clinician = await userSession(t, 'due.clinician', 'clinician', '06862');
  an = await createResident(admin, 'Nguyễn Văn An', '1990-05-01', '06862');
  binh = await createResident(admin, 'Lê Thị Bình', '1992-03-15', '06862', { sex: 'female' });
  chi = await createResident(admin, 'Trần Văn Chí', '1995-01-01', '06862');
  await visit(an, day(-20), day(-5)); // overdue 5 days
  await visit(binh, day(-10), day(3)); // in three days
});
afterAll(async () => t?.close());

describe('a device’s due items, incrementally', () => {
  let device: Device;
  let whole: PullOut;

  it('given a first sync, when the due items are asked, then the whole list comes, with its day', async () => {
    device = new Device(clinician);
    whole = await device.sync();
    expect(whole.dueFor).toBeUndefined();
    expect(whole.dueDay).toBe(D);
    expect(reExaminations(whole.due!)).toEqual([
      { residentId: an, dueOn: day(-5) },
      { residentId: binh, dueOn: day(3) },
    ]);
  });

  it('given nothing changed, when the device syncs again the same day, then nothing comes and its list stays', async () => {
    const page = await device.sync();
    expect(page.dueFor).toEqual([]);
    expect(page.due).toEqual([]);
    expect(reExaminations(device.list())).toHaveLength(2);
  });

  it('given a new visit of one person, when the device syncs, then only that person’s new items come', async () => {
    await visit(chi, day(-3), day(-1)); // Chí is due from yesterday
    const page = await device.sync();
    expect(page.dueFor).toEqual([chi]);
    expect(page.due!.every((d) => d.residentId === chi)).toBe(true);
    expect(reExaminations(page.due!)).toEqual([{ residentId: chi, dueOn: day(-1) }]);
    expect(
      reExaminations(device.list())
        .map((d) => d.residentId)
        .sort(),
    ).toEqual([an, binh, chi].sort());
  });

  it('given a person who is no longer due, when the device syncs, then an empty replacement drops their items', async () => {
    await visit(an, D, null); // An came back: the appointment is answered, none set
    const page = await device.sync();
    expect(page.dueFor).toEqual([an]);
    expect(page.due!.filter((d) => d.residentId === an)).toEqual([]);
    expect(device.list().filter((d) => d.residentId === an)).toEqual([]);
    expect(
      reExaminations(device.list())
        .map((d) => d.residentId)
        .sort(),
    ).toEqual([binh, chi].sort());
  });

  it('keeps the device’s list equal to the whole list the server computes', async () => {
    const fresh = new Device(clinician);
    await fresh.sync();
    expect(device.list()).toEqual(fresh.list());
  });

  it('given a new day, when the device syncs, then the whole list comes again', async () => {
    const page = await device.sync(day(-1)); // the device's list is from yesterday
    expect(page.dueFor).toBeUndefined();
    expect(page.dueDay).toBe(D);
    expect(
      reExaminations(page.due!)
        .map((d) => d.residentId)
        .sort(),
    ).toEqual([binh, chi].sort());
  });

  it('refuses a due day that is not a date', async () => {
    const res = await clinician.request('GET', '/api/v1/sync/pull?due=true&dueSince=5&dueDay=hôm-qua');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'query.dueDay',
    ]);
  });
});
