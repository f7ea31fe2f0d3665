import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import { acquireDirLock } from './lock.js';
import { TIME_ZONE } from '../core/clock.js';

// Plain SQL results look the same on both databases: int8 as number (counts, change_seq),
// numeric as number, date as 'YYYY-MM-DD' text (never a Date shifted by the time zone).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

/** How long a query may wait for a pooled connection before it fails rather than hangs. */
const ACQUIRE_TIMEOUT_MS = 60_000;

/**
 * The query builder, without the relational-query schema: a module queries its own tables, imported
 * from its own schema.ts, never another's (docs/adr/0020). src/db/schema.ts lists every table for
 * drizzle-kit only.
 */
export type Orm = NodePgDatabase;
/** A transaction handle; services accept either the database or a transaction as their executor. */
export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];
export type Executor = Orm | Tx;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Where it lives: the data directory or the connection URL without its password. */
  readonly location: string;
  readonly orm: Orm;
  readonly pool: pg.Pool;
  /** PGlite only: the whole data directory as a tarball (test templates, backups). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * PGlite with a data directory only: starts the stuck-backend watch (`watchStuckBackend`); returns
   * its stop. The server starts it once it listens.
   */
  watchStuck?: (options?: StuckWatchOptions) => () => void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** An in-memory PGlite, optionally loaded from a dumped data directory (tests). */
  memory?: { loadDataDir?: Blob } | undefined;
  poolSize?: number | undefined;
  /**
   * How long a query waits for a pooled connection before it fails (default 60 s); the server
   * answers that failure 503 with Retry-After (docs/adr/0032). Tests shorten it.
   */
  acquireTimeoutMs?: number | undefined;
}

/** The pools and clients of embedded databases (see `isEmbedded`). */
const embeddedClients = new WeakSet<object>();

/**
 * Whether `db` (the database or a transaction) runs on the embedded PGlite: for the rare query that
 * PGlite cannot run as PostgreSQL does (docs/adr/0013-embedded-database-one-client.md).
 */
export function isEmbedded(db: Executor): boolean {
  const session = (db as unknown as { session?: { client?: object } }).session;
  return session?.client !== undefined && embeddedClients.has(session.client);
}

/** Rows of a plain SQL query (analytics, reports): same shape on PGlite and PostgreSQL. */
export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

interface DrizzleInternals {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string | undefined,
      arrayMode: boolean,
    ): { execute(placeholders?: Record<string, unknown>): Promise<{ rows: unknown[] }> };
  };
}

const statementNames = new Map<string, string>();

/**
 * How many distinct texts `preparedRows` runs as named statements, at most. A text's shape may follow
 * the input (a commune user's name search has a clause per typed word, each of two kinds: up to 50
 * words), and every named statement stays prepared on every connection for the connection's life — on
 * the embedded database inside its one backend's memory, which never shrinks. Measured on a province
 * demo (PGlite): 200 search shapes left 477 statements holding 159 MB of cached plans (~340 KB each),
 * the server's RSS 435 → 586 MB. Past the bound a new text runs unnamed (parsed and planned each
 * time); the texts named first, the common shapes, keep their plans.
 */
export const NAMED_STATEMENTS_MAX = 200;

/**
 * Rows of a plain SQL query run as a named prepared statement: each connection parses it once and,
 * after a few runs, keeps its plan, which saves a query with many joins most of its cost. For hot
 * queries whose text does not vary with the input (values are parameters); each distinct text stays
 * prepared on every connection for the connection's life (at most NAMED_STATEMENTS_MAX texts).
 */
export async function preparedRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const { dialect, session } = db as unknown as DrizzleInternals;
  const built = dialect.sqlToQuery(query);
  let name = statementNames.get(built.sql);
  if (!name && statementNames.size < NAMED_STATEMENTS_MAX) {
    name = `ytcs_${statementNames.size + 1}`;
    statementNames.set(built.sql, name);
  }
  // no name: an unnamed statement, which the connection forgets at the next one
  const result = await session.prepareQuery(built, undefined, name, false).execute();
  return result.rows as T[];
}

