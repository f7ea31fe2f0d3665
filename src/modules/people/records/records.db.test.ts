import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.js';
import { rows } from '../../../db/connection.js';
import { listAuditEvents } from '../../audit/index.js';
import { findUnit } from '../../network/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import { today } from '../../../core/clock.js';

/** The 831 record of one woman of Bình Liêu (06838): versions, review, read back, health-managed. */
let t: TestApp;
let admin: Session;
let nurse: Session;
let mai: string;
let lam: string;

const history = {
  birth: { deliveryType: 'normal', premature: false, birthWeightGrams: 3100 },
  riskFactors: {
    tobacco: { status: 'never' },
    alcohol: { status: 'never' },
    physicalActivity: 'regular',
    latrineType: 'flush',
  },
  disabilities: { vision: false, hearing: false },
  allergies: [{ kind: 'drug', agent: 'Penicillin', reaction: 'mẩn ngứa' }],
  diseases: [{ icd10: 'i10', name: 'Tăng huyết áp', since: '2019' }],
  surgeries: [{ description: 'Mổ ruột thừa', year: 2010 }],
  familyHistory: [{ relative: 'mother', icd10: 'E11', condition: 'Đái tháo đường type 2' }],
  reproductive: {
    contraception: 'Vòng tránh thai',
    pregnancies: 2,
    births: 2,
    miscarriages: 0,
    livingChildren: 2,
  },
};

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'rec.admin', 'system_admin', 'VN');
  nurse = await userSession(t, 'rec.nurse', 'clinician', '06838');
  const create = async (body: object) => {
    const res = await nurse.request('POST', '/api/v1/residents', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  mai = await create({
    fullName: 'Vi Thị Mai',
    sex: 'female',
    birthDate: '1980-02-02',
    currentAddress: { unitCode: '06838' },
  });
  lam = await create({
    fullName: 'Hoàng Văn Lâm',
    sex: 'male',
    birthYear: 1950,
    currentAddress: { unitCode: '06838' },
  });
});
afterAll(async () => t?.close());

const url = (id: string, rest = '') => `/api/v1/residents/${id}/health-record${rest}`;

