import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { testDatabase, type TestDatabase } from '../../test-support/db.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { serverOn, signIn, TEST_PASSWORD } from '../../test-support/server.js';
import { createApiToken, createUser } from '../accounts/index.js';
import { listAuditEvents } from '../audit/index.js';
import { systemActor } from '../../core/actor.js';
import { bulkSettings } from './bulk-export.js';
import { queueSettings, type ExportWorker } from './bulk-queue.js';
import { exportWorkers } from './bulk-routes.js';

/**
 * Bulk $export (Bulk Data Access IG v2) over HTTP: a clinician of Tiên Yên (06862) exports the
 * commune's patients (6 residents: 4 single, a household of 2) with their encounter and its
 * vitals/diagnosis; a resident of Bình Liêu (06838) is never exported. The job is queued (pg-boss) and
 * survives a server stopped mid-export, gracefully or as by a crash: every resource exactly once.
 */
let t: TestDatabase;
let app: FastifyInstance;
let mainWorker: ExportWorker;
let doctorToken: string;
let otherToken: string;
const tienYen: string[] = [];
let household: { id: string; members: { id: string }[] };
let visit: string;
let elsewhere: string;

const server = () => serverOn(t);

const fhir = (
  a: FastifyInstance,
  method: 'GET' | 'DELETE',
  url: string,
  token = doctorToken,
  headers: Record<string, string> = {},
) =>
  a.inject({
    method,
    url: url.replace(/^https?:\/\/[^/]+/, ''),
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...headers },
  });
const kickOff = (a: FastifyInstance, url: string, token = doctorToken) =>
  fhir(a, 'GET', url, token, { prefer: 'respond-async' });

/** Polls the status URL until it is no longer 202 (at most ~60 s). */
async function finished(a: FastifyInstance, status: string, token = doctorToken) {
  for (let i = 0; i < 600; i++) {
    const res = await fhir(a, 'GET', status, token);
    if (res.statusCode !== 202) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the export did not finish');
}

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
}

