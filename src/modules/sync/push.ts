/**
 * A push (docs/adr/0033, points 6–9): the device's outbox records applied in order, each in its own
 * transaction through the owning module's service (scope, validation, plausibility and audit as for a
 * plain request), each answered accepted, merged or refused with the reason, and each applied once
 * however often it is sent (`sync_pushes`).
 */
import { eq, sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../core/actor.js';
import { AppError, deniedNotFound, fromDatabaseError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { issueText, translate } from '../../core/messages.js';
import { rows, type Orm, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import {
  createHousehold,
  createResident,
  getHousehold,
  residentFieldsForSync,
  updateHousehold,
  updateResident,
  type SyncResidentField,
} from '../people/index.js';
import { createVisit } from '../visits/index.js';
import { recordMeasurement } from '../growth/index.js';
import { recordDoses } from '../immunization/index.js';
import type { z } from 'zod';
import {
  growthMeasurementPayload,
  householdCreateIds,
  householdCreatePayload,
  householdUpdatePayload,
  immunizationDosesPayload,
  residentCreateExtras,
  residentCreatePayload,
  residentUpdatePayload,
  visitCreatePayload,
  type DuplicateCandidate,
  type FieldConflict,
  type PushInput,
  type PushOut,
  type PushRecord,
  type PushResult,
} from './contracts.js';
import { syncConflicts, syncPushes } from './schema.js';

/** What applying a record wrote. */
interface Applied {
  entityId: string | null;
  unitPath: string | null;
  conflicts: FieldConflict[];
}

/** A payload checked by its kind's schema; the field paths start at `payload`. */
function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new AppError('validation', 'The record has invalid fields', {
    errors: parsed.error.issues.map((i) => ({
      path: ['payload', ...i.path.map(String)].join('.'),
      code: i.code,
      message: i.message,
      text: issueText(i as Parameters<typeof issueText>[0]),
    })),
  });
}

/** Two field values alike (arrays of phones compared as sets, in no order). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) ? [...(v as unknown[])].map(String).sort() : (v ?? null));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** A visit recorded offline: a new clinical event, never an overwrite. */
async function applyVisit(tx: Tx, actor: Actor, payload: unknown): Promise<Applied> {
  const input = parsePayload(visitCreatePayload, payload);
  const visit = await createVisit(tx as unknown as Orm, actor, input);
  return { entityId: visit.id, unitPath: null, conflicts: [] };
}

/** The constraint a duplicate key broke, when it is one. */
function duplicateOf(err: unknown): string | undefined {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '23505') return String((e as { constraint?: unknown }).constraint);
  return undefined;
}

/**
 * A household registered offline (with its members): people's own registration, keeping the ids the
 * device minted (docs/adr/0033, point 10). An id some other record already has is refused on its path.
 */
async function applyHousehold(tx: Tx, actor: Actor, payload: unknown): Promise<Applied> {
  const input = parsePayload(householdCreatePayload, payload);
  const ids = parsePayload(householdCreateIds, payload);
  const memberIds = (ids.members ?? []).map((m) => m.id);
  const given = [ids.id, ...memberIds].filter((x): x is string => !!x);
  if (new Set(given).size !== given.length)
    throw new AppError('validation', 'The record gives one id to two records', {
      errors: [
        { path: 'payload.id', code: 'duplicate_id', message: 'every id the device minted must differ' },
      ],
    });
  try {
    const household = await createHousehold(tx as unknown as Orm, actor, input, {
      ...(ids.id ? { household: ids.id } : {}),
      members: memberIds,
    });
    return { entityId: household.id, unitPath: household.unitPath, conflicts: [] };
  } catch (err) {
    const constraint = duplicateOf(err);
    if (constraint === 'households_pkey' || constraint === 'residents_pkey')
      throw new AppError('conflict', 'A record with this id already exists', {
        errors: [
          {
            path: constraint === 'households_pkey' ? 'payload.id' : 'payload.members',
            code: 'id_taken',
            message: 'this id is already the id of another record: mint a new one',
            text: {
              vi: 'mã này đã là mã của một hồ sơ khác: máy cần tạo mã mới',
              en: 'this id is already the id of another record: mint a new one',
            },
          },
        ],
      });
    throw err;
  }
}

/** Why two records look like one person, as a device shows it. */
const REASON_TEXT: Record<string, { vi: string; en: string }> = {
  personal_id: { vi: 'cùng số định danh', en: 'same personal ID' },
  name: { vi: 'họ tên giống', en: 'similar name' },
  birth_date: { vi: 'cùng ngày sinh', en: 'same birth date' },
  birth_year: { vi: 'cùng năm sinh', en: 'same birth year' },
  household: { vi: 'cùng hộ', en: 'same household' },
  phone: { vi: 'cùng số điện thoại', en: 'same phone' },
  mother: { vi: 'cùng mẹ', en: 'same mother' },
};

/** A probable duplicate, said on the record's payload with the candidate's name, birth and reasons. */
function duplicateError(c: DuplicateCandidate) {
  const born = c.birthDate ?? String(c.birthYear);
  const place = c.hamletName ?? c.unitCode;
  const reasons = (lang: 'vi' | 'en') => c.reasons.map((r) => REASON_TEXT[r]?.[lang] ?? r).join(', ');
  const text = {
    vi: `có thể trùng với ${c.fullName} (sinh ${born}, ${place}) đã có trong hồ sơ: ${reasons('vi')}`,
    en: `possibly the same person as ${c.fullName} (born ${born}, ${place}) on record: ${reasons('en')}`,
  };
  return { path: 'payload', code: 'possible_duplicate', message: text.en, text };
}

/**
 * A resident registered alone offline (into a household of the working set): people's own registration
 * with its checks, keeping the id the device minted. A probable duplicate of someone on record is
 * refused with the candidates (nothing written), never merged or dropped: the user looks, then discards
 * the record or sends it again naming the candidates judged to be other people (`notDuplicateOf`).
 */
async function applyResidentCreate(tx: Tx, actor: Actor, payload: unknown): Promise<Applied> {
  const input = parsePayload(residentCreatePayload, payload);
  const extras = parsePayload(residentCreateExtras, payload);
  const notDuplicate = new Set(extras.notDuplicateOf ?? []);
  let created;
  try {
    created = await createResident(tx as unknown as Orm, actor, input, extras.id ? { id: extras.id } : {});
  } catch (err) {
    if (duplicateOf(err) === 'residents_pkey')
      throw new AppError('conflict', 'A record with this id already exists', {
        errors: [
          {
            path: 'payload.id',
            code: 'id_taken',
            message: 'this id is already the id of another record: mint a new one',
            text: {
              vi: 'mã này đã là mã của một hồ sơ khác: máy cần tạo mã mới',
              en: 'this id is already the id of another record: mint a new one',
            },
          },
        ],
      });
    throw err;
  }
  const candidates = created.warnings.flatMap((w) =>
    'candidate' in w && !notDuplicate.has(w.candidate.id) ? [w.candidate] : [],
  );
  if (candidates.length)
    // Thrown inside the record's transaction: the registration is rolled back with it.
    throw new AppError('conflict', 'A probable duplicate of someone on record', {
      errors: candidates.map(duplicateError),
      extra: { candidates },
    });
  return { entityId: created.id, unitPath: created.unitPath, conflicts: [] };
}

/** The household fields a device may change, as `getHousehold` shows them (for the base comparison). */
const HOUSEHOLD_FIELDS = {
  addressLine: (h: Awaited<ReturnType<typeof getHousehold>>) => h.address.line,
  code: (h: Awaited<ReturnType<typeof getHousehold>>) => h.code,
  unitCode: (h: Awaited<ReturnType<typeof getHousehold>>) => h.address.unitCode,
} as const;

/**
 * An edit of a household offline (its address line, number or hamlet), merged field by field as a
 * resident's is: the fields sent are written, a field someone else changed meanwhile is recorded.
 */
async function applyHouseholdUpdate(
  tx: Tx,
  actor: Actor,
  pushId: string,
  payload: unknown,
): Promise<Applied> {
  const input = parsePayload(householdUpdatePayload, payload);
  const current = await getHousehold(tx, actor, input.householdId);
  const conflicts: FieldConflict[] = [];
  for (const [field, pushed] of Object.entries(input.fields)) {
    if (pushed === undefined || !(field in input.base)) continue;
    const server = HOUSEHOLD_FIELDS[field as keyof typeof HOUSEHOLD_FIELDS](current);
    const base = input.base[field];
    if (!same(server, base) && !same(server, pushed))
      conflicts.push({ field, serverValue: server ?? null, baseValue: base ?? null, pushedValue: pushed });
  }
  const updated = await updateHousehold(tx as unknown as Orm, actor, input.householdId, input.fields);
  await recordConflicts(tx, actor, pushId, 'household', input.householdId, updated.unitPath, conflicts);
  return { entityId: input.householdId, unitPath: updated.unitPath, conflicts };
}

/** Doses given to a child, recorded offline: new clinical events, through immunization's own checks. */
async function applyDoses(tx: Tx, actor: Actor, payload: unknown): Promise<Applied> {
  const input = parsePayload(immunizationDosesPayload, payload);
  await recordDoses(tx as unknown as Orm, actor, input.residentId, input.doses);
  return { entityId: input.residentId, unitPath: null, conflicts: [] };
}

async function recordConflicts(
  tx: Tx,
  actor: Actor,
  pushId: string,
  entity: 'resident' | 'household',
  entityId: string,
  unitPath: string,
  conflicts: FieldConflict[],
): Promise<void> {
  if (!conflicts.length) return;
  await tx.insert(syncConflicts).values(
    conflicts.map((c) => ({
      id: newId(),
      pushId,
      entity,
      entityId,
      field: c.field,
      serverValue: c.serverValue,
      baseValue: c.baseValue,
      pushedValue: c.pushedValue,
      username: actor.username,
      unitPath,
    })),
  );
}

/** A child's measurement taken offline: a new clinical event, as the growth module records it. */
async function applyMeasurement(tx: Tx, actor: Actor, payload: unknown): Promise<Applied> {
  const input = parsePayload(growthMeasurementPayload, payload);
  const m = await recordMeasurement(tx as unknown as Orm, actor, input.residentId, input.measurement);
  return { entityId: m.id, unitPath: null, conflicts: [] };
}

/**
 * An edit of a resident's administrative fields, merged field by field: every field sent is written
 * (the later server-confirmed edit wins); a field someone else changed since the device's base is
 * recorded as a conflict with the value overwritten.
 */
async function applyResidentUpdate(tx: Tx, actor: Actor, pushId: string, payload: unknown): Promise<Applied> {
  const input = parsePayload(residentUpdatePayload, payload);
  requirePermission(actor, 'person.write');
  const current = await residentFieldsForSync(tx, actor.scopePath, input.residentId);
  if (!current)
    throw deniedNotFound('Resident', {
      entityType: 'person',
      entityId: input.residentId,
      details: { op: 'sync_update' },
    });
  const conflicts: FieldConflict[] = [];
  for (const [field, pushed] of Object.entries(input.fields)) {
    if (pushed === undefined || !(field in input.base)) continue;
    const server = current[field as SyncResidentField];
    const base = input.base[field];
    if (!same(server, base) && !same(server, pushed))
      conflicts.push({ field, serverValue: server ?? null, baseValue: base ?? null, pushedValue: pushed });
  }
  const updated = await updateResident(tx as unknown as Orm, actor, input.residentId, input.fields);
  await recordConflicts(tx, actor, pushId, 'resident', input.residentId, updated.unitPath, conflicts);
  return { entityId: input.residentId, unitPath: updated.unitPath, conflicts };
}

function applyRecord(tx: Tx, actor: Actor, record: PushRecord): Promise<Applied> {
  switch (record.kind) {
    case 'visit.create':
      return applyVisit(tx, actor, record.payload);
    case 'resident.update':
      return applyResidentUpdate(tx, actor, record.id, record.payload);
    case 'household.create':
      return applyHousehold(tx, actor, record.payload);
    case 'household.update':
      return applyHouseholdUpdate(tx, actor, record.id, record.payload);
    case 'growth.measurement':
      return applyMeasurement(tx, actor, record.payload);
    case 'immunization.doses':
      return applyDoses(tx, actor, record.payload);
    case 'resident.create':
      return applyResidentCreate(tx, actor, record.payload);
  }
}

/** The answer stored for a record received before (only the user who sent it may read it again). */
async function storedResult(db: Orm, actor: Actor, id: string): Promise<PushResult | undefined> {
  const [found] = await rows<{ userId: string | null; username: string; result: PushResult }>(
    db,
    sql`SELECT user_id AS "userId", username, result FROM sync_pushes WHERE id = ${id}`,
  );
  if (!found) return undefined;
  if (found.userId !== actor.userId || found.username !== actor.username)
    return refusal(id, new AppError('conflict', 'This record id was used by another user'));
  return { ...found.result, replayed: true };
}

function refusal(id: string, err: AppError): PushResult {
  const candidates = err.extra.candidates as DuplicateCandidate[] | undefined;
  return {
    id,
    status: 'refused',
    replayed: false,
    entityId: null,
    conflicts: [],
    problem: {
      status: err.status,
      kind: err.kind,
      detail: err.message,
      errors: err.errors.map((e) => {
        const text = e.text ?? { vi: translate(e.message, 'vi'), en: translate(e.message, 'en') };
        // The paths of a record's fields start at its payload, as the schema's own do.
        const path = e.path.startsWith('payload') ? e.path : `payload.${e.path}`;
        return { path, code: e.code, message: text.vi, text };
      }),
      ...(candidates ? { candidates } : {}),
    },
  };
}

const isDuplicateKey = (err: unknown): boolean => {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause)
    if (
      (e as { code?: unknown }).code === '23505' &&
      (e as { constraint?: unknown }).constraint === 'sync_pushes_pkey'
    )
      return true;
  return false;
};

