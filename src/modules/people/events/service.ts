/**
 * Life events: births (linked to the mother), deaths (with cause; the register A6 reads them), and
 * moves out of and into the system. Nothing is deleted; every event is kept. Transfers between
 * communes are transfers.ts.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { invalid } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Page, Paging } from '../../../core/paging.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson, requireStatus, residentInScope } from '../access.js';
import type { DuplicateWarning } from '../duplicates/contracts.js';
import { duplicateCandidates, toWarnings } from '../duplicates/service.js';
import { householdForMember } from '../households/members.js';
import { resolvePlace, unitPathOf } from '../places.js';
import { createInitialRecord } from '../records/service.js';
import type { ResidentInput, ResidentOut } from '../residents/contracts.js';
import { loadResident } from '../residents/profile.js';
import { residents } from '../residents/schema.js';
import { prepareResident } from '../residents/service.js';
import { identityIds, iso } from '../sql.js';
import type { BirthInput, LifeEventInput, LifeEventKind, LifeEventOut } from './contracts.js';
import { lifeEvents } from './schema.js';

const eventColumns = sql`e.id, e.resident_id AS "residentId", r.full_name AS "residentName", e.kind, e.occurred_on AS "on",
  e.unit_path::text AS "unitPath", (SELECT u.code FROM ${unitsRelation} u WHERE u.path = e.unit_path) AS "unitCode",
  e.details, e.related_resident_id AS "relatedResidentId", ${iso(sql`e.recorded_at`)} AS "recordedAt", e.recorded_by AS "recordedBy"`;

/** Refuses a date before the resident's birth. */
export function notBeforeBirth(on: string, r: { birthDate: string | null; birthYear: number }, field = 'on') {
  if ((r.birthDate && on < r.birthDate) || Number(on.slice(0, 4)) < r.birthYear)
    throw invalid([{ path: field, code: 'before_birth', message: 'must not be before the birth' }]);
}

/** Everything that happened to a resident (and to duplicates merged into it), newest first. */
export async function listResidentEvents(db: Executor, actor: Actor, id: string): Promise<LifeEventOut[]> {
  requirePermission(actor, 'person.read');
  const core = await residentInScope(db, actor, id, 'events');
  const found = await rows<LifeEventOut>(
    db,
    sql`SELECT ${eventColumns} FROM life_events e JOIN residents r ON r.id = e.resident_id
        WHERE e.resident_id = ANY(${identityIds(sql`${id}`)})
        ORDER BY e.occurred_on DESC, e.recorded_at DESC, e.id`,
  );
  await auditPerson(db, actor, 'read', id, core.unitPath, { op: 'events' });
  return found;
}

/**
 * The events recorded in the actor's area (where they happened): deaths for register A6, births,
 * moves and transfers in and out, by kind and period.
 */