describe('the 831 record', () => {
  it('has no record before the first version, and the administrative part from the resident', async () => {
    const res = await nurse.request('GET', url(mai));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      residentId: mai,
      record: null,
      versions: [],
      administrative: { fullName: 'Vi Thị Mai' },
    });
  });

  it('writes version 1 with all three parts, normalising ICD-10 codes', async () => {
    const res = await nurse.request('PUT', url(mai), { history, note: 'lập hồ sơ' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.record).toMatchObject({ currentVersion: 1, healthManaged: true, reviewedAt: null });
    expect(body.record.current).toMatchObject({
      version: 1,
      kind: 'create',
      changedParts: ['history', 'vaccinations', 'examinations'],
      createdBy: 'rec.nurse',
      note: 'lập hồ sơ',
    });
    expect(body.record.current.document.history.diseases[0].icd10).toBe('I10');
    expect(body.record.current.document.vaccinations).toEqual({ doses: [] });
    expect(body.administrative.healthRecord).toMatchObject({ version: 1, healthManaged: true });
  });

  it('replaces only the parts given and keeps the others (version 2)', async () => {
    const res = await nurse.request('PUT', url(mai), {
      vaccinations: { doses: [{ vaccine: 'VAT', doseNumber: 1, date: '2005-05-01', inPregnancy: true }] },
      baseVersion: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const current = res.json().record.current;
    expect(current).toMatchObject({ version: 2, kind: 'update', changedParts: ['vaccinations'] });
    expect(current.document.history.allergies[0].agent).toBe('Penicillin');
    expect(current.document.vaccinations.doses[0]).toMatchObject({ vaccine: 'VAT', program: 'epi' });
  });

  it('records the yearly review as a version without changes (version 3)', async () => {
    const res = await nurse.request('POST', url(mai, '/review'), { note: 'rà soát năm', baseVersion: 2 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.record.current).toMatchObject({
      version: 3,
      kind: 'review',
      changedParts: [],
      note: 'rà soát năm',
    });
    expect(body.record.reviewedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('appends an examination from a visit', async () => {
    const before = (await nurse.request('GET', url(mai))).json().record.current.document;
    const res = await nurse.request('PUT', url(mai), {
      examinations: {
        items: [
          ...before.examinations.items,
          {
            date: '2026-01-10',
            reason: 'Khám định kỳ',
            vitals: { pulse: 78, systolic: 150, diastolic: 95, heightCm: 155, weightKg: 58, bmi: 24.1 },
            findings: { cardiovascular: 'Tim đều' },
            diagnoses: [{ icd10: 'I10', name: 'Tăng huyết áp', primary: true }],
            examiner: 'BS. Nông Văn Hải',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record.current).toMatchObject({ version: 4, changedParts: ['examinations'] });
  });

  it('reads an old version back exactly as it was written', async () => {
    const v1 = await nurse.request('GET', url(mai, '/versions/1'));
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ version: 1, kind: 'create', createdBy: 'rec.nurse' });
    expect(v1.json().document.vaccinations.doses).toEqual([]);
    expect(v1.json().document.examinations.items).toEqual([]);
    const v4 = (await nurse.request('GET', url(mai, '/versions/4'))).json();
    expect(v4.document.examinations.items).toHaveLength(1);
    expect((await nurse.request('GET', url(mai, '/versions/9'))).statusCode).toBe(404);
  });

  it('refuses to overwrite a newer version (409) and writes nothing for a no-op', async () => {
    const stale = await nurse.request('PUT', url(mai), { history, baseVersion: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0]).toMatchObject({ path: 'baseVersion', code: 'stale_version' });
    const same = await nurse.request('PUT', url(mai), { history });
    expect(same.json().record.currentVersion).toBe(4);
  });

  it('names each invalid field of a record (400) and refuses reproductive health for a man (422)', async () => {
    const bad = await nurse.request('PUT', url(mai), {
      history: {
        diseases: [{ icd10: 'hypertension', name: '' }],
        familyHistory: [{ relative: 'cousin', condition: 'x' }],
      },
      vaccinations: { doses: [{ vaccine: 'BCG', date: '2020-13-01' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([
      'body.history.diseases.0.icd10',
      'body.history.diseases.0.name',
      'body.history.familyHistory.0.relative',
      'body.vaccinations.doses.0.date',
    ]);
    expect((await nurse.request('PUT', url(mai), {})).statusCode).toBe(400);
    const man = await nurse.request('PUT', url(lam), { history: { reproductive: { pregnancies: 1 } } });
    expect(man.statusCode).toBe(422);
    expect(man.json().errors[0].path).toBe('history.reproductive');
  });

  it('keeps every version: the versions table refuses changes and deletes', async () => {
    await expect(t.db.orm.execute(sql`UPDATE health_record_versions SET note = 'x'`)).rejects.toThrow();
    await expect(t.db.orm.execute(sql`DELETE FROM health_record_versions`)).rejects.toThrow();
    await expect(t.db.orm.execute(sql`DELETE FROM residents WHERE id = ${mai}`)).rejects.toThrow();
    const [n] = await rows<{ n: number }>(
      t.db.orm,
      sql`SELECT count(*)::int AS n FROM health_record_versions WHERE resident_id = ${mai}`,
    );
    expect(n!.n).toBe(4);
  });

  it('audits every read and write of the record', async () => {
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'person', entityId: mai },
      { limit: 10_000, offset: 0 },
    );
    const events = items
      .reverse()
      .filter((e) => e.details.op === 'health_record')
      .map((e) => ({ action: e.action, version: (e.details.version as number | null) ?? null }));
    expect(events.filter((e) => e.action === 'create')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'update').map((e) => e.version)).toEqual([2, 3, 4]);
    expect(events.filter((e) => e.action === 'read').length).toBeGreaterThanOrEqual(4);
  });
});

describe('health-managed (target T5)', () => {
  it('counts a record reviewed or updated in the last 12 months, and not one older', async () => {
    const cover = async (on?: string) =>
      (await nurse.request('GET', `/api/v1/people/coverage?unit=06838${on ? `&on=${on}` : ''}`)).json();
    expect(await cover()).toMatchObject({ residents: 2, healthManaged: 1 });
    // Age the record: every version (and the residents' registration) moved 400 days back. Versions
    // are append-only, so the test lifts the guard for this one update.
    const commune = (await findUnit(t.db.orm, { code: '06838', map: 'post2025' }))!;
    await t.db.orm.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE health_record_versions DISABLE TRIGGER ytcs_people_append_only`);
      await tx.execute(sql`UPDATE health_record_versions SET created_at = created_at - interval '400 days'
        WHERE resident_id = ${mai}`);
      await tx.execute(sql`ALTER TABLE health_record_versions ENABLE TRIGGER ytcs_people_append_only`);
      await tx.execute(sql`UPDATE residents SET created_at = created_at - interval '500 days'
        WHERE unit_path <@ ${commune.path}::ltree`);
    });
    expect(await cover()).toMatchObject({ residents: 2, healthManaged: 0 });
    // … but on that day (in Vietnam) it was managed.
    expect((await cover(today(new Date(Date.now() - 400 * 86_400_000)))).healthManaged).toBe(1);
    expect((await nurse.request('GET', `/api/v1/residents/${mai}`)).json().healthRecord.healthManaged).toBe(
      false,
    );
    // A review brings it back.
    await nurse.request('POST', url(mai, '/review'), {});
    expect(await cover()).toMatchObject({ healthManaged: 1, healthManagedShare: 0.5 });
  });

  it('lets an admin see the same count for the province', async () => {
    const res = await admin.request('GET', '/api/v1/people/coverage?unit=22');
    expect(res.json()).toMatchObject({ unitCode: '22', residents: 2, healthManaged: 1 });
  });
});