async function pushOne(db: Orm, actor: Actor, record: PushRecord): Promise<PushResult> {
  const before = await storedResult(db, actor, record.id);
  if (before) return before;
  const row = { id: record.id, userId: actor.userId, username: actor.username, kind: record.kind };
  try {
    return await db.transaction(async (tx) => {
      // The id first: a second send of the record waits here for the first, then finds it.
      await tx.insert(syncPushes).values({ ...row, status: 'accepted', result: {} });
      const applied = await applyRecord(tx, actor, record);
      const result: PushResult = {
        id: record.id,
        status: applied.conflicts.length ? 'merged' : 'accepted',
        replayed: false,
        entityId: applied.entityId,
        conflicts: applied.conflicts,
        problem: null,
      };
      await tx
        .update(syncPushes)
        .set({
          status: applied.conflicts.length ? 'merged' : 'accepted',
          result,
          entityId: applied.entityId,
          unitPath: applied.unitPath,
        })
        .where(eq(syncPushes.id, record.id));
      return result;
    });
  } catch (err) {
    if (isDuplicateKey(err)) return (await storedResult(db, actor, record.id))!;
    const problem = err instanceof AppError ? err : fromDatabaseError(err);
    // A fault of the server: not an answer about the record, which the device sends again later.
    if (!problem || problem.status >= 500)
      return {
        id: record.id,
        status: 'failed',
        replayed: false,
        entityId: null,
        conflicts: [],
        problem: {
          status: 500,
          kind: 'internal',
          detail: 'The server could not apply it; send it again',
          errors: [],
        },
      };
    if (problem.denial)
      await audit(db, actor, {
        action: 'denied',
        entityType: problem.denial.entityType,
        entityId: problem.denial.entityId ?? null,
        unitPath: actor.scopePath,
        outcome: 'denied',
        details: { ...(problem.denial.details ?? {}), via: 'sync_push', record: record.id },
      });
    // The people on record a refused registration may be were shown to the device: a read of each.
    for (const c of (problem.extra.candidates as DuplicateCandidate[] | undefined) ?? [])
      await audit(db, actor, {
        action: 'read',
        entityType: 'person',
        entityId: c.id,
        unitPath: actor.scopePath,
        details: { op: 'duplicates', via: 'sync_push', record: record.id },
      });
    const result = refusal(record.id, problem);
    const stored = await db
      .insert(syncPushes)
      .values({ ...row, status: 'refused', result })
      .onConflictDoNothing()
      .returning({ id: syncPushes.id });
    return stored.length ? result : (await storedResult(db, actor, record.id))!;
  }
}

/** Applies a batch in order; one record's refusal does not stop the others. */
export async function push(db: Orm, actor: Actor, input: PushInput): Promise<PushOut> {
  requirePermission(actor, 'person.write');
  const results: PushResult[] = [];
  for (const record of input.records) results.push(await pushOne(db, actor, record));
  return { results };
}
