/**
 * Resident search and the people API at scale (issue 6, item 5: search p95 under 50 ms at 1 million
 * residents on PostgreSQL; over HTTP with 20 connections, read ≥ 4,000/s, create ≥ 1,200/s, search ≥
 * 1,000/s). Prints, never asserts.
 *
 * For each database (a new PostgreSQL database, dropped afterwards, and PGlite in a temporary
 * directory): migrations, reference data and the network demo of Quảng Ninh (22: its communes,
 * hamlets, stations), then BENCH_PEOPLE_SIZE residents (default 1,000,000) spread over the communes by
 * population, in households with Vietnamese names, personal IDs, phones and insurance cards, loaded
 * in multi-row batches with the secondary indexes built once at the end. Then:
 * - search latency through the service (scope filter and audit row included), as a commune user and
 *   as a province user, over a mix of what people type at the desk: p50/p95/p99 per kind and overall;
 * - PostgreSQL only, over HTTP against the real server (`node bin/ytcs.js serve`, needs `npm run
 *   build`), with a bearer token from `ytcs token create`: autocannon, 20 connections, ~10 s each on
 *   resident read, create and search, as a commune clinician; then search as a province user (issue 13,
 *   item 12: ≥ 400/s at 100 k residents, and every kind p95 < 100 ms for a province user at 1 M; outside
 *   one commune a search ranks and counts at most SEARCH_BOUND matches, docs/adr/0023).
 *
 *   BENCH_PEOPLE_SIZE=20000 npx tsx bench/people-search.ts
 *
 * Environment: BENCH_PEOPLE_SIZE, BENCH_PEOPLE_DATABASES (`postgres,pglite`), BENCH_PG_URL (the
 * server's maintenance database, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_PEOPLE_REPS (timed searches per kind and user, default 60), BENCH_PEOPLE_KIND_SECONDS (at
 * most this long per kind and user, default 15), BENCH_HTTP_SECONDS (default 10), BENCH_PEOPLE_KEEP (keep
 * the PostgreSQL database, to look at plans), BENCH_PEOPLE_REUSE (the URL of a kept database: no load),
 * BENCH_PEOPLE_PARTS (`search,http`), BENCH_HTTP_KINDS (`read,create,search,province-search`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { prepareDatabase } from '../src/bootstrap.js';
import { actorFor, type Actor } from '../src/core/actor.js';
import { connect, rows, type Database } from '../src/db/connection.js';
import { ascii, personName, type Sex } from '../src/demo/names.js';
import { createRng } from '../src/demo/random.js';
import { sealAuditEvents } from '../src/modules/audit/index.js';
import { createUser } from '../src/modules/accounts/index.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { centurySexDigit } from '../src/modules/people/index.js';
import { SEARCH_BOUND, searchResidents } from '../src/modules/people/index.js';
import { scratchDatabase } from './support/database.js';
import { familyOf, loadPeople } from './support/population.js';

const size = Number(process.env.BENCH_PEOPLE_SIZE ?? 1_000_000);
const databases = (process.env.BENCH_PEOPLE_DATABASES ?? 'postgres,pglite').split(',').map((s) => s.trim());
const reps = Number(process.env.BENCH_PEOPLE_REPS ?? 60);
const kindSeconds = Number(process.env.BENCH_PEOPLE_KIND_SECONDS ?? 15);
const httpSeconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const kinds = new Set((process.env.BENCH_HTTP_KINDS ?? 'read,create,search,province-search').split(','));
const PROVINCE = '22';
/** Tiên Yên: the commune user's commune (the first commune with hamlets when it is missing). */
const COMMUNE = '06862';
const PASSWORD = 'bench-people-2025';
const LIMIT = 20;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Runs one part of the bench; a failure is printed (short: a failed bulk insert quotes its whole batch) and the rest goes on. */
async function attempt(what: string, part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (err) {
    const e = err as Error & { query?: string };
    console.log(`${what}: FAILED: ${String(e.cause ?? e).slice(0, 500)}`);
    console.error(`${(e.query ?? '').slice(0, 500)}\n${e.stack?.split('\n').slice(1, 6).join('\n')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- search latency

interface Sample {
  fullName: string;
  birthYear: number;
  personalId: string | null;
  phone: string | null;
  card: string | null;
}

/** What people type at the desk, made from a resident of the area. */
const KINDS: { kind: string; query: (s: Sample) => string | null }[] = [
  { kind: 'full name', query: (s) => s.fullName },
  { kind: 'full name without diacritics', query: (s) => ascii(s.fullName).toLowerCase() },
  { kind: 'family + given name', query: (s) => `${familyOf(s.fullName)} ${s.fullName.split(' ').at(-1)}` },
  { kind: 'given name alone', query: (s) => s.fullName.split(' ').at(-1)! },
  {
    kind: 'birth year + name',
    query: (s) =>
      `${ascii(`${familyOf(s.fullName)} ${s.fullName.split(' ').at(-1)}`).toLowerCase()} ${s.birthYear}`,
  },
  { kind: 'personal ID', query: (s) => s.personalId },
  { kind: 'phone', query: (s) => s.phone },
  { kind: 'insurance card code', query: (s) => s.card },
];

async function samplesOf(db: Database, scopePath: string, n: number): Promise<Sample[]> {
  return rows<Sample>(
    db.orm,
    sql`SELECT r.full_name AS "fullName", r.birth_year AS "birthYear", r.personal_id AS "personalId", r.phones[1] AS phone,
          (SELECT c.code FROM insurance_cards c WHERE c.resident_id = r.id ORDER BY c.valid_from DESC LIMIT 1) AS card
        FROM residents r WHERE r.unit_path <@ ${scopePath}::ltree AND r.status = 'active'
        ORDER BY md5(r.id::text) LIMIT ${n}`,
  );
}

function queryMix(samples: Sample[], count: number): { kind: string; q: string }[][] {
  return KINDS.map(({ kind, query }) =>
    samples
      .map(query)
      .filter((q): q is string => !!q)
      .slice(0, count)
      .map((q) => ({ kind, q })),
  );
}

async function measureSearch(db: Database, actor: Actor, who: string, label: string): Promise<void> {
  const mix = queryMix(await samplesOf(db, actor.scopePath, 3 * (reps + 10)), reps + 10);
  // Warm-up: the first 10 of each kind, not counted.
  for (const list of mix)
    for (const { q } of list.slice(0, 10))
      await searchResidents(db.orm, actor, { q }, { limit: LIMIT, offset: 0 });
  const times = new Map<string, number[]>(KINDS.map((k) => [k.kind, []]));
  const spent = new Map<string, number>(KINDS.map((k) => [k.kind, 0]));
  const found = new Map<string, number>(KINDS.map((k) => [k.kind, 0]));
  const bounded = new Map<string, number>(KINDS.map((k) => [k.kind, 0]));
  const started = performance.now();
  // Round robin over the kinds (a realistic mix); a kind stops when it has used its time.
  for (let i = 10; i < reps + 10; i++)
    for (const list of mix) {
      const item = list[i];
      if (!item || spent.get(item.kind)! > kindSeconds * 1000) continue;
      const t = performance.now();
      const page = await searchResidents(db.orm, actor, { q: item.q }, { limit: LIMIT, offset: 0 });
      const d = performance.now() - t;
      times.get(item.kind)!.push(d);
      spent.set(item.kind, spent.get(item.kind)! + d);
      if (page.items.length) found.set(item.kind, found.get(item.kind)! + 1);
      if (page.moreThanTotal) bounded.set(item.kind, bounded.get(item.kind)! + 1);
    }
  const all: number[] = [];
  console.log(
    `${label} search as ${who} (${actor.scopePath}), limit ${LIMIT}, through the service with scope and audit, sequential, load ${load()}:`,
  );
  for (const [kind, list] of times) {
    all.push(...list);
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `  ${kind.padEnd(30)} n=${String(sorted.length).padStart(3)}  p50 ${ms(pct(sorted, 50)).padStart(6)} ms  p95 ${ms(pct(sorted, 95)).padStart(6)} ms  p99 ${ms(pct(sorted, 99)).padStart(6)} ms  (found ${found.get(kind)}/${sorted.length}, more than ${SEARCH_BOUND} ${bounded.get(kind)})`,
    );
  }
  all.sort((a, b) => a - b);
  console.log(
    `  ${'overall (equal mix)'.padEnd(30)} n=${String(all.length).padStart(3)}  p50 ${ms(pct(all, 50)).padStart(6)} ms  p95 ${ms(pct(all, 95)).padStart(6)} ms  p99 ${ms(pct(all, 99)).padStart(6)} ms  (${seconds(started)} s)`,
  );
}

// ---------------------------------------------------------------- HTTP throughput (PostgreSQL)

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
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

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by each PostgreSQL backend serving `database` (this machine's server). */
function databaseCpu(database: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `))
        out.set(pid, cpuSeconds(Number(pid)));
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * The CPU the backends of `database` used since `before` was read: those alive now, counted from
 * zero when they are new. A backend that ended meanwhile takes its share with it (a floor).
 */
function databaseCpuSince(database: string, before: Map<string, number>): number {
  let total = 0;
  for (const [pid, seconds] of databaseCpu(database)) total += seconds - (before.get(pid) ?? 0);
  return total;
}

let databaseName = '';

async function cannon(
  base: string,
  token: string,
  serverPid: number,
  name: string,
  target: number,
  request: AutocannonRequest,
): Promise<void> {
  // One request first, to show why it fails if it does.
  const probe = request.setupRequest ? request.setupRequest({ ...request }) : request;
  const res = await fetch(`${base}${probe.path}`, {
    method: probe.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(probe.body ? { body: probe.body } : {}),
  });
  const answer = await res.text();
  if (!res.ok) console.log(`HTTP ${name}: a first request got ${res.status}: ${answer.slice(0, 400)}`);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const avg = load();
  const cpu0 = cpuSeconds(serverPid);
  const db0 = databaseCpu(databaseName);
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: 20,
        duration: httpSeconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_c, status, _b, time) => {
      latencies.push(time);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  const databaseSeconds = databaseCpuSince(databaseName, db0);
  latencies.sort((a, b) => a - b);
  const other = [...statuses].filter(([s]) => s >= 300).map(([s, n]) => `${n}×${s}`);
  console.log(
    `HTTP ${name} (PostgreSQL, 20 connections, ${result.duration} s): ${Math.round(result.requests.average).toLocaleString('en')} requests/s ` +
      `(target ≥ ${target.toLocaleString('en')}), p50 ${ms(pct(latencies, 50))} ms, p95 ${ms(pct(latencies, 95))} ms, p99 ${ms(pct(latencies, 99))} ms; ` +
      `${result.requests.total} requests, ${other.length ? `non-2xx ${other.join(', ')}` : 'all 2xx'}, ${result.errors} errors, ${result.timeouts} timeouts; server process ${((serverCpu * 1000) / Math.max(1, result.requests.total)).toFixed(2)} ms and database ${((databaseSeconds * 1000) / Math.max(1, result.requests.total)).toFixed(2)} ms CPU a request (load before ${avg})`,
  );
}

/**
 * Every read, list and write of a person appends an audit event (docs/adr/0016): here, bare events one
 * per commit from 20 connections, then how fast the sealer chains them (events/s), for scale.
 */
async function auditCeiling(db: Database, databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  try {
    const insert = `INSERT INTO audit_events (id, actor_username, action, entity_type, details)
      VALUES (gen_random_uuid(), 'bench', 'read', 'person', '{}'::jsonb)`;
    let n = 0;
    const until = performance.now() + 3000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (performance.now() < until) {
          await pool.query(insert);
          n++;
        }
      }),
    );
    const inserted = n / ((performance.now() - started) / 1000);
    // Until every event is chained (the server's own sealer may take some of the batches).
    const unsealed = async () =>
      Number(
        (
          await pool.query(`SELECT count(*) AS n FROM audit_events a, audit_seal_state s
            WHERE a.tx_id >= s.scan_from AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_seq = a.seq)`)
        ).rows[0].n,
      );
    const waiting = await unsealed();
    const sealStarted = performance.now();
    while ((await unsealed()) > 0) await sealAuditEvents(db.orm, { wait: true });
    const sealRate = waiting / ((performance.now() - sealStarted) / 1000);
    console.log(
      `audit events alone, one per commit, 20 connections: ${Math.round(inserted).toLocaleString('en')} inserts/s; sealed (chained) at ${Math.round(sealRate).toLocaleString('en')} events/s (load ${load()})`,
    );
  } finally {
    await pool.end();
  }
}

