import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';
import { ADMIN_UNIT_EXTENSION, ICD10, INSURANCE_NUMBER, NATIONAL_ID } from './systems.js';

/**
 * Tiên Yên (06862) with a station and its doctor; a clinician of Tiên Yên signed in with a bearer
 * token, another of 06838. Residents: Nguyễn Văn Hùng (1985-03-15, personal ID 022085012345, a card),
 * Trần Thị Lan (1990-07-02) in Tiên Yên; Lê Văn Xa (1970) in 06838.
 */
let t: TestApp;
let admin: Session;
let token: string;
let otherToken: string;
let station: string;
let doctor: string;
let hung: string;
let lan: string;
let far: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'fhir.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station, 'Bác sĩ Hoa');
  await userSession(t, 'fhir.doctor', 'clinician', '06862');
  await userSession(t, 'fhir.other', 'clinician', '06838');
  token = (await createApiToken(t.db.orm, 'fhir.doctor', 'test')).token;
  otherToken = (await createApiToken(t.db.orm, 'fhir.other', 'test')).token;
  hung = await createResident(admin, 'Nguyễn Văn Hùng', '1985-03-15', '06862', {
    personalId: '022085012345',
    phones: ['0912345678'],
  });
  const card = await admin.request('POST', `/api/v1/residents/${hung}/insurance-cards`, {
    code: 'GD4220120152431',
    validFrom: '2025-01-01',
    validTo: '2030-12-31',
  });
  if (card.statusCode !== 201) throw new Error(card.body);
  lan = await createResident(admin, 'Trần Thị Lan', '1990-07-02', '06862', { sex: 'female' });
  far = await createResident(admin, 'Lê Văn Xa', '1970-01-01', '06838');
});
afterAll(async () => t?.close());

const fhir = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  bearer: string | null = token,
): Promise<LightMyRequestResponse> =>
  t.app.inject({
    method,
    url: `/fhir/${url}`,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

const expressions = (res: LightMyRequestResponse) =>
  (res.json().issue as { expression?: string[] }[]).flatMap((i) => i.expression ?? []);

const newPatient = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ text: 'Phạm Văn Minh' }],
  gender: 'male',
  birthDate: '2001-09-09',
  address: [{ extension: [{ url: ADMIN_UNIT_EXTENSION, valueCode: '06862' }], line: ['Số 3'] }],
  ...extra,
});

