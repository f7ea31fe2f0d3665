/**
 * Issue 20's sync figures: the initial pull of a commune of BENCH_SYNC_N residents (default 10,000,
 * with their households and insurance cards), page after page as a device does (BENCH_SYNC_PAGE rows a
 * page, default 2,000), then an incremental pull after 50 residents were edited through people's
 * service. Each page is rendered as the route does (JSON) and gzipped; the device-side figure is the
 * JSON a device stores (IndexedDB adds its own overhead). On the embedded database by default,
 * PostgreSQL with BENCH_SYNC_PG=1 (a scratch database). Prints, never asserts.
 *
 *   BENCH_ONLY=sync npm run bench      or      npx tsx bench/sync.ts
 */
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { ROLE_PERMISSIONS } from '../src/core/permissions.js';
import { systemActor, type Actor } from '../src/core/actor.js';
import { connect, type Database } from '../src/db/connection.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { findUnit } from '../src/modules/network/index.js';
import { insertPeopleBulk, updateResident } from '../src/modules/people/index.js';
import { pull } from '../src/modules/sync/index.js';
import { dueChangedSince, worklist } from '../src/modules/worklist/index.js';
import { communePeople } from './support/commune.js';
import { scratchDatabase } from './support/database.js';
import { insertProgramme } from './support/programme.js';

const n = Number(process.env.BENCH_SYNC_N ?? 10_000);
const pageRows = Number(process.env.BENCH_SYNC_PAGE ?? 2000);
const onPostgres = process.env.BENCH_SYNC_PG === '1';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const COMMUNE = '06862'; // Tiên Yên, Quảng Ninh

