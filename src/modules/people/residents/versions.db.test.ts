import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResident } from '../../../test-support/fixtures.js';
import { testApp, userActor, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import type { Actor } from '../../../core/actor.js';
import { systemActor } from '../../../core/actor.js';
import { listAuditEvents } from '../../audit/index.js';
import { residentVersions } from '../index.js';

/**
 * Tiên Yên (06862): Đỗ Văn Nam (1980-02-03) registered, then his name corrected, his phones added and
 * his occupation noted (not part of the identity a version keeps); a clinician of 06838 looks for him.
 */
let t: TestApp;
let head: Session;
let clinician: Actor;
let other: Actor;
let nam: string;

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'versions.admin', 'system_admin', 'VN');
  head = await userSession(t, 'versions.head', 'station_head', '06862');
  clinician = await userActor(t, 'versions.doctor', 'clinician', '06862');
  other = await userActor(t, 'versions.other', 'clinician', '06838');
  nam = await createResident(admin, 'Đỗ Văn Năm', '1980-02-03', '06862');
});
afterAll(async () => t?.close());

describe('people: versions of a resident identity', () => {
  it('numbers a new resident 1, with no past version', async () => {
    const versions = await residentVersions(t.db.orm, clinician, nam);
    expect(versions.map((v) => [v.version, v.fullName])).toEqual([[1, 'Đỗ Văn Năm']]);
  });

  it('keeps the identity as it was before each change of it, in the same transaction, newest first', async () => {
    const renamed = await head.request('PATCH', `/api/v1/residents/${nam}`, { fullName: 'Đỗ Văn Nam' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().version).toBe(2);
    const phoned = await head.request('PATCH', `/api/v1/residents/${nam}`, { phones: ['0912000111'] });
    expect(phoned.json().version).toBe(3);
    // The occupation is not part of what a version keeps: no new version.
    const job = await head.request('PATCH', `/api/v1/residents/${nam}`, { occupation: 'Nông dân' });
    expect(job.json().version).toBe(3);
    const versions = await residentVersions(t.db.orm, clinician, nam);
    expect(versions.map((v) => [v.version, v.fullName, v.phones])).toEqual([
      [3, 'Đỗ Văn Nam', ['0912000111']],
      [2, 'Đỗ Văn Nam', []],
      [1, 'Đỗ Văn Năm', []],
    ]);
    // Each past version is dated by when it began, the current one by the last change.
    expect(versions[2]!.updatedAt <= versions[1]!.updatedAt).toBe(true);
    expect(
      versions.every((v) => v.currentAddress.communeName === versions[0]!.currentAddress.communeName),
    ).toBe(true);
    expect((await head.request('GET', `/api/v1/residents/${nam}`)).json().version).toBe(3);
  });

  it('audits the read of the versions, and answers 404 outside the area', async () => {
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'versions.doctor', entityId: nam, action: 'read' },
      { limit: 10, offset: 0 },
    );
    const events = items.map((e) => ({ versions: (e.details as { versions?: number } | null)?.versions }));
    expect(events.map((e) => e.versions)).toEqual([3, 1]);
    await expect(residentVersions(t.db.orm, other, nam)).rejects.toMatchObject({ status: 404 });
  });
});