describe('fhir: the CapabilityStatement and errors', () => {
  it('answers /metadata without sign-in, as application/fhir+json, listing what the translators do', async () => {
    const res = await fhir('GET', 'metadata', undefined, {}, null);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const cs = res.json();
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    const patient = cs.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.interaction.map((i: { code: string }) => i.code)).toEqual([
      'read',
      'vread',
      'history-instance',
      'search-type',
      'create',
      'update',
    ]);
    expect(patient.searchParam.map((p: { name: string }) => p.name)).toContain('identifier');
    expect(patient.searchRevInclude).toEqual(
      expect.arrayContaining(['Encounter:patient', 'Observation:patient', 'Coverage:patient']),
    );
    expect(patient.searchRevInclude).not.toContain('Observation:encounter');
    const observation = cs.rest[0].resource.find((r: { type: string }) => r.type === 'Observation');
    expect(observation.interaction.map((i: { code: string }) => i.code)).toEqual([
      'read',
      'search-type',
      'create',
    ]);
  });

  it('answers 401 without a token, 404 for an unknown type or id, 405 for a delete, each an OperationOutcome', async () => {
    const anonymous = await fhir('GET', `Patient/${hung}`, undefined, {}, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().issue[0].code).toBe('login');
    const unknownType = await fhir('GET', 'Spaceship/1');
    expect(unknownType.statusCode).toBe(404);
    expect(unknownType.json().resourceType).toBe('OperationOutcome');
    const badId = await fhir('GET', 'Patient/not-a-uuid');
    expect(badId.statusCode).toBe(404);
    const deleted = await fhir('DELETE', `Patient/${hung}`);
    expect(deleted.statusCode).toBe(405);
    expect(deleted.json().issue[0].code).toBe('not-supported');
  });

  it('refuses a resource invalid against R4 with 400 naming each problem’s FHIRPath', async () => {
    const res = await fhir(
      'POST',
      'Patient',
      newPatient({ birthDate: '2001-13-40', name: [{ given: 'Minh' }], colour: 'blue' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(expressions(res).sort()).toEqual(['Patient.birthDate', 'Patient.colour', 'Patient.name.given']);
  });

  it('refuses what ytcs’s rules refuse with 422 on the element it came from', async () => {
    // A personal ID whose century digit says female, given for a man.
    const res = await fhir(
      'POST',
      'Patient',
      newPatient({ identifier: [{ system: NATIONAL_ID, value: '022101012345' }] }),
    );
    expect(res.statusCode).toBe(422);
    expect([...new Set(expressions(res))]).toEqual([
      `Patient.identifier.where(system='${NATIONAL_ID}').value`,
    ]);
    const other = await fhir('POST', 'Patient', newPatient({ gender: 'other' }));
    expect(other.statusCode).toBe(422);
    expect(expressions(other)).toEqual(['Patient.gender']);
  });
});

describe('fhir: Patient', () => {
  it('reads a resident as a Patient with the VN Core identifiers, version and address', async () => {
    const res = await fhir('GET', `Patient/${hung}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.name).toEqual([
      { use: 'official', text: 'Nguyễn Văn Hùng', family: 'Nguyễn', given: ['Văn', 'Hùng'] },
    ]);
    expect(p.gender).toBe('male');
    expect(p.birthDate).toBe('1985-03-15');
    expect(p.identifier.map((i: { system: string; value: string }) => [i.system, i.value])).toEqual([
      [NATIONAL_ID, '022085012345'],
      [INSURANCE_NUMBER, 'GD4220120152431'],
      ['https://ytcs.vn/fhir/sid/social-insurance-number', '0120152431'],
    ]);
    expect(p.telecom).toEqual([{ system: 'phone', value: '0912345678' }]);
    expect(p.address[0].extension[0]).toEqual({ url: ADMIN_UNIT_EXTENSION, valueCode: '06862' });
    expect(res.headers['etag']).toBe(`W/"${p.meta.versionId}"`);
  });

  it('answers another commune’s patient 404, and audits the refusal', async () => {
    const res = await fhir('GET', `Patient/${far}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().issue[0].code).toBe('not-found');
    const events = await admin.request('GET', `/api/v1/audit?action=denied&entityId=${far}`);
    expect(events.json().items.map((e: { actorUsername: string }) => e.actorUsername)).toContain(
      'fhir.doctor',
    );
    // The other commune's clinician sees their own.
    expect((await fhir('GET', `Patient/${far}`, undefined, {}, otherToken)).statusCode).toBe(200);
  });

  it('searches by name with and without diacritics, by identifier, birth date and gender', async () => {
    const ids = async (q: string) =>
      (((await fhir('GET', `Patient?${q}`)).json().entry ?? []) as { resource: { id: string } }[]).map(
        (e) => e.resource.id,
      );
    expect(await ids('name=nguyen%20van%20hung')).toEqual([hung]);
    expect(await ids(`name=${encodeURIComponent('Trần Thị Lan')}`)).toEqual([lan]);
    expect(await ids(`identifier=${encodeURIComponent(`${NATIONAL_ID}|022085012345`)}`)).toEqual([hung]);
    expect(await ids(`identifier=${encodeURIComponent(`${INSURANCE_NUMBER}|GD4220120152431`)}`)).toEqual([
      hung,
    ]);
    expect(await ids(`identifier=${encodeURIComponent(`${NATIONAL_ID}|GD4220120152431`)}`)).toEqual([]);
    expect(await ids('birthdate=1990-07-02')).toEqual([lan]);
    expect(await ids('birthdate=ge1990-01-01&birthdate=lt1991&gender=female')).toEqual([lan]);
    expect(await ids('birthdate=1985&gender=female')).toEqual([]);
    // Another commune's resident is never found.
    expect(await ids('name=le%20van%20xa')).toEqual([]);
  });

  it('pages with _count and links, counts with _summary=count', async () => {
    const page = (await fhir('GET', 'Patient?_count=1')).json();
    expect(page.type).toBe('searchset');
    expect(page.entry).toHaveLength(1);
    const total = page.total as number;
    expect(total).toBeGreaterThanOrEqual(2);
    const next = page.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    expect(next).toMatch(/^http:\/\/localhost(:\d+)?\/fhir\/Patient\?_count=1&_offset=1$/);
    const second = (await fhir('GET', next.replace(/^.*\/fhir\//, ''))).json();
    expect(second.entry[0].resource.id).not.toBe(page.entry[0].resource.id);
    expect(second.link.map((l: { relation: string }) => l.relation)).toContain('previous');
    const lenient = (await fhir('GET', 'Patient?name=nguyen%20van%20hung&colour=blue')).json();
    expect(lenient.total).toBe(1);
    expect(lenient.entry.at(-1)).toMatchObject({
      search: { mode: 'outcome' },
      resource: { issue: [{ expression: ['colour'] }] },
    });
    const strict = await fhir('GET', 'Patient?name=nguyen&colour=blue', undefined, {
      prefer: 'handling=strict',
    });
    expect(strict.statusCode).toBe(400);
    const counted = (await fhir('GET', 'Patient?name=nguyen&_summary=count')).json();
    expect(counted).toEqual({ resourceType: 'Bundle', type: 'searchset', total: 1 });
  });

  it('creates a patient, warns of a likely duplicate and of what it does not keep', async () => {
    const res = await fhir('POST', 'Patient', newPatient());
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(res.headers['location']).toMatch(
      new RegExp(`^http://localhost(:80)?/fhir/Patient/${p.id}/_history/${p.meta.versionId}$`),
    );
    expect(p.name[0].text).toBe('Phạm Văn Minh');
    expect(p.address[0].line).toEqual(['Số 3']);
    const again = await fhir(
      'POST',
      'Patient',
      newPatient({
        maritalStatus: { text: 'married' },
        telecom: [{ system: 'email', value: 'minh@example.vn' }],
      }),
      { prefer: 'return=OperationOutcome' },
    );
    expect(again.statusCode).toBe(201);
    const issues = again.json().issue as { severity: string; code: string; expression?: string[] }[];
    expect(issues.find((i) => i.code === 'duplicate')).toMatchObject({
      severity: 'warning',
      expression: ['Patient'],
    });
    expect(issues.filter((i) => i.severity === 'warning').flatMap((i) => i.expression)).toEqual(
      expect.arrayContaining(['Patient.maritalStatus', 'Patient.telecom']),
    );
  });

  it('updates with If-Match, refuses a stale version with 412, and keeps the history it has', async () => {
    const before = (await fhir('GET', `Patient/${lan}`)).json();
    const stale = await fhir(
      'PUT',
      `Patient/${lan}`,
      { ...before, gender: 'female' },
      { 'if-match': `W/"${Number(before.meta.versionId) + 1}"` },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().issue[0].code).toBe('conflict');
    const changed = {
      ...before,
      telecom: [{ system: 'phone', value: '0987654321' }],
      identifier: [{ system: NATIONAL_ID, value: '022190012345' }],
    };
    const res = await fhir('PUT', `Patient/${lan}`, changed, { 'if-match': `W/"${before.meta.versionId}"` });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.telecom).toEqual([{ system: 'phone', value: '0987654321' }]);
    expect(after.identifier[0].value).toBe('022190012345');
    expect(Number(after.meta.versionId)).toBe(Number(before.meta.versionId) + 1);
    const history = (await fhir('GET', `Patient/${lan}/_history`)).json();
    expect(history.type).toBe('history');
    expect(
      history.entry.map((e: { resource: { meta: { versionId: string } } }) => e.resource.meta.versionId),
    ).toEqual([after.meta.versionId, before.meta.versionId]);
    expect((await fhir('GET', `Patient/${lan}/_history/${after.meta.versionId}`)).statusCode).toBe(200);
    const old = await fhir('GET', `Patient/${lan}/_history/${before.meta.versionId}`);
    expect(old.statusCode).toBe(200);
    expect(old.json().telecom).toBeUndefined();
  });
});

describe('fhir: Encounter, Observation and Condition from visits', () => {
  let visit: string;

  it('creates an Encounter with a contained ICD-10 diagnosis, and refuses one without a clinician', async () => {
    const encounter = {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/${hung}` },
      participant: [{ individual: { reference: `Practitioner/${doctor}` } }],
      serviceProvider: { reference: `Organization/${station}` },
      period: { start: '2025-11-03' },
      reasonCode: [{ text: 'Đau đầu' }],
      contained: [
        {
          resourceType: 'Condition',
          id: 'd1',
          subject: { reference: `Patient/${hung}` },
          code: { coding: [{ system: ICD10, code: 'I10' }] },
        },
      ],
      diagnosis: [{ condition: { reference: '#d1' }, rank: 1 }],
    };
    const res = await fhir('POST', 'Encounter', encounter);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    visit = e.id;
    expect(e.meta.versionId).toBe('1');
    expect(e.status).toBe('in-progress');
    expect(e.subject.reference).toBe(`Patient/${hung}`);
    expect(e.diagnosis).toEqual([
      { condition: expect.objectContaining({ reference: `Condition/${visit}.d0` }), rank: 1 },
    ]);
    const { participant: _p, ...noClinician } = encounter;
    const refused = await fhir('POST', 'Encounter', noClinician);
    expect(refused.statusCode).toBe(422);
    expect(expressions(refused)).toEqual(['Encounter.participant.individual']);
  });

  it('finishes it by an update, corrects it with a reason, and reads every version', async () => {
    const current = (await fhir('GET', `Encounter/${visit}`)).json();
    const finished = await fhir(
      'PUT',
      `Encounter/${visit}`,
      { ...current, status: 'finished' },
      { 'if-match': 'W/"1"' },
    );
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json().meta.versionId).toBe('2');
    const done = finished.json() as Record<string, unknown>;
    const noReason = await fhir('PUT', `Encounter/${visit}`, {
      ...done,
      reasonCode: [{ text: 'Chóng mặt' }],
    });
    expect(noReason.statusCode).toBe(422);
    expect(expressions(noReason)[0]).toContain('correction-reason');
    const corrected = await fhir('PUT', `Encounter/${visit}`, {
      ...done,
      reasonCode: [{ text: 'Chóng mặt' }],
      extension: [
        { url: 'https://ytcs.vn/fhir/StructureDefinition/correction-reason', valueString: 'sai lý do' },
      ],
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const history = (await fhir('GET', `Encounter/${visit}/_history`)).json();
    expect(
      history.entry.map((x: { resource: { meta: { versionId: string }; status: string } }) => [
        x.resource.meta.versionId,
        x.resource.status,
      ]),
    ).toEqual([
      ['3', 'finished'],
      ['2', 'finished'],
      ['1', 'in-progress'],
    ]);
    expect((await fhir('GET', `Encounter/${visit}/_history/1`)).json().reasonCode).toEqual([
      { text: 'Đau đầu' },
    ]);
    const stale = await fhir('PUT', `Encounter/${visit}`, corrected.json(), { 'if-match': 'W/"2"' });
    expect(stale.statusCode).toBe(412);
  });

  it('gives vitals as Observations and diagnoses as Conditions, searched by patient', async () => {
    const created = await admin.request('POST', '/api/v1/visits', {
      residentId: hung,
      facilityId: station,
      visitDate: '2025-11-10',
      clinicianId: doctor,
      vitals: { pulse: 78, systolic: 142, diastolic: 91 },
      diagnoses: { main: { code: 'I10' }, others: [] },
      finish: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const obs = (
      await fhir('GET', `Observation?patient=Patient/${hung}&code=http://loinc.org|8480-6`)
    ).json();
    expect(obs.total).toBe(1);
    expect(obs.entry[0].resource).toMatchObject({
      id: `${id}.bp`,
      status: 'final',
      code: { coding: [{ code: '85354-9' }] },
      component: [
        { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 142, code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 91 } },
      ],
    });
    expect((await fhir('GET', `Observation/${id}.pulse`)).json().valueQuantity.value).toBe(78);
    const conditions = (await fhir('GET', `Condition?patient=${hung}&code=I10`)).json();
    expect(conditions.total).toBe(2);
    expect((await fhir('GET', `Condition/${id}.d0`)).json().code.coding[0]).toMatchObject({
      system: ICD10,
      code: 'I10',
    });
    const encounters = (await fhir('GET', `Encounter?patient=Patient/${hung}&date=2025-11-10`)).json();
    expect(encounters.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([id]);
  });

  it('includes the patient of encounters, reverse-includes encounters of a patient, and gives $everything', async () => {
    const included = (await fhir('GET', `Encounter?patient=${hung}&_include=Encounter:patient`)).json();
    const modes = included.entry.map(
      (e: { resource: { resourceType: string }; search: { mode: string } }) => [
        e.resource.resourceType,
        e.search.mode,
      ],
    );
    expect(modes).toEqual([
      ['Encounter', 'match'],
      ['Encounter', 'match'],
      ['Patient', 'include'],
    ]);
    const rev = (await fhir('GET', `Patient?_id=${hung}&_revinclude=Encounter:patient`)).json();
    expect(rev.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual([
      'Patient',
      'Encounter',
      'Encounter',
    ]);
    const all = (await fhir('GET', `Patient/${hung}/$everything`)).json();
    const types = all.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
    expect(types.filter((x: string) => x === 'Encounter')).toHaveLength(2);
    expect(types.filter((x: string) => x === 'Observation')).toHaveLength(2);
    expect(types.filter((x: string) => x === 'Condition')).toHaveLength(2);
    expect(types[0]).toBe('Patient');
    expect((await fhir('GET', `Patient/${far}/$everything`)).statusCode).toBe(404);
  });
});

describe('fhir: batch and transaction Bundles', () => {
  const patientEntry = (name: string, fullUrl: string) => ({
    fullUrl,
    resource: newPatient({ name: [{ text: name }], birthDate: '1960-02-02' }),
    request: { method: 'POST', url: 'Patient' },
  });

  it('runs a transaction all together, resolving urn:uuid references', async () => {
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0b5e0a1c-0000-4000-8000-000000000002',
          resource: {
            resourceType: 'Encounter',
            status: 'in-progress',
            class: { code: 'AMB' },
            subject: { reference: 'urn:uuid:0b5e0a1c-0000-4000-8000-000000000001' },
            participant: [{ individual: { reference: `Practitioner/${doctor}` } }],
            serviceProvider: { reference: `Organization/${station}` },
            period: { start: '2025-11-04' },
          },
          request: { method: 'POST', url: 'Encounter' },
        },
        patientEntry('Đỗ Thị Giao Dịch', 'urn:uuid:0b5e0a1c-0000-4000-8000-000000000001'),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.type).toBe('transaction-response');
    expect(b.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['201', '201']);
    expect(b.entry[0].resource.subject.reference).toBe(`Patient/${b.entry[1].resource.id}`);
  });

  it('rolls a transaction back when one entry fails, naming the entry', async () => {
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        patientEntry('Vũ Văn Hoàn Tác', 'urn:uuid:0b5e0a1c-0000-4000-8000-000000000003'),
        {
          resource: { resourceType: 'Patient', gender: 'male', birthDate: '1970' },
          request: { method: 'PUT', url: `Patient/${far}` },
        },
      ],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().issue[0].diagnostics).toMatch(/^Bundle\.entry\[1\]/);
    const found = (await fhir('GET', 'Patient?name=vu%20van%20hoan%20tac&_summary=count')).json();
    expect(found.total).toBe(0);
  });

  it('answers each entry of a batch on its own', async () => {
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        patientEntry('Hồ Văn Lô', 'urn:uuid:0b5e0a1c-0000-4000-8000-000000000004'),
        { request: { method: 'GET', url: `Patient/${far}` } },
        { request: { method: 'GET', url: `Patient?name=nguyen%20van%20hung` } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.type).toBe('batch-response');
    expect(b.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '201',
      '404',
      '200',
    ]);
    expect(b.entry[1].response.outcome.issue[0].code).toBe('not-found');
    expect(b.entry[2].resource.total).toBe(1);
  });
});

