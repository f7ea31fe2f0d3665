import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';
import { ADMIN_UNIT_EXTENSION, NATIONAL_ID } from './systems.js';

/**
 * A real FHIR client library (fhir-kit-client) over HTTP, signed in with a bearer token of a clinician
 * of Tiên Yên (06862): creates, searches, reads, updates and reads the history of patients and
 * encounters; an invalid resource is refused with an OperationOutcome; a patient of another commune
 * (06838) is not found.
 */
let t: TestApp;
let admin: Session;
let client: InstanceType<typeof Client>;
let station: string;
let doctor: string;
let elsewhere: string;

interface HttpError {
  response: {
    status: number;
    data: { resourceType: string; issue: { code: string; expression?: string[] }[] };
  };
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error('expected a refusal')),
    (e: HttpError) => e.response,
  );

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'fkc.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station);
  await userSession(t, 'fkc.doctor', 'clinician', '06862');
  elsewhere = await createResident(admin, 'Đinh Văn Xa', '1970-01-01', '06838');
  const { token } = await createApiToken(t.db.orm, 'fkc.doctor', 'fhir-kit-client');
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  client = new Client({ baseUrl: `${address}/fhir`, bearerToken: token });
});
afterAll(async () => t?.close());

describe('fhir: a FHIR client library against /fhir', () => {
  let patientId: string;
  let encounterId: string;

  it('reads the CapabilityStatement', async () => {
    const cs = (await client.capabilityStatement()) as unknown as { fhirVersion: string };
    expect(cs.fhirVersion).toBe('4.0.1');
  });

  it('creates, searches, reads, updates and reads the history of a patient', async () => {
    const created = (await client.create({
      resourceType: 'Patient',
      body: {
        resourceType: 'Patient',
        identifier: [{ system: NATIONAL_ID, value: '022195004321' }],
        name: [{ family: 'Vũ', given: ['Thị', 'Hằng'] }],
        gender: 'female',
        birthDate: '1995-04-12',
        address: [{ extension: [{ url: ADMIN_UNIT_EXTENSION, valueCode: '06862' }] }],
      },
    })) as unknown as { id: string; name: { text: string }[]; meta: { versionId: string } };
    patientId = created.id;
    expect(created.name[0]!.text).toBe('Vũ Thị Hằng');

    const byName = (await client.search({
      resourceType: 'Patient',
      searchParams: { name: 'vu thi hang' },
    })) as unknown as {
      total: number;
      entry: { resource: { id: string } }[];
    };
    expect(byName.total).toBe(1);
    expect(byName.entry[0]!.resource.id).toBe(patientId);
    const byId = (await client.search({
      resourceType: 'Patient',
      searchParams: { identifier: `${NATIONAL_ID}|022195004321` },
    })) as unknown as { total: number };
    expect(byId.total).toBe(1);

    const read = (await client.read({ resourceType: 'Patient', id: patientId })) as unknown as Record<
      string,
      unknown
    > & {
      meta: { versionId: string };
    };
    expect(read['birthDate']).toBe('1995-04-12');
    const updated = (await client.update({
      resourceType: 'Patient',
      id: patientId,
      body: { ...read, resourceType: 'Patient', telecom: [{ system: 'phone', value: '0901234567' }] },
      options: { headers: { 'If-Match': `W/"${read.meta.versionId}"` } },
    })) as unknown as { telecom: { value: string }[]; meta: { versionId: string } };
    expect(updated.telecom[0]!.value).toBe('0901234567');
    const history = (await client.history({ resourceType: 'Patient', id: patientId })) as unknown as {
      type: string;
      entry: { resource: { meta: { versionId: string } } }[];
    };
    expect(history.type).toBe('history');
    expect(history.entry[0]!.resource.meta.versionId).toBe(updated.meta.versionId);
  });

  it('creates, searches, reads, updates and reads the history of an encounter', async () => {
    const created = (await client.create({
      resourceType: 'Encounter',
      body: {
        resourceType: 'Encounter',
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: `Patient/${patientId}` },
        participant: [{ individual: { reference: `Practitioner/${doctor}` } }],
        serviceProvider: { reference: `Organization/${station}` },
        period: { start: '2025-10-01' },
        reasonCode: [{ text: 'Sốt' }],
      },
    })) as unknown as { id: string; meta: { versionId: string } };
    encounterId = created.id;
    expect(created.meta.versionId).toBe('1');
    const found = (await client.search({
      resourceType: 'Encounter',
      searchParams: { patient: `Patient/${patientId}` },
    })) as unknown as {
      total: number;
    };
    expect(found.total).toBe(1);
    const read = (await client.read({ resourceType: 'Encounter', id: encounterId })) as unknown as Record<
      string,
      unknown
    >;
    const updated = (await client.update({
      resourceType: 'Encounter',
      id: encounterId,
      body: {
        ...read,
        resourceType: 'Encounter',
        status: 'finished',
        contained: [
          {
            resourceType: 'Condition',
            id: 'dx',
            subject: { reference: `Patient/${patientId}` },
            code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J00' }] },
          },
        ],
        diagnosis: [{ condition: { reference: '#dx' }, rank: 1 }],
      },
    })) as unknown as { status: string; meta: { versionId: string } };
    expect(updated.status).toBe('finished');
    expect(updated.meta.versionId).toBe('2');
    const history = (await client.history({ resourceType: 'Encounter', id: encounterId })) as unknown as {
      entry: { resource: { meta: { versionId: string }; status: string } }[];
    };
    expect(history.entry.map((e) => [e.resource.meta.versionId, e.resource.status])).toEqual([
      ['2', 'finished'],
      ['1', 'in-progress'],
    ]);
    const first = (await client.vread({
      resourceType: 'Encounter',
      id: encounterId,
      version: '1',
    })) as unknown as { status: string };
    expect(first.status).toBe('in-progress');
  });

  it('is refused an invalid resource with an OperationOutcome, and does not find another commune’s patient', async () => {
    const invalid = await failure(
      client.create({
        resourceType: 'Patient',
        body: { resourceType: 'Patient', gender: 'male', birthDate: 'yesterday' },
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data.resourceType).toBe('OperationOutcome');
    expect(invalid.data.issue[0]!.expression).toEqual(['Patient.birthDate']);
    const outside = await failure(client.read({ resourceType: 'Patient', id: elsewhere }));
    expect(outside.status).toBe(404);
    expect(outside.data.issue[0]!.code).toBe('not-found');
    const search = (await client.search({
      resourceType: 'Patient',
      searchParams: { name: 'dinh van xa' },
    })) as unknown as { total: number };
    expect(search.total).toBe(0);
  });
});