/**
 * A hot query built once, with `sql.placeholder(name)` where its values go, and run as a named
 * prepared statement: neither the SQL text nor the plan is made again per call.
 */
export function statement<P extends Record<string, unknown>, T>(
  name: string,
  build: () => SQL,
): (db: Executor, values: P) => Promise<T[]> {
  let built: { sql: string; params: unknown[] } | undefined;
  return async (db, values) => {
    const { dialect, session } = db as unknown as DrizzleInternals;
    built ??= dialect.sqlToQuery(build());
    const result = await session.prepareQuery(built, undefined, `ytcs_${name}`, false).execute(values);
    return result.rows as T[];
  };
}

export async function pgliteExtensions() {
  const [{ ltree }, { pg_trgm }, { unaccent }, { citext }, { pgcrypto }] = await Promise.all([
    import('@electric-sql/pglite/contrib/ltree'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/citext'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
  ]);
  return { ltree, pg_trgm, unaccent, citext, pgcrypto };
}

/**
 * A twin of each PostgreSQL database whose sessions run every prepared statement on its generic plan
 * (`plan_cache_mode = force_generic_plan`), planned once per connection: for the few named
 * statements written so that one plan serves every value (docs/adr/0018). The application's own
 * sessions keep PostgreSQL's default (`auto`), which plans a statement for its values whenever the
 * generic plan looks dearer: right for most queries, and the setting also governs unnamed statements.
 */
const genericTwins = new WeakMap<object, Orm>();

/**
 * Where to run a named statement that must not be planned again on every execution: the database's
 * generic-plan twin (PostgreSQL), or `db` itself (a transaction, or the embedded database, whose one
 * session cannot hold two settings).
 */
export function withGenericPlans(db: Executor): Executor {
  return genericTwins.get(db) ?? db;
}

/** Settings of every PostgreSQL session (see connect). */
const SESSION_OPTIONS = `-c TimeZone=${TIME_ZONE} -c jit=off -c max_parallel_workers_per_gather=0`;

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, otherwise the embedded PGlite in
 * `dataDir`. Both are reached through the same node-postgres Pool, so every query runs through the
 * same driver (PGlite through its node-postgres connection adapter). See docs/adr/0002-database.md.
 */
export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      application_name: 'ytcs',
      connectionTimeoutMillis: options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS,
      // current_date and date arithmetic follow the business time zone (src/core/clock.ts). JIT off:
      // the indicator queries are estimated expensive enough to trigger LLVM compilation, which
      // costs more (~1 s a query) than it saves; PGlite has no JIT, so both now plan alike. No
      // parallel workers: a commune user's name search at 1 M residents was planned parallel on an
      // overestimate and spent 9 of its 10 ms starting workers for a query that reads two rows
      // (PGlite has none either).
      options: SESSION_OPTIONS,
    });
    pool.on('error', () => {
      /* an idle client lost its connection; the pool replaces it */
    });
    keepLostConnectionQuiet(pool);
    await pool.query('select 1');
    const url = new URL(options.databaseUrl);
    url.password = '';
    const orm = drizzle(pool);
    // The generic-plan twin (withGenericPlans): a few connections of its own.
    const genericPool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: Math.max(2, Math.ceil((options.poolSize ?? 10) / 2)),
      application_name: 'ytcs',
      connectionTimeoutMillis: options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS,
      options: `${SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`,
    });
    genericPool.on('error', () => {
      /* as above */
    });
    keepLostConnectionQuiet(genericPool);
    genericTwins.set(orm, drizzle(genericPool));
    return {
      kind: 'postgres',
      location: url.toString(),
      orm,
      pool,
      close: async () => {
        await genericPool.end();
        await pool.end();
      },
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig, PglitePgConnection } = await import('@electric-sql/pglite/node-postgres');
  patchParseTypes(PglitePgConnection.prototype);
  const log = backendLog();
  const extensions = { ...(await pgliteExtensions()), ytcsBackendLog: log.extension };
  let release: (() => void) | undefined;
  let location = 'memory://';
  let pglite;
  if (options.memory) {
    pglite = await PGlite.create({
      extensions,
      ...(options.memory.loadDataDir ? { loadDataDir: options.memory.loadDataDir } : {}),
    });
  } else {
    const dir = resolve(options.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    release = acquireDirLock(dir);
    location = resolve(dir, 'pg');
    try {
      pglite = await PGlite.create({ dataDir: location, extensions });
    } catch (err) {
      release();
      throw err;
    }
  }
  guardBackendExit(pglite, log);
  let stopWatch: (() => void) | undefined;
  await pglite.exec(`SET TIME ZONE '${TIME_ZONE.replace(/'/g, '')}'`);
  // YTCS_PGLITE_LOG=statements: every statement in the backend's log too (diagnostics).
  if (process.env.YTCS_PGLITE_LOG === 'statements') await pglite.exec(`SET log_statement = 'all'`);
  const pool = new pg.Pool({
    ...createPgConfig(pglite),
    // PGlite is one session: one client, kept for the life of the pool. pg's default recycles an
    // idle client after 10 s, and the adapter's shared connection can then deliver the old
    // client's 'end' to the new one, which waits forever; so idle clients are never recycled.
    max: 1,
    idleTimeoutMillis: 0,
    // A caller that waits this long for the single session is stuck (a query on the pool inside a
    // transaction, say): fail with an error instead of hanging.
    connectionTimeoutMillis: options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS,
  });
  keepClientOnQueryError(pool);
  embeddedClients.add(pool);
  pool.on('connect', (client) => embeddedClients.add(client));
  return {
    kind: 'pglite',
    location,
    orm: drizzle(pool),
    pool,
    dumpDataDir: () => pglite.dumpDataDir('none'),
    ...(options.memory
      ? {}
      : {
          watchStuck: (o?: StuckWatchOptions) => {
            stopWatch?.();
            stopWatch = watchStuckBackend(pglite as unknown as EmbeddedProtocol, log, o);
            return stopWatch;
          },
        }),
    async close() {
      stopWatch?.();
      await pool.end();
      await pglite.close();
      release?.();
    },
  };
}

