/**
 * The personal health record of Decision 831 (hồ sơ sức khỏe cá nhân). Part 1 is the resident; parts
 * 2–4 are a JSON document kept in versions: every change or review writes a new version with who and
 * when, and any version can be read back. "Health-managed" (target T5) = reviewed or updated in the
 * last 12 months.
 */
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { auditPerson, residentInScope, type ResidentCore } from '../access.js';
import { healthManagedOn } from '../population.js';
import { loadResident } from '../residents/profile.js';
import { identityIds, iso } from '../sql.js';
import {
  healthRecordDocument,
  RECORD_PARTS,
  type HealthRecordDocument,
  type HealthRecordOut,
  type HealthRecordUpdate,
  type RecordPart,
  type RecordVersionMeta,
  type RecordVersionOut,
} from './contracts.js';
import { healthRecords, healthRecordVersions } from './schema.js';

const versionMetaColumns = sql`v.version, v.kind, v.changed_parts AS "changedParts", v.note, ${iso(sql`v.created_at`)} AS "createdAt",
  v.created_by AS "createdBy", v.resident_id AS "residentId"`;

interface RecordRow {
  id: string;
  currentVersion: number;
  reviewedAt: string | null;
  lastUpdatedAt: string;
  healthManaged: boolean;
}

async function recordOf(db: Executor, residentId: string, lock = false): Promise<RecordRow | undefined> {
  const [r] = await rows<RecordRow>(
    db,
    sql`SELECT h.id, h.current_version AS "currentVersion", ${iso(sql`h.reviewed_at`)} AS "reviewedAt",
          ${iso(sql`h.last_updated_at`)} AS "lastUpdatedAt", ${healthManagedOn(sql`h.resident_id`, sql`${today()}::date`)} AS "healthManaged"
        FROM health_records h WHERE h.resident_id = ${residentId} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  return r;
}

async function versionOf(
  db: Executor,
  recordId: string,
  version: number,
): Promise<RecordVersionOut | undefined> {
  const [v] = await rows<RecordVersionOut>(
    db,
    sql`SELECT ${versionMetaColumns}, v.document FROM health_record_versions v WHERE v.record_id = ${recordId} AND v.version = ${version}`,
  );
  return v ? { ...v, document: healthRecordDocument.parse(v.document) } : undefined;
}

async function compose(db: Executor, residentId: string): Promise<HealthRecordOut> {
  const administrative = (await loadResident(db, residentId))!;
  const record = await recordOf(db, residentId);
  const versions = await rows<RecordVersionMeta>(
    db,
    sql`SELECT ${versionMetaColumns} FROM health_record_versions v
        WHERE v.resident_id = ANY(${identityIds(sql`${residentId}`)})
        ORDER BY v.created_at DESC, v.version DESC, v.id`,
  );
  return {
    residentId,
    administrative,
    record: record ? { ...record, current: (await versionOf(db, record.id, record.currentVersion))! } : null,
    versions,
  };
}

/** The whole record: part 1 from the resident, the current version of parts 2–4, and the list of versions. */
export async function getHealthRecord(
  db: Executor,
  actor: Actor,
  residentId: string,
): Promise<HealthRecordOut> {
  requirePermission(actor, 'person.read');
  const r = await residentInScope(db, actor, residentId, 'read_health_record');
  const out = await compose(db, residentId);
  await auditPerson(db, actor, 'read', residentId, r.unitPath, {
    op: 'health_record',
    version: out.record?.currentVersion ?? null,
  });
  return out;
}

/** One version as it was written. */
export async function getHealthRecordVersion(
  db: Executor,
  actor: Actor,
  residentId: string,
  version: number,
): Promise<RecordVersionOut> {
  requirePermission(actor, 'person.read');
  const r = await residentInScope(db, actor, residentId, 'read_health_record');
  const record = await recordOf(db, residentId);
  const v = record ? await versionOf(db, record.id, version) : undefined;
  if (!v) throw notFound(`Version ${version} of the record`);
  await auditPerson(db, actor, 'read', residentId, r.unitPath, { op: 'health_record', version });
  return v;
}

/** Domain checks a schema cannot make: reproductive health is recorded for women. */
function checkDocument(r: ResidentCore, doc: HealthRecordDocument): void {
  if (
    r.sex === 'male' &&
    doc.history.reproductive &&
    Object.values(doc.history.reproductive).some((v) => v != null)
  )
    throw invalid([
      {
        path: 'history.reproductive',
        code: 'not_applicable',
        message: 'reproductive health (pregnancies, births) is recorded for women',
      },
    ]);
}

async function writeVersion(
  db: Executor,
  actor: Actor,
  r: ResidentCore,
  record: RecordRow | undefined,
  doc: HealthRecordDocument,
  changedParts: RecordPart[],
  kind: 'create' | 'update' | 'review',
  reviewed: boolean,
  note: string | null,
): Promise<number> {
  const version = (record?.currentVersion ?? 0) + 1;
  const recordId = record?.id ?? newId();
  const now = new Date();
  if (!record)
    await db.insert(healthRecords).values({
      id: recordId,
      residentId: r.id,
      currentVersion: version,
      lastUpdatedAt: now,
      reviewedAt: reviewed ? now : null,
    });
  else
    await db
      .update(healthRecords)
      .set({
        currentVersion: version,
        ...(changedParts.length ? { lastUpdatedAt: now } : {}),
        ...(reviewed ? { reviewedAt: now } : {}),
      })
      .where(eq(healthRecords.id, recordId));
  await db.insert(healthRecordVersions).values({
    id: newId(),
    recordId,
    residentId: r.id,
    version,
    kind,
    changedParts,
    document: doc,
    note,
    createdById: actor.userId,
    createdBy: actor.username,
  });
  return version;
}

/** Opens a record (version 1) for a new resident, e.g. at birth registration. */
export async function createInitialRecord(
  db: Executor,
  actor: Actor,
  residentId: string,
  doc: HealthRecordDocument,
  note: string,
): Promise<void> {
  const r = await residentInScope(db, actor, residentId, 'create_health_record');
  await writeVersion(
    db,
    actor,
    r,
    undefined,
    healthRecordDocument.parse(doc),
    [...RECORD_PARTS],
    'create',
    false,
    note,
  );
}

/**
 * Writes a new version: the parts given replace the current ones whole, the others are carried over.
 * With `reviewed`, the record also counts as reviewed now. A version that would change nothing and
 * review nothing is not written.
 */
export async function updateHealthRecord(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: HealthRecordUpdate,
): Promise<HealthRecordOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await residentInScope(tx, actor, residentId, 'update_health_record', { lock: true });
    if (r.status === 'merged')
      throw conflict('This record was merged into another: write to that one', [
        { path: 'id', code: 'resident_merged', message: `merged into ${r.mergedIntoId}` },
      ]);
    const record = await recordOf(tx, residentId, true);
    const currentVersion = record?.currentVersion ?? 0;
    if (input.baseVersion !== undefined && input.baseVersion !== currentVersion)
      throw conflict('The record changed since you opened it', [
        {
          path: 'baseVersion',
          code: 'stale_version',
          message: `you edited version ${input.baseVersion}, the record is at version ${currentVersion}`,
        },
      ]);
    const before = record
      ? (await versionOf(tx, record.id, record.currentVersion))!.document
      : healthRecordDocument.parse({});
    const next: HealthRecordDocument = healthRecordDocument.parse({
      history: input.history ?? before.history,
      vaccinations: input.vaccinations ?? before.vaccinations,
      examinations: input.examinations ?? before.examinations,
    });
    checkDocument(r, next);
    const changed = RECORD_PARTS.filter(
      (p) => input[p] !== undefined && JSON.stringify(next[p]) !== JSON.stringify(before[p]),
    );
    const reviewed = input.reviewed === true;
    if (record && !changed.length && !reviewed) return compose(tx, residentId);
    const kind = !record ? 'create' : changed.length ? 'update' : 'review';
    const version = await writeVersion(
      tx,
      actor,
      r,
      record,
      next,
      record ? changed : [...RECORD_PARTS],
      kind,
      reviewed,
      input.note ?? null,
    );
    await auditPerson(tx, actor, record ? 'update' : 'create', residentId, r.unitPath, {
      op: 'health_record',
      version,
      changedParts: changed,
      reviewed,
    });
    return compose(tx, residentId);
  });
}

/** The yearly review: a new version with the same content, marking the record reviewed now. */
export async function reviewHealthRecord(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: { note?: string | null | undefined; baseVersion?: number | undefined },
): Promise<HealthRecordOut> {
  return updateHealthRecord(db, actor, residentId, {
    reviewed: true,
    ...(input.note ? { note: input.note } : {}),
    ...(input.baseVersion !== undefined ? { baseVersion: input.baseVersion } : {}),
  });
}
