/**
 * What the soaks share (bench/soak.ts on PostgreSQL, bench/soak-pglite.ts on the embedded database;
 * issue 21 items 2 and 7): the real server started from source (`src/cli/main.ts serve` through
 * tsx), clients signed in as station staff of a province's demo, a station's mixed work (searches,
 * profile reads, registrations, visits, insurance cards, worklists, dashboards, imports, and bad input,
 * forbidden actions and out-of-scope reads on purpose), and a watch over every request in flight, the
 * server's CPU and memory, minute by minute. Figures are printed, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once, setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The demo's shared password (src/demo), and the one given to the users a soak adds. */
export const DEMO_PASSWORD = 'ytcs-demo-2025';
const SOAK_PASSWORD = 'soak-password-2025';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (x: number) => (Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Resident memory of a process, MB. */
export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (/proc/<pid>/stat, fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

export interface Server {
  child: ChildProcess;
  url: string;
  /** The last lines the server wrote (stdout and stderr). */
  tail: () => string[];
  /** Lines of the embedded backend's log that are warnings or worse (YTCS_PGLITE_LOG=1). */
  backendWarnings: string[];
  /** The server's own error log lines (pino level 50 and above), counted by message. */
  errorsLogged: Map<string, number>;
  startSeconds: number;
}

/** Starts `ytcs serve` from source on a free port and waits for its health answer. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'],
    { cwd: REPO, env: { LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const backendWarnings: string[] = [];
  const errorsLogged = new Map<string, number>();
  const take = (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (!line) continue;
      if (line.startsWith('{') && line.includes('"level":')) {
        try {
          const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
          if (entry.level >= 50) {
            const key = (entry.err?.message ?? entry.msg ?? '?').slice(0, 200);
            errorsLogged.set(key, (errorsLogged.get(key) ?? 0) + 1);
          }
        } catch {
          /* a line cut in two */
        }
      }
      lines.push(line);
      if (lines.length > 300) lines.shift();
      if (/^\[pglite\].*(WARNING|ERROR|FATAL|PANIC)/.test(line) && !/ERROR:/.test(line))
        backendWarnings.push(line);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}):\n${lines.slice(-40).join('\n')}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 600 s:\n${lines.slice(-40).join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return {
    child,
    url,
    tail: () => lines,
    backendWarnings,
    errorsLogged,
    startSeconds: (Date.now() - started) / 1000,
  };
}

export async function stopServer(server: Server, timeoutMs = 60_000): Promise<string> {
  if (server.child.exitCode !== null || server.child.signalCode !== null)
    return `had already exited (${server.child.exitCode ?? server.child.signalCode})`;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs);
  await once(server.child, 'exit');
  clearTimeout(timer);
  return server.child.signalCode === 'SIGKILL'
    ? `did not stop within ${timeoutMs / 1000} s of SIGTERM: killed`
    : `stopped (exit ${server.child.exitCode})`;
}

// ------------------------------------------------------------------ requests, and the watch on them

export interface Sample {
  op: string;
  status: number; // 0: no answer (network error, aborted)
  ms: number;
  at: number;
}

/** Every request in flight (for the hang detector) and every answer (for the figures). */
export class Recorder {
  private nextId = 0;
  readonly inFlight = new Map<number, { op: string; path: string; start: number }>();
  samples: Sample[] = [];
  readonly statuses = new Map<string, number>();
  readonly failures: string[] = [];
  completed = 0;
  readonly abort = new AbortController();

  constructor() {
    // every request listens on the one signal: hundreds at once are expected
    setMaxListeners(0, this.abort.signal);
  }

  begin(op: string, path: string): number {
    const id = this.nextId++;
    this.inFlight.set(id, { op, path, start: performance.now() });
    return id;
  }

