/**
 * The visits module's bulk writer, for the demo (docs/adr/0020-module-boundaries.md): plain rows in —
 * the services stations declare (T8), finished visits and their versions — inserted into visits' own
 * tables inside the caller's transaction (one JSON parameter per batch), with one audit event for the
 * visits (person-level data). Columns the database keeps (change_seq, declared_at) take their
 * defaults; a visit's dates are data. The caller computes each visit's document and payment as the
 * service would (`computePayment`, `paymentRulesOn`) and keeps the visit's columns consistent with
 * its version's document.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { insertAll } from '../../db/bulk.js';
import { rows, type Executor, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { stationServices, visits, visitVersions } from './schema.js';

export type BulkStationService = Omit<typeof stationServices.$inferInsert, 'changeSeq' | 'declaredAt'>;
export type BulkVisit = Omit<typeof visits.$inferInsert, 'changeSeq'>;
export type BulkVisitVersion = Omit<typeof visitVersions.$inferInsert, 'changeSeq'>;

export interface VisitsBulk {
  stationServices: BulkStationService[];
  visits: BulkVisit[];
  versions: BulkVisitVersion[];
}

export interface VisitsBulkOptions {
  /** The audit event: the unit the load is about, its entity type and details. */
  audit: { unitPath: string; entityType: string; details: Record<string, unknown> };
  progress?: ((step: string, done: number, total: number) => void) | undefined;
}

/** How many visits lie under a unit (a bulk load fills a unit that has none). */
export async function countVisitsUnder(db: Executor, unitPath: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM visits WHERE unit_path <@ ${unitPath}::ltree`,
  );
  return row?.n ?? 0;
}

/** Inserts the rows (declared services, visits, then their versions) and audits the visits written. */
export async function insertVisitsBulk(
  tx: Tx,
  actor: Actor,
  data: VisitsBulk,
  opts: VisitsBulkOptions,
): Promise<void> {
  const { progress } = opts;
  await insertAll(tx, stationServices, data.stationServices, 'station services', progress);
  await insertAll(tx, visits, data.visits, 'visits', progress);
  await insertAll(tx, visitVersions, data.versions, 'visit versions', progress, 500);
  await audit(tx, actor, {
    action: 'create',
    entityType: opts.audit.entityType,
    unitPath: opts.audit.unitPath,
    details: { ...opts.audit.details, table: 'visits', rows: data.visits.length },
  });
}
