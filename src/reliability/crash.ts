/**
 * The crash drill (issue 21 item 1, docs/adr/0032-reliability.md): start the real server (`ytcs
 * serve`, from source through tsx) on a database, stream writes from several connections
 * (households with their members, then visits of their members), SIGKILL the server mid-stream,
 * start it again and prove that
 * - every write answered 2xx is there, whole (a household with every member it was answered with;
 *   each acknowledged visit);
 * - the database opens clean (the server starts and answers; afterwards the CLI's own connection
 *   opens it);
 * - the audit chain verifies;
 * - no half-written record exists: no household without members, no member without its household.
 * Used by src/reliability/crash.db.test.ts (small) and bench/crash.ts (bigger).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connect, rows } from '../db/connection.js';
import { sql } from 'drizzle-orm';
import { verifyAuditChain } from '../modules/audit/index.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_PASSWORD = 'crash-drill-admin-1';

export interface CrashDrillOptions {
  /** PostgreSQL (DATABASE_URL), or the embedded database's data directory. */
  databaseUrl?: string;
  dataDir?: string;
  /** Concurrent writing connections. */
  writers: number;
  /** The kill comes once this many more households were acknowledged (writes still in flight). */
  killAfterWrites: number;
  /** Kills in a row (each followed by a restart, the checks and more writes). */
  rounds?: number;
  log?: (line: string) => void;
}

export interface CrashDrillReport {
  rounds: number;
  acknowledged: { households: number; residents: number; visits: number };
  /** Requests in flight or refused at the kills (not acknowledged, so free to be lost). */
  unanswered: number;
  /** Seconds from spawn to the first healthy answer, per start. */
  startSeconds: number[];
  auditEvents: number;
  /** Everything found wrong; empty when the drill passed. */
  problems: string[];
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ server: Server; seconds: number }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 180 s:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server: { child, url, output: () => output }, seconds: (Date.now() - started) / 1000 };
}

/** What the drill reads of an answer. */
interface Answer {
  id?: string;
  members?: { id: string }[];
  ok?: boolean;
  text?: string;
}

/** A signed-in client of the server (cookie and CSRF token). */
async function signIn(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('ytcs_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    let json: Answer = { text };
    try {
      json = JSON.parse(text) as Answer;
    } catch {
      /* not JSON */
    }
    return { status: r.status, json };
  };
}

type Client = Awaited<ReturnType<typeof signIn>>;

