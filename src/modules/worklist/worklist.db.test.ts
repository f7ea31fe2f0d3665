import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';
import { rows } from '../../db/connection.js';
import { testApp, userActor, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { backdateRegistration } from '../people/index.js';
import { importDemoCatalogue, visitsDueItems } from '../visits/index.js';
import { DUE_COLUMNS, DUE_ITEMS, dueChangedSince, dueRows, worklist } from './index.js';

/**
 * Tiên Yên (06862) with hamlets Đông and Tây and a station; Bình Liêu (06838) with its own. Dates are
 * relative to today (D): re-examinations set by finished visits, and a hand-built second source
 * (`test.call`, priority 0, needing person.write) to see the union, the ordering and role filtering.
 */
let t: TestApp;
let admin: Session;
const D = today();
const day = (n: number) => {
  const d = new Date(`${D}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const ids = {} as Record<
  | 'station'
  | 'otherStation'
  | 'doctor'
  | 'otherDoctor'
  | 'an'
  | 'binh'
  | 'chi'
  | 'dung'
  | 'em'
  | 'khanh'
  | 'old'
  | 'east'
  | 'west',
  string
>;
const codes = {} as Record<'east' | 'west', string>;
const paths = {} as Record<string, string>;
let head: Actor;
let auditor: Actor;
let otherClinician: Actor;
let vhw: Actor;
let manager: Actor;

async function created(res: { statusCode: number; body: string; json(): unknown }) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; unitPath?: string };
}
async function resident(fullName: string, unitCode: string) {
  const r = await created(
    await admin.request('POST', '/api/v1/residents', {
      fullName,
      sex: 'female',
      birthDate: '1958-04-02',
      phones: ['0912345678'],
      currentAddress: { unitCode },
    }),
  );
  const got = (await admin.request('GET', `/api/v1/residents/${r.id}`)).json() as { unitPath: string };
  paths[r.id] = got.unitPath;
  return r.id;
}
async function visit(residentId: string, visitDate: string, reExaminationDate: string | null, other = false) {
  await created(
    await admin.request('POST', '/api/v1/visits', {
      residentId,
      facilityId: other ? ids.otherStation : ids.station,
      visitDate,
      clinicianId: other ? ids.otherDoctor : ids.doctor,
      reason: 'Tái khám tăng huyết áp',
      vitals: { systolic: 150, diastolic: 95 },
      diagnoses: { main: { code: 'I10' } },
      reExaminationDate,
      finish: true,
    }),
  );
}

/** A second source, hand-built: calls due for Bình (Tây) and Khánh (Bình Liêu), needing person.write. */
const calls: DueItemsRegistry = {
  'test.call': dueItems(
    'test.call',
    'person.write',
    [],
    (ctx) => sql`SELECT * FROM (VALUES
        ('test.call', 'call-binh', ${ids.binh}::uuid, ${paths[ids.binh]}::ltree, ${day(-1)}::date, 0, 'call', '{"n":1}'::jsonb),
        ('test.call', 'call-khanh', ${ids.khanh}::uuid, ${paths[ids.khanh]}::ltree, ${day(-1)}::date, 0, 'call', '{}'::jsonb)
      ) v(kind, ref_id, resident_id, unit_path, due_on, priority, reason, detail)
      WHERE v.unit_path <@ ${ctx.under}::ltree`,
  ),
};
// The mechanism is tested on visits' re-examinations and the hand-built calls (other modules' sources,
// e.g. ncd's yearly checks of these 60-year-olds with a BP of 150/95, would add their own items).
const visitsOnly: DueItemsRegistry = visitsDueItems;
const both: DueItemsRegistry = { ...visitsOnly, ...calls };
const q = (extra: Record<string, unknown> = {}) => ({ limit: 50, offset: 0, days: 0, ...extra });
const refs = (out: { items: { kind: string; fullName: string }[] }) =>
  out.items.map((i) => `${i.kind === 'test.call' ? 'call' : 're'} ${i.fullName}`);

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'worklist.admin', 'system_admin', 'VN');
  const east = await created(await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Đông' }));
  const west = await created(await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Tây' }));
  ids.east = east.id;
  ids.west = west.id;
  codes.east = east.code;
  codes.west = west.code;
  for (const [key, code] of [
    ['station', '06862'],
    ['otherStation', '06838'],
  ] as const)
    ids[key] = (
      await created(
        await admin.request('POST', '/api/v1/facilities', {
          code: key === 'station' ? '22862' : '22838',
          name: `Trạm y tế ${code}`,
          kind: 'commune_station',
          stationModel: 2,
          unitCode: code,
          activeFrom: '2020-01-01',
        }),
      )
    ).id;
  for (const [key, facility] of [
    ['doctor', ids.station],
    ['otherDoctor', ids.otherStation],
  ] as const)
    ids[key] = (
      await created(
        await admin.request('POST', '/api/v1/staff', {
          fullName: `Bác sĩ ${key}`,
          sex: 'female',
          title: 'doctor',
          facilityId: facility,
          activeFrom: '2020-01-01',
        }),
      )
    ).id;
  ids.an = await resident('Nguyễn Thị An', codes.east);
  ids.binh = await resident('Trần Thị Bình', codes.west);
  ids.chi = await resident('Lê Thị Chi', '06862');
  ids.dung = await resident('Phạm Thị Dung', codes.east);
  ids.em = await resident('Hoàng Thị Em', codes.east);
  ids.old = await resident('Vũ Thị Xưa', codes.east);
  ids.khanh = await resident('Đỗ Thị Khánh', '06838');
  await backdateRegistration(t.db.orm, Object.keys(paths), `${day(-500)}T08:00:00+07:00`);
  await visit(ids.an, day(-20), day(-5)); // overdue 5 days
  await visit(ids.binh, day(-10), D); // due today
  await visit(ids.chi, day(-30), day(-12)); // overdue 12 days, lives at the commune (no hamlet)
  await visit(ids.dung, day(-30), day(-10)); // came back on day -5: answered
  await visit(ids.dung, day(-5), null);
  await visit(ids.em, day(-3), day(2)); // in two days
  await visit(ids.old, day(-400), day(-380)); // missed more than a year ago: off the list
  await visit(ids.khanh, day(-20), day(-5), true); // Bình Liêu's
  head = await userActor(t, 'worklist.head', 'station_head', '06862');
  auditor = await userActor(t, 'worklist.auditor', 'auditor', '06862');
  otherClinician = await userActor(t, 'worklist.other', 'clinician', '06838');
  vhw = await userActor(t, 'worklist.vhw', 'village_health_worker', codes.east);
  manager = await userActor(t, 'worklist.manager', 'province_manager', '22');
});
afterAll(async () => t?.close());

describe('the worklist of a station', () => {
  it('given re-examinations and calls, when the station head opens the list, then high priority comes first, then the oldest due', async () => {
    const out = await worklist(t.db.orm, head, q(), { registry: both });
    expect(refs(out)).toEqual([
      'call Trần Thị Bình',
      're Lê Thị Chi',
      're Nguyễn Thị An',
      're Trần Thị Bình',
    ]);
    expect(out.total).toBe(4);
    expect(out.items.map((i) => i.daysOverdue)).toEqual([1, 12, 5, 0]);
    expect(out.items[1]).toMatchObject({
      kind: 'visits.re_examination',
      residentId: ids.chi,
      dueOn: day(-12),
      priority: 5,
      reason: 're_examination',
      detail: { visitDate: day(-30), diagnosis: 'I10' },
      phones: ['0912345678'],
      birthDate: '1958-04-02',
      hamletId: null,
      hamletName: null,
    });
    expect(out.items[2]).toMatchObject({ hamletId: ids.east, hamletName: 'Thôn Đông' });
    expect(out.kinds).toEqual([
      { kind: 'test.call', total: 1, overdue: 1 },
      { kind: 'visits.re_examination', total: 3, overdue: 2 },
    ]);
    expect(out.hamlets).toEqual([
      { id: ids.east, name: 'Thôn Đông', total: 1 },
      { id: ids.west, name: 'Thôn Tây', total: 2 },
    ]);
    expect(out.unit).toMatchObject({ code: '06862', level: 'commune' });
  });

  it('never shows another commune’s people, even from a source that ignores the unit asked for', async () => {
    const leaky: DueItemsRegistry = {
      'test.call': dueItems('test.call', 'person.read', [], (ctx) =>
        // Drops the `under` filter on purpose: the worklist still keeps to the list's unit.
        calls['test.call']!({ ...ctx, under: 'post2025' }),
      ),
    };
    const mine = await worklist(t.db.orm, head, q(), { registry: { ...visitsOnly, ...leaky } });
    expect(mine.items.map((i) => i.residentId)).not.toContain(ids.khanh);
    const theirs = await worklist(t.db.orm, otherClinician, q(), { registry: both });
    expect(refs(theirs)).toEqual(['call Đỗ Thị Khánh', 're Đỗ Thị Khánh']);
  });

  it('filters by hamlet, keeping the per-kind counts to the hamlet and the per-hamlet counts whole', async () => {
    const out = await worklist(t.db.orm, head, q({ hamlet: ids.west }), { registry: both });
    expect(refs(out)).toEqual(['call Trần Thị Bình', 're Trần Thị Bình']);
    expect(out.kinds).toEqual([
      { kind: 'test.call', total: 1, overdue: 1 },
      { kind: 'visits.re_examination', total: 1, overdue: 0 },
    ]);
    expect(out.hamlets.map((h) => h.total)).toEqual([1, 2]);
  });

  it('filters by kind and by overdue, and looks days ahead when asked', async () => {
    const kind = await worklist(t.db.orm, head, q({ kind: 'test.call' }), { registry: both });
    expect(refs(kind)).toEqual(['call Trần Thị Bình']);
    expect(kind.kinds).toHaveLength(2); // the kind filter leaves the chips' counts whole
    const overdue = await worklist(t.db.orm, head, q({ overdue: true }), { registry: both });
    expect(refs(overdue)).toEqual(['call Trần Thị Bình', 're Lê Thị Chi', 're Nguyễn Thị An']);
    const ahead = await worklist(t.db.orm, head, q({ days: 3 }), { registry: visitsOnly });
    expect(refs(ahead)).toEqual(['re Lê Thị Chi', 're Nguyễn Thị An', 're Trần Thị Bình', 're Hoàng Thị Em']);
    expect(ahead.items[3]!.daysOverdue).toBe(-2);
    expect(ahead.until).toBe(day(3));
  });

  it('pages in the list’s order, with the total of every page', async () => {
    const out = await worklist(t.db.orm, head, q({ limit: 2, offset: 1 }), { registry: both });
    expect(refs(out)).toEqual(['re Lê Thị Chi', 're Nguyễn Thị An']);
    expect(out.total).toBe(4);
    const last = await worklist(t.db.orm, head, q({ limit: 2, offset: 4 }), { registry: both });
    expect(last.items).toEqual([]);
    expect(last.total).toBe(4);
    const westPage = await worklist(t.db.orm, head, q({ hamlet: ids.west, limit: 1 }), {
      registry: both,
    });
    expect(westPage.items).toHaveLength(1);
    expect(westPage.total).toBe(2);
  });

  it('says a thing to do once: an item another kind stands for is left out for that person', async () => {
    const out = await worklist(t.db.orm, head, q(), {
      registry: both,
      supersedes: { 'test.call': ['visits.re_examination'] },
    });
    // Bình's re-examination is her call; the others keep theirs.
    expect(refs(out)).toEqual(['call Trần Thị Bình', 're Lê Thị Chi', 're Nguyễn Thị An']);
    expect(out.kinds).toEqual([
      { kind: 'test.call', total: 1, overdue: 1 },
      { kind: 'visits.re_examination', total: 2, overdue: 2 },
    ]);
    // Not for a role that does not see the kind standing for it.
    const auditorOut = await worklist(t.db.orm, auditor, q(), {
      registry: both,
      supersedes: { 'test.call': ['visits.re_examination'] },
    });
    expect(auditorOut.total).toBe(3);
  });

  it('gives a role only the sources its permissions allow', async () => {
    const out = await worklist(t.db.orm, auditor, q(), { registry: both });
    expect(refs(out)).toEqual(['re Lê Thị Chi', 're Nguyễn Thị An', 're Trần Thị Bình']);
    expect(out.kinds.map((k) => k.kind)).toEqual(['visits.re_examination']);
  });

  it('gives a village health worker scoped to a hamlet only that hamlet', async () => {
    const out = await worklist(t.db.orm, vhw, q({ days: 3 }), { registry: both });
    expect(refs(out)).toEqual(['re Nguyễn Thị An', 're Hoàng Thị Em']);
    expect(out.unit).toMatchObject({ code: codes.east, level: 'hamlet' });
  });

  it('asks a manager above a commune to choose one, and keeps them to their area', async () => {
    await expect(worklist(t.db.orm, manager, q())).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'query.unit' }],
    });
    const out = await worklist(t.db.orm, manager, q({ unit: '06862' }), { registry: visitsOnly });
    expect(out.total).toBe(3);
    await expect(worklist(t.db.orm, head, q({ unit: '06838' }))).rejects.toMatchObject({ status: 404 });
    await expect(worklist(t.db.orm, head, q({ hamlet: ids.khanh }))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'query.hamlet' }],
    });
  });
});

describe('GET /api/v1/worklist', () => {
  it('answers the station’s list and audits it as a read of the people listed', async () => {
    const session = await userSession(t, 'worklist.http', 'clinician', '06862');
    const res = await session.request('GET', '/api/v1/worklist?overdue=true');
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as { items: { residentId: string; kind: string }[]; total: number };
    // Every module's sources: the re-examinations, and whatever else is due for these people.
    expect(out.items.filter((i) => i.kind === 'visits.re_examination').map((i) => i.residentId)).toEqual([
      ids.chi,
      ids.an,
    ]);
    const events = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'person', actorUsername: 'worklist.http', action: 'list' },
      { limit: 10, offset: 0 },
    );
    expect(events.items).toHaveLength(1);
    expect(events.items[0]!.details).toMatchObject({ filter: 'worklist', count: out.items.length });
    const audited = (events.items[0]!.details as { ids: string[] }).ids;
    expect([...audited].sort()).toEqual([...new Set(out.items.map((i) => i.residentId))].sort());
    expect(audited).toEqual(expect.arrayContaining([ids.chi, ids.an]));
  });

  it('refuses bad input field by field', async () => {
    const res = await admin.request('GET', '/api/v1/worklist?unit=06862&days=99&hamlet=x');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'query.days',
      'query.hamlet',
    ]);
  });
});

describe('the sources', () => {
  it('every module’s source yields exactly the contract’s columns, named and typed', async () => {
    const ctx = { today: D, until: D, under: 'post2025.p22' };
    const reference = DUE_COLUMNS.map(([c, type]) => `NULL::${type} AS ${c}`).join(', ');
    // Visits' re-examinations and the ncd module's follow-ups and yearly checks are registered.
    expect(Object.keys(DUE_ITEMS)).toEqual(
      expect.arrayContaining(['visits.re_examination', 'ncd.follow_up', 'ncd.yearly_check']),
    );
    for (const [kind, source] of Object.entries(DUE_ITEMS)) {
      expect(source.kind).toBe(kind);
      // Same number of columns with compatible types (UNION refuses otherwise) …
      await rows(
        t.db.orm,
        sql`SELECT * FROM (SELECT ${sql.raw(reference)} WHERE false) ref UNION ALL SELECT * FROM (${source(ctx)}) s`,
      );
      // … and each by its name.
      const got = await rows<{ kind: string }>(t.db.orm, dueRows(source, ctx));
      expect(got.every((r) => r.kind === kind)).toBe(true);
    }
  });
});

describe('the due items of the people changed since a change sequence value (a device’s sync)', () => {
  const seq = async () =>
    Number(
      (await rows<{ v: string }>(t.db.orm, sql`SELECT last_value::text AS v FROM ytcs_change_seq`))[0]!.v,
    );
  const full = q({ days: 31, limit: 500 });

  it('computes the same items for some people as the whole list has for them, with every module’s sources', async () => {
    const whole = await worklist(t.db.orm, head, full);
    for (const people of [[ids.an, ids.chi], [ids.binh], [ids.em, ids.old, ids.khanh]]) {
      const some = await worklist(t.db.orm, head, full, { people });
      expect(some.items).toEqual(whole.items.filter((i) => people.includes(i.residentId)));
    }
    // Spelled out for two of them: An's and Chí's re-examinations (and nothing of Bình's).
    const some = await worklist(t.db.orm, head, full, { people: [ids.an, ids.chi] });
    expect(some.items.filter((i) => i.kind === 'visits.re_examination').map((i) => i.residentId)).toEqual([
      ids.chi,
      ids.an,
    ]);
    expect((await worklist(t.db.orm, head, full, { people: [] })).items).toEqual([]);
  });

  it('names the person whose visit was recorded since, and nobody else', async () => {
    const since = await seq();
    expect(await dueChangedSince(t.db.orm, head, { since }, { registry: visitsOnly })).toEqual([]);
    await visit(ids.em, D, day(1));
    expect(await dueChangedSince(t.db.orm, head, { since }, { registry: visitsOnly })).toEqual([ids.em]);
    expect(await dueChangedSince(t.db.orm, head, { since })).toEqual([ids.em]);
    // The hamlet's village health worker: Em lives in Đông; Bình Liêu's station: not theirs.
    expect(await dueChangedSince(t.db.orm, vhw, { since })).toEqual([ids.em]);
    expect(await dueChangedSince(t.db.orm, otherClinician, { since })).toEqual([]);
  });

  it('says anyone’s may have changed for a source that cannot tell, or after a write that touches everyone', async () => {
    const since = await seq();
    expect(await dueChangedSince(t.db.orm, head, { since }, { registry: both })).toBeNull();
    expect(await dueChangedSince(t.db.orm, head, { since })).toEqual([]);
    // A facility renamed: every referral slip's destination shown changes.
    const res = await admin.request('PATCH', `/api/v1/facilities/${ids.otherStation}`, {
      name: 'Trạm y tế Hải Lạng',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await dueChangedSince(t.db.orm, head, { since })).toBeNull();
  });

  it('every module’s source says whose items may have changed, as a relation of resident ids on both databases', async () => {
    for (const [kind, source] of Object.entries(DUE_ITEMS)) {
      expect(source.changed, kind).toBeDefined();
      for (const table of source.changed!.everyone) expect(source.sources, kind).toContain(table);
      const got = await rows<{ resident_id: string }>(
        t.db.orm,
        sql`SELECT c.resident_id::uuid AS resident_id FROM (${source.changed!.people(sql`0::bigint`)}) c LIMIT 1`,
      );
      expect(got.length, kind).toBeLessThanOrEqual(1);
    }
  });
});
