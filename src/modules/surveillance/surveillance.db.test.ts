import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { rows } from '../../db/connection.js';
import { listAuditEvents } from '../audit/index.js';
import { createResident } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { insertCasesBulk, surveillanceDueItems } from './index.js';
import { residentCase, seasonalHistory, unregisteredCase } from './fixtures.js';

/**
 * Tiên Yên (06862) has dengue every November: in each of the five years 2021–2025, ISO weeks 43, 44,
 * 46 and 47 had one case and week 45 two (hand-built history). The seasonal baseline of week 45 is
 * then the 25 counts 1,1,2,1,1 × 5: mean 1.2, sample SD √(4/24) = 0.408, threshold mean + 2 SD = 2.02.
 * In 2026 week 45 (2–8 November) two cases are an ordinary week; the third crosses. Cholera (fixed
 * count 1) alerts at its first case. Bình Liêu (06838) is another commune of the province.
 */
let t: TestApp;
let admin: Session;
let station: Session;
let province: Session;
let otherStation: Session;
let hamlet: string;
const people: string[] = [];

const report = (as: Session, body: object) => as.request('POST', '/api/v1/surveillance/cases', body);

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'sv.admin', 'system_admin', 'VN');
  station = await userSession(t, 'sv.station', 'station_head', '06862');
  otherStation = await userSession(t, 'sv.other', 'station_head', '06838');
  province = await userSession(t, 'sv.province', 'province_manager', '22');
  const h = await admin.request('POST', '/api/v1/units/06862/hamlets', {
    name: 'Khe Lầy',
    validFrom: '2020-01-01',
  });
  expect(h.statusCode, h.body).toBe(201);
  hamlet = h.json().code;
  for (const name of ['Lý Văn An', 'Lý Thị Bình', 'Đặng Văn Cường'])
    people.push(await createResident(admin, name, '2015-03-04', hamlet));
  // The hamlet's path, for the history written by the bulk writer (no HTTP for the past).
  // The Mondays of ISO week 45 in 2021–2025.
  const mondays = ['2021-11-08', '2022-11-07', '2023-11-06', '2024-11-04', '2025-11-03'];
  const history = seasonalHistory('dengue', h.json().path, mondays, [
    [-2, 1],
    [-1, 1],
    [0, 2],
    [1, 1],
    [2, 1],
  ]);
  await t.db.orm.transaction((tx) => insertCasesBulk(tx, history, 'test'));
});
afterAll(async () => t?.close());