/**
 * A connection lost while its client is checked out (PostgreSQL restarted, the session ended by an
 * administrator: 57P01) fails the query in flight, which the server answers 503 (docs/adr/0032), and
 * then the client emits 'error' ("Connection terminated unexpectedly"). The pool listens only to idle
 * clients, so without a listener here that second error is uncaught and ends the server's process.
 * The client is broken (not queryable): the pool discards it when it is released.
 */
function keepLostConnectionQuiet(pool: pg.Pool) {
  pool.on('connect', (client) =>
    client.on('error', () => {
      /* the query in flight has its own error; the pool replaces the client */
    }),
  );
}

/**
 * pg's pool throws a client away after any failed query (a unique violation, say) and makes a new
 * one. PGlite's adapter gives every client the same connection object, so the old client's pending
 * messages and its 'end' can land on the new client, which then waits forever for an answer: the
 * run-time stalls seen in tests. A query error leaves the one PGlite session perfectly usable, so
 * the client is kept; a client that is really broken (not queryable, ending) is still replaced by
 * the pool's own check.
 */
function keepClientOnQueryError(pool: pg.Pool) {
  pool.on('connect', (client) => {
    let poolRelease: ((err?: Error | boolean) => void) | undefined;
    Object.defineProperty(client, 'release', {
      configurable: true,
      get: () => () => poolRelease?.(),
      set: (fn: (err?: Error | boolean) => void) => {
        poolRelease = fn;
      },
    });
  });
}

/**
 * The embedded backend's own log (what PostgreSQL writes to stderr: errors, FATALs), kept as the last
 * lines in memory so that a backend that dies can say why. PGlite drops it unless debugging; a PGlite
 * extension may replace the Emscripten options, which is how it is caught here.
 */
