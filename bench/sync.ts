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
import { communePeople } from './support/commune.js';
import { scratchDatabase } from './support/database.js';

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
  const { households, residents, cards } = communePeople(commune, n);
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
      cursor = page.next;
      stamp = page.codes?.stamp ?? stamp;
      if (!page.more) break;
    }
    return { ms: performance.now() - started, pages, rows: rowsSeen, json, gz, cursor, stamp };
  };
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  t0 = performance.now();
  const first = await pullAll(0);
  console.log(
    `initial pull: ${first.rows} rows in ${first.pages} pages of ≤ ${pageRows}, ${(first.ms / 1000).toFixed(2)} s ` +
      `(server side, rendering and gzip included); ${mb(first.json)} MB JSON, ${mb(first.gz)} MB gzipped on the wire; load ${load()}`,
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