describe('surveillance: case reports, weekly counts and outbreak alerts', () => {
  let alertIds: string[] = [];

  it('reports two dengue cases in an ordinary week without an alert', async () => {
    for (const [i, onset] of (['2026-11-02', '2026-11-03'] as const).entries()) {
      const res = await report(
        station,
        residentCase('dengue', people[i], { onsetOn: onset, reportedOn: '2026-11-04' }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().onsetWeek).toBe('2026-W45');
      expect(res.json().unitCode).toBe(hamlet);
      expect(res.json().alerts).toEqual([]);
    }
  });

  it('raises an alert at the commune and the province when the third case crosses mean + 2 SD', async () => {
    const res = await report(
      station,
      residentCase(
        'dengue',
        people[2],
        { onsetOn: '2026-11-05', reportedOn: '2026-11-06' },
        { classification: 'confirmed', hospitalised: true },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    alertIds = res.json().alerts;
    expect(alertIds).toHaveLength(2);
    const list = await province.request('GET', '/api/v1/surveillance/alerts?disease=dengue');
    expect(list.statusCode, list.body).toBe(200);
    const alerts = list.json().items as {
      unitCode: string;
      week: string;
      observed: number;
      threshold: string;
      status: string;
      basis: { mean: number; sd: number; values: number[] };
    }[];
    expect(alerts.map((a) => a.unitCode).sort()).toEqual(['06862', '22']);
    for (const a of alerts) {
      expect(a.week).toBe('2026-W45');
      expect(a.observed).toBe(3);
      expect(a.threshold).toBe('2.02');
      expect(a.status).toBe('open');
      expect(a.basis.mean).toBe(1.2);
      expect(a.basis.sd).toBe(0.408);
      expect(a.basis.values).toHaveLength(25);
    }
  });

  it('draws the epidemic curve with each week’s threshold and the counts by hamlet', async () => {
    const res = await station.request(
      'GET',
      '/api/v1/surveillance/weekly?unit=06862&disease=dengue&from=2026-10-19&to=2026-11-08',
    );
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    expect(w.weeks.map((x: { week: string }) => x.week)).toEqual(['2026-W43', '2026-W44', '2026-W45']);
    expect(w.weeks.map((x: { cases: number }) => x.cases)).toEqual([0, 0, 3]);
    expect(w.weeks.map((x: { confirmed: number }) => x.confirmed)).toEqual([0, 0, 1]);
    // Week 43: weeks 41–45 of each year, 0,0,1,1,2: mean 0.8, SD √(14/24) = 0.764 → 2.33; week 44: 0,1,1,2,1: mean 1, SD √(10/24) = 0.645 → 2.29.
    expect(w.weeks.map((x: { threshold: number }) => x.threshold)).toEqual([2.33, 2.29, 2.02]);
    expect(w.children).toEqual([{ code: hamlet, name: expect.any(String), level: 'hamlet', cases: 3 }]);
    // The country's map: the provinces, each the sum of its communes.
    const national = await admin.request(
      'GET',
      '/api/v1/surveillance/weekly?disease=dengue&from=2026-11-02&to=2026-11-08',
    );
    expect(national.json().unit.code).toBe('VN');
    const byProvince = national.json().children.filter((c: { cases: number }) => c.cases > 0);
    expect(byProvince).toEqual([{ code: '22', name: expect.any(String), level: 'province', cases: 3 }]);
  });

  it('alerts on the first case of cholera (a fixed count of one)', async () => {
    const res = await report(
      station,
      unregisteredCase('cholera', { fullName: 'Người lạ', sex: 'female', birthYear: 1980 }, '06862', {
        onsetOn: '2026-11-20',
        reportedOn: '2026-11-21',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().alerts).toHaveLength(2);
    const a = await province.request('GET', `/api/v1/surveillance/alerts/${res.json().alerts[0]}`);
    expect(a.json()).toMatchObject({ disease: 'cholera', observed: 1, threshold: '1', method: 'fixed' });
  });

  it('answers a day before the first diseases list as a 422 on that field, not a server error', async () => {
    // The shipped list is in force from 2016-03-01 (reference/surveillance/diseases.json).
    const res = await station.request('GET', '/api/v1/surveillance/diseases?on=2015-12-31');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'query.on', code: 'not_in_force' });
    expect((await station.request('GET', '/api/v1/surveillance/diseases?on=2016-03-01')).statusCode).toBe(
      200,
    );
  });

  it('refuses an onset after the report, a report in the future and a disease off the list (422)', async () => {
    const reportOf = (disease: string, onsetOn: string, reportedOn: string) =>
      report(station, residentCase(disease, people[0], { onsetOn, reportedOn }));
    const late = await reportOf('dengue', '2026-11-10', '2026-11-09');
    expect(late.statusCode).toBe(422);
    expect(late.json().errors[0]).toMatchObject({ path: 'onsetOn', code: 'after_report' });
    const future = await reportOf('dengue', '2026-11-10', '2099-01-01');
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0]).toMatchObject({ path: 'reportedOn', code: 'in_future' });
    const unknown = await reportOf('common_cold', '2026-11-10', '2026-11-10');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].code).toBe('unknown_disease');
  });

  it('answers another commune’s case with an audited 404', async () => {
    const res = await report(
      otherStation,
      unregisteredCase(
        'hand_foot_mouth',
        { fullName: 'Bé Bình Liêu', sex: 'male', birthYear: 2022 },
        '06838',
        {
          onsetOn: '2026-11-10',
          reportedOn: '2026-11-11',
        },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().alerts).toEqual([]);
    const id = res.json().id;
    expect((await station.request('GET', `/api/v1/surveillance/cases/${id}`)).statusCode).toBe(404);
    expect(
      (await station.request('PATCH', `/api/v1/surveillance/cases/${id}`, { outcome: 'recovered' }))
        .statusCode,
    ).toBe(404);
    // A resident of Tiên Yên's cases, asked by the other commune: 404, audited as a refusal on the person.
    expect(
      (await otherStation.request('GET', `/api/v1/surveillance/residents/${people[0]}/cases`)).statusCode,
    ).toBe(404);
    const own = await station.request('GET', `/api/v1/surveillance/residents/${people[0]}/cases`);
    expect(own.json().map((c: { disease: string; onsetOn: string }) => [c.disease, c.onsetOn])).toEqual([
      ['dengue', '2026-11-02'],
    ]);
    const refused = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'sv.other', outcome: 'denied' },
      { limit: 100, offset: 0 },
    );
    expect(refused.items.filter((e) => e.entityType === 'person' && e.entityId === people[0])).toHaveLength(
      1,
    );
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'sv.station', outcome: 'denied' },
      { limit: 100, offset: 0 },
    );
    expect(items.filter((e) => e.entityType === 'disease_case' && e.entityId === id)).toHaveLength(2);
    // The other station's list does not show Tiên Yên's cases, the province's shows both.
    const mine = await otherStation.request('GET', '/api/v1/surveillance/cases');
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    const all = await province.request('GET', '/api/v1/surveillance/cases?limit=10');
    // 30 cases of history, 3 of dengue and 1 of cholera in Tiên Yên, 1 of hand-foot-mouth in Bình Liêu.
    expect(all.json().total).toBe(35);
  });

  it('sees the crossing two reports make together when they commit at once', async () => {
    // Pertussis alerts at 2 cases within 4 weeks: each report alone counts 1 if it cannot see the other.
    const [a, b] = await Promise.all(
      ['Bé Một', 'Bé Hai'].map((fullName) =>
        report(
          otherStation,
          unregisteredCase('pertussis', { fullName, sex: 'female', birthYear: 2025 }, '06838', {
            onsetOn: '2026-11-16',
            reportedOn: '2026-11-17',
          }),
        ),
      ),
    );
    expect(a!.statusCode, a!.body).toBe(201);
    expect(b!.statusCode, b!.body).toBe(201);
    expect([...a!.json().alerts, ...b!.json().alerts].length).toBeGreaterThanOrEqual(2);
    const list = await province.request('GET', '/api/v1/surveillance/alerts?disease=pertussis');
    expect(
      list
        .json()
        .items.map((x: { unitCode: string; observed: number }) => [x.unitCode, x.observed])
        .sort(),
    ).toEqual([
      ['06838', 2],
      ['22', 2],
    ]);
  });

  it('refuses a place outside the reporter’s area', async () => {
    const res = await report(
      station,
      unregisteredCase('dengue', { fullName: 'Khách', sex: 'male', birthYear: 1990 }, '06838', {
        onsetOn: '2026-11-10',
        reportedOn: '2026-11-10',
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'unitCode', code: 'not_a_place_of_area' });
  });

  it('puts the cases of residents under an open alert on the station’s worklist until it is closed', async () => {
    const due = () =>
      rows<{ ref_id: string; resident_id: string; priority: number; detail: { disease: string } }>(
        t.db.orm,
        surveillanceDueItems['surveillance.alert_case']!({
          today: '2026-12-05',
          until: '2026-12-12',
          under: 'post2025.p22.c06862',
        }),
      );
    const before = await due();
    expect(before.map((r) => r.resident_id).sort()).toEqual([...people].sort());
    expect(before.every((r) => r.priority === 0 && r.detail.disease === 'dengue')).toBe(true);

    const forbidden = await station.request('POST', `/api/v1/surveillance/alerts/${alertIds[0]}`, {
      action: 'acknowledge',
    });
    expect(forbidden.statusCode).toBe(403);
    const ack = await province.request('POST', `/api/v1/surveillance/alerts/${alertIds[0]}`, {
      action: 'acknowledge',
      response: 'Đội cơ động đã xuống xã',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'sv.province' });
    const again = await province.request('POST', `/api/v1/surveillance/alerts/${alertIds[0]}`, {
      action: 'acknowledge',
    });
    expect(again.statusCode).toBe(422);
    for (const id of alertIds)
      expect(
        (await province.request('POST', `/api/v1/surveillance/alerts/${id}`, { action: 'close' })).statusCode,
      ).toBe(200);
    expect(await due()).toEqual([]);
  });
});

