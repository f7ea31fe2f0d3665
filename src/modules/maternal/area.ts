/**
 * The area a register covers: the actor's whole scope, or one unit of it (a commune, or a district or
 * province for the upper levels) named by its code. A unit outside the scope is not found.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { notFound } from '../../core/errors.js';
import { rows, type Executor } from '../../db/connection.js';
import { unitsRelation } from '../network/index.js';

export interface RegisterArea {
  path: string;
  /** As the register's heading names it, e.g. "Xã Tiên Yên"; "Toàn quốc" for the whole country. */
  name: string;
}

export async function registerArea(db: Executor, actor: Actor, unitCode?: string): Promise<RegisterArea> {
  const [unit] = await rows<RegisterArea>(
    db,
    unitCode === undefined
      ? sql`SELECT path::text AS path, full_name AS name FROM ${unitsRelation} u
            WHERE u.path = ${actor.scopePath}::ltree ORDER BY u.valid_from DESC LIMIT 1`
      : sql`SELECT path::text AS path, full_name AS name FROM ${unitsRelation} u
            WHERE u.code = ${unitCode} AND u.path <@ ${actor.scopePath}::ltree ORDER BY u.valid_from DESC LIMIT 1`,
  );
  if (unit) return unit;
  if (unitCode !== undefined) throw notFound(`Unit ${unitCode}`);
  return { path: actor.scopePath, name: 'Toàn quốc' };
}
