import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';
import { backdateRegistration } from '../people/index.js';
import { importDemoCatalogue } from '../visits/index.js';
import { validationIssues } from './definitions.js';
import { NATIONAL_ID } from './systems.js';

/**
 * Tiên Yên (06862) with its station (22862, under the health centre 22901 of Hải Lạng) and its
 * doctor; Bình Liêu (06838) with its own. In Tiên Yên the household HK-TY of Nguyễn Văn Hùng (head),
 * his wife Trần Thị Mai and their son Nguyễn Văn Nam; Hùng is referred to the centre (J18.9), enrolled
 * for hypertension with a plan (amlodipine, every 30 days, target 140/90) and seen on 2026-11-03 with
 * 30 tablets of amlodipine. In Bình Liêu the household of Hoàng Văn Liêu and his daughter, enrolled
 * and referred the same way. Clinicians of each commune read through FHIR with a bearer token.
 */
let t: TestApp;
let admin: Session;
let tienYen: Session;
let binhLieu: Session;
let token: string;
let otherToken: string;
const ids = {} as Record<
  | 'centre'
  | 'stationA'
  | 'stationB'
  | 'doctorA'
  | 'doctorB'
  | 'hung'
  | 'mai'
  | 'nam'
  | 'lieu'
  | 'lieuChild'
  | 'referral'
  | 'referralB'
  | 'enrolment'
  | 'enrolmentB'
  | 'visit'
  | 'visitB',
  string
>;

