/**
 * Coverage of a unit on a day: its population, and how many of them are insured (target T3) and
 * health-managed (target T5), counted with the conditions of population.ts (docs/adr/0014).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { rows, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { unitPathOf } from '../places.js';
import { healthManagedOn, insuredOn, residentsOnDay } from '../population.js';
import type { CoverageOut } from './contracts.js';

/**
 * Targets T3 and T5 for a unit of the actor's area on a day: active residents, those with a valid card,
 * those whose 831 record was reviewed or updated in the 12 months up to that day. Aggregates only.
 */
export async function coverage(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; on?: string | undefined },
): Promise<CoverageOut> {
  requirePermission(actor, 'person.read');
  const on = filter.on ?? today();
  // Each person at their place on the day (a transfer after it does not move them out of it).
  const conditions: SQL[] = [sql`r.unit_path <@ ${actor.scopePath}::ltree`];
  let unitCode = filter.unit;
  if (filter.unit) conditions.push(sql`r.unit_path <@ ${await unitPathOf(db, filter.unit)}::ltree`);
  else {
    const [u] = await rows<{ code: string }>(
      db,
      sql`SELECT code FROM ${unitsRelation} u WHERE path = ${actor.scopePath}::ltree`,
    );
    unitCode = u?.code ?? 'VN';
  }
  const [c] = (await rows<{ residents: number; insured: number; managed: number }>(
    db,
    sql`SELECT count(*)::int AS residents,
          count(*) FILTER (WHERE ${insuredOn(sql`r.id`, sql`${on}::date`)})::int AS insured,
          count(*) FILTER (WHERE ${healthManagedOn(sql`r.id`, sql`${on}::date`)})::int AS managed
        FROM ${residentsOnDay(sql`${on}::date`)} r WHERE ${sql.join(conditions, sql` AND `)}`,
  )) as [{ residents: number; insured: number; managed: number }];
  const share = (n: number) => (c.residents ? Math.round((n / c.residents) * 10000) / 10000 : null);
  return {
    unitCode: unitCode!,
    on,
    residents: c.residents,
    insured: c.insured,
    healthManaged: c.managed,
    insuredShare: share(c.insured),
    healthManagedShare: share(c.managed),
  };
}