export async function listLifeEvents(
  db: Executor,
  actor: Actor,
  filter: {
    kind?: LifeEventKind | undefined;
    unit?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  paging: Paging,
): Promise<Page<LifeEventOut>> {
  requirePermission(actor, 'person.read');
  const conditions: SQL[] = [sql`e.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.unit) conditions.push(sql`e.unit_path <@ ${await unitPathOf(db, filter.unit)}::ltree`);
  if (filter.kind) conditions.push(sql`e.kind = ${filter.kind}`);
  if (filter.from) conditions.push(sql`e.occurred_on >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`e.occurred_on <= ${filter.to}::date`);
  const found = await rows<LifeEventOut & { total: number }>(
    db,
    sql`SELECT ${eventColumns}, count(*) OVER ()::int AS total FROM life_events e JOIN residents r ON r.id = e.resident_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY e.occurred_on DESC, e.recorded_at DESC, e.id
        LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  await auditPerson(db, actor, 'list', null, actor.scopePath, {
    op: 'life_events',
    filter,
    ids: [...new Set(found.map((e) => e.residentId))],
  });
  return {
    items: found.map(({ total: _t, ...e }) => e),
    total: found[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/** Records a death, a move out of the system, or a move in (a return, or the arrival of a new resident). */
export async function recordEvent(
  db: Orm,
  actor: Actor,
  id: string,
  input: LifeEventInput,
): Promise<LifeEventOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await residentInScope(tx, actor, id, input.kind, { lock: true });
    notBeforeBirth(input.on, r);
    const eventId = newId();
    let unitPath = r.unitPath;
    let details: Record<string, unknown>;
    switch (input.kind) {
      case 'death': {
        requireStatus(r, ['active', 'moved_out'], 'A death cannot be recorded');
        await tx.update(residents).set({ status: 'dead', diedOn: input.on }).where(eq(residents.id, id));
        details = {
          causeIcd10: input.causeIcd10 ?? null,
          cause: input.cause ?? null,
          place: input.place ?? null,
          note: input.note ?? null,
          statusBefore: r.status,
        };
        break;
      }
      case 'move_out': {
        requireStatus(r, ['active'], 'A move out cannot be recorded');
        await tx.update(residents).set({ status: 'moved_out' }).where(eq(residents.id, id));
        details = { destination: input.destination, note: input.note ?? null };
        break;
      }
      case 'move_in': {
        requireStatus(r, ['active', 'moved_out'], 'A move in cannot be recorded');
        const set: Partial<typeof residents.$inferInsert> = { status: 'active' };
        if (input.currentAddress) {
          const place = await resolvePlace(
            tx,
            actor,
            input.currentAddress.unitCode,
            'currentAddress.unitCode',
            true,
          );
          set.currentUnitId = place.unitId;
          set.currentAddressLine = input.currentAddress.line ?? null;
          set.unitPath = place.path;
          unitPath = place.path;
        }
        await tx.update(residents).set(set).where(eq(residents.id, id));
        details = { origin: input.origin ?? null, note: input.note ?? null, statusBefore: r.status };
        break;
      }
    }
    await tx.insert(lifeEvents).values({
      id: eventId,
      residentId: id,
      kind: input.kind,
      occurredOn: input.on,
      unitPath,
      details,
      recordedBy: actor.username,
    });
    await auditPerson(tx, actor, 'update', id, unitPath, { op: input.kind, eventId });
    return loadEvent(tx, eventId);
  });
}

async function loadEvent(db: Executor, id: string): Promise<LifeEventOut> {
  const [e] = await rows<LifeEventOut>(
    db,
    sql`SELECT ${eventColumns} FROM life_events e JOIN residents r ON r.id = e.resident_id WHERE e.id = ${id}`,
  );
  return e!;
}

const CHILD_RELATION: Record<string, string> = {
  head: 'child',
  spouse: 'child',
  child: 'grandchild',
  child_in_law: 'grandchild',
  grandchild: 'great_grandchild',
};

/**
 * Registers a baby born to a resident of the actor's area: a new resident linked to the mother, in her
 * household and at her address, a birth event, and an 831 record opened with the condition at birth.
 */
export async function registerBirth(
  db: Executor,
  actor: Actor,
  motherId: string,
  input: BirthInput,
): Promise<ResidentOut & { warnings: DuplicateWarning[] }> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const mother = await residentInScope(tx, actor, motherId, 'birth');
    requireStatus(mother, ['active'], 'A birth cannot be registered');
    if (mother.sex !== 'female')
      throw invalid([{ path: 'id', code: 'not_a_mother', message: 'the mother is recorded as a man' }]);
    const household = mother.householdId
      ? await householdForMember(tx, actor, mother.householdId)
      : undefined;
    const [m] = await rows<{ ethnicity: string | null; unitCode: string }>(
      tx,
      sql`SELECT r.ethnicity, u.code AS "unitCode" FROM residents r JOIN ${unitsRelation} u ON u.id = r.current_unit_id WHERE r.id = ${motherId}`,
    );
    const child: ResidentInput = {
      fullName: input.fullName,
      sex: input.sex,
      birthDate: input.birthDate,
      personalId: input.personalId ?? null,
      ethnicity: input.ethnicity ?? m!.ethnicity,
      currentAddress: { unitCode: m!.unitCode, line: mother.currentAddressLine },
      householdId: household?.id ?? null,
      relationToHead: household
        ? (input.relationToHead ?? CHILD_RELATION[mother.relationToHead ?? ''] ?? 'other_relative')
        : null,
      motherId,
      fatherId: input.fatherId ?? null,
    };
    const row = await prepareResident(tx, actor, child, household);
    const warnings = toWarnings(await duplicateCandidates(tx, actor, row));
    await tx.insert(residents).values(row);
    await tx.insert(lifeEvents).values({
      id: newId(),
      residentId: row.id!,
      kind: 'birth',
      occurredOn: input.birthDate,
      unitPath: row.unitPath,
      details: {
        birthWeightGrams: input.birthWeightGrams ?? null,
        deliveryType: input.deliveryType ?? null,
        premature: input.premature ?? null,
        place: input.place ?? null,
      },
      relatedResidentId: motherId,
      recordedBy: actor.username,
    });
    await createInitialRecord(
      tx,
      actor,
      row.id!,
      {
        history: {
          birth: {
            ...(input.deliveryType != null ? { deliveryType: input.deliveryType } : {}),
            ...(input.premature != null ? { premature: input.premature } : {}),
            ...(input.birthWeightGrams != null ? { birthWeightGrams: input.birthWeightGrams } : {}),
          },
        },
        vaccinations: { doses: [] },
        examinations: { items: [] },
      },
      'opened at birth registration',
    );
    await auditPerson(tx, actor, 'create', row.id!, row.unitPath, { op: 'birth', motherId });
    return { ...(await loadResident(tx, row.id!))!, warnings };
  });
}
