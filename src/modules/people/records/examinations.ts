/**
 * The examination part (part 4) of the 831 record as other modules write it: a finished visit adds
 * its examination, a corrected visit replaces the examination it wrote (matched by `visitId`). Each
 * call writes a new version of the record, like any other change (service.ts).
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { rows, type Orm, type Tx } from '../../../db/connection.js';
import { examination, healthRecordDocument } from './contracts.js';
import { updateHealthRecord } from './service.js';

export type ExaminationInput = z.input<typeof examination>;

/**
 * Adds (or, for the same `visitId`, replaces) an examination in the resident's 831 record: a new
 * version with the examinations part changed, audited as a change to the person. Runs inside the
 * caller's transaction when given one.
 */
export async function appendExamination(
  db: Orm | Tx,
  actor: Actor,
  residentId: string,
  exam: ExaminationInput,
  note: string,
): Promise<void> {
  const item = examination.parse(exam);
  const [current] = await rows<{ version: number; document: unknown }>(
    db,
    sql`SELECT h.current_version AS version, v.document FROM health_records h
        JOIN health_record_versions v ON v.record_id = h.id AND v.version = h.current_version
        WHERE h.resident_id = ${residentId}`,
  );
  const doc = healthRecordDocument.parse(current?.document ?? {});
  const others = doc.examinations.items.filter((e) => !item.visitId || e.visitId !== item.visitId);
  const items = [...others, item].sort((a, b) => a.date.localeCompare(b.date)).slice(-1000);
  await updateHealthRecord(db as Orm, actor, residentId, {
    examinations: { items },
    note,
    baseVersion: current?.version ?? 0,
  });
}
