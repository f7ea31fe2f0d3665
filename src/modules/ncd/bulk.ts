/**
 * The ncd module's bulk writer, for the demo and benches (docs/adr/0020): enrolments and calls as
 * plain rows, inserted into the module's own tables in the caller's transaction, with one audit event.
 */
import type { Actor } from '../../core/actor.js';
import { insertAll } from '../../db/bulk.js';
import type { Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { ncdCalls, ncdEnrolments } from './schema.js';

export type BulkEnrolment = Omit<typeof ncdEnrolments.$inferInsert, 'changeSeq'>;
export type BulkCall = Omit<typeof ncdCalls.$inferInsert, 'changeSeq'>;
export interface NcdBulk {
  enrolments: BulkEnrolment[];
  calls: BulkCall[];
}

export async function insertNcdBulk(
  tx: Tx,
  actor: Actor,
  data: NcdBulk,
  opts: {
    audit: { unitPath: string; details: Record<string, unknown> };
    progress?: ((step: string, done: number, total: number) => void) | undefined;
  },
): Promise<void> {
  await insertAll(tx, ncdEnrolments, data.enrolments, 'ncd enrolments', opts.progress);
  await insertAll(tx, ncdCalls, data.calls, 'ncd calls', opts.progress);
  await audit(tx, actor, {
    action: 'create',
    entityType: 'person',
    unitPath: opts.audit.unitPath,
    details: {
      ...opts.audit.details,
      table: 'ncd_enrolments',
      rows: data.enrolments.length,
      calls: data.calls.length,
    },
  });
}
