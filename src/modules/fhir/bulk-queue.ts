/**
 * The bulk exports' queue (docs/adr/0030, amendment): pg-boss 10 over the server's own connection
 * (its `db` option: every query goes through the same pool, so PGlite's one session serves it too).
 * An export is a job; a job works for a while (`sliceMs`) through slices of patients, each committed
 * with its cursor (bulk-export.ts), then queues its continuation and completes. So nothing is lost:
 * - a graceful stop hands the running job back to the queue (pg-boss `fail`: a retry);
 * - a crash leaves it active: on PostgreSQL pg-boss's maintenance retries it once it expires
 *   (`expireInSeconds`; any server of the installation may take it); on PGlite the data directory is
 *   one process's (its lock), so at start every active job is a dead process's and is retried at once;
 * - an export whose job is gone altogether (a crash between the row and the job) is queued again at start.
 * On PGlite nothing runs from a timer (docs/adr/0013): the worker is woken by a kick-off, a status
 * poll and the start. On PostgreSQL it also polls.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../../db/connection.js';
import { exportSlice, failExport, unfinishedExports } from './bulk-export.js';

export const QUEUE = 'fhir-export';

export const queueSettings = {
  /** How long a job works before it queues its continuation. */
  sliceMs: 10_000,
  /** A job active this long without completing is a dead worker's (PostgreSQL): retried. */
  expireInSeconds: 120,
  /** How often pg-boss looks for expired jobs (PostgreSQL). */
  maintenanceIntervalSeconds: 60,
  /** How often the worker looks for queued jobs (PostgreSQL). */
  pollMs: 2_000,
};

interface Log {
  error(obj: object, msg: string): void;
}

export class ExportWorker {
  #boss: Promise<PgBoss> | undefined;
  #loop: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  /** The job in hand, handed back on a graceful stop. */
  #current: string | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: Log,
  ) {}

  /** pg-boss, started on first need (a server that never exports never installs its schema). */
  boss(): Promise<PgBoss> {
    this.#boss ??= (async () => {
      const embedded = this.db.kind === 'pglite';
      const boss = new PgBoss({
        db: { executeSql: async (text, values) => this.db.pool.query(text, values) },
        schedule: false,
        supervise: !embedded,
        maintenanceIntervalSeconds: queueSettings.maintenanceIntervalSeconds,
        monitorStateIntervalSeconds: Math.max(queueSettings.maintenanceIntervalSeconds, 60),
      });
      boss.on('error', (err) => this.log.error({ err }, 'the export queue failed'));
      await boss.start();
      if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE);
      if (embedded) {
        // This process holds the data directory: an active job is a dead process's. Retried now.
        const active = await this.db.pool.query<{ id: string }>(
          `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'`,
          [QUEUE],
        );
        if (active.rows.length)
          await boss.fail(
            QUEUE,
            active.rows.map((r) => r.id),
          );
      } else {
        this.#timer = setInterval(() => this.kick(), queueSettings.pollMs);
        this.#timer.unref();
      }
      return boss;
    })();
    return this.#boss;
  }

  /** Queues an export's job (not inside a transaction: on PGlite the job's insert needs the one session). */
  async enqueue(exportId: string): Promise<void> {
    const boss = await this.boss();
    await boss.send(
      QUEUE,
      { exportId },
      {
        retryLimit: 20,
        retryDelay: 0,
        expireInSeconds: queueSettings.expireInSeconds,
      },
    );
    this.kick();
  }

  /** At start: unfinished exports are taken up; one whose job is lost is queued again. */
  async recover(): Promise<void> {
    const unfinished = await unfinishedExports(this.db.orm);
    if (!unfinished.length) return;
    await this.boss();
    const queued = await this.db.pool.query<{ id: string }>(
      `SELECT data->>'exportId' AS id FROM pgboss.job WHERE name = $1 AND state < 'completed'`,
      [QUEUE],
    );
    const have = new Set(queued.rows.map((r) => r.id));
    for (const id of unfinished) if (!have.has(id)) await this.enqueue(id);
    this.kick();
  }

  /** Wakes the worker: it takes queued jobs until there are none. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#loop) {
      this.#again = true;
      return;
    }
    this.#loop = this.#drain()
      .catch((err: unknown) => this.log.error({ err }, 'the export worker stopped on an error'))
      .finally(() => {
        this.#loop = undefined;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async #drain(): Promise<void> {
    const boss = await this.boss();
    while (!this.#stopped) {
      const [job] = await boss.fetch<{ exportId: string }>(QUEUE);
      if (!job) return;
      this.#current = job.id;
      const outcome = await this.#work(job.data.exportId);
      this.#current = undefined;
      if (outcome === 'stopped') {
        // A graceful stop: the job goes back to the queue for the next start (or another server).
        if (!this.#abandon) await boss.fail(QUEUE, job.id, { message: 'the server stopped' });
        return;
      }
      if (outcome === 'more')
        await boss.send(
          QUEUE,
          { exportId: job.data.exportId },
          {
            retryLimit: 20,
            retryDelay: 0,
            expireInSeconds: queueSettings.expireInSeconds,
          },
        );
      await boss.complete(QUEUE, job.id);
    }
  }

  /** Slices until the export is done, the slice time is up or the server stops. */
  async #work(exportId: string): Promise<'more' | 'done' | 'stopped'> {
    const until = Date.now() + queueSettings.sliceMs;
    for (;;) {
      if (this.#stopped) return 'stopped';
      let result;
      try {
        result = await exportSlice(this.db.orm, exportId);
      } catch (err) {
        if (this.#stopped) return 'stopped';
        this.log.error({ err, exportId }, 'a bulk export failed');
        await failExport(this.db.orm, exportId, (err as Error).message || String(err));
        return 'done';
      }
      if (result !== 'more') return 'done';
      this.#afterSlice?.();
      if (Date.now() >= until) return 'more';
    }
  }

  /** Tests: called after each committed slice (to stop a server mid-export). */
  #afterSlice: (() => void) | undefined;
  /** Tests: a stop that leaves the job active, as a crash would. */
  #abandon = false;
  testHooks(hooks: { afterSlice?: () => void; abandonOnStop?: boolean }): void {
    this.#afterSlice = hooks.afterSlice;
    this.#abandon = hooks.abandonOnStop ?? false;
  }

  /** Stops after the slice in hand (its transaction commits or rolls back whole). */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  #stopping: Promise<void> | undefined;

  async #stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#loop;
    if (this.#boss) {
      const boss = await this.#boss.catch(() => undefined);
      await boss?.stop({ graceful: false, close: false, wait: true });
    }
  }

  /** Whether a job is in hand (tests). */
  get busy(): boolean {
    return this.#current !== undefined || this.#loop !== undefined;
  }
}