  end(id: number, status: number, detail?: string): void {
    const f = this.inFlight.get(id);
    if (!f) return;
    this.inFlight.delete(id);
    const ms = performance.now() - f.start;
    this.completed++;
    // cut by the end of the run, not by the server
    if (status === 0 && this.abort.signal.aborted) {
      this.statuses.set(
        `${f.op} aborted at the end`,
        (this.statuses.get(`${f.op} aborted at the end`) ?? 0) + 1,
      );
      return;
    }
    this.samples.push({ op: f.op, status, ms, at: Date.now() });
    const key = `${f.op} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if ((status >= 500 || status === 0) && this.failures.length < 50 && !this.abort.signal.aborted)
      this.failures.push(`${f.op} ${f.path} → ${status || 'no answer'} ${(detail ?? '').slice(0, 300)}`);
  }

  /** The samples since the last call (the minute's figures). */
  drain(): Sample[] {
    const s = this.samples;
    this.samples = [];
    return s;
  }

  oldestInFlight(): { op: string; path: string; ageS: number } | undefined {
    let oldest: { op: string; path: string; start: number } | undefined;
    for (const f of this.inFlight.values()) if (!oldest || f.start < oldest.start) oldest = f;
    return oldest && { op: oldest.op, path: oldest.path, ageS: (performance.now() - oldest.start) / 1000 };
  }
}

export interface Answer {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A signed-in user: `call(op, method, path, body)` answers the status and the parsed JSON. */
export interface Session {
  username: string;
  call(op: string, method: string, path: string, body?: unknown, contentType?: string): Promise<Answer>;
}

export async function signIn(
  url: string,
  rec: Recorder,
  username: string,
  password: string,
): Promise<Session> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('ytcs_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    username,
    async call(op, method, path, body, contentType) {
      const id = rec.begin(op, `${method} ${path}`);
      try {
        const r = await fetch(`${url}/api/v1${path}`, {
          method,
          signal: rec.abort.signal,
          headers: {
            cookie,
            'x-csrf-token': csrfToken,
            ...(body !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        });
        const text = await r.text();
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON (a file) */
        }
        rec.end(id, r.status, r.status >= 500 ? text : undefined);
        return { status: r.status, json };
      } catch (err) {
        // the cause says which: refused, reset, closed by the server, a timeout
        const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
        rec.end(id, 0, `${String(err)}: ${cause?.code ?? ''} ${cause?.message ?? ''}`);
        return { status: 0, json: null };
      }
    },
  };
}

// ------------------------------------------------------------------------- the province's stations

export interface Station {
  communeCode: string;
  facilityId: string;
  clinicianId: string;
  /** Residents known to the station's users (grows with registrations). */
  residents: { id: string; fullName: string }[];
  head: Session;
  clinician: Session;
  vhw: Session;
}

export interface Province {
  code: string;
  stations: Station[];
  manager: Session;
  indicatorCodes: string[];
  /** The soak's run tag, so that names and codes written by two runs never collide. */
  tag: string;
}

const CLINICAL_TITLES = [
  'doctor',
  'physician',
  'assistant_doctor',
  'physician_assistant',
  'nurse',
  'midwife',
];

/**
 * Signs in as the demo's administrator, picks `communes` communes of the province that have a station
 * and a clinician, adds a station head, a clinician and a village health worker for each (the demo
 * names only two communes' staff), and samples each commune's residents.
 */
export async function setUpProvince(
  url: string,
  rec: Recorder,
  provinceCode: string,
  communes: number,
  tag: string,
): Promise<Province> {
  const admin = await signIn(url, rec, 'admin', DEMO_PASSWORD);
  const manager = await signIn(url, rec, 'sogiamdoc', DEMO_PASSWORD);
  const facilities = await admin.call(
    'setup',
    'GET',
    `/facilities?unit=${provinceCode}&kind=commune_station&limit=500`,
  );
  if (facilities.status !== 200) throw new Error(`facilities: ${facilities.status}`);
  const indicators = await manager.call('setup', 'GET', '/indicators');
  const indicatorCodes = ((indicators.json.items ?? indicators.json) as { code: string }[]).map(
    (i) => i.code,
  );
  const stations: Station[] = [];
  for (const f of facilities.json.items as { id: string; unitCode: string }[]) {
    if (stations.length >= communes) break;
    const staff = await admin.call('setup', 'GET', `/staff?facility=${f.id}&limit=100`);
    const people = (staff.json.items ?? []) as { id: string; title: string }[];
    const clinician = people.find((s) => CLINICAL_TITLES.includes(s.title)) ?? people[0];
    if (!clinician) continue;
    const found = await admin.call('setup', 'GET', `/residents?unit=${f.unitCode}&limit=200`);
    const residents = ((found.json.items ?? []) as { id: string; fullName: string }[]).map((r) => ({
      id: r.id,
      fullName: r.fullName,
    }));
    if (residents.length < 10) continue;
    const user = async (role: string, short: string) => {
      const username = `soak_${short}_${f.unitCode}`;
      const made = await admin.call('setup', 'POST', '/users', {
        username,
        displayName: `Soak ${short} ${f.unitCode}`,
        role,
        unitCode: f.unitCode,
        password: SOAK_PASSWORD,
      });
      if (made.status !== 201 && made.status !== 409)
        throw new Error(`user ${username}: ${made.status} ${JSON.stringify(made.json).slice(0, 300)}`);
      return signIn(url, rec, username, SOAK_PASSWORD);
    };
    stations.push({
      communeCode: f.unitCode,
      facilityId: f.id,
      clinicianId: clinician.id,
      residents,
      head: await user('station_head', 'head'),
      clinician: await user('clinician', 'doc'),
      vhw: await user('village_health_worker', 'vhw'),
    });
  }
  if (stations.length < Math.min(2, communes)) throw new Error(`only ${stations.length} stations found`);
  return { code: provinceCode, stations, manager, indicatorCodes, tag };
}

// ---------------------------------------------------------------------------------- the mixed work

const today = () => new Date().toISOString().slice(0, 10);
const month = () => today().slice(0, 7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const strip = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

/** A number as letters (names hold letters only). */
export function letters(i: number): string {
  let out = '';
  do {
    out = String.fromCharCode(65 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}

let serial = 0;

/** A search text as a station types it: whole name, without diacritics, given name only, or misspelt. */
function searchText(name: string): string {
  const words = name.split(' ');
  switch (Math.floor(Math.random() * 4)) {
    case 0:
      return name;
    case 1:
      return strip(name).toLowerCase();
    case 2:
      return words.slice(-2).join(' ');
    default: {
      // two letters swapped: found only by the fuzzy (trigram) path
      const s = strip(name);
      const i = 1 + Math.floor(Math.random() * Math.max(1, s.length - 3));
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
  }
}

export type OpName =
  | 'search'
  | 'search-province'
  | 'profile'
  | 'register'
  | 'visit'
  | 'card'
  | 'worklist'
  | 'dashboard'
  | 'import'
  | 'bad-input'
  | 'forbidden'
  | 'out-of-scope';

/** Relative weights of the operations. */
export type Mix = Partial<Record<OpName, number>>;

export const STATION_MIX: Mix = {
  search: 25,
  'search-province': 4,
  profile: 22,
  register: 5,
  visit: 14,
  card: 4,
  worklist: 8,
  dashboard: 8,
  'bad-input': 4,
  forbidden: 3,
  'out-of-scope': 3,
};

function chooser(mix: Mix): () => OpName {
  const entries = Object.entries(mix).filter(([, w]) => w! > 0) as [OpName, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = Math.random() * total;
    for (const [op, w] of entries) if ((x -= w) < 0) return op;
    return entries[0]![0];
  };
}

/** What an operation answered that it should not have (a 2xx refused, a refusal accepted). */
export interface Surprises {
  list: string[];
  count: number;
}

function expect(s: Surprises, op: string, got: Answer, ok: number[]): void {
  if (got.status === 0 || got.status >= 500) return; // counted as errors by the recorder
  if (ok.includes(got.status)) return;
  s.count++;
  if (s.list.length < 30) s.list.push(`${op}: ${got.status} ${JSON.stringify(got.json).slice(0, 240)}`);
}

/** One station user's loop until `stop()`: an operation drawn from `mix`, then a think time. */
export async function stationUser(
  p: Province,
  st: Station,
  mix: Mix,
  thinkMs: number,
  stop: () => boolean,
  surprises: Surprises,
): Promise<void> {
  const next = chooser(mix);
  while (!stop()) {
    const op = next();
    await runOp(op, p, st, surprises);
    if (thinkMs > 0) await sleep(Math.random() * thinkMs * 2);
  }
}

async function runOp(op: OpName, p: Province, st: Station, s: Surprises): Promise<void> {
  const who = Math.random() < 0.5 ? st.head : st.clinician;
  const someone = pick(st.residents);
  const other = pick(p.stations.filter((o) => o !== st).length ? p.stations.filter((o) => o !== st) : [st]);
  switch (op) {
    case 'search': {
      const q = encodeURIComponent(searchText(pick(st.residents).fullName));
      expect(s, op, await who.call(op, 'GET', `/residents?q=${q}&unit=${st.communeCode}&limit=20`), [200]);
      return;
    }
    case 'search-province': {
      const q = encodeURIComponent(strip(pick(other.residents).fullName));
      expect(s, op, await p.manager.call(op, 'GET', `/residents?q=${q}&unit=${p.code}&limit=20`), [200]);
      return;
    }
    case 'profile': {
      expect(s, op, await who.call(op, 'GET', `/residents/${someone.id}`), [200]);
      expect(s, op, await who.call(op, 'GET', `/residents/${someone.id}/health-record`), [200, 404]);
      expect(s, op, await who.call(op, 'GET', `/residents/${someone.id}/insurance-cards`), [200]);
      return;
    }
    case 'register': {
      const n = ++serial;
      const name = `${p.tag}${letters(n)}`;
      const size = 1 + (n % 4);
      const members = Array.from({ length: size }, (_, k) => ({
        fullName: `${['Nguyễn Văn', 'Trần Thị', 'Nguyễn Minh', 'Nguyễn Thu'][k]} ${name}`,
        sex: k === 1 || k === 3 ? 'female' : 'male',
        birthYear: k < 2 ? 1975 + (n % 20) : 2005 + (n % 15),
        relationToHead: ['head', 'spouse', 'child', 'child'][k],
      }));
      const h = await st.head.call(op, 'POST', '/households', { unitCode: st.communeCode, members });
      expect(s, op, h, [201]);
      if (h.status === 201)
        for (const m of (h.json.members ?? []) as { id: string; fullName: string }[])
          st.residents.push({ id: m.id, fullName: m.fullName });
      return;
    }
    case 'visit': {
      const v = await st.clinician.call(op, 'POST', '/visits', {
        residentId: someone.id,
        facilityId: st.facilityId,
        clinicianId: st.clinicianId,
        visitDate: today(),
        reason: 'Khám định kỳ',
        vitals: { pulse: 60 + (serial % 40), systolic: 110 + (serial % 60), diastolic: 70 + (serial % 25) },
        diagnoses: { main: { code: pick(['I10', 'J06.9', 'K29.7', 'E11.9', 'M54.5']) } },
        finish: Math.random() < 0.8,
      });
      expect(s, op, v, [201]);
      if (v.status === 201 && Math.random() < 0.3)
        expect(s, op, await st.clinician.call(op, 'GET', `/visits/${v.json.id}`), [200]);
      return;
    }
    case 'card': {
      const code = String(2_200_000_000 + ((Date.now() * 7 + ++serial * 104_729) % 99_999_999)).padStart(
        10,
        '0',
      );
      const c = await st.head.call(op, 'POST', `/residents/${someone.id}/insurance-cards`, {
        code,
        validFrom: today(),
        beneficiaryGroup: 'GD',
        benefitLevel: 4,
      });
      // 409/422: a card already valid today or a number taken: refusals a station meets too
      expect(s, op, c, [201, 409, 422]);
      return;
    }
    case 'worklist': {
      const w = await pick([st.head, st.clinician, st.vhw]).call(op, 'GET', '/worklist');
      expect(s, op, w, [200]);
      return;
    }
    case 'dashboard': {
      const code = pick(p.indicatorCodes);
      const [unit, children] = Math.random() < 0.5 ? [p.code, 'true'] : [st.communeCode, 'false'];
      const viewer = unit === p.code ? p.manager : st.head;
      expect(
        s,
        op,
        await viewer.call(
          op,
          'GET',
          `/indicators/${code}/values?unit=${unit}&period=${month()}&children=${children}`,
        ),
        [200, 422],
      );
      if (unit === p.code) expect(s, op, await viewer.call(op, 'GET', `/units/${p.code}/overview`), [200]);
      return;
    }
    case 'import': {
      const n = ++serial;
      const rowsOf = (k: number) =>
        `I${n}${k < 2 ? 'A' : 'B'},${k % 2 ? 'Trần Thị' : 'Lê Văn'} ${p.tag}${letters(n)}${letters(k)},19${60 + k},${k % 2 ? 'Nữ' : 'Nam'},,Kinh,${k % 2 ? 'Vợ' : 'Chủ hộ'},,,,,,,,`;
      const csv = [IMPORT_HEADER, ...[0, 1, 2, 3].map(rowsOf)].join('\n');
      const job = await st.head.call(
        op,
        'POST',
        `/people/imports?unit=${st.communeCode}&fileName=soak-${n}.csv`,
        csv,
        'text/csv',
      );
      expect(s, op, job, [202]);
      if (job.status !== 202) return;
      for (let i = 0; i < 600; i++) {
        const got = await st.head.call('import-poll', 'GET', `/people/imports/${job.json.id}`);
        if (got.status !== 200 || got.json.status === 'done' || got.json.status === 'failed') {
          if (got.json?.status === 'failed') expect(s, op, { status: 299, json: got.json }, []);
          return;
        }
        await sleep(250);
      }
      expect(s, op, { status: 298, json: 'the import did not finish in 150 s' }, []);
      return;
    }
    case 'bad-input': {
      // each one a 400 naming the field, never a 500
      const bad = pick([
        () => who.call(op, 'GET', `/residents?q=a&unit=${st.communeCode}`),
        () =>
          st.clinician.call(op, 'POST', '/visits', {
            residentId: someone.id,
            facilityId: st.facilityId,
            clinicianId: st.clinicianId,
            visitDate: '2999-01-01',
          }),
        () =>
          st.clinician.call(op, 'POST', '/visits', {
            residentId: someone.id,
            facilityId: st.facilityId,
            clinicianId: st.clinicianId,
            visitDate: today(),
            diagnoses: { main: { code: 'U99.99' } },
            finish: true,
          }),
        () =>
          st.head.call(op, 'POST', '/households', {
            unitCode: st.communeCode,
            members: [{ fullName: 'X', sex: 'male', birthYear: 1800, relationToHead: 'spouse' }],
          }),
        () =>
          st.head.call(op, 'POST', `/residents/${someone.id}/insurance-cards`, {
            code: '12',
            validFrom: 'x',
          }),
      ]);
      expect(s, op, await bad(), [400, 422]);
      return;
    }
    case 'forbidden': {
      // a village health worker may not add users nor back up the database
      const f = await pick([
        () =>
          st.vhw.call(op, 'POST', '/users', {
            username: `soak_x_${++serial}`,
            displayName: 'Không được',
            role: 'system_admin',
            unitCode: st.communeCode,
            password: 'khong-duoc-phep-1',
          }),
        () => st.vhw.call(op, 'POST', '/ops/backup', {}),
      ])();
      expect(s, op, f, [403]);
      return;
    }
    case 'out-of-scope': {
      if (other === st) return;
      const r = await who.call(op, 'GET', `/residents/${pick(other.residents).id}`);
      expect(s, op, r, [404]);
      return;
    }
  }
}

const IMPORT_HEADER =
  'Mã hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Quan hệ với chủ hộ,Thôn/Ấp/Khu phố,Địa chỉ,Số điện thoại,Mã thẻ BHYT,Hạn thẻ từ,Hạn thẻ đến,Nơi ĐKKCB ban đầu,Ghi chú';

/** The figures of a minute's samples: count, errors, percentiles. */
export function minuteFigures(samples: Sample[]) {
  const ms = samples.map((x) => x.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors: samples.filter((x) => x.status === 0 || x.status >= 500).length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length ? ms[ms.length - 1]! : NaN,
  };
}