describe('fhir: the network, cards and households', () => {
  it('reads the station as an Organization, its doctor as a Practitioner and PractitionerRole, the commune as a Location', async () => {
    const org = (await fhir('GET', `Organization/${station}`)).json();
    expect(org).toMatchObject({
      resourceType: 'Organization',
      name: 'Trạm y tế 06862',
      identifier: [{ value: '22862' }],
    });
    const byName = (await fhir('GET', 'Organization?name=tram%20y%20te')).json();
    expect(byName.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([station]);
    expect((await fhir('GET', `Practitioner/${doctor}`)).json().name[0].text).toBe('Bác sĩ Hoa');
    const roles = (
      await fhir(
        'GET',
        `PractitionerRole?organization=Organization/${station}&_include=PractitionerRole:practitioner`,
      )
    ).json();
    expect(roles.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual([
      'PractitionerRole',
      'Practitioner',
    ]);
    const commune = (await fhir('GET', 'Location/06862')).json();
    expect(commune).toMatchObject({
      resourceType: 'Location',
      id: '06862',
      partOf: { reference: 'Location/22' },
    });
  });

  it('gives cards as Coverage, records one, and refuses another commune’s', async () => {
    const cards = (await fhir('GET', `Coverage?patient=Patient/${hung}`)).json();
    expect(cards.total).toBe(1);
    const card = cards.entry[0].resource;
    expect(card).toMatchObject({
      status: 'active',
      subscriberId: 'GD4220120152431',
      beneficiary: { reference: `Patient/${hung}` },
    });
    expect((await fhir('GET', `Coverage/${card.id}`)).json().id).toBe(card.id);
    const created = await fhir('POST', 'Coverage', {
      resourceType: 'Coverage',
      status: 'active',
      identifier: [{ system: INSURANCE_NUMBER, value: 'HT3222212340003' }],
      beneficiary: { reference: `Patient/${lan}` },
      payor: [{ display: 'BHXH' }],
      period: { start: '2025-01-01' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      created.json().class.find((c: { value: string; name?: string }) => c.name === 'Mức hưởng').value,
    ).toBe('3');
    expect((await fhir('GET', `Coverage?patient=${far}`)).json().total).toBe(0);
    const outside = await fhir('POST', 'Coverage', {
      resourceType: 'Coverage',
      status: 'active',
      identifier: [{ system: INSURANCE_NUMBER, value: 'HT3222212340011' }],
      beneficiary: { reference: `Patient/${far}` },
      payor: [{ display: 'BHXH' }],
      period: { start: '2025-01-01' },
    });
    expect(outside.statusCode).toBe(404);
  });

  it('gives a household as a Group of its members', async () => {
    const made = await admin.request('POST', '/api/v1/households', {
      unitCode: '06862',
      code: 'HK-FHIR-1',
      members: [
        { fullName: 'Đặng Văn Chủ', sex: 'male', birthDate: '1960-01-01', relationToHead: 'head' },
        { fullName: 'Đặng Thị Con', sex: 'female', birthDate: '1990-01-01', relationToHead: 'child' },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    const h = made.json();
    const group = (await fhir('GET', `Group/${h.id}`)).json();
    expect(group).toMatchObject({ type: 'person', actual: true, quantity: 2, name: 'Hộ Đặng Văn Chủ' });
    expect(group.member.map((m: { entity: { display: string } }) => m.entity.display)).toEqual([
      'Đặng Văn Chủ',
      'Đặng Thị Con',
    ]);
    const byMember = (await fhir('GET', `Group?member=Patient/${h.members[1].id}`)).json();
    expect(byMember.entry[0].resource.id).toBe(h.id);
  });
});

describe('fhir: Immunization from the doses recorded', () => {
  it('gives a child’s doses as Immunizations, read and searched by patient, and none of another commune', async () => {
    const baby = await createResident(admin, 'Nguyễn Bé Na', '2025-03-15', '06862', { sex: 'female' });
    // A lot given at a station is one of the province's list (immunization, docs/adr/0035).
    const lot = await admin.request('POST', '/api/v1/immunization/lots', {
      province: '22',
      vaccine: 'BCG',
      lotNumber: 'L123',
      expiresOn: '2099-12-31',
      manufacturer: 'IVAC',
    });
    expect(lot.statusCode, lot.body).toBe(201);
    const recorded = await admin.request('POST', `/api/v1/residents/${baby}/vaccinations`, {
      doses: [
        { vaccine: 'BCG', givenOn: '2025-03-16', facilityId: station, vaccinatorId: doctor, lot: 'L123' },
      ],
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const found = (await fhir('GET', `Immunization?patient=Patient/${baby}`)).json();
    expect(found.total).toBe(1);
    const dose = found.entry[0].resource;
    expect(dose).toMatchObject({
      status: 'completed',
      vaccineCode: { coding: [{ code: 'BCG' }] },
      patient: { reference: `Patient/${baby}` },
      occurrenceDateTime: '2025-03-16',
      primarySource: true,
      lotNumber: 'L123',
      performer: [{ actor: { reference: `Practitioner/${doctor}` } }],
    });
    expect((await fhir('GET', `Immunization/${dose.id}`)).json().id).toBe(dose.id);
    expect((await fhir('GET', `Immunization/${dose.id}`, undefined, {}, otherToken)).statusCode).toBe(404);
    expect((await fhir('GET', `Immunization?patient=${baby}`, undefined, {}, otherToken)).json().total).toBe(
      0,
    );
    const all = (await fhir('GET', `Patient/${baby}/$everything`)).json();
    expect(all.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual([
      'Patient',
      'Immunization',
    ]);
  });
});
