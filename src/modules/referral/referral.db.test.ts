import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { rows } from '../../db/connection.js';
import { listAuditEvents } from '../audit/index.js';
import { patientsById } from '../people/index.js';
import { createDoctor, createResident } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { importDemoCatalogue } from '../visits/index.js';
import { addDays } from './calendar.js';
import { referralsForVisits } from './claims-export.js';
import { referralDueItems } from './worklist.js';

let t: TestApp;
let admin: Session;
let tienYen: Session; // station head of Tiên Yên (06862)
let binhLieu: Session; // station head of Bình Liêu (06838)
let centre: Session; // clinician of the health centre in Hải Lạng (06886)
let otherCentre: Session; // clinician of another centre, in Uông Bí (06811)
const ids = {} as Record<
  'centre' | 'otherCentre' | 'stationA' | 'stationB' | 'doctorA' | 'patient' | 'patientB',
  string
>;

async function facility(body: Record<string, unknown>): Promise<string> {
  const res = await admin.request('POST', '/api/v1/facilities', { activeFrom: '2020-01-01', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const slip = (over: Record<string, unknown> = {}) => ({
  residentId: ids.patient,
  originFacilityId: ids.stationA,
  destinationFacilityId: ids.centre,
  issuedOn: '2026-02-11',
  clinicalSigns: 'Sốt 39°C, ho đờm, ran ẩm đáy phổi phải',
  diagnosisCode: 'J18.9',
  course: 'Sốt 3 ngày, điều trị kháng sinh uống 2 ngày không đỡ',
  testResults: 'SpO2 93%',
  treatmentGiven: 'Amoxicillin 1 g × 2 lần/ngày',
  reasonCode: 2,
  treatmentPlan: 'Chụp X-quang phổi, điều trị viêm phổi',
  conditionAtTransfer: 'Tỉnh, thở nhanh 26 lần/phút',
  transport: 'Xe cứu thương',
  escortName: 'Điều dưỡng Lê Thị Hoa',
  escortTitle: 'Điều dưỡng',
  ...over,
});

async function deniedCount(username: string): Promise<number> {
  const { items } = await listAuditEvents(
    t.db.orm,
    systemActor(),
    { actorUsername: username, outcome: 'denied' },
    { limit: 1000, offset: 0 },
  );
  return items.length;
}

const fieldsOf = (res: { json: () => { errors: { path: string; code: string }[] } }) =>
  res.json().errors.map((e) => [e.path, e.code]);

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'ref.admin', 'system_admin', 'VN');
  ids.centre = await facility({
    code: '22901',
    name: 'Trung tâm Y tế Hải Lạng',
    kind: 'health_centre',
    unitCode: '06886',
  });
  ids.otherCentre = await facility({
    code: '22902',
    name: 'Trung tâm Y tế Uông Bí',
    kind: 'health_centre',
    unitCode: '06811',
  });
  ids.stationA = await facility({
    code: '22862',
    name: 'Trạm y tế Tiên Yên',
    kind: 'commune_station',
    stationModel: 2,
    unitCode: '06862',
    parentFacilityId: ids.centre,
  });
  ids.stationB = await facility({
    code: '22838',
    name: 'Trạm y tế Bình Liêu',
    kind: 'commune_station',
    stationModel: 2,
    unitCode: '06838',
    parentFacilityId: ids.centre,
  });
  ids.doctorA = await createDoctor(admin, ids.stationA, 'Bác sĩ Trần Văn An');
  tienYen = await userSession(t, 'ref.tienyen', 'station_head', '06862');
  binhLieu = await userSession(t, 'ref.binhlieu', 'station_head', '06838');
  centre = await userSession(t, 'ref.centre', 'clinician', '06886');
  otherCentre = await userSession(t, 'ref.other', 'clinician', '06811');
  ids.patient = await createResident(tienYen, 'Nguyễn Văn Chuyển', '1958-03-02', '06862');
  ids.patientB = await createResident(binhLieu, 'Hoàng Văn Liêu', '1970-01-01', '06838');
});
afterAll(async () => t?.close());