async function facility(body: Record<string, unknown>): Promise<string> {
  const res = await admin.request('POST', '/api/v1/facilities', { activeFrom: '2020-01-01', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function household(as: Session, unitCode: string, code: string, members: Record<string, unknown>[]) {
  const res = await as.request('POST', '/api/v1/households', {
    unitCode,
    addressLine: 'Số 1',
    code,
    members,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { members: { id: string; fullName: string }[] };
}

const slip = (residentId: string, originFacilityId: string) => ({
  residentId,
  originFacilityId,
  destinationFacilityId: ids.centre,
  issuedOn: '2026-11-02',
  clinicalSigns: 'Sốt 39°C, ho đờm',
  diagnosisCode: 'J18.9',
  course: 'Sốt 3 ngày',
  reasonCode: 2,
  treatmentPlan: 'Chụp X-quang phổi',
  conditionAtTransfer: 'Tỉnh',
  transport: 'Xe cứu thương',
});

async function created(res: Promise<LightMyRequestResponse>): Promise<string> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

const enrolment = (residentId: string, facilityId: string, clinicianId: string) => ({
  residentId,
  condition: 'hypertension',
  diagnosedOn: '2026-01-10',
  source: 'screened_here',
  registeredOn: '2026-01-15',
  facilityId,
  clinicianId,
  plan: {
    medicines: [{ name: 'Amlodipin 5 mg', code: 'DEMO.T001', dose: '1 viên x 1 lần/ngày, buổi sáng' }],
    targets: { systolic: 140, diastolic: 90 },
    note: 'Ăn nhạt, đi bộ 30 phút mỗi ngày',
    followUpDays: 30,
  },
});

const visit = (residentId: string, facilityId: string, clinicianId: string) => ({
  residentId,
  facilityId,
  visitDate: '2026-11-03',
  clinicianId,
  vitals: { systolic: 150, diastolic: 95 },
  diagnoses: { main: { code: 'I10' } },
  services: [{ code: 'DEMO.KB01', quantity: 1 }],
  prescriptions: [{ code: 'DEMO.T001', dose: '1 viên sáng', days: 30, quantity: 30 }],
  paymentMethod: 'self_pay',
  finish: true,
});

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'res.admin', 'system_admin', 'VN');
  ids.centre = await facility({
    code: '22901',
    name: 'Trung tâm Y tế Hải Lạng',
    kind: 'health_centre',
    unitCode: '06886',
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
  ids.doctorB = await createDoctor(admin, ids.stationB, 'Bác sĩ Hoàng Thị Bình');
  tienYen = await userSession(t, 'res.tienyen', 'station_head', '06862');
  binhLieu = await userSession(t, 'res.binhlieu', 'station_head', '06838');
  await userSession(t, 'res.doctor', 'clinician', '06862');
  await userSession(t, 'res.other', 'clinician', '06838');
  token = (await createApiToken(t.db.orm, 'res.doctor', 'test')).token;
  otherToken = (await createApiToken(t.db.orm, 'res.other', 'test')).token;

  const ty = await household(tienYen, '06862', 'HK-TY', [
    {
      fullName: 'Nguyễn Văn Hùng',
      sex: 'male',
      birthDate: '1960-04-12',
      relationToHead: 'head',
      phones: ['0912345678'],
    },
    { fullName: 'Trần Thị Mai', sex: 'female', birthYear: 1962, relationToHead: 'spouse' },
    { fullName: 'Nguyễn Văn Nam', sex: 'male', birthDate: '1990-09-01', relationToHead: 'child' },
  ]);
  [ids.hung, ids.mai, ids.nam] = ty.members.map((m) => m.id) as [string, string, string];
  const bl = await household(binhLieu, '06838', 'HK-BL', [
    { fullName: 'Hoàng Văn Liêu', sex: 'male', birthYear: 1955, relationToHead: 'head' },
    { fullName: 'Hoàng Thị Hoa', sex: 'female', birthYear: 1985, relationToHead: 'child' },
  ]);
  [ids.lieu, ids.lieuChild] = bl.members.map((m) => m.id) as [string, string];
  await backdateRegistration(t.db.orm, [ids.hung, ids.lieu], '2024-01-01T00:00:00Z');

  ids.referral = await created(tienYen.request('POST', '/api/v1/referrals', slip(ids.hung, ids.stationA)));
  ids.referralB = await created(binhLieu.request('POST', '/api/v1/referrals', slip(ids.lieu, ids.stationB)));
  ids.enrolment = await created(
    admin.request('POST', '/api/v1/ncd/enrolments', enrolment(ids.hung, ids.stationA, ids.doctorA)),
  );
  ids.enrolmentB = await created(
    admin.request('POST', '/api/v1/ncd/enrolments', enrolment(ids.lieu, ids.stationB, ids.doctorB)),
  );
  ids.visit = await created(
    admin.request('POST', '/api/v1/visits', visit(ids.hung, ids.stationA, ids.doctorA)),
  );
  ids.visitB = await created(
    admin.request('POST', '/api/v1/visits', visit(ids.lieu, ids.stationB, ids.doctorB)),
  );
});
afterAll(async () => t?.close());

const fhir = (
  method: 'GET' | 'PUT',
  url: string,
  bearer = token,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  t.app.inject({
    method,
    url: `/fhir/${url}`,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources read back, checked field by field
type Res = Record<string, any>;

/** A read: 200 and a resource valid against its R4 StructureDefinition. */
async function read(url: string, bearer = token) {
  const res = await fhir('GET', url, bearer);
  expect(res.statusCode, res.body).toBe(200);
  const r = res.json();
  expect(validationIssues(r)).toEqual([]);
  return r;
}

async function search(url: string, bearer = token) {
  const res = await fhir('GET', url, bearer);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json() as { total: number; entry?: { resource: Record<string, unknown> }[] };
  for (const e of b.entry ?? []) expect(validationIssues(e.resource)).toEqual([]);
  return { total: b.total, resources: (b.entry ?? []).map((e) => e.resource) as Res[] };
}

describe('fhir: the new resource types in the CapabilityStatement', () => {
  it('lists each with read and search, and the Patient reverse includes that point at it', async () => {
    const cs = (await fhir('GET', 'metadata')).json();
    const byType = new Map<string, { interaction: { code: string }[] }>(
      cs.rest[0].resource.map((r: { type: string }) => [r.type, r]),
    );
    for (const type of [
      'RelatedPerson',
      'ServiceRequest',
      'EpisodeOfCare',
      'CarePlan',
      'MedicationRequest',
      'Measure',
      'MeasureReport',
    ])
      expect(byType.get(type)?.interaction.map((i) => i.code)).toEqual(['read', 'search-type']);
    const patient = cs.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.searchRevInclude).toEqual(
      expect.arrayContaining([
        'RelatedPerson:patient',
        'ServiceRequest:patient',
        'EpisodeOfCare:patient',
        'CarePlan:patient',
        'MedicationRequest:patient',
      ]),
    );
  });
});

describe('fhir: RelatedPerson from households', () => {
  it('gives the members related to the head, each with the relation to the head', async () => {
    const { total, resources } = await search(`RelatedPerson?patient=Patient/${ids.hung}`);
    expect(total).toBe(2);
    expect(
      resources.map((r) => [r.id, r.name[0].text, r.relationship[0].coding[0].code, r.patient.reference]),
    ).toEqual(
      expect.arrayContaining([
        [ids.mai, 'Trần Thị Mai', 'SPS', `Patient/${ids.hung}`],
        [ids.nam, 'Nguyễn Văn Nam', 'CHILD', `Patient/${ids.hung}`],
      ]),
    );
    const son = await read(`RelatedPerson/${ids.nam}`);
    expect(son).toMatchObject({
      gender: 'male',
      birthDate: '1990-09-01',
      relationship: [{ text: 'Con' }],
      patient: { reference: `Patient/${ids.hung}`, display: 'Nguyễn Văn Hùng' },
    });
    const wife = await search(`RelatedPerson?patient=${ids.hung}&relationship=SPS`);
    expect(wife.resources.map((r) => r.id)).toEqual([ids.mai]);
  });

  it('has no RelatedPerson for the head, and none outside the area', async () => {
    expect((await fhir('GET', `RelatedPerson/${ids.hung}`)).statusCode).toBe(404);
    expect((await fhir('GET', `RelatedPerson/${ids.nam}`, otherToken)).statusCode).toBe(404);
    expect((await search(`RelatedPerson?patient=${ids.hung}`, otherToken)).total).toBe(0);
    expect((await search(`RelatedPerson?patient=${ids.lieu}`, otherToken)).total).toBe(1);
  });
});

describe('fhir: ServiceRequest from referral slips', () => {
  it('reads a slip as a request from the station to the centre, for the diagnosis', async () => {
    const s = await read(`ServiceRequest/${ids.referral}`);
    expect(s).toMatchObject({
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${ids.hung}` },
      requester: { reference: `Organization/${ids.stationA}`, display: 'Trạm y tế Tiên Yên' },
      performer: [{ reference: `Organization/${ids.centre}`, display: 'Trung tâm Y tế Hải Lạng' }],
      authoredOn: '2026-11-02',
      reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J18.9' }] }],
    });
    expect(s.identifier[0].value).toBe('1/2026/22862');
  });

  it("searches a patient's slips and the area's, never another commune's", async () => {
    expect((await search(`ServiceRequest?patient=Patient/${ids.hung}`)).resources.map((r) => r.id)).toEqual([
      ids.referral,
    ]);
    expect((await search('ServiceRequest?status=active')).resources.map((r) => r.id)).toEqual([ids.referral]);
    expect((await search('ServiceRequest?status=completed')).total).toBe(0);
    expect((await fhir('GET', `ServiceRequest/${ids.referralB}`)).statusCode).toBe(404);
    expect((await search(`ServiceRequest?patient=${ids.lieu}`)).total).toBe(0);
  });
});

describe('fhir: EpisodeOfCare and CarePlan from NCD enrolments', () => {
  it('reads the enrolment as an active hypertension episode managed by the station', async () => {
    const e = await read(`EpisodeOfCare/${ids.enrolment}`);
    expect(e).toMatchObject({
      status: 'active',
      type: [{ coding: [{ code: 'hypertension' }, { code: 'I10-I15' }], text: 'Tăng huyết áp' }],
      patient: { reference: `Patient/${ids.hung}` },
      managingOrganization: { reference: `Organization/${ids.stationA}` },
      period: { start: '2026-01-15' },
      careManager: { reference: `Practitioner/${ids.doctorA}`, display: 'Bác sĩ Trần Văn An' },
    });
    expect((await search(`EpisodeOfCare?patient=${ids.hung}`)).resources.map((r) => r.id)).toEqual([
      ids.enrolment,
    ]);
    expect(
      (await search('EpisodeOfCare?type=hypertension&status=active')).resources.map((r) => r.id),
    ).toEqual([ids.enrolment]);
    expect((await search('EpisodeOfCare?type=diabetes')).total).toBe(0);
  });

  it('reads the treatment plan as a CarePlan: the medicine, a follow-up every 30 days, the targets', async () => {
    const c = await read(`CarePlan/${ids.enrolment}`);
    expect(c.status).toBe('active');
    expect(c.activity.map((a: { detail: Record<string, unknown> }) => a.detail)).toEqual([
      {
        kind: 'MedicationRequest',
        status: 'in-progress',
        productCodeableConcept: {
          coding: [{ system: 'https://ytcs.vn/fhir/CodeSystem/drug', code: 'DEMO.T001' }],
          text: 'Amlodipin 5 mg',
        },
        description: '1 viên x 1 lần/ngày, buổi sáng',
      },
      {
        kind: 'Appointment',
        status: 'scheduled',
        code: { text: 'Khám theo dõi' },
        scheduledTiming: { repeat: { frequency: 1, period: 30, periodUnit: 'd' } },
      },
    ]);
    expect(c.note.map((n: { text: string }) => n.text)).toEqual([
      'Huyết áp tâm thu mục tiêu (mmHg) < 140',
      'Huyết áp tâm trương mục tiêu (mmHg) < 90',
      'Ăn nhạt, đi bộ 30 phút mỗi ngày',
    ]);
    expect((await search(`CarePlan?patient=Patient/${ids.hung}`)).resources.map((r) => r.id)).toEqual([
      ids.enrolment,
    ]);
  });

  it('finds no enrolment or plan of another commune', async () => {
    expect((await fhir('GET', `EpisodeOfCare/${ids.enrolmentB}`)).statusCode).toBe(404);
    expect((await fhir('GET', `CarePlan/${ids.enrolmentB}`)).statusCode).toBe(404);
    expect((await search(`EpisodeOfCare?patient=${ids.lieu}`)).total).toBe(0);
    expect((await search(`CarePlan?patient=${ids.lieu}`)).total).toBe(0);
    expect((await search('EpisodeOfCare?type=hypertension', otherToken)).resources.map((r) => r.id)).toEqual([
      ids.enrolmentB,
    ]);
  });
});

describe('fhir: MedicationRequest from prescriptions', () => {
  it("reads a visit's prescription line, and finds it by patient and by encounter", async () => {
    const m = await read(`MedicationRequest/${ids.visit}.rx0`);
    expect(m).toMatchObject({
      status: 'completed',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ code: 'DEMO.T001', display: 'Amlodipin 5 mg' }] },
      subject: { reference: `Patient/${ids.hung}` },
      encounter: { reference: `Encounter/${ids.visit}` },
      authoredOn: '2026-11-03',
      dosageInstruction: [{ text: '1 viên sáng' }],
      dispenseRequest: { quantity: { value: 30, unit: 'viên' }, expectedSupplyDuration: { value: 30 } },
    });
    expect((await search(`MedicationRequest?patient=${ids.hung}`)).resources.map((r) => r.id)).toEqual([
      `${ids.visit}.rx0`,
    ]);
    expect(
      (await search(`MedicationRequest?encounter=Encounter/${ids.visit}&code=DEMO.T001`)).resources.map(
        (r) => r.id,
      ),
    ).toEqual([`${ids.visit}.rx0`]);
    expect((await search(`MedicationRequest?patient=${ids.hung}&authoredon=2026-10`)).total).toBe(0);
    expect((await fhir('GET', `MedicationRequest/${ids.visit}.rx1`)).statusCode).toBe(404);
  });

  it("finds no prescription of another commune's visit", async () => {
    expect((await fhir('GET', `MedicationRequest/${ids.visitB}.rx0`)).statusCode).toBe(404);
    expect((await search(`MedicationRequest?patient=${ids.lieu}`)).total).toBe(0);
  });
});

describe('fhir: Measure and MeasureReport from indicators', () => {
  it('reads an indicator definition as a Measure, found by a name without diacritics', async () => {
    const m = await read('Measure/T3');
    expect(m).toMatchObject({
      url: 'https://ytcs.vn/fhir/Measure/T3',
      name: 'T3',
      status: 'active',
      scoring: { coding: [{ code: 'proportion' }] },
      improvementNotation: { coding: [{ code: 'increase' }] },
    });
    // The catalogue's own words for each population, as the JSON API lists the definition.
    const t3 = ((await tienYen.request('GET', '/api/v1/indicators')).json() as Res[]).find(
      (d) => d.code === 'T3',
    )!;
    expect(m.group[0].population.map((p: { description: string }) => p.description)).toEqual([
      t3.numerator,
      t3.denominator,
    ]);
    expect(t3.numerator).toBe('insured_residents');
    const found = await search(
      `Measure?title=${encodeURIComponent(
        m.title
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/đ/g, 'd'),
      )}`,
    );
    expect(found.resources.map((r) => r.id)).toContain('T3');
    expect((await read('Measure/NCD-HTN-CONTROLLED')).name).toBe('NCD_HTN_CONTROLLED');
    expect((await fhir('GET', 'Measure/NO-SUCH')).statusCode).toBe(404);
  });

  it("reads a commune's month as the exchange module's MeasureReport, with the JSON API's numbers", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const json = (
      await tienYen.request('GET', `/api/v1/indicators/T3/values?unit=06862&period=${month}`)
    ).json() as { values: { numerator: number; denominator: number }[] };
    const r = await read(`MeasureReport/T3.06862.${month}`);
    // Three residents of Tiên Yên's household, none insured.
    expect(json.values[0]).toMatchObject({ numerator: 0, denominator: 3 });
    expect(r).toMatchObject({
      status: 'complete',
      type: 'summary',
      measure: 'https://ytcs.vn/fhir/Measure/T3|1',
      reporter: { reference: 'Location/06862' },
      group: [
        {
          population: [
            { code: { coding: [{ code: 'numerator' }] }, count: 0 },
            { code: { coding: [{ code: 'denominator' }] }, count: 3 },
          ],
        },
      ],
    });
    const found = await search(`MeasureReport?measure=Measure/T3&reporter=Location/06862&period=${month}`);
    expect(found.resources.map((x) => x.id)).toEqual([`T3.06862.${month}`]);
    expect((await fhir('GET', `MeasureReport/T3.06838.${month}`)).statusCode).toBe(404);
    expect((await fhir('GET', `MeasureReport/T3.06862.${month}`, otherToken)).statusCode).toBe(404);
  });
});

describe('fhir: bad ids and parameters of the new types', () => {
  it('answers 404 for ids that name nothing, and 400 for parameters that say nothing, never 500', async () => {
    for (const url of [
      'MeasureReport/T3.06862.2026-13',
      'MeasureReport/T3.06862.2099-01',
      'MeasureReport/NO-SUCH.06862.2026-01',
      'MeasureReport/T3',
      'MedicationRequest/abc',
      `MedicationRequest/${ids.visit}.rx`,
      'RelatedPerson/abc',
      'CarePlan/abc',
      'EpisodeOfCare/abc',
      'ServiceRequest/abc',
    ])
      expect((await fhir('GET', url)).statusCode, url).toBe(404);
    for (const url of [
      'MeasureReport?measure=Measure/T3&reporter=Location/06862&period=abc',
      'MeasureReport?measure=Measure/T3&reporter=Location/06862&period=ge2020-01',
      'MeasureReport?measure=Measure/T3',
      'EpisodeOfCare?date=xx',
      'EpisodeOfCare?date=2026&status=active',
      'RelatedPerson?relationship=CHILD',
      'CarePlan?status=active',
      'ServiceRequest?authored=soon',
      `MedicationRequest?patient=${ids.hung}&authoredon=2026-1`,
    ]) {
      const res = await fhir('GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().resourceType).toBe('OperationOutcome');
    }
  });
});

describe('fhir: Patient versions from people', () => {
  it('reads every version of a patient changed twice, the first with its first name', async () => {
    const v1 = await read(`Patient/${ids.nam}`);
    expect(v1.meta.versionId).toBe('1');
    const put = async (body: Record<string, unknown>, version: string) => {
      const res = await fhir('PUT', `Patient/${ids.nam}`, token, body, { 'if-match': `W/"${version}"` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['etag']).toBe(`W/"${Number(version) + 1}"`);
      return res.json();
    };
    const v2 = await put({ ...v1, name: [{ text: 'Nguyễn Văn Nam Anh' }] }, '1');
    await put({ ...v2, identifier: [{ system: NATIONAL_ID, value: '022090012345' }] }, '2');
    const history = (await fhir('GET', `Patient/${ids.nam}/_history`)).json();
    expect(
      history.entry.map((e: { resource: { meta: { versionId: string }; name: { text: string }[] } }) => [
        e.resource.meta.versionId,
        e.resource.name[0]!.text,
      ]),
    ).toEqual([
      ['3', 'Nguyễn Văn Nam Anh'],
      ['2', 'Nguyễn Văn Nam Anh'],
      ['1', 'Nguyễn Văn Nam'],
    ]);
    expect(history.entry.map((e: { request: { method: string } }) => e.request.method)).toEqual([
      'PUT',
      'PUT',
      'POST',
    ]);
    const first = await read(`Patient/${ids.nam}/_history/1`);
    expect(first.name[0].text).toBe('Nguyễn Văn Nam');
    expect(first.identifier).toBeUndefined();
    expect((await fhir('GET', `Patient/${ids.nam}/_history/4`)).statusCode).toBe(404);
    expect((await fhir('GET', `Patient/${ids.nam}/_history`, otherToken)).statusCode).toBe(404);
    expect((await fhir('GET', `Patient/${ids.nam}/_history/1`, otherToken)).statusCode).toBe(404);
  });
});