/**
 * The database's share of a registration, without the application: one resident row (all its indexes,
 * its foreign keys) and its audit event per transaction, from 20 connections. No check, no duplicate
 * search, no profile read: what a create can never go faster than on this machine.
 */
async function createCeiling(databaseUrl: string, commune: { path: string }): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  try {
    const [{ unitId }] = (
      await pool.query(`SELECT id AS "unitId" FROM admin_units WHERE path = $1::ltree AND map = 'post2025'`, [
        commune.path,
      ])
    ).rows as [{ unitId: string }];
    let n = 0;
    const until = performance.now() + 3000;
    const started = performance.now();
    const db0 = databaseCpu(databaseName);
    // Real-looking people (name, sex, birth year): the rows stay, and the registrations and searches
    // measured next must not meet thousands of residents of one made-up name or one birth year.
    const rng = createRng(11);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < until) {
            const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
            await client.query('BEGIN');
            await client.query({
              name: 'ceiling_resident',
              text: `INSERT INTO residents (id, full_name, sex, birth_year, nationality, current_unit_id, unit_path, phones)
                     VALUES (gen_random_uuid(), $1, $5, $6, 'VN', $2, $3::ltree, ARRAY[$4])`,
              values: [
                personName(rng, sex, 'north'),
                unitId,
                commune.path,
                `09${String(n).padStart(8, '0')}`,
                sex,
                rng.int(1950, 2020),
              ],
            });
            await client.query({
              name: 'ceiling_audit',
              text: `INSERT INTO audit_events (id, actor_username, action, entity_type, details)
                     VALUES (gen_random_uuid(), 'bench', 'create', 'person', '{}'::jsonb)`,
            });
            await client.query('COMMIT');
            n++;
          }
        } finally {
          client.release();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `residents inserted alone (row, indexes, foreign keys, audit event; one per transaction), 20 connections: ${Math.round(n / seconds).toLocaleString('en')}/s, database ${((databaseCpuSince(databaseName, db0) * 1000) / n).toFixed(2)} ms CPU each (load ${load()})`,
    );
  } finally {
    await pool.end();
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become healthy');
}