function backendLog() {
  const lines: string[] = [];
  const extension = {
    name: 'ytcs-backend-log',
    setup: async (_pg: unknown, emscriptenOpts: Record<string, unknown>) => ({
      emscriptenOpts: {
        ...emscriptenOpts,
        printErr: (text: string) => {
          // YTCS_PGLITE_LOG=1 (or `statements`): the embedded backend's log on stderr as it comes.
          if (process.env.YTCS_PGLITE_LOG) process.stderr.write(`[pglite] ${text}\n`);
          lines.push(text);
          if (lines.length > 40) lines.shift();
        },
      },
    }),
  };
  return { extension, lines };
}

/**
 * When the embedded backend exits (a FATAL error), PGlite 0.5 swallows the exit in its protocol loop
 * and spins forever at 100 % CPU without returning (electric-sql/pglite#1058): no timer can fire, so
 * a server or a test run would hang silently. A dead backend cannot be recovered in-process, so the
 * process stops at once, printing the backend's last log lines (see
 * docs/adr/0013-embedded-database-one-client.md).
 */
const POSTGRES_MAIN_LONGJMP = 100;

function guardBackendExit(pglite: { Module: unknown }, log: { lines: string[] }) {
  const mod = pglite.Module as { _PostgresMainLoopOnce: (...args: unknown[]) => unknown };
  const once = mod._PostgresMainLoopOnce;
  mod._PostgresMainLoopOnce = function (this: unknown, ...args: unknown[]) {
    try {
      return once.apply(this, args);
    } catch (err) {
      // Status 100 is PGlite's own long jump out of an ERROR (POSTGRES_MAIN_LONGJMP): the backend
      // lives on and PGlite recovers. Any other exit status means the backend is gone.
      const exit = err as { name?: string; status?: number } | null;
      if (exit?.name === 'ExitStatus' && exit.status !== POSTGRES_MAIN_LONGJMP) {
        process.stderr.write(
          `\n[ytcs] the embedded PostgreSQL backend exited (status ${exit.status}); ` +
            `its last log lines:\n${log.lines.join('\n')}\n`,
        );
        process.exit(70);
      }
      throw err;
    }
  };
}

export interface StuckWatchOptions {
  /** A call into the backend unanswered this long is stuck (default YTCS_PGLITE_STUCK_S, 300 s). */
  stuckMs?: number;
  /**
   * What then, after the log: `restart` (default, YTCS_PGLITE_STUCK_ACTION) starts the same command
   * again and ends this process, so that a new one opens the data directory afresh; `exit` ends the
   * process for a supervisor (systemd's Restart=) to start it again (status 75, or SIGKILL when the
   * event loop is blocked: no exit handler can run then); `log` only logs.
   */
  action?: 'restart' | 'exit' | 'log';
}

/** The process's exit status after a stuck backend with the `exit` action (EX_TEMPFAIL). */
export const STUCK_EXIT_STATUS = 75;

/**
 * The stuck-backend watch of the embedded database (docs/adr/0013): every call into the backend
 * (`execProtocolStream`, through which the node-postgres adapter sends each message) is timed. A call
 * unanswered for `stuckMs` means the one session is lost: either waiting for an answer that never
 * comes (the event loop runs: seen by a timer here), or the backend spinning synchronously inside
 * WASM (the `errfinish` loop, electric-sql/pglite#1058), which blocks the event loop so no timer of
 * this thread can run: a worker thread watches a heartbeat this thread writes into shared memory, and
 * acts when the heartbeat stops while a call is pending.
 *
 * Either way the log says so loudly, with the statement and the backend's last log lines. A stuck
 * WASM call cannot be interrupted or the instance closed from JavaScript (its lock is held), so the
 * restart is of the process: the same command is started again (it takes over the data directory's
 * lock once this process is gone) and this process ends at once. Every acknowledged write is in the
 * data directory already (a commit is on disk before its answer: the crash drill, ADR 0032), so the
 * new process opens it with nothing acknowledged lost; what was in flight was never answered.
 */