const scratch = onPostgres ? await scratchDatabase('postgres', 'sync', 'BENCH_SYNC') : undefined;
const db: Database = await connect(scratch ? { databaseUrl: scratch.location } : { memory: {} });
try {
  let t0 = performance.now();
  await prepareDatabase(db, {});
  const commune = (await findUnit(db.orm, { code: COMMUNE }))!;
  const { households, residents, cards, rand } = communePeople(commune, n);
  await db.orm.transaction(async (tx) => {
    await insertPeopleBulk(
      tx,
      systemActor('bench'),
      { households, residents, cards, lifeEvents: [], healthRecords: [], healthRecordVersions: [] },
      { audit: { unitPath: commune.path, entityType: 'bench', details: { label: 'sync' } } },
    );
  });
  console.log(
    `sync bench on ${db.kind}: commune ${COMMUNE} with ${n} residents, ${households.length} households, ` +
      `${cards.length} cards loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`,
  );

  // Programme data (issue 20): enrolments, pregnancies, children's doses, forecasts and measurements.
  if (process.env.BENCH_SYNC_PROGRAMME !== '0') {
    t0 = performance.now();
    const counts = await insertProgramme(db, commune, residents, rand);
    console.log(
      `programme data: ${counts.enrolments} NCD enrolments, ${counts.pregnancies} pregnancies, ${counts.children} ` +
        `children under five with ${counts.doses} doses and ${counts.measurements} measurements, loaded in ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`,
    );
  }

  const actor: Actor = {
    userId: null,
    username: 'bench.sync',
    role: 'clinician',
    scopePath: commune.path,
    permissions: new Set(ROLE_PERMISSIONS.clinician),
  };
  /** A whole pull from a cursor, as a device runs it: page after page, each rendered and gzipped. */
  const pullAll = async (since: number, codes?: string) => {
    const started = performance.now();
    let cursor = since;
    let pages = 0;
    let rowsSeen = 0;
    let json = 0;
    let gz = 0;
    let stamp = codes;
    const byEntity = new Map<string, { rows: number; json: number }>();
    for (;;) {
      const page = await pull(db.orm, actor, {
        since: cursor,
        limit: pageRows,
        ...(stamp ? { codes: stamp } : {}),
      });
      const body = JSON.stringify(page);
      json += body.length;
      gz += gzipSync(body).length;
      pages++;
      rowsSeen += page.changes.length;
      for (const c of page.changes) {
        const e = byEntity.get(c.entity) ?? { rows: 0, json: 0 };
        e.rows++;
        e.json += JSON.stringify(c).length;
        byEntity.set(c.entity, e);
      }
      cursor = page.next;
      stamp = page.codes?.stamp ?? stamp;
      if (!page.more) break;
    }
    return { ms: performance.now() - started, pages, rows: rowsSeen, json, gz, cursor, stamp, byEntity };
  };
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  t0 = performance.now();
  const first = await pullAll(0);
  console.log(
    `initial pull: ${first.rows} rows in ${first.pages} pages of ≤ ${pageRows}, ${(first.ms / 1000).toFixed(2)} s ` +
      `(server side, rendering and gzip included); ${mb(first.json)} MB JSON, ${mb(first.gz)} MB gzipped on the wire; load ${load()}`,
  );
  console.log(
    `  by entity: ${[...first.byEntity]
      .map(([entity, e]) => `${entity} ${e.rows} rows ${(e.json / 1024 / 1024).toFixed(2)} MB`)
      .join(', ')}`,
  );

  const edited = residents.slice(0, 50);
  const admin = systemActor('bench');
  for (const [i, r] of edited.entries())
    await updateResident(db.orm, admin, r.id, { occupation: `Nghề ${i}` });
  const next = await pullAll(first.cursor, first.stamp);
  console.log(
    `incremental pull after 50 edits: ${next.rows} rows in ${next.pages} page(s), ${next.ms.toFixed(0)} ms; ` +
      `${(next.gz / 1024).toFixed(1)} KB gzipped; load ${load()}`,
  );
  t0 = performance.now();
  const due = await pull(db.orm, actor, {
    since: next.cursor,
    limit: pageRows,
    codes: next.stamp!,
    due: true,
  });
  console.log(
    `the due items of the commune (worklist of 31 days, asked once a sync): ${due.due?.length} items, ` +
      `${(performance.now() - t0).toFixed(0)} ms; load ${load()}`,
  );
  // The next sync's due items: only those of the people changed since the device's list (ADR 0033, 14).
  for (const [i, r] of residents.slice(50, 100).entries())
    await updateResident(db.orm, admin, r.id, { occupation: `Nghề ${i}` });
  const after = await pullAll(due.next, next.stamp);
  t0 = performance.now();
  await pull(db.orm, actor, { since: after.cursor, limit: pageRows, codes: next.stamp! });
  const emptyMs = performance.now() - t0;
  t0 = performance.now();
  const dueNext = await pull(db.orm, actor, {
    since: after.cursor,
    limit: pageRows,
    codes: next.stamp!,
    due: true,
    dueSince: due.next,
    dueDay: due.dueDay!,
  });
  console.log(
    `the due items after 50 more edits (the people changed since the device's list): ${dueNext.dueFor?.length} ` +
      `people, ${dueNext.due?.length} items, ${(performance.now() - t0).toFixed(0)} ms (the same pull without ` +
      `due items: ${emptyMs.toFixed(0)} ms); load ${load()}`,
  );
  // The due items alone, without the pull around them: the whole list, and the changed people's.
  const median = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2]!.toFixed(0);
  };
  const dueQuery = { unit: COMMUNE, days: 31, limit: 5000, offset: 0 };
  const wholeMs = await median(() => worklist(db.orm, actor, dueQuery));
  const changedMs = await median(async () => {
    const people = await dueChangedSince(db.orm, actor, { unit: COMMUNE, since: due.next });
    await worklist(db.orm, actor, dueQuery, { people: people! });
  });
  console.log(
    `the due items alone (median of 5): the commune's whole list ${wholeMs} ms, the 50 changed people's ` +
      `(who, then their items) ${changedMs} ms; load ${load()}`,
  );
  // Many devices at once: each takes the 50 changes from the cursor before them (one page each).
  const devices = Number(process.env.BENCH_SYNC_DEVICES ?? 200);
  t0 = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: devices }, async () => {
      const started = performance.now();
      const page = await pull(db.orm, actor, { since: first.cursor, limit: pageRows, codes: first.stamp! });
      return { ms: performance.now() - started, rows: page.changes.length };
    }),
  );
  const ok = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const times = ok.map((o) => o.ms).sort((a, b) => a - b);
  console.log(
    `${devices} devices pulling those changes at once: ${ok.length} answered, ${devices - ok.length} errors, ` +
      `all in ${((performance.now() - t0) / 1000).toFixed(1)} s, p50 ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, ` +
      `p95 ${times[Math.floor(times.length * 0.95)]?.toFixed(0)} ms each; load ${load()}`,
  );
  const again = await pullAll(next.cursor, next.stamp);
  console.log(`pull with nothing changed: ${again.rows} rows, ${again.ms.toFixed(0)} ms; load ${load()}`);
} finally {
  await db.close();
  await scratch?.cleanup();
}
