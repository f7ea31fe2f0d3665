import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

/**
 * Issue 17 item 1: the workforce of Tiên Yên station (06862). Two doctors and a nurse in post; the
 * province approved 3 doctor posts and 2 nurse posts from 2024, then 2 doctor posts from 2026-07-01.
 */
let t: TestApp;
let manager: Session; // province 22
let head: Session; // station head of Tiên Yên
let otherHead: Session; // station head of Bình Liêu
const ids = {} as Record<'station' | 'doctor1' | 'doctor2' | 'nurse', string>;

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'wf.admin', 'system_admin', 'VN');
  manager = await userSession(t, 'wf.manager', 'province_manager', '22');
  head = await userSession(t, 'wf.head', 'station_head', '06862');
  otherHead = await userSession(t, 'wf.other', 'station_head', '06838');
  ids.station = await createStation(admin, '06862', { code: '22862', name: 'Trạm y tế Tiên Yên' });
  ids.doctor1 = await createDoctor(admin, ids.station, 'Bác sĩ Một');
  ids.doctor2 = await createDoctor(admin, ids.station, 'Bác sĩ Hai');
  const nurse = await admin.request('POST', '/api/v1/staff', {
    fullName: 'Điều dưỡng Ba',
    sex: 'female',
    title: 'nurse',
    facilityId: ids.station,
    activeFrom: '2020-01-01',
  });
  expect(nurse.statusCode, nurse.body).toBe(201);
  ids.nurse = nurse.json().id;
});
afterAll(async () => t?.close());

const approve = (as: Session, body: Record<string, unknown>) =>
  as.request('POST', `/api/v1/facilities/${ids.station}/positions`, body);

describe('approved job positions against staff in post', () => {
  it('given decisions for doctors and nurses, when read on a day, then each title shows approved, in post and vacancies, a later decision replacing the earlier from its day', async () => {
    expect(
      (await approve(manager, { title: 'doctor', count: 3, decision: '15/QĐ-SYT', validFrom: '2024-01-01' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await approve(manager, { title: 'nurse', count: 2, decision: '15/QĐ-SYT', validFrom: '2024-01-01' }))
        .statusCode,
    ).toBe(200);
    const later = await approve(manager, {
      title: 'doctor',
      count: 2,
      decision: '88/QĐ-SYT',
      validFrom: '2026-07-01',
    });
    expect(later.statusCode, later.body).toBe(200);

    const june = (
      await head.request('GET', `/api/v1/facilities/${ids.station}/positions?on=2026-06-30`)
    ).json();
    expect(june.rows).toEqual([
      {
        title: 'doctor',
        approved: 3,
        decision: '15/QĐ-SYT',
        validFrom: '2024-01-01',
        inPost: 2,
        vacancies: 1,
      },
      {
        title: 'nurse',
        approved: 2,
        decision: '15/QĐ-SYT',
        validFrom: '2024-01-01',
        inPost: 1,
        vacancies: 1,
      },
    ]);
    expect(june.totals).toEqual({ approved: 5, inPost: 3, vacancies: 2 });
    const july = (
      await head.request('GET', `/api/v1/facilities/${ids.station}/positions?on=2026-07-01`)
    ).json();
    expect(july.rows[0]).toEqual({
      title: 'doctor',
      approved: 2,
      decision: '88/QĐ-SYT',
      validFrom: '2026-07-01',
      inPost: 2,
      vacancies: 0,
    });
    // Before any decision: staff in post without approved posts.
    const early = (
      await head.request('GET', `/api/v1/facilities/${ids.station}/positions?on=2023-01-01`)
    ).json();
    expect(early.rows).toEqual([
      { title: 'doctor', approved: null, decision: null, validFrom: null, inPost: 2, vacancies: null },
      { title: 'nurse', approved: null, decision: null, validFrom: null, inPost: 1, vacancies: null },
    ]);
  });

  it('given bad decisions, when recorded, then each is refused with its field; another commune and a station head cannot record', async () => {
    const before = await approve(manager, {
      title: 'doctor',
      count: 4,
      decision: '9/QĐ-SYT',
      validFrom: '2025-01-01',
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().errors[0]).toMatchObject({
      path: 'validFrom',
      code: 'not_after_current',
      message: 'phải sau ngày áp dụng của quyết định đang có hiệu lực (2026-07-01)',
    });
    const title = await approve(manager, {
      title: 'astronaut',
      count: 1,
      decision: '9/QĐ-SYT',
      validFrom: '2027-01-01',
    });
    expect(title.statusCode).toBe(422);
    expect(title.json().errors[0]).toMatchObject({ path: 'title', code: 'unknown_code' });
    const negative = await approve(manager, {
      title: 'nurse',
      count: -1,
      decision: '9/QĐ-SYT',
      validFrom: '2027-01-01',
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].path).toBe('body.count');
    expect(
      (await approve(head, { title: 'nurse', count: 3, decision: '9/QĐ-SYT', validFrom: '2027-01-01' }))
        .statusCode,
    ).toBe(403);
    expect((await otherHead.request('GET', `/api/v1/facilities/${ids.station}/positions`)).statusCode).toBe(
      404,
    );
  });
});

describe('trainings', () => {
  it('given trainings, when listed, then newest first with the continuing-education hours of the last 5 years', async () => {
    const year = Number(today().slice(0, 4));
    const add = (body: Record<string, unknown>) =>
      head.request('POST', `/api/v1/staff/${ids.nurse}/trainings`, {
        provider: 'Trường Cao đẳng Y tế Quảng Ninh',
        ...body,
      });
    const recent = await add({
      kind: 'cme',
      course: 'Cập nhật điều trị tăng huyết áp',
      startedOn: `${year - 1}-03-01`,
      endedOn: `${year - 1}-03-05`,
      hours: 40,
    });
    expect(recent.statusCode, recent.body).toBe(201);
    expect(
      (
        await add({
          kind: 'cme',
          course: 'Sơ cứu',
          startedOn: `${year - 2}-05-01`,
          endedOn: `${year - 2}-05-02`,
          hours: 16.5,
        })
      ).statusCode,
    ).toBe(201);
    // Older than 5 years, and not continuing education: listed, not counted.
    expect(
      (
        await add({
          kind: 'cme',
          course: 'Tiêm chủng an toàn',
          startedOn: `${year - 7}-01-10`,
          endedOn: `${year - 7}-01-12`,
          hours: 24,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await add({
          kind: 'other',
          course: 'Tin học',
          startedOn: `${year - 1}-09-01`,
          endedOn: `${year - 1}-09-30`,
          hours: 60,
        })
      ).statusCode,
    ).toBe(201);
    const list = (await head.request('GET', `/api/v1/staff/${ids.nurse}/trainings`)).json();
    expect(list.cmeHoursLast5Years).toBe(56.5);
    expect(list.items.map((x: { course: string }) => x.course)).toEqual([
      'Tin học',
      'Cập nhật điều trị tăng huyết áp',
      'Sơ cứu',
      'Tiêm chủng an toàn',
    ]);
  });

  it('given a training ending before it starts or with no hours, when recorded, then refused by field', async () => {
    const res = await head.request('POST', `/api/v1/staff/${ids.nurse}/trainings`, {
      kind: 'cme',
      course: 'Ngược ngày',
      provider: 'TTYT',
      startedOn: '2025-05-10',
      endedOn: '2025-05-01',
      hours: 0,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.endedOn', 'body.hours']);
    const outside = await otherHead.request('GET', `/api/v1/staff/${ids.nurse}/trainings`);
    expect(outside.statusCode).toBe(404);
  });
});