describe('registers A6 (deaths) and A11 (health education)', () => {
  it('lists the month’s deaths with cause, ICD-10 and place from the death recorded by people', async () => {
    const dead = await createResident(admin, 'Hoàng Văn Tư', '1940-06-01', hamlet);
    const ev = await station.request('POST', `/api/v1/residents/${dead}/events`, {
      kind: 'death',
      on: '2026-11-10',
      causeIcd10: 'I21',
      cause: 'Nhồi máu cơ tim',
      place: 'home',
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const res = await station.request('GET', '/api/v1/surveillance/registers/a6?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows).toEqual([
      expect.objectContaining({
        no: 1,
        fullName: 'Hoàng Văn Tư',
        sex: 'male',
        birthYear: 1940,
        ageYears: 86,
        diedOn: '2026-11-10',
        causeIcd10: 'I21',
        cause: 'Nhồi máu cơ tim',
        place: 'home',
      }),
    ]);
    expect(res.json().totals).toEqual({ deaths: 1, male: 1, female: 0 });
    const other = await otherStation.request('GET', '/api/v1/surveillance/registers/a6?month=2026-11');
    expect(other.json().rows).toEqual([]);
    const xlsx = await station.request('GET', '/api/v1/surveillance/registers/a6.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="A6-2026-11.xlsx"');
    expect(xlsx.headers['cache-control']).toBe('no-store');
  });

  it('records education sessions and campaigns and totals them in register A11', async () => {
    const campaign = await station.request('POST', '/api/v1/surveillance/education/campaigns', {
      unitCode: '06862',
      name: 'Chiến dịch phòng chống sốt xuất huyết',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const session = (body: Record<string, unknown>) =>
      station.request('POST', '/api/v1/surveillance/education/sessions', {
        unitCode: hamlet,
        topic: 'Diệt bọ gậy, phòng sốt xuất huyết',
        ...body,
      });
    const a = await session({
      heldOn: '2026-11-12',
      format: 'talk',
      audience: 'Hộ gia đình',
      men: 10,
      women: 15,
      staffName: 'Y sĩ Lan',
      campaignId: campaign.json().id,
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(
      (await session({ heldOn: '2026-11-13', format: 'loudspeaker', men: 40, women: 45 })).statusCode,
    ).toBe(201);
    const bad = await session({ heldOn: '2026-11-13', format: 'telepathy', men: 1 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].code).toBe('unknown_format');
    const none = await session({ heldOn: '2026-11-13', format: 'talk' });
    expect(none.statusCode).toBe(422);
    const reg = await station.request('GET', '/api/v1/surveillance/registers/a11?month=2026-11');
    expect(reg.statusCode, reg.body).toBe(200);
    expect(
      reg
        .json()
        .rows.map((r: { no: number; formatName: string; campaignName: string | null }) => [
          r.no,
          r.formatName,
          r.campaignName,
        ]),
    ).toEqual([
      [1, 'Nói chuyện trực tiếp / truyền thông nhóm', 'Chiến dịch phòng chống sốt xuất huyết'],
      [2, 'Loa truyền thanh', null],
    ]);
    expect(reg.json().totals).toEqual({ sessions: 2, men: 50, women: 60 });
    const campaigns = await station.request('GET', '/api/v1/surveillance/education/campaigns');
    expect(campaigns.json()[0].sessions).toBe(1);
    const xlsx = await station.request('GET', '/api/v1/surveillance/registers/a11.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    const other = await otherStation.request('GET', '/api/v1/surveillance/registers/a11?month=2026-11');
    expect(other.json().rows).toEqual([]);
  });
});
