/**
 * The FHIR API over HTTP (issue 19, Performance): Patient read, search by name (as a commune user and
 * as a province user) and create with duplicate detection, 20 connections, on PostgreSQL, beside the
 * same operations through the JSON API in the same run. Prints, never asserts.
 *
 * A new PostgreSQL database with the reference data, the network demo of Quảng Ninh (22) and
 * BENCH_FHIR_SIZE residents (default 20,000) loaded as bench/people-search.ts does; then the server
 * from the sources (`node --import tsx src/cli/main.ts serve`: no build needed), bearer tokens for a
 * commune clinician and a province manager, and autocannon ~BENCH_HTTP_SECONDS (default 10) s a kind.
 *
 *   BENCH_ONLY=fhir npm run bench      or      BENCH_FHIR_SIZE=20000 npx tsx bench/fhir.ts
 *
 * Targets (issue 19): Patient read ≥ 4,000/s, name search ≥ 1,000/s (commune) and ≥ 400/s (province),
 * create ≥ 400/s with duplicate detection on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../src/bootstrap.js';
import { connect, rows } from '../src/db/connection.js';
import { ascii, personName, type Sex } from '../src/demo/names.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { createRng } from '../src/demo/random.js';
import { createApiToken, createUser } from '../src/modules/accounts/index.js';
import { centurySexDigit } from '../src/modules/people/index.js';
import { scratchDatabase } from './support/database.js';
import { familyOf, loadPeople, PROVINCE } from './support/population.js';

const size = Number(process.env.BENCH_FHIR_SIZE ?? 20_000);
const httpSeconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const COMMUNE = '06862';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    duration: number;
    headers: Record<string, string>;
    requests: AutocannonRequest[];
  },
  done: (err: Error | null, result: AutocannonResult) => void,
) => {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function cannon(
  base: string,
  token: string,
  name: string,
  target: number,
  request: AutocannonRequest,
  contentType: string,
) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const before = load();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: 20,
        duration: httpSeconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        requests: [request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_c, status, _b, time) => {
      latencies.push(time);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  latencies.sort((a, b) => a - b);
  const other = [...statuses].filter(([s]) => s >= 300).map(([s, n]) => `${n}×${s}`);
  console.log(
    `${name}: ${Math.round(result.requests.average).toLocaleString('en')}/s (target ≥ ${target.toLocaleString('en')}), ` +
      `p50 ${ms(pct(latencies, 50))} ms, p95 ${ms(pct(latencies, 95))} ms; ${result.requests.total} requests, ` +
      `${other.length ? `non-2xx ${other.join(', ')}` : 'all 2xx'}, ${result.errors} errors (load before ${before})`,
  );
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

console.log(
  `FHIR bench: ${size.toLocaleString('en')} residents in province ${PROVINCE}, PostgreSQL; load ${load()} on ${cpus().length} CPUs`,
);
const scratch = await scratchDatabase('postgres', 'fhir', 'BENCH_FHIR');
const db = await connect({ databaseUrl: scratch.location, poolSize: 4 });
let server: ChildProcess | undefined;
try {
  if (!scratch.reused) {
    await prepareDatabase(db, { adminPassword: 'bench-fhir-2025' });
    await generateNetworkDemo(db, { provinceCode: PROVINCE, scale: 1, rng: createRng(2025).fork('network') });
    await db.orm.execute(sql`VACUUM ANALYZE admin_units`);
    await loadPeople(db, 'PostgreSQL', size);
  }
  const [commune] = await rows<{ code: string; path: string }>(
    db.orm,
    sql`SELECT c.code, c.path::text AS path FROM admin_units c WHERE c.map = 'post2025' AND c.level = 'commune'
          AND c.path <@ ${`post2025.p${PROVINCE}`}::ltree ORDER BY c.code = ${COMMUNE} DESC, c.code LIMIT 1`,
  );
  for (const [username, role, unitCode] of [
    ['fhir.commune', 'clinician', commune!.code],
    ['fhir.province', 'province_manager', PROVINCE],
  ] as const)
    await createUser(db.orm, null, {
      username,
      displayName: username,
      role,
      unitCode,
      password: 'bench-fhir-2025',
    }).catch(() => undefined);
  const token = (await createApiToken(db.orm, 'fhir.commune', 'bench')).token;
  const provinceToken = (await createApiToken(db.orm, 'fhir.province', 'bench')).token;
  const [{ n: inCommune }] = (await rows<{ n: number }>(
    db.orm,
    sql`SELECT count(*)::int AS n FROM residents WHERE unit_path <@ ${commune!.path}::ltree`,
  )) as [{ n: number }];
  const ids = (
    await rows<{ id: string }>(
      db.orm,
      sql`SELECT id FROM residents WHERE unit_path <@ ${commune!.path}::ltree AND status = 'active' ORDER BY md5(id::text) LIMIT 5000`,
    )
  ).map((r) => r.id);
  const names = async (path: string) =>
    (
      await rows<{ fullName: string }>(
        db.orm,
        sql`SELECT full_name AS "fullName" FROM residents WHERE unit_path <@ ${path}::ltree AND status = 'active' ORDER BY md5(id::text) LIMIT 200`,
      )
    ).flatMap(({ fullName }) => [
      fullName,
      ascii(fullName).toLowerCase(),
      `${familyOf(fullName)} ${fullName.split(' ').at(-1)}`,
    ]);
  const communeNames = await names(commune!.path);
  const provinceNames = await names(`post2025.p${PROVINCE}`);
  const hamlets = (
    await rows<{ code: string }>(
      db.orm,
      sql`SELECT code FROM admin_units WHERE level = 'hamlet' AND path <@ ${commune!.path}::ltree ORDER BY code`,
    )
  ).map((h) => h.code);
  console.log(`commune ${commune!.code}: ${inCommune.toLocaleString('en')} residents`);

  const port = 3980 + Math.floor(Math.random() * 9);
  server = spawn(
    'node',
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'],
    {
      env: { ...process.env, DATABASE_URL: scratch.location, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, server);
  // Warm-up: JIT, pools, and each profile read once (the first read of a day renders and stores it:
  // without this the API measured first paid for every rendering, as the FHIR read did before).
  for (const id of ids) {
    await (
      await fetch(`${base}/fhir/Patient/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).arrayBuffer();
    await (
      await fetch(`${base}/api/v1/residents/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).arrayBuffer();
  }
  const rng = createRng(19);
  // The validator indexes the R4 StructureDefinitions on the first resource it checks (~0.7 s): not measured.
  await (
    await fetch(`${base}/fhir/Patient`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', gender: 'other' }),
    })
  ).arrayBuffer();
  let serial = 0;
  const newPerson = () => {
    const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
    const year = rng.int(1950, 2020);
    const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    serial++;
    return {
      fullName: personName(rng, sex, 'north'),
      sex,
      birthDate,
      personalId: `0${PROVINCE}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String((serial + 500_000) % 1_000_000).padStart(6, '0')}`,
      phone: `09${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      unitCode: rng.pick(hamlets.length ? hamlets : [commune!.code]),
    };
  };
  const FHIR = 'application/fhir+json';
  let i = 0;
  // Both reads under load for a moment first, unmeasured: the API measured first otherwise also paid
  // for warming the server up under 20 connections (FHIR read 483/s beside JSON 725/s in one run; the
  // two alternated on a warm server, 865, 756, 800/s beside 853, 732/s: level).
  for (const path of ['/fhir/Patient/', '/api/v1/residents/'])
    await new Promise((resolve, reject) =>
      autocannon(
        {
          url: base,
          connections: 20,
          duration: 3,
          headers: { authorization: `Bearer ${token}` },
          requests: [
            { method: 'GET', setupRequest: (r) => ({ ...r, path: `${path}${ids[i++ % ids.length]}` }) },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
  await cannon(
    base,
    token,
    'FHIR read GET /fhir/Patient/:id',
    4000,
    { method: 'GET', setupRequest: (r) => ({ ...r, path: `/fhir/Patient/${ids[i++ % ids.length]}` }) },
    FHIR,
  );
  await cannon(
    base,
    token,
    'JSON read GET /api/v1/residents/:id',
    4000,
    { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/residents/${ids[i++ % ids.length]}` }) },
    'application/json',
  );
  // Name searches, FHIR then JSON, as a commune user and as a province user (targets 1,000/s and 400/s).
  let k = 0;
  for (const [who, as, names, target] of [
    ['commune user', token, communeNames, 1000],
    ['province user', provinceToken, provinceNames, 400],
  ] as const) {
    const name = () => encodeURIComponent(names[k++ % names.length]!);
    await cannon(
      base,
      as,
      `FHIR search GET /fhir/Patient?name=… (${who}, _count=20)`,
      target,
      { method: 'GET', setupRequest: (r) => ({ ...r, path: `/fhir/Patient?name=${name()}&_count=20` }) },
      FHIR,
    );
    await cannon(
      base,
      as,
      `JSON search GET /api/v1/residents?q=… (${who}, limit=20)`,
      target,
      { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/residents?q=${name()}&limit=20` }) },
      'application/json',
    );
  }
  await cannon(
    base,
    token,
    'FHIR create POST /fhir/Patient (duplicate detection on)',
    400,
    {
      method: 'POST',
      setupRequest: (r) => {
        const p = newPerson();
        return {
          ...r,
          path: '/fhir/Patient',
          body: JSON.stringify({
            resourceType: 'Patient',
            identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/national_id', value: p.personalId }],
            name: [{ text: p.fullName }],
            gender: p.sex,
            birthDate: p.birthDate,
            telecom: [{ system: 'phone', value: p.phone }],
            address: [
              {
                extension: [
                  { url: 'https://ytcs.vn/fhir/StructureDefinition/admin-unit', valueCode: p.unitCode },
                ],
              },
            ],
          }),
        };
      },
    },
    FHIR,
  );
  await cannon(
    base,
    token,
    'JSON create POST /api/v1/residents (duplicate detection on)',
    400,
    {
      method: 'POST',
      setupRequest: (r) => {
        const p = newPerson();
        return {
          ...r,
          path: '/api/v1/residents',
          body: JSON.stringify({
            fullName: p.fullName,
            sex: p.sex,
            birthDate: p.birthDate,
            personalId: p.personalId,
            phones: [p.phone],
            currentAddress: { unitCode: p.unitCode },
          }),
        };
      },
    },
    'application/json',
  );
} finally {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => (server!.exitCode !== null ? r(null) : server!.once('exit', r)));
  }
  await db.close();
  await scratch.cleanup();
}
