/**
 * The vaccinations part (part 3) of the 831 record as the immunization module keeps it: the doses
 * recorded there are written here (marked with their record's id), so that the record is filled from
 * the programme and never typed twice. Doses typed by hand into the record are kept as they are.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { healthRecordDocument, vaccinationDose } from './contracts.js';
import { updateHealthRecord } from './service.js';

export type ProgrammeDose = z.input<typeof vaccinationDose> & { sourceId: string };

/**
 * Makes the programme's doses of the record exactly `doses` (by `sourceId`), keeping hand-typed ones,
 * sorted by date. Writes a new version (audited as a change to the person) only when something
 * changed. Runs inside the caller's transaction.
 */
export async function syncProgrammeVaccinations(
  db: Executor,
  actor: Actor,
  residentId: string,
  doses: readonly ProgrammeDose[],
  note: string,
): Promise<boolean> {
  const [current] = await rows<{ version: number; document: unknown }>(
    db,
    sql`SELECT h.current_version AS version, v.document FROM health_records h
        JOIN health_record_versions v ON v.record_id = h.id AND v.version = h.current_version
        WHERE h.resident_id = ${residentId}`,
  );
  const doc = healthRecordDocument.parse(current?.document ?? {});
  const fromProgramme = doses.map((d) => vaccinationDose.parse(d));
  // Typed by hand: kept, unless it is a programme dose copied without its mark (the same vaccine on
  // the same day, as a form that does not carry the mark would save it back): never listed twice.
  const typed = doc.vaccinations.doses.filter(
    (d) => !d.sourceId && !fromProgramme.some((p) => p.vaccine === d.vaccine && p.date === d.date),
  );
  const next = [...typed, ...fromProgramme].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  if (JSON.stringify(next) === JSON.stringify(doc.vaccinations.doses)) return false;
  await updateHealthRecord(db as Orm, actor, residentId, {
    vaccinations: { doses: next.slice(-200) },
    note,
    baseVersion: current?.version ?? 0,
  });
  return true;
}