interface EmbeddedProtocol {
  execProtocolStream: (message: Uint8Array, ...rest: unknown[]) => Promise<unknown>;
}

function watchStuckBackend(
  pglite: EmbeddedProtocol,
  log: { lines: string[] },
  options: StuckWatchOptions = {},
): () => void {
  const stuckMs = options.stuckMs ?? Number(process.env.YTCS_PGLITE_STUCK_S ?? 300) * 1000;
  // YTCS_PGLITE_STUCK_S=0: no watch
  if (!(stuckMs > 0)) return () => {};
  const action =
    options.action ?? (process.env.YTCS_PGLITE_STUCK_ACTION as StuckWatchOptions['action']) ?? 'restart';
  // [0] the heartbeat (ms), [1] when the oldest pending call started (0: none); then the statement
  const clock = new Float64Array(new SharedArrayBuffer(16));
  const statementBytes = new Uint8Array(new SharedArrayBuffer(1024));
  const pending = new Map<number, { start: number; text: string }>();
  let next = 0;
  const publish = () => {
    let oldest: { start: number; text: string } | undefined;
    for (const p of pending.values()) if (!oldest || p.start < oldest.start) oldest = p;
    clock[1] = oldest?.start ?? 0;
    if (oldest) {
      statementBytes.fill(0);
      new TextEncoder().encodeInto(oldest.text, statementBytes.subarray(0, 1000));
    }
  };
  const original = pglite.execProtocolStream;
  pglite.execProtocolStream = function (this: unknown, message: Uint8Array, ...rest: unknown[]) {
    const id = next++;
    // the statement's text as far as it can be read from the wire message (Parse or Query)
    const head = Buffer.from(message.subarray(0, 600).map((b) => (b < 0x20 ? 0x20 : b)));
    const text = head.toString('utf8').replace(/ {2,}/g, ' ').trim().slice(0, 300);
    pending.set(id, { start: Date.now(), text });
    publish();
    const done = () => {
      pending.delete(id);
      publish();
    };
    const result = original.call(this, message, ...rest);
    result.then(done, done);
    return result;
  };
  const report = (how: string, since: number, statement: string) =>
    `\n[ytcs] STUCK EMBEDDED DATABASE: a call into PGlite has had no answer for ` +
    `${((Date.now() - since) / 1000).toFixed(0)} s (limit ${stuckMs / 1000} s); ${how}.\n` +
    `[ytcs] the statement: ${statement || '(unknown)'}\n` +
    `[ytcs] the backend's last log lines:\n${log.lines.slice(-15).join('\n')}\n` +
    `[ytcs] ${action === 'restart' ? `restarting: the same command starts again on the same data directory (acknowledged writes are on disk), and process ${process.pid} ends` : action === 'exit' ? `ending with status ${STUCK_EXIT_STATUS} for the supervisor to start the server again` : 'left as it is (YTCS_PGLITE_STUCK_ACTION=log)'}\n`;

  // The event loop runs: a call waiting for an answer that never comes.
  let reported = false;
  const beat = setInterval(() => {
    clock[0] = Date.now();
    const since = clock[1]!;
    if (since && Date.now() - since > stuckMs && !reported) {
      reported = true;
      process.stderr.write(
        report(
          'the event loop runs, so the call waits for an answer that never comes',
          since,
          [...pending.values()][0]?.text ?? '',
        ),
      );
      if (action === 'restart') restartProcess();
      else if (action === 'exit') process.exit(STUCK_EXIT_STATUS);
    }
    if (!since) reported = false;
  }, 250);
  beat.unref();
  clock[0] = Date.now();

  // The event loop is blocked (a backend spinning inside WASM): only another thread can see it.
  const worker = new Worker(WATCH_WORKER, {
    eval: true,
    workerData: {
      clock: clock.buffer,
      statement: statementBytes.buffer,
      stuckMs,
      action,
      exitStatus: STUCK_EXIT_STATUS,
      argv: [...process.execArgv, ...process.argv.slice(1)],
      execPath: process.execPath,
      pid: process.pid,
    },
  });
  worker.unref();
  // the backend's last lines, for the worker's report (it cannot ask this thread)
  const shareLog = setInterval(() => worker.postMessage(log.lines.slice(-15)), 1000);
  shareLog.unref();
  return () => {
    clearInterval(beat);
    clearInterval(shareLog);
    void worker.terminate();
    pglite.execProtocolStream = original;
  };
}