async function measureHttp(db: Database, databaseUrl: string, commune: { code: string; path: string }) {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    console.log('HTTP throughput: skipped (run `npm run build` first: the bench runs the real `ytcs serve`)');
    return;
  }
  databaseName = new URL(databaseUrl).pathname.slice(1);
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const made = spawnSync('node', ['bin/ytcs.js', 'token', 'create', 'bench.commune', '--name', 'bench'], {
    env,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`token create failed: ${made.stderr}`);
  const token = made.stdout.trim().split('\n').at(-1)!;
  const provinceMade = spawnSync(
    'node',
    ['bin/ytcs.js', 'token', 'create', 'bench.province', '--name', 'bench'],
    {
      env,
      encoding: 'utf8',
    },
  );
  if (provinceMade.status !== 0) throw new Error(`token create failed: ${provinceMade.stderr}`);
  const provinceToken = provinceMade.stdout.trim().split('\n').at(-1)!;
  const port = 3990 + Math.floor(Math.random() * 9);
  // BENCH_SERVER_ARGS: extra node arguments for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(
    'node',
    [...nodeArgs, 'bin/ytcs.js', 'serve', '--port', String(port), '--host', '127.0.0.1'],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, server);
    const ids = (
      await rows<{ id: string }>(
        db.orm,
        sql`SELECT id FROM residents WHERE unit_path <@ ${commune.path}::ltree AND status = 'active' ORDER BY md5(id::text) LIMIT 5000`,
      )
    ).map((r) => r.id);
    const hamlets = (
      await rows<{ code: string }>(
        db.orm,
        sql`SELECT code FROM admin_units WHERE level = 'hamlet' AND path <@ ${commune.path}::ltree ORDER BY code`,
      )
    ).map((h) => h.code);
    const queries = queryMix(await samplesOf(db, commune.path, 200), 200)
      .flat()
      .map(({ q }) => `/api/v1/residents?q=${encodeURIComponent(q)}&limit=${LIMIT}`);
    // The same mix made from residents of the whole province, searched by a province user.
    const provinceQueries = queryMix(await samplesOf(db, `post2025.p${PROVINCE}`, 200), 200)
      .flat()
      .map(({ q }) => `/api/v1/residents?q=${encodeURIComponent(q)}&limit=${LIMIT}`);
    const rng = createRng(7);
    // Warm the server up (JIT, pool) on reads.
    for (const id of ids.slice(0, 50))
      await (
        await fetch(`${base}/api/v1/residents/${id}`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer();

    await auditCeiling(db, databaseUrl);
    if (kinds.has('create')) await createCeiling(databaseUrl, commune);
    let i = 0;
    if (kinds.has('read'))
      await cannon(base, token, server.pid!, 'read GET /api/v1/residents/:id', 4000, {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/residents/${ids[i++ % ids.length]}` }),
      });
    let n = 0;
    if (kinds.has('create'))
      await cannon(base, token, server.pid!, 'create POST /api/v1/residents', 1200, {
        method: 'POST',
        setupRequest: (req) => {
          const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
          const year = rng.int(1950, 2020);
          const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
          n++;
          return {
            ...req,
            path: '/api/v1/residents',
            body: JSON.stringify({
              fullName: personName(rng, sex, 'north'),
              sex,
              birthDate,
              personalId: `0${PROVINCE}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(n % 1_000_000).padStart(6, '0')}`,
              ethnicity: '01',
              phones: rng.chance(0.8) ? [`09${String(rng.int(0, 99_999_999)).padStart(8, '0')}`] : [],
              currentAddress: { unitCode: rng.pick(hamlets.length ? hamlets : [commune.code]) },
            }),
          };
        },
      });
    let k = 0;
    if (kinds.has('search'))
      await cannon(base, token, server.pid!, 'search GET /api/v1/residents?q=… as a commune user', 1000, {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: queries[k++ % queries.length]! }),
      });
    let j = 0;
    if (kinds.has('province-search'))
      await cannon(
        base,
        provinceToken,
        server.pid!,
        'search GET /api/v1/residents?q=… as a province user',
        400,
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: provinceQueries[j++ % provinceQueries.length]! }),
        },
      );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
}

// ---------------------------------------------------------------- one database

async function benchOne(kind: string): Promise<void> {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  let db: Database | undefined;
  // BENCH_PEOPLE_REUSE=<url>: a PostgreSQL database a run kept (BENCH_PEOPLE_KEEP), already loaded.
  const scratch = await scratchDatabase(kind, 'people', 'BENCH_PEOPLE');
  const databaseUrl = scratch.location;
  const reuse = scratch.reused ? databaseUrl : undefined;
  try {
    let t = performance.now();
    db =
      kind === 'postgres'
        ? await connect({ databaseUrl, poolSize: 4 })
        : await connect({ dataDir: databaseUrl });
    if (!reuse) {
      await prepareDatabase(db, { adminPassword: PASSWORD });
      await generateNetworkDemo(db, {
        provinceCode: PROVINCE,
        scale: 1,
        rng: createRng(2025).fork('network'),
      });
      // As autovacuum would soon after: the units just written sit in the pending list of their name
      // index, which every search for a hamlet's name would read whole (~470 pages).
      await db.orm.execute(sql`VACUUM ANALYZE admin_units`);
      console.log(
        `${label}: new database with the reference data and the network demo of province ${PROVINCE} in ${seconds(t)} s (load ${load()})`,
      );
      t = performance.now();
      await loadPeople(db, label, size);
    } else console.log(`${label}: the database a run kept, ${reuse}`);

    const [commune] = await rows<{ code: string; path: string }>(
      db.orm,
      sql`SELECT c.code, c.path::text AS path FROM admin_units c WHERE c.map = 'post2025' AND c.level = 'commune'
            AND c.path <@ ${`post2025.p${PROVINCE}`}::ltree ORDER BY c.code = ${COMMUNE} DESC, c.code LIMIT 1`,
    );
    const user = async (username: string, role: 'clinician' | 'province_manager', unitCode: string) => {
      const [found] = await rows<{ id: string; username: string; role: typeof role; scopePath: string }>(
        db!.orm,
        sql`SELECT id, username, role, scope_path::text AS "scopePath" FROM users WHERE username = ${username}`,
      );
      return (
        found ??
        createUser(db!.orm, null, { username, displayName: username, role, unitCode, password: PASSWORD })
      );
    };
    const communeUser = await user('bench.commune', 'clinician', commune!.code);
    const provinceUser = await user('bench.province', 'province_manager', PROVINCE);
    const parts = (process.env.BENCH_PEOPLE_PARTS ?? 'search,http').split(',');
    const [{ n: inCommune }] = (await rows<{ n: number }>(
      db.orm,
      sql`SELECT count(*)::int AS n FROM residents WHERE unit_path <@ ${commune!.path}::ltree`,
    )) as [{ n: number }];
    if (parts.includes('search'))
      await attempt(`${label} search as a commune user`, () =>
        measureSearch(
          db!,
          actorFor(communeUser),
          `a commune user (${commune!.code}, ${inCommune.toLocaleString('en')} residents)`,
          label,
        ),
      );
    if (parts.includes('search'))
      await attempt(`${label} search as a province user`, () =>
        measureSearch(
          db!,
          actorFor(provinceUser),
          `a province user (${PROVINCE}, ${size.toLocaleString('en')} residents)`,
          label,
        ),
      );
    if (kind === 'postgres' && parts.includes('http'))
      await attempt('HTTP throughput', () => measureHttp(db!, databaseUrl, commune!));
  } finally {
    await db?.close();
    await scratch.cleanup();
  }
}

console.log(
  `people search bench: ${size.toLocaleString('en')} residents in province ${PROVINCE}; databases ${databases.join(', ')}; load average ${load()} on ${cpus().length} CPUs`,
);
await attempt('people search bench', async () => {
  for (const kind of databases) await attempt(kind, () => benchOne(kind));
});
