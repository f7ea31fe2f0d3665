import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';

/**
 * The official R4 examples (fixtures/, CC0) loaded through /fhir by a clinician of Tiên Yên (06862),
 * the importer mapping their references to ytcs's records (Patient/example → the patient created,
 * Practitioner/example → the station's doctor), as any importer does. What ytcs keeps reads back
 * equal in meaning; what it cannot keep comes back as warnings; what it cannot take is refused with
 * an OperationOutcome naming the element.
 */
let t: TestApp;
let admin: Session;
let token: string;
let doctor: string;

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  > & {
    [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'imp.admin', 'system_admin', 'VN');
  const station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station, 'Bác sĩ Cẩn Thận');
  await userSession(t, 'imp.doctor', 'clinician', '06862');
  token = (await createApiToken(t.db.orm, 'imp.doctor', 'import')).token;
});
afterAll(async () => t?.close());

const fhir = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method,
    url: `/fhir/${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

interface Issue {
  severity: string;
  code: string;
  expression?: string[];
  details?: { text: string };
}
const warned = (issues: Issue[]) =>
  issues.filter((i) => i.severity === 'warning').flatMap((i) => i.expression ?? []);
const issuesOf = (res: LightMyRequestResponse) => res.json().issue as Issue[];

describe('fhir: the official R4 examples', () => {
  let patient: string;
  let encounter: string;

  it('loads Patient/example: what ytcs keeps reads back equal, the rest is reported', async () => {
    const res = await fhir('POST', 'Patient', example('Patient-example'), {
      prefer: 'return=OperationOutcome',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(warned(issuesOf(res))).toEqual(
      expect.arrayContaining([
        'Patient.identifier',
        'Patient.name',
        'Patient.telecom',
        'Patient.address',
        'Patient.contact',
        'Patient.managingOrganization',
        'Patient.birthDate.extension',
      ]),
    );
    patient = /Patient\/([^/]+)\//.exec(res.headers['location'] as string)![1]!;
    const back = (await fhir('GET', `Patient/${patient}`)).json();
    expect(back.name[0]).toMatchObject({ family: 'Chalmers', given: ['Peter', 'James'] });
    expect(back.gender).toBe('male');
    expect(back.birthDate).toBe('1974-12-25');
    expect(back.active).toBe(true);
    expect(back.address[0].line).toEqual(['534 Erewhon St, PleasantVille, Vic']);
  });

  it('refuses Encounter/home as it is (2015, finished without a diagnosis), and loads it in progress in 2025', async () => {
    const home = example('Encounter-home');
    home.subject = { reference: `Patient/${patient}` };
    home.participant[0].individual = { reference: `Practitioner/${doctor}`, display: 'Dr Adam Careful' };
    const refused = await fhir('POST', 'Encounter', home);
    expect(refused.statusCode).toBe(422);
    // No payment rules before 2019-07-01, the doctor not yet in post, and a finished visit has a main diagnosis.
    expect(
      issuesOf(refused)
        .flatMap((i) => i.expression)
        .sort(),
    ).toEqual(['Encounter.diagnosis', 'Encounter.participant.individual', 'Encounter.period.start']);
    // The two changes an importer would make: a day ytcs can price, and in progress until diagnosed.
    const moved = {
      ...JSON.parse(JSON.stringify(home).replaceAll('2015-01-17', '2025-01-17')),
      status: 'in-progress',
    };
    const res = await fhir('POST', 'Encounter', moved, { prefer: 'return=OperationOutcome' });
    expect(res.statusCode, res.body).toBe(201);
    expect(warned(issuesOf(res))).toEqual(
      expect.arrayContaining([
        'Encounter.class',
        'Encounter.period.start',
        'Encounter.location',
        'Encounter.serviceProvider',
      ]),
    );
    encounter = /Encounter\/([^/]+)\//.exec(res.headers['location'] as string)![1]!;
    const back = (await fhir('GET', `Encounter/${encounter}`)).json();
    expect(back).toMatchObject({
      status: 'in-progress',
      subject: { reference: `Patient/${patient}` },
      participant: [{ individual: { reference: `Practitioner/${doctor}` } }],
      period: { start: '2025-01-17' },
    });
  });

  it('keeps the blood pressure, heart rate and temperature examples as the visit’s vitals', async () => {
    for (const [name, id] of [
      ['Observation-blood-pressure', 'bp'],
      ['Observation-heart-rate', 'pulse'],
      ['Observation-body-temperature', 'temperature'],
    ] as const) {
      const o = example(name);
      o.subject = { reference: `Patient/${patient}` };
      o.encounter = { reference: `Encounter/${encounter}` };
      const res = await fhir('POST', 'Observation', o, { prefer: 'return=OperationOutcome' });
      expect(res.statusCode, res.body).toBe(201);
      // Taken on another day than the visit: kept on the visit's day, and said so.
      expect(warned(issuesOf(res))).toContain('Observation.effective');
      const back = (await fhir('GET', `Observation/${encounter}.${id}`)).json();
      expect(back.code.coding[0].code).toBe(o.code.coding[0].code);
      if (o.component)
        expect(
          back.component.map((c: { valueQuantity: { value: number } }) => c.valueQuantity.value),
        ).toEqual(o.component.map((c: { valueQuantity: { value: number } }) => c.valueQuantity.value));
      else
        expect(back.valueQuantity).toMatchObject({
          value: o.valueQuantity.value,
          code: o.valueQuantity.code,
        });
    }
    const bp = await fhir(
      'POST',
      'Observation',
      {
        ...example('Observation-blood-pressure'),
        subject: { reference: `Patient/${patient}` },
        encounter: { reference: `Encounter/${encounter}` },
      },
      { prefer: 'return=OperationOutcome' },
    );
    expect(warned(issuesOf(bp))).toEqual(
      expect.arrayContaining([
        'Observation.identifier',
        'Observation.performer',
        'Observation.interpretation',
        'Observation.bodySite',
      ]),
    );
    // Each measure added is a new version of the visit.
    const history = (await fhir('GET', `Encounter/${encounter}/_history`)).json();
    expect(history.total).toBe(5);
  });

  it('refuses a SNOMED-coded Condition and an Immunization, naming why', async () => {
    const c = example('Condition-f201');
    c.subject = { reference: `Patient/${patient}` };
    c.encounter = { reference: `Encounter/${encounter}` };
    const condition = await fhir('POST', 'Condition', c);
    expect(condition.statusCode).toBe(422);
    expect(issuesOf(condition)[0]).toMatchObject({ code: 'code-invalid', expression: ['Condition.code'] });
    expect(issuesOf(condition)[0]!.details!.text).toContain('http://snomed.info/sct|386661006');
    const i = example('Immunization-example');
    i.patient = { reference: `Patient/${patient}` };
    const immunization = await fhir('POST', 'Immunization', i);
    expect(immunization.statusCode).toBe(405);
    expect(issuesOf(immunization)[0]!.code).toBe('not-supported');
  });
});