/** Every line of every file of a manifest, parsed, by type. */
async function linesOf(a: FastifyInstance, m: Manifest) {
  const out: Record<string, { resourceType: string; id: string }[]> = {};
  for (const f of m.output) {
    const res = await fhir(a, 'GET', f.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    const lines = res.body.split('\n').filter(Boolean);
    expect(lines).toHaveLength(f.count);
    (out[f.type] ??= []).push(...lines.map((l) => JSON.parse(l) as { resourceType: string; id: string }));
  }
  return out;
}

const sorted = (xs: string[]) => [...xs].sort();
/** The types these tests look at (other translators add theirs to a default export). */
const TYPES = 'Patient,Encounter,Observation,Condition';

beforeAll(async () => {
  t = await testDatabase();
  app = await server();
  mainWorker = exportWorkers.get(t.db)!;
  await createUser(t.db.orm, null, {
    username: 'bx.admin',
    displayName: 'bx',
    role: 'system_admin',
    unitCode: 'VN',
    password: TEST_PASSWORD,
  });
  const admin = await signIn(app, 'bx.admin', TEST_PASSWORD);
  for (const [username, unit] of [
    ['bx.doctor', '06862'],
    ['bx.other', '06862'],
  ] as const)
    await createUser(t.db.orm, null, {
      username,
      displayName: username,
      role: 'clinician',
      unitCode: unit,
      password: TEST_PASSWORD,
    });
  doctorToken = (await createApiToken(t.db.orm, 'bx.doctor', 'bulk')).token;
  otherToken = (await createApiToken(t.db.orm, 'bx.other', 'bulk')).token;
  const station = await createStation(admin, '06862');
  const doctor = await createDoctor(admin, station);
  for (const [name, born] of [
    ['Lý Văn Một', '1950-01-01'],
    ['Lý Thị Hai', '1960-02-02'],
    ['Lý Văn Ba', '1970-03-03'],
    ['Lý Thị Bốn', '1980-04-04'],
  ] as const)
    tienYen.push(await createResident(admin, name, born, '06862'));
  const made = await admin.request('POST', '/api/v1/households', {
    unitCode: '06862',
    code: 'HK-BULK-1',
    members: [
      { fullName: 'Hà Văn Chủ', sex: 'male', birthDate: '1961-01-01', relationToHead: 'head' },
      { fullName: 'Hà Thị Con', sex: 'female', birthDate: '1991-01-01', relationToHead: 'child' },
    ],
  });
  expect(made.statusCode, made.body).toBe(201);
  household = made.json();
  tienYen.push(...household.members.map((m) => m.id));
  elsewhere = await createResident(admin, 'Đinh Văn Xa', '1970-01-01', '06838');
  const v = await admin.request('POST', '/api/v1/visits', {
    residentId: tienYen[0],
    facilityId: station,
    visitDate: '2025-11-10',
    clinicianId: doctor,
    vitals: { pulse: 78, systolic: 142, diastolic: 91 },
    diagnoses: { main: { code: 'I10' }, others: [] },
    finish: true,
  });
  expect(v.statusCode, v.body).toBe(201);
  visit = v.json().id;
});
afterEach(() => {
  bulkSettings.patientsPerSlice = 50;
  Object.assign(queueSettings, { expireInSeconds: 120, maintenanceIntervalSeconds: 60, pollMs: 2000 });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('fhir: bulk $export', () => {
  it('refuses a kick-off it cannot honour with an OperationOutcome', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['/fhir/Patient/$export', {}, 'respond-async'],
      ['/fhir/Patient/$export?_outputFormat=text/csv', { prefer: 'respond-async' }, 'ndjson'],
      ['/fhir/Patient/$export?_type=Practitioner', { prefer: 'respond-async' }, 'Practitioner'],
      ['/fhir/Patient/$export?_since=yesterday', { prefer: 'respond-async' }, '_since'],
      [
        '/fhir/Patient/$export?_typeFilter=Encounter%3Fstatus%3Dfinished',
        { prefer: 'respond-async' },
        '_typeFilter',
      ],
    ];
    for (const [url, headers, word] of cases) {
      const res = await fhir(app, 'GET', url, doctorToken, headers);
      expect(res.statusCode, url).toBe(400);
      const body = res.json();
      expect(body.resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(body.issue)).toContain(word);
    }
    // A household of another commune is not found (nor revealed).
    const res = await kickOff(app, `/fhir/Group/${crypto.randomUUID()}/$export`);
    expect(res.statusCode).toBe(404);
    expect(res.json().resourceType).toBe('OperationOutcome');
  });

  it('exports the commune’s patients with their encounters, observations and conditions, once each', async () => {
    // Over real HTTP, as a client would.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${doctorToken}`, accept: 'application/fhir+json' };
    const started = await fetch(
      `${address}/fhir/Patient/$export?_outputFormat=application/fhir%2Bndjson&_type=${TYPES}`,
      {
        headers: { ...headers, prefer: 'respond-async' },
      },
    );
    expect(started.status).toBe(202);
    const status = started.headers.get('content-location')!;
    expect(status).toMatch(new RegExp(`^${address}/fhir/bulk-status/[0-9a-f-]{36}$`));
    let res = await fetch(status, { headers });
    for (let i = 0; res.status === 202 && i < 600; i++) {
      expect(res.headers.get('x-progress')).toMatch(/^\d+% \(\d of 6 patients\)$/);
      await new Promise((r) => setTimeout(r, 100));
      res = await fetch(status, { headers });
    }
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as Manifest;
    expect(manifest).toMatchObject({
      request: `${address}/fhir/Patient/$export?_outputFormat=application/fhir%2Bndjson&_type=${TYPES}`,
      requiresAccessToken: true,
      error: [],
    });
    expect(manifest.output.map((o) => [o.type, o.count])).toEqual([
      ['Patient', 6],
      ['Encounter', 1],
      ['Observation', 2],
      ['Condition', 1],
    ]);
    const lines = await linesOf(app, manifest);
    expect(sorted(lines.Patient!.map((p) => p.id))).toEqual(sorted(tienYen));
    expect(lines.Patient!.map((p) => p.id)).not.toContain(elsewhere);
    expect(lines.Encounter!.map((e) => e.id)).toEqual([visit]);
    // The vitals given (pulse, blood pressure) and nothing else.
    expect(sorted(lines.Observation!.map((o) => o.id))).toEqual([`${visit}.bp`, `${visit}.pulse`]);
    expect(lines.Condition!.map((c) => c.id)).toEqual([`${visit}.d0`]);

    // Only the requester: another clinician of the same commune finds neither the status nor a file.
    expect((await fhir(app, 'GET', status, otherToken)).statusCode).toBe(404);
    expect((await fhir(app, 'GET', manifest.output[0]!.url, otherToken)).statusCode).toBe(404);
    // Audited: the kick-off, each slice's profiles as one list read, and the downloads.
    const events = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'bx.doctor' },
      { limit: 200, offset: 0 },
    );
    const kinds = events.items.map((e) => `${e.action}:${e.entityType}`);
    expect(kinds).toContain('export:fhir_export');
    const profiles = events.items.filter(
      (e) => e.action === 'list' && (e.details as { op?: string }).op === 'profiles',
    );
    expect(profiles.flatMap((e) => (e.details as { ids: string[] }).ids).sort()).toEqual(sorted(tienYen));
    expect(events.items.filter((e) => (e.details as { op?: string }).op === 'download')).toHaveLength(
      manifest.output.length,
    );

    // DELETE cancels and removes: the status and the files are gone.
    const del = await fhir(app, 'DELETE', status);
    expect(del.statusCode).toBe(202);
    expect((await fhir(app, 'GET', status)).statusCode).toBe(404);
    expect((await fhir(app, 'GET', manifest.output[0]!.url)).statusCode).toBe(404);
    const [left] = await rows<{ n: number }>(
      t.db.orm,
      sql`SELECT count(*)::int AS n FROM fhir_export_lines WHERE export_id = ${status.split('/').at(-1)}`,
    );
    expect(left!.n).toBe(0);
  });

  it('exports a household (Group) and only the types asked, since a time', async () => {
    const started = await kickOff(app, `/fhir/Group/${household.id}/$export?_type=Patient`);
    expect(started.statusCode, started.body).toBe(202);
    const res = await finished(app, started.headers['content-location'] as string);
    expect(res.statusCode).toBe(200);
    const m = res.json() as Manifest;
    expect(m.output.map((o) => [o.type, o.count])).toEqual([['Patient', 2]]);
    const lines = await linesOf(app, m);
    expect(sorted(lines.Patient!.map((p) => p.id))).toEqual(sorted(household.members.map((x) => x.id)));

    const later = await kickOff(
      app,
      `/fhir/$export?_type=${TYPES}&_since=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(later.statusCode).toBe(202);
    const none = (await finished(app, later.headers['content-location'] as string)).json() as Manifest;
    expect(none.output).toEqual([]);
  });

  for (const crash of [false, true])
    it(`finishes an export after the server stopped mid-way${crash ? ' as by a crash' : ''}: every resource once`, async () => {
      // The first server's worker is stopped: only the servers of this test work on the export.
      await mainWorker.stop();
      bulkSettings.patientsPerSlice = 1;
      if (crash)
        Object.assign(queueSettings, { expireInSeconds: 1, maintenanceIntervalSeconds: 1, pollMs: 200 });
      const first = await server();
      const started = await kickOff(first, '/fhir/Patient/$export');
      // Stops the server after the second slice committed (2 of 6 patients).
      const worker = exportWorkers.get(t.db)!;
      let slices = 0;
      let closing: Promise<void> | undefined;
      worker.testHooks({
        abandonOnStop: crash,
        afterSlice: () => {
          if (++slices === 2) closing = worker.stop().then(() => first.close());
        },
      });
      expect(started.statusCode).toBe(202);
      const status = started.headers['content-location'] as string;
      for (let i = 0; !closing && i < 600; i++) await new Promise((r) => setTimeout(r, 50));
      await closing;
      const [mid] = await rows<{ done: number; status: string }>(
        t.db.orm,
        sql`SELECT done, status FROM fhir_exports WHERE id = ${status.split('/').at(-1)}`,
      );
      expect(mid).toEqual({ done: 2, status: 'running' });

      const second = await server();
      try {
        const res = await finished(second, status);
        expect(res.statusCode, res.body).toBe(200);
        const lines = await linesOf(second, res.json() as Manifest);
        expect(lines.Patient!.map((p) => p.id).sort()).toEqual(sorted(tienYen));
        expect(lines.Encounter!.map((e) => e.id)).toEqual([visit]);
        expect(lines.Condition!.map((c) => c.id)).toEqual([`${visit}.d0`]);
      } finally {
        await second.close();
      }
    }, 120_000);
});