/** Starts this very command again (same arguments, environment and standard streams), then ends this process. */
function restartProcess(): never {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, YTCS_RESTARTED_AFTER_STUCK: String(process.pid) },
  });
  child.unref();
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

/** The watch thread (see watchStuckBackend): plain JavaScript, run with `eval`. */
const WATCH_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { spawn } = require('node:child_process');
const clock = new Float64Array(workerData.clock);
const statement = new Uint8Array(workerData.statement);
let lines = [];
parentPort.on('message', (l) => { lines = l; });
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const check = () => {
  const since = clock[1];
  const now = Date.now();
  // a pending call past the limit, and no heartbeat for 2 s: the event loop is blocked inside the call
  if (since && now - since > workerData.stuckMs && now - clock[0] > 2000) {
    const text = new TextDecoder().decode(statement).replace(/\\0+$/, '');
    const action = workerData.action;
    writeSync(2, '\\n[ytcs] STUCK EMBEDDED DATABASE: a call into PGlite has had no answer for ' +
      Math.round((now - since) / 1000) + ' s (limit ' + workerData.stuckMs / 1000 + ' s) and the event loop has been blocked for ' +
      Math.round((now - clock[0]) / 1000) + ' s: the backend is spinning inside WASM.\\n' +
      '[ytcs] the statement: ' + (text || '(unknown)') + '\\n' +
      "[ytcs] the backend's last log lines:\\n" + lines.join('\\n') + '\\n' +
      (action === 'restart'
        ? '[ytcs] restarting: the same command starts again on the same data directory (acknowledged writes are on disk), and process ' + workerData.pid + ' ends\\n'
        : action === 'exit' ? '[ytcs] ending with status ' + workerData.exitStatus + ' for the supervisor to start the server again\\n'
        : '[ytcs] left as it is (YTCS_PGLITE_STUCK_ACTION=log)\\n'));
    if (action === 'restart') {
      const child = spawn(workerData.execPath, workerData.argv, {
        detached: true, stdio: 'inherit',
        env: { ...process.env, YTCS_RESTARTED_AFTER_STUCK: String(workerData.pid) },
      });
      child.unref();
      process.kill(workerData.pid, 'SIGKILL');
    } else if (action === 'exit') {
      // the blocked thread cannot run an exit handler: the process ends from here
      process.kill(workerData.pid, 'SIGKILL');
    }
    return false;
  }
  return true;
};
for (;;) {
  Atomics.wait(sleeper, 0, 0, 500);
  if (!check()) break;
}
`;

/**
 * node-postgres hands a query's `types` option (an object of type parsers, which Drizzle always
 * sets) to `connection.parse()`, where the wire protocol expects an array of parameter type OIDs.
 * pg's own serializer ignores a non-array; PGlite 0.5's adapter calls `.forEach` on it and the query
 * never completes. Passing only arrays keeps both drivers byte-for-byte the same.
 */
function patchParseTypes(proto: { parse(query: { types?: unknown }): void }) {
  const marker = Symbol.for('ytcs.parsePatched');
  const target = proto as unknown as Record<symbol, boolean>;
  if (target[marker]) return;
  target[marker] = true;
  const original = proto.parse;
  proto.parse = function (this: unknown, query: { types?: unknown }) {
    return original.call(this, Array.isArray(query.types) ? query : { ...query, types: undefined });
  };
}

/** Reads DATABASE_URL and YTCS_DATA_DIR from the environment. */
export function connectFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  return connect({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.YTCS_DATA_DIR || './data',
    poolSize: env.YTCS_DB_POOL ? Number(env.YTCS_DB_POOL) : undefined,
  });
}