interface Acked {
  households: Map<string, string[]>;
  visits: Set<string>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A number as letters (names hold letters only): 0 → A, 28 → CB. */
function letters(i: number): string {
  let out = '';
  do {
    out = String.fromCharCode(65 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}

/** A station and its doctor in Bình Liêu (06838), made once per drill. */
async function station(client: Client): Promise<{ facilityId: string; clinicianId: string }> {
  const f = await client('POST', '/facilities', {
    code: '22838',
    name: 'Trạm y tế Bình Liêu (diễn tập)',
    kind: 'commune_station',
    stationModel: 2,
    unitCode: '06838',
    activeFrom: '2020-01-01',
  });
  if (f.status !== 201) throw new Error(`facility: ${f.status} ${JSON.stringify(f.json)}`);
  const s = await client('POST', '/staff', {
    fullName: 'Bác sĩ Diễn Tập',
    sex: 'female',
    title: 'doctor',
    facilityId: f.json.id!,
    activeFrom: '2020-01-01',
  });
  if (s.status !== 201) throw new Error(`staff: ${s.status} ${JSON.stringify(s.json)}`);
  return { facilityId: f.json.id!, clinicianId: s.json.id! };
}

/** One writer: households of 2–4 members, and a visit for every second one, until stopped. */
async function writer(
  client: Client,
  at: { facilityId: string; clinicianId: string },
  acked: Acked,
  tag: string,
  stop: { stopped: boolean; unanswered: number; refusals: string[] },
): Promise<void> {
  for (let i = 0; !stop.stopped; i++) {
    const size = 2 + (i % 3);
    const members = Array.from({ length: size }, (_, k) => ({
      fullName: `Nông Văn ${['Chủ', 'Vợ', 'Con', 'Cháu'][k]} ${tag} ${letters(i)}`,
      sex: k === 1 ? 'female' : 'male',
      birthYear: k === 0 ? 1970 : k === 1 ? 1972 : 2000 + k,
      relationToHead: ['head', 'spouse', 'child', 'grandchild'][k],
    }));
    try {
      const h = await client('POST', '/households', { unitCode: '06838', members });
      if (h.status === 201) {
        const saved = h.json.members ?? [];
        acked.households.set(
          h.json.id!,
          saved.map((m) => m.id),
        );
        if (i % 2 === 0) {
          const v = await client('POST', '/visits', {
            residentId: saved[0]!.id,
            facilityId: at.facilityId,
            clinicianId: at.clinicianId,
            visitDate: today(),
            reason: 'Khám định kỳ',
            finish: false,
          });
          if (v.status === 201) acked.visits.add(v.json.id!);
          else stop.refusals.push(`visit: ${v.status} ${JSON.stringify(v.json).slice(0, 300)}`);
        }
      } else stop.refusals.push(`household: ${h.status} ${JSON.stringify(h.json).slice(0, 300)}`);
      if (stop.refusals.length) return;
    } catch {
      // The server is gone (killed): this write was never acknowledged.
      stop.unanswered++;
      return;
    }
  }
}

/** Runs the drill; the report's `problems` is empty when every property held. */
export async function crashDrill(options: CrashDrillOptions): Promise<CrashDrillReport> {
  const log = options.log ?? (() => {});
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? '',
    YTCS_DATA_DIR: options.dataDir ?? '',
    YTCS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    YTCS_LOGIN_RATE_LIMIT: '1000',
    LOG_LEVEL: 'warn',
  };
  const acked: Acked = { households: new Map(), visits: new Set() };
  const problems: string[] = [];
  const startSeconds: number[] = [];
  let unanswered = 0;
  const rounds = options.rounds ?? 1;
  let at: { facilityId: string; clinicianId: string } | undefined;

  for (let round = 0; round < rounds; round++) {
    const { server, seconds } = await startServer(env);
    startSeconds.push(seconds);
    try {
      const client = await signIn(server.url);
      if (round > 0) problems.push(...(await checkAcknowledged(client, acked, `after kill ${round}`)));
      at ??= await station(client);
      const stop = { stopped: false, unanswered: 0, refusals: [] as string[] };
      const clients = await Promise.all(Array.from({ length: options.writers }, () => signIn(server.url)));
      const writing = clients.map((c, w) => writer(c, at!, acked, `${letters(round)}${letters(w)}`, stop));
      // Kill once enough writes were answered, with the writers' next ones in flight.
      const target = acked.households.size + options.killAfterWrites;
      const until = Date.now() + 120_000;
      while (acked.households.size < target && !stop.refusals.length && Date.now() < until)
        await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
      stop.stopped = true;
      await Promise.all(writing);
      unanswered += stop.unanswered;
      // A write refused while the server was up is a bug of the drill or of the server, not a crash.
      problems.push(...stop.refusals.map((r) => `refused before the kill: ${r}`));
      log(
        `round ${round + 1}: killed with ${acked.households.size} households and ${acked.visits.size} visits acknowledged so far`,
      );
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    }
  }

  // The last restart: everything acknowledged is there, the chain verifies.
  const { server, seconds } = await startServer(env);
  startSeconds.push(seconds);
  let auditEvents = 0;
  try {
    const client = await signIn(server.url);
    problems.push(...(await checkAcknowledged(client, acked, 'after the last kill')));
    const verify = await client('GET', '/audit/verify');
    if (verify.status !== 200 || verify.json.ok !== true)
      problems.push(`the audit chain does not verify: ${JSON.stringify(verify.json).slice(0, 500)}`);
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }

  // The database opens clean outside the server, and holds nothing half-written.
  const db = await connect(
    options.databaseUrl ? { databaseUrl: options.databaseUrl, poolSize: 2 } : { dataDir: options.dataDir },
  );
  try {
    const [orphans] = await rows<{ empty: number; homeless: number }>(
      db.orm,
      sql`SELECT (SELECT count(*)::int FROM households h
                   WHERE NOT EXISTS (SELECT 1 FROM residents r WHERE r.household_id = h.id)) AS empty,
                 (SELECT count(*)::int FROM residents r
                   WHERE r.household_id IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM households h WHERE h.id = r.household_id)) AS homeless`,
    );
    if (orphans!.empty) problems.push(`${orphans!.empty} household(s) without any member`);
    if (orphans!.homeless) problems.push(`${orphans!.homeless} resident(s) of a missing household`);
    const chain = await verifyAuditChain(db.orm);
    auditEvents = chain.checked;
    if (!chain.ok) problems.push(`audit chain (direct): ${JSON.stringify(chain.problems).slice(0, 500)}`);
  } finally {
    await db.close();
  }
  return {
    rounds,
    acknowledged: {
      households: acked.households.size,
      residents: [...acked.households.values()].reduce((n, m) => n + m.length, 0),
      visits: acked.visits.size,
    },
    unanswered,
    startSeconds,
    auditEvents,
    problems,
  };
}

/** Every acknowledged household with exactly its members, every acknowledged visit. */
async function checkAcknowledged(client: Client, acked: Acked, when: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, members] of acked.households) {
    const h = await client('GET', `/households/${id}`);
    if (h.status !== 200) {
      problems.push(`${when}: acknowledged household ${id} answers ${h.status}`);
      continue;
    }
    const got = new Set(((h.json.members ?? []) as { id: string }[]).map((m) => m.id));
    for (const m of members) if (!got.has(m)) problems.push(`${when}: household ${id} lost member ${m}`);
  }
  for (const id of acked.visits) {
    const v = await client('GET', `/visits/${id}`);
    if (v.status !== 200) problems.push(`${when}: acknowledged visit ${id} answers ${v.status}`);
  }
  return problems;
}