describe('a referral slip and its feedback', () => {
  let referralId: string;

  it('refuses a slip to the same facility, dated in the future or with an unknown diagnosis, field by field in Vietnamese', async () => {
    const res = await tienYen.request(
      'POST',
      '/api/v1/referrals',
      slip({ destinationFacilityId: ids.stationA, issuedOn: addDays(today(), 2), diagnosisCode: 'U99.9' }),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(fieldsOf(res)).toEqual([
      ['destinationFacilityId', 'same_facility'],
      ['issuedOn', 'in_future'],
      ['diagnosisCode', 'unknown_icd10'],
    ]);
    expect(res.json().errors[0].message).toBe('Không thể chuyển người bệnh đến chính cơ sở chuyển đi');
    expect(res.json().errors[1].message).toBe('Ngày chuyển ở tương lai');
    const bad = await tienYen.request('POST', '/api/v1/referrals', slip({ diagnosisCode: 'viêm phổi' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message).toBe('phải là mã ICD-10, ví dụ I10 hoặc E11.9');
  });

  it('writes a slip valid for 10 working days across Tết, numbered for the station and the year', async () => {
    const res = await tienYen.request('POST', '/api/v1/referrals', slip({ clinicianId: ids.doctorA }));
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    referralId = r.id;
    expect(r).toMatchObject({
      status: 'sent',
      validUntil: '2026-03-03', // 11/02 + 10 working days, 16–20/02 Tết (hand-counted in calendar.test.ts)
      validity: 'working_days',
      slipNumber: '1/2026/22862',
      originFacility: { code: '22862' },
      destinationFacility: { code: '22901' },
      feedback: null,
    });
    const v = await tienYen.request(
      'GET',
      '/api/v1/referrals/validity?issuedOn=2026-02-11&diagnosisCode=J18.9',
    );
    expect(v.json().holidays.map((h: { day: string }) => h.day)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    // A day outside the calendar's century is the field's fault (found by the fuzz: it was a 500).
    const far = await tienYen.request(
      'GET',
      '/api/v1/referrals/validity?issuedOn=9999-12-31&diagnosisCode=J18.9',
    );
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({
      path: 'query.issuedOn',
      message: 'phải là một ngày trong các năm 2000–2099',
    });
  });

  it('gives a year to a slip for a condition on the chronic list (hypertension)', async () => {
    const res = await tienYen.request('POST', '/api/v1/referrals', slip({ diagnosisCode: 'I10' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      validUntil: '2027-02-10',
      validity: 'one_year',
      slipNumber: '2/2026/22862',
    });
  });

  it('keeps the slip from another commune and from another centre: 404, the refusal audited', async () => {
    for (const [who, name] of [
      [binhLieu, 'ref.binhlieu'],
      [otherCentre, 'ref.other'],
    ] as const) {
      const before = await deniedCount(name);
      const res = await who.request('GET', `/api/v1/referrals/${referralId}`);
      expect(res.statusCode).toBe(404);
      expect(await deniedCount(name)).toBe(before + 1);
      const fb = await who.request('POST', `/api/v1/referrals/${referralId}/receive`, {});
      expect(fb.statusCode).toBe(404);
      const tab = await who.request('GET', `/api/v1/referral/residents/${ids.patient}`);
      expect(tab.statusCode).toBe(404);
    }
  });

  it('lists at the receiving centre only the slips sent to it or to the facilities under it', async () => {
    // Bình Liêu refers its own patient to the other centre, and one to Tiên Yên's station (under the centre).
    const elsewhere = await binhLieu.request(
      'POST',
      '/api/v1/referrals',
      slip({
        residentId: ids.patientB,
        originFacilityId: ids.stationB,
        destinationFacilityId: ids.otherCentre,
      }),
    );
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const toStation = await binhLieu.request(
      'POST',
      '/api/v1/referrals',
      slip({ residentId: ids.patientB, originFacilityId: ids.stationB, destinationFacilityId: ids.stationA }),
    );
    expect(toStation.statusCode, toStation.body).toBe(201);
    const list = await centre.request('GET', `/api/v1/referrals?direction=incoming&facilityId=${ids.centre}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list
        .json()
        .items.map((r: { patientName: string; destinationFacility: { code: string } }) => [
          r.patientName,
          r.destinationFacility.code,
        ]),
    ).toEqual([
      ['Hoàng Văn Liêu', '22862'],
      ['Nguyễn Văn Chuyển', '22901'],
      ['Nguyễn Văn Chuyển', '22901'],
    ]);
    const foreign = await otherCentre.request(
      'GET',
      `/api/v1/referrals?direction=incoming&facilityId=${ids.centre}`,
    );
    expect(foreign.statusCode).toBe(404);
    const sent = await binhLieu.request('GET', '/api/v1/referrals');
    expect(sent.json().total).toBe(2);
  });

  it('refuses feedback on a slip not yet received, and lets only the receiving side give it', async () => {
    const early = await centre.request('POST', `/api/v1/referrals/${referralId}/feedback`, {
      feedbackOn: '2026-02-13',
      findings: 'Viêm phổi thùy dưới phải',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({
      path: 'status',
      code: 'not_received',
      message: 'Giấy chuyển chưa được tiếp nhận: hãy tiếp nhận trước khi phản hồi',
    });
    const sender = await tienYen.request('POST', `/api/v1/referrals/${referralId}/receive`, {});
    expect(sender.statusCode).toBe(403);
  });

  it('closes the loop: received, seen, feedback written into the patient’s record and off the worklist', async () => {
    const p = (await patientsById(t.db.orm, [ids.patient])).get(ids.patient)!;
    const due = async () =>
      rows<{ ref_id: string; due_on: string }>(
        t.db.orm,
        referralDueItems['referrals.feedback']!({
          today: '2026-02-26',
          until: '2026-02-26',
          under: p.unitPath,
        }),
      );
    // Due from 25/02 (issued 11/02 + 14 days; before its validity ends on 03/03).
    expect((await due()).map((d) => d.ref_id)).toContain(referralId);

    const received = await centre.request('POST', `/api/v1/referrals/${referralId}/receive`, {});
    expect(received.json().status).toBe('received');
    const seen = await centre.request('POST', `/api/v1/referrals/${referralId}/receive`, {
      seenOn: '2026-02-12',
    });
    expect(seen.json()).toMatchObject({ status: 'seen', seenOn: '2026-02-12' });
    const future = await centre.request('POST', `/api/v1/referrals/${referralId}/feedback`, {
      feedbackOn: addDays(today(), 1),
      findings: 'x',
    });
    expect(fieldsOf(future)).toEqual([['feedbackOn', 'in_future']]);
    const fb = await centre.request('POST', `/api/v1/referrals/${referralId}/feedback`, {
      feedbackOn: '2026-02-23',
      diagnosisCode: 'J18.1',
      findings: 'Viêm phổi thùy dưới phải, đã điều trị nội trú 7 ngày, ổn định',
      treatment: 'Ceftriaxone 2 g/ngày × 7 ngày',
      advice: 'Theo dõi tại trạm, tái khám sau 2 tuần',
      reExaminationOn: '2026-03-09',
    });
    expect(fb.statusCode, fb.body).toBe(200);
    expect(fb.json()).toMatchObject({
      status: 'returned',
      feedback: { by: 'ref.centre', reExaminationOn: '2026-03-09' },
    });
    const again = await centre.request('POST', `/api/v1/referrals/${referralId}/feedback`, {
      feedbackOn: '2026-02-23',
      findings: 'lần hai',
    });
    expect(again.statusCode).toBe(409);

    const record = await tienYen.request('GET', `/api/v1/referral/residents/${ids.patient}`);
    expect(record.statusCode).toBe(200);
    const mine = record.json().referrals.find((r: { id: string }) => r.id === referralId);
    expect(mine.feedback).toMatchObject({
      findings: 'Viêm phổi thùy dưới phải, đã điều trị nội trú 7 ngày, ổn định',
      advice: 'Theo dõi tại trạm, tái khám sau 2 tuần',
    });
    expect((await due()).map((d) => d.ref_id)).not.toContain(referralId);
    const opened = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'ref.centre', action: 'update', entityType: 'person', entityId: ids.patient },
      { limit: 10, offset: 0 },
    );
    expect(opened.items.map((e) => (e.details as { op: string }).op).sort()).toEqual([
      'referral_feedback',
      'referral_received',
      'referral_seen',
    ]);
  });

  it('counts the slips sent and those closed with feedback (REF_FEEDBACK)', async () => {
    const manager = await userSession(t, 'ref.so', 'province_manager', '22');
    const res = await manager.request(
      'GET',
      '/api/v1/indicators/REF_FEEDBACK/values?unit=06862&period=2026-02',
    );
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json().values[0];
    expect([v.numerator, v.denominator]).toEqual([1, 2]);
  });

  it('writes a re-examination slip after the feedback, and prints the slip', async () => {
    const re = await tienYen.request('POST', `/api/v1/referrals/${referralId}/re-examination`, {
      issuedOn: '2026-03-09',
      clinicalSigns: 'Hết sốt, còn ho ít',
      course: 'Ra viện 23/02, điều trị tiếp tại trạm',
      treatmentPlan: 'Tái khám theo hẹn',
      conditionAtTransfer: 'Ổn định',
      transport: 'Phương tiện gia đình tự túc',
    });
    expect(re.statusCode, re.body).toBe(201);
    expect(re.json()).toMatchObject({ kind: 're_examination', previousId: referralId, status: 'sent' });
    const pdf = await tienYen.request('GET', `/api/v1/referrals/${referralId}/slip.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes the slip of a visit as table XML13 of the insurance claim', async () => {
    const cert = await admin.request('POST', `/api/v1/staff/${ids.doctorA}/certificates`, {
      number: '001234/QNI-GPHN',
      scope: 'Khám bệnh, chữa bệnh đa khoa',
      issuedBy: 'Sở Y tế Quảng Ninh',
      issuedOn: '2020-01-01',
    });
    expect(cert.statusCode, cert.body).toBe(201);
    await importDemoCatalogue(t.db.orm);
    const insured = await createResident(tienYen, 'Trần Văn Thẻ', '1960-06-01', '06862', { ethnicity: '01' });
    const card = await admin.request('POST', `/api/v1/residents/${insured}/insurance-cards`, {
      code: 'GD4220120152431',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      registeredFacilityCode: '22862',
    });
    expect(card.statusCode, card.body).toBe(201);
    const visit = await tienYen.request('POST', '/api/v1/visits', {
      facilityId: ids.stationA,
      clinicianId: ids.doctorA,
      residentId: insured,
      visitDate: '2026-03-05',
      reason: 'Sốt, ho',
      diagnoses: { main: { code: 'J18.9' }, others: [] },
      services: [{ code: 'DEMO.KB01', quantity: 1 }],
      finish: true,
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const visitId = visit.json().id as string;
    const res = await tienYen.request(
      'POST',
      '/api/v1/referrals',
      slip({ residentId: insured, visitId, issuedOn: '2026-03-05', servicesUsed: 'Khám bệnh' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((await referralsForVisits(t.db.orm, [visitId])).get(visitId)).toMatchObject({
      bookNumber: '4/2026',
      slipNumber: '4/2026/22862',
      toFacility: '22901',
    });
    const xml = await tienYen.request('GET', `/api/v1/claims/visits/${visitId}/xml?head=2212345678`);
    expect(xml.statusCode, xml.body).toBe(200);
    expect(xml.headers['x-claim-refused']).toBe('0');
    const files = [
      ...xml.body.matchAll(/<LOAIHOSO>(\w+)<\/LOAIHOSO>\s*<NOIDUNGFILE>([^<]+)<\/NOIDUNGFILE>/g),
    ];
    const xml13 = files.find((f) => f[1] === 'XML13');
    expect(xml13, xml.body).toBeDefined();
    const table = Buffer.from(xml13![2]!, 'base64').toString('utf8');
    for (const element of [
      '<SO_CHUYENTUYEN>4/2026</SO_CHUYENTUYEN>',
      '<GIAY_CHUYEN_TUYEN>4/2026/22862</GIAY_CHUYEN_TUYEN>',
      '<MA_NOI_DEN>22901</MA_NOI_DEN>',
      '<MA_LYDO_CT>2</MA_LYDO_CT>',
      '<PHUONGTIEN_VC>Xe cứu thương</PHUONGTIEN_VC>',
      '<HOTEN_NGUOI_HT>Điều dưỡng Lê Thị Hoa</HOTEN_NGUOI_HT>',
    ])
      expect(table).toContain(element);
    const xml1 = Buffer.from(files.find((f) => f[1] === 'XML1')![2]!, 'base64').toString('utf8');
    expect(xml1).toContain('<MA_LOAI_RV>2</MA_LOAI_RV>');
  });
});

describe('the calendar and the lists as data', () => {
  it('lets a system administrator load a new version of a list, and no one else', async () => {
    const csv =
      'code,display_vi,display_en,valid_from,valid_to,sort_order,source\n' +
      'boat,Thuyền,Boat,2025-01-01,,9,Danh mục của tỉnh\n';
    const refused = await tienYen.request('PUT', '/api/v1/referral/reference/transport', { csv });
    expect(refused.statusCode).toBe(403);
    // Not one of the lists: refused by the route's schema, naming the parameter.
    const unknown = await admin.request('PUT', '/api/v1/referral/reference/colours', { csv });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('params.name');
    const bad = await admin.request('PUT', '/api/v1/referral/reference/holidays', {
      csv: 'day,name_vi,name_en,basis,source\n2026-13-01,Lễ,Holiday,law,x\n',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].message).toMatch(/^Tệp không hợp lệ: holidays\.csv \(ref\.admin\) line 2/);
    const ok = await admin.request('PUT', '/api/v1/referral/reference/transport', { csv });
    expect(ok.json()).toEqual({ name: 'transport', rows: 1 });
    const list = await tienYen.request('GET', '/api/v1/referral/lists/transport');
    expect(list.json().map((v: { code: string }) => v.code)).toEqual([
      'ambulance',
      'facility_vehicle',
      'family_vehicle',
      'public',
      'boat',
    ]);
  });
});

describe('a teleconsultation', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
  const ask = (over: Record<string, unknown> = {}) => ({
    residentId: ids.patient,
    requestingFacilityId: ids.stationA,
    consultedFacilityId: ids.centre,
    condition: 'ecg',
    urgency: 'urgent',
    summary: 'Nam 67 tuổi, tăng huyết áp 10 năm, hồi hộp 2 ngày',
    question: 'Điện tâm đồ có rung nhĩ không? Có cần chuyển không?',
    vitals: { systolic: 162, diastolic: 94, pulse: 112 },
    videoLink: 'https://meet.example.vn/tram-tien-yen',
    attachments: [{ fileName: 'ecg.png', mediaType: 'image/png', contentBase64: png }],
    ...over,
  });
  let id: string;

  it('refuses a condition or a facility not on the lists, and a file of another type', async () => {
    const res = await tienYen.request(
      'POST',
      '/api/v1/teleconsultations',
      ask({
        condition: 'cosmetic',
        consultedFacilityId: ids.stationB,
        attachments: [{ fileName: 'a.txt', mediaType: 'text/plain', contentBase64: png }],
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual([
      ['consultedFacilityId', 'not_allowed_facility'],
      ['condition', 'not_allowed_condition'],
      ['attachments.0.mediaType', 'unsupported_type'],
    ]);
  });

  it('queues the question at the centre, and the answer lands in the patient’s record', async () => {
    const res = await tienYen.request('POST', '/api/v1/teleconsultations', ask());
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({
      status: 'open',
      attachments: [{ fileName: 'ecg.png', sizeBytes: 16 }],
    });
    const queue = await centre.request(
      'GET',
      `/api/v1/teleconsultations?direction=queue&facilityId=${ids.centre}`,
    );
    expect(queue.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    const file = await centre.request(
      'GET',
      `/api/v1/teleconsultations/${id}/attachments/${res.json().attachments[0].id}`,
    );
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.toString('base64')).toBe(png);
    const answer = await centre.request('POST', `/api/v1/teleconsultations/${id}/answer`, {
      answer: 'Rung nhĩ đáp ứng thất nhanh',
      advice: 'Chuyển Trung tâm Y tế trong ngày; không tự ý ngừng thuốc huyết áp',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'closed', answeredBy: 'ref.centre' });
    expect(answer.json().responseMinutes).toBeGreaterThanOrEqual(0);
    const record = await tienYen.request('GET', `/api/v1/referral/residents/${ids.patient}`);
    expect(record.json().consultations[0]).toMatchObject({
      id,
      answer: 'Rung nhĩ đáp ứng thất nhanh',
      advice: 'Chuyển Trung tâm Y tế trong ngày; không tự ý ngừng thuốc huyết áp',
    });
  });

  it('refuses an answer to a closed consultation, clearly', async () => {
    const res = await centre.request('POST', `/api/v1/teleconsultations/${id}/answer`, { answer: 'bổ sung' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({
      path: 'status',
      code: 'closed',
      message: 'Yêu cầu tư vấn đã đóng: không thể trả lời thêm',
    });
    const other = await binhLieu.request('GET', `/api/v1/teleconsultations/${id}`);
    expect(other.statusCode).toBe(404);
  });
});
