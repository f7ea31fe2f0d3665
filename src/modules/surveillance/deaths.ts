// Register A6 (sổ tử vong): the deaths recorded in a unit in a month, read from the death life events the
// people module keeps (its published `listLifeEvents`, which already carries the underlying cause as
// ICD-10 and as written, and the place of death: home, health facility, other) — nothing is copied here.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { rows, type Executor } from '../../db/connection.js';
import { unitsRelation } from '../network/index.js';
import { listLifeEvents, patientsById } from '../people/index.js';
import type { RegisterA6 } from './contracts.js';
import { unitOfArea } from './weekly.js';

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

const text = (v: unknown) => (typeof v === 'string' && v.length ? v : null);

export async function registerA6(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; month: string },
): Promise<RegisterA6> {
  requirePermission(actor, 'person.read');
  const unit = await unitOfArea(db, actor, q.unit);
  const from = `${q.month}-01`;
  const to = monthEnd(q.month);
  const events = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listLifeEvents(
      db,
      actor,
      { kind: 'death', unit: unit.code, from, to },
      { limit: 500, offset },
    );
    events.push(...page.items);
    if (events.length >= page.total || page.items.length === 0) break;
  }
  events.sort((a, b) => a.on.localeCompare(b.on) || a.recordedAt.localeCompare(b.recordedAt));
  const people = await patientsById(db, [...new Set(events.map((e) => e.residentId))]);
  const paths = [...new Set(events.map((e) => e.unitPath))];
  const names = new Map(
    paths.length
      ? (
          await rows<{ path: string; name: string }>(
            db,
            sql`SELECT path::text AS path, full_name AS name FROM ${unitsRelation} u WHERE u.path IN (${sql.join(
              paths.map((p) => sql`${p}::ltree`),
              sql`, `,
            )})`,
          )
        ).map((u) => [u.path, u.name])
      : [],
  );
  const out = events.map((e, i) => {
    const p = people.get(e.residentId);
    const birthDate = p?.birthDate ?? null;
    const birthYear = p?.birthYear ?? 0;
    const [y, m, d] = e.on.split('-').map(Number) as [number, number, number];
    let age: number | null = birthYear ? y - birthYear : null;
    if (birthDate) {
      const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
      age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
    }
    return {
      no: i + 1,
      residentId: e.residentId,
      fullName: e.residentName,
      sex: p?.sex ?? '',
      birthYear,
      ageYears: age,
      unitName: names.get(e.unitPath) ?? null,
      diedOn: e.on,
      causeIcd10: text(e.details.causeIcd10),
      cause: text(e.details.cause),
      place: text(e.details.place),
      note: text(e.details.note),
    };
  });
  return {
    unit: { code: unit.code, name: unit.name },
    month: q.month,
    rows: out,
    totals: {
      deaths: out.length,
      male: out.filter((r) => r.sex === 'male').length,
      female: out.filter((r) => r.sex === 'female').length,
    },
  };
}
