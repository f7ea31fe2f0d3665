/**
 * The area a register covers: the actor's whole scope, or one unit of it (a commune, or a district or
 * province for the upper levels) named by its code. A unit outside the scope is not found.
 */
import type { Actor } from '../../core/actor.js';
import type { Executor } from '../../db/connection.js';
import { unitInArea } from '../network/index.js';

export interface RegisterArea {
  path: string;
  /** As the register's heading names it, e.g. "Xã Tiên Yên"; "Toàn quốc" for the whole country. */
  name: string;
}

export async function registerArea(db: Executor, actor: Actor, unitCode?: string): Promise<RegisterArea> {
  const unit = await unitInArea(db, actor, unitCode);
  return { path: unit.path, name: unit.level === 'country' ? 'Toàn quốc' : unit.fullName };
}
