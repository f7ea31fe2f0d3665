/**
 * Issue 20's device-side budget: a real browser (Debian's chromium through playwright-core) takes a
 * commune of BENCH_SYNC_N residents (default 10,000, with households, insurance cards and two years of
 * visits) from the server over loopback, as a user does it: the offline page's download button, until
 * the page says the sync succeeded. Prints the time (target < 30 s), what the device stores
 * (navigator.storage.estimate(): IndexedDB, and the service worker's shell apart; target < 100 MB),
 * then an incremental sync after 50 residents were edited on the server (target < 1 s). On PostgreSQL
 * (a scratch database) by default, the embedded database with BENCH_SYNC_BROWSER_PGLITE=1. Needs the
 * built web app (npm run build:web, or YTCS_WEB_DIST). Prints, never asserts.
 *
 *   npx tsx bench/sync-browser.ts
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { systemActor } from '../src/core/actor.js';
import { newId } from '../src/core/ids.js';
import { connect, type Database } from '../src/db/connection.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { buildServer } from '../src/server.js';
import { createUser } from '../src/modules/accounts/index.js';
import { findUnit } from '../src/modules/network/index.js';
import { insertPeopleBulk, updateResident } from '../src/modules/people/index.js';
import { insertVisitsBulk, type BulkVisit, type BulkVisitVersion } from '../src/modules/visits/index.js';
import { communePeople } from './support/commune.js';
import { scratchDatabase } from './support/database.js';

const n = Number(process.env.BENCH_SYNC_N ?? 10_000);
const onPglite = process.env.BENCH_SYNC_BROWSER_PGLITE === '1';
const webRoot = process.env.YTCS_WEB_DIST ?? join(process.cwd(), 'web', 'dist');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const COMMUNE = '06862'; // Tiên Yên, Quảng Ninh
const PASSWORD = 'bench-sync-browser-2026';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

if (!existsSync(join(webRoot, 'index.html'))) {
  console.log(`sync-browser bench: no built web app in ${webRoot} (npm run build:web); skipped`);
  process.exit(0);
}

const scratch = onPglite ? undefined : await scratchDatabase('postgres', 'syncbrowser', 'BENCH_SYNC_BROWSER');
const db: Database = await connect(scratch ? { databaseUrl: scratch.location } : { memory: {} });
const app = await buildServer({ db, webRoot, auditSealIntervalMs: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  let t0 = performance.now();
  await prepareDatabase(db, {});
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const commune = (await findUnit(db.orm, { code: COMMUNE }))!;

  // The station, its doctor and a clinician of the commune, through the ordinary API.
  await createUser(db.orm, null, {
    username: 'bench.admin',
    displayName: 'bench.admin',
    role: 'system_admin',
    unitCode: 'VN',
    password: PASSWORD,
  });
  await createUser(db.orm, null, {
    username: 'bench.device',
    displayName: 'Bác sĩ Trạm',
    role: 'clinician',
    unitCode: COMMUNE,
    password: PASSWORD,
  });
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.admin', password: PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('ytcs_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const facility = await post('/facilities', {
    code: '22862',
    name: 'Trạm y tế Tiên Yên',
    kind: 'commune_station',
    stationModel: 2,
    unitCode: COMMUNE,
    activeFrom: '2020-01-01',
  });
  const clinician = await post('/staff', {
    fullName: 'Bác sĩ Trạm',
    sex: 'female',
    title: 'doctor',
    facilityId: facility,
    activeFrom: '2020-01-01',
  });

  // The commune: households of 1–5, nine in ten insured, and two years of visits (about 2.4 a person).
  const { households, residents, cards, rand } = communePeople(commune, n);
  const visits: BulkVisit[] = [];
  const versions: BulkVisitVersion[] = [];
  const today = Date.now();
  for (const r of residents) {
    const count = Math.floor(rand() * 5); // 0–4 in two years
    for (let k = 0; k < count; k++) {
      const id = newId();
      const day = new Date(today - Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10);
      const systolic = 110 + Math.floor(rand() * 50);
      const diastolic = 70 + Math.floor(rand() * 25);
      const finishedAt = new Date(`${day}T09:00:00+07:00`);
      visits.push({
        id,
        residentId: r.id,
        facilityId: facility,
        unitPath: commune.path,
        visitDate: day,
        status: 'finished',
        currentVersion: 1,
        clinicianId: clinician,
        mainDiagnosis: systolic >= 140 ? 'I10' : 'Z00.0',
        paymentMethod: 'insurance',
        benefitLevel: 4,
        totalAmount: 0,
        insurerAmount: 0,
        patientAmount: 0,
        finishedAt,
        systolic,
        diastolic,
      });
      versions.push({
        id: newId(),
        visitId: id,
        version: 1,
        kind: 'finish',
        status: 'finished',
        document: { vitals: { systolic, diastolic } } as never,
        createdBy: 'bench',
      });
    }
  }
  await db.orm.transaction(async (tx) => {
    const audit = { unitPath: commune.path, entityType: 'bench', details: { label: 'sync-browser' } };
    await insertPeopleBulk(
      tx,
      systemActor('bench'),
      { households, residents, cards, lifeEvents: [], healthRecords: [], healthRecordVersions: [] },
      { audit },
    );
    await insertVisitsBulk(tx, systemActor('bench'), { stationServices: [], visits, versions }, { audit });
  });
  const lastYear = visits.filter((v) => today - Date.parse(v.visitDate) < 365 * 86_400_000).length;
  console.log(
    `sync-browser bench on ${db.kind}: commune ${COMMUNE} with ${n} residents, ${households.length} households, ` +
      `${cards.length} cards, ${visits.length} visits in two years (${lastYear} in the last year, what a device keeps) ` +
      `loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`,
  );

  // The device: a fresh browser profile, signed in, on the offline page.
  const context = await browser.newContext({ baseURL: url, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Tên đăng nhập').fill('bench.device');
  await page.getByLabel(/^Mật khẩu/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto('/offline');
  // Browser-side code as text: this file is type-checked without the DOM's types.
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  const lastSync = page.getByText(/Đồng bộ thành công lần cuối/);

  t0 = performance.now();
  await page.getByRole('button', { name: 'Tải dữ liệu của xã về máy' }).click();
  await lastSync.waitFor({ timeout: 600_000 });
  const firstMs = performance.now() - t0;
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).waitFor();
  for (let i = 0; i < 60000 && !(await page.getByRole('button', { name: 'Đồng bộ ngay' }).isEnabled()); i++)
    await page.waitForTimeout(10);
  const firstAllMs = performance.now() - t0;
  const counts = (await page.evaluate(`navigator.storage.estimate().then((e) => ({
    usage: e.usage ?? 0, details: e.usageDetails ?? {} }))`)) as {
    usage: number;
    details: Record<string, number>;
  };
  const stored = await page
    .getByText(/người dân/)
    .first()
    .textContent();
  console.log(
    `initial sync in the browser: ${(firstMs / 1000).toFixed(1)} s (download button → "synced": push, pages, ` +
      `IndexedDB writes), ${(firstAllMs / 1000).toFixed(1)} s with the due items after; device storage ${mb(counts.usage)} MB in all — IndexedDB ` +
      `${mb(counts.details.indexedDB ?? 0)} MB, the shell's cache ${mb(counts.details.caches ?? 0)} MB, ` +
      `service worker ${mb(counts.details.serviceWorkerRegistrations ?? 0)} MB (${stored?.trim()}); load ${load()}`,
  );

  // 50 residents edited on the server, then "sync now".
  const admin = systemActor('bench');
  for (const [i, r] of residents.slice(0, 50).entries())
    await updateResident(db.orm, admin, r.id, { occupation: `Nghề ${i}` });
  const before = await lastSync.textContent();
  await page.waitForTimeout(1100); // the "last synced" line shows seconds
  t0 = performance.now();
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  // (The page's CSP forbids evaluating text, so the line is read from here.)
  for (let i = 0; i < 6000 && (await lastSync.textContent()) === before; i++) await page.waitForTimeout(10);
  const nextMs = performance.now() - t0;
  const button = page.getByRole('button', { name: 'Đồng bộ ngay' });
  for (let i = 0; i < 6000 && !(await button.isEnabled()); i++) await page.waitForTimeout(10);
  const dueMs = performance.now() - t0;
  const occupation = await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('ytcs-offline');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('residents').objectStore('residents').get(${JSON.stringify(residents[0]!.id)});
      get.onsuccess = () => { resolve(get.result?.occupation); open.result.close(); };
    };
  })`);
  console.log(
    `incremental sync after 50 edits: ${nextMs.toFixed(0)} ms (button → "synced": push, rows, written), ` +
      `${dueMs.toFixed(0)} ms with the due items refreshed after; the first edited person's ` +
      `occupation on the device: ${occupation}; load ${load()}`,
  );
  await context.close();
} finally {
  await browser.close();
  await app.close();
  await db.close();
  await scratch?.cleanup();
}
