/**
 * Access to a person's record, for every part of the module: the resident looked up in the actor's
 * area (scope in SQL) or refused with an audited 404, the statuses a change needs, and the audit of
 * every person-level read and write (entity `person`, docs/adr/0011).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { AppError, deniedNotFound, type Denial } from '../../core/errors.js';
import { rows, type Executor } from '../../db/connection.js';
import { audit, type AuditAction } from '../audit/index.js';
import type { ResidentSummary } from './residents/contracts.js';

/** Every person-level read and write lands in the audit log as entity `person`. */
export async function auditPerson(
  db: Executor,
  actor: Actor,
  action: AuditAction,
  entityId: string | null,
  unitPath: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await audit(db, actor, { action, entityType: 'person', entityId, unitPath, details });
}

export const personDenied = (id: string, op: string, details: Record<string, unknown> = {}) =>
  deniedNotFound('Resident', { entityType: 'person', entityId: id, details: { op, ...details } });

/**
 * The minimal facts of a resident in the actor's area (scope in SQL), locked for update when asked;
 * 404 with an audited denial otherwise.
 */
export interface ResidentCore {
  id: string;
  fullName: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  birthYear: number;
  personalId: string | null;
  status: ResidentSummary['status'];
  householdId: string | null;
  relationToHead: string | null;
  currentUnitId: string;
  currentAddressLine: string | null;
  unitPath: string;
  mergedIntoId: string | null;
}

export async function residentInScope(
  db: Executor,
  actor: Actor,
  id: string,
  op: string,
  options: { lock?: boolean; denial?: Partial<Denial> } = {},
): Promise<ResidentCore> {
  const [r] = await rows<ResidentCore>(
    db,
    sql`SELECT id, full_name AS "fullName", sex, birth_date AS "birthDate", birth_year AS "birthYear", personal_id AS "personalId",
          status, household_id AS "householdId", relation_to_head AS "relationToHead", current_unit_id AS "currentUnitId",
          current_address_line AS "currentAddressLine", unit_path::text AS "unitPath", merged_into_id AS "mergedIntoId"
        FROM residents WHERE id = ${id} AND unit_path <@ ${actor.scopePath}::ltree
        ${options.lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!r) throw personDenied(id, op);
  return r;
}

/** Refuses a change to a record that is no longer a living resident of the system. */
export function requireStatus(r: ResidentCore, allowed: ResidentSummary['status'][], what: string): void {
  if (!allowed.includes(r.status))
    throw new AppError('conflict', `${what}: the resident's record is ${r.status.replace('_', ' ')}`, {
      errors: [
        {
          path: 'status',
          code: `resident_${r.status}`,
          message: `the resident is ${r.status.replace('_', ' ')}`,
        },
      ],
    });
}
