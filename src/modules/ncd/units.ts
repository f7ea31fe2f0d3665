/** The unit a request is about (a code the actor may see, or the actor's own scope), and its children. */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { rows, type Executor } from '../../db/connection.js';
import { unitInArea, unitsRelation } from '../network/index.js';
import type { CohortUnit } from './contracts.js';

/** A unit of the actor's area by code (404 above or beside it), or the unit at the actor's scope. */
export async function unitPathOf(db: Executor, actor: Actor, code: string | undefined): Promise<CohortUnit> {
  const u = await unitInArea(db, actor, code);
  return { code: u.code, name: u.name, path: u.path, level: u.level };
}

/** The children of a unit (communes of a province, hamlets of a commune). */
export async function childUnits(db: Executor, path: string): Promise<CohortUnit[]> {
  return rows<CohortUnit>(
    db,
    sql`SELECT u.code, u.name, u.path::text AS path, u.level FROM ${unitsRelation} u
        WHERE u.parent_id = (SELECT p.id FROM ${unitsRelation} p WHERE p.path = ${path}::ltree) ORDER BY u.code`,
  );
}
