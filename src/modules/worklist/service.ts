/**
 * The worklist (danh sách việc cần làm; issue 14): what is due today, or overdue, for a station's
 * commune or a hamlet. Each module publishes its due items as SQL (src/core/worklist.ts); this service
 * unions the sources the actor's role may see, names the people through people's relation and their
 * hamlet through network's, orders by priority then due day, pages, and counts per kind and hamlet.
 * Every list is a read of people's data: audited as a list of persons with their ids.
 */
import { sql, type SQL } from 'drizzle-orm';
import { can, inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today as todayInVietnam } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { DueContext, DueItems, DueItemsRegistry } from '../../core/worklist.js';
import { rows, type Executor } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getUnit, unitsRelation } from '../network/index.js';
import { residentsRelation } from '../people/index.js';
import type { WorklistItem, WorklistOut, WorklistQuery } from './contracts.js';
import { DUE_ITEMS, SUPERSEDES } from './sources.js';

/** The contract's columns, in order, with their types (src/core/worklist.ts). */
export const DUE_COLUMNS = [
  ['kind', 'text'],
  ['ref_id', 'text'],
  ['resident_id', 'uuid'],
  ['unit_path', 'ltree'],
  ['due_on', 'date'],
  ['priority', 'int'],
  ['reason', 'text'],
  ['detail', 'jsonb'],
] as const;

/**
 * One source's rows with exactly the contract's columns (a missing one fails, an extra one is dropped),
 * only the people of `ctx.people` when it is set.
 */
export function dueRows(source: DueItems, ctx: DueContext): SQL {
  const only = ctx.people ? sql` WHERE s.resident_id = ANY(${ctx.people})` : sql``;
  return sql`SELECT ${sql.raw(DUE_COLUMNS.map(([c, t]) => `s.${c}::${t} AS ${c}`).join(', '))} FROM (${source(ctx)}) s${only}`;
}

/** A list of ids as one bound `uuid[]` parameter (an array literal: each id checked as a UUID first). */
function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids)
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Above this many people changed, the whole list is computed instead (one pass over the commune; where
 * the two costs cross is not measured: a fifth of a 10,000-person commune is a guess).
 */
export const CHANGED_PEOPLE_MAX = 2000;

/**
 * The people of a commune or hamlet (`unit`, as the list's) whose due items may have changed since a
 * change sequence value: those whose rows in a visible source's per-person tables were written after
 * it (each source's `changed`, src/core/worklist.ts), living under the unit today. `null` when anyone's
 * may have: a source without `changed`, a write to one of its `everyone` tables (a schedule, a
 * definition, an alert), or more than `CHANGED_PEOPLE_MAX` people. For a device's due items
 * (docs/adr/0033): it asks the list again for these people only (`worklist(…, { people })`).
 */
export async function dueChangedSince(
  db: Executor,
  actor: Actor,
  query: { unit?: string; since: number },
  options: { registry?: DueItemsRegistry } = {},
): Promise<string[] | null> {
  requirePermission(actor, 'person.read');
  const unit = await listUnit(db, actor, query.unit);
  if (!inScope(actor, unit.path)) throw new AppError('not-found', 'Unit not found');
  const sources = sourcesFor(actor, options.registry);
  if (sources.length === 0) return [];
  if (sources.some((s) => !s.changed)) return null;
  const since = sql`${query.since}::bigint`;
  const everyone = [...new Set(sources.flatMap((s) => s.changed!.everyone))].sort();
  if (everyone.length) {
    // The tables' highest sequence (by their change_seq index), as the indicators' watermark reads it.
    const [moved] = await rows<{ moved: boolean }>(
      db,
      sql`SELECT (${sql.join(
        everyone.map((t) => sql`(SELECT coalesce(max(change_seq), 0) FROM ${sql.identifier(t)}) > ${since}`),
        sql` OR `,
      )}) AS moved`,
    );
    if (moved?.moved) return null;
  }
  const changed = sql.join(
    sources.map((s) => sql`SELECT resident_id FROM (${s.changed!.people(since)}) c`),
    sql` UNION `,
  );
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT DISTINCT r.id FROM (${changed}) c JOIN ${residentsRelation} r ON r.id = c.resident_id
         WHERE r.unit_path <@ ${unit.path}::ltree
         LIMIT ${CHANGED_PEOPLE_MAX + 1}`,
  );
  return found.length > CHANGED_PEOPLE_MAX ? null : found.map((f) => f.id);
}

/** The sources a role may see: those whose permission the actor holds. */
export function sourcesFor(actor: Actor, registry: DueItemsRegistry = DUE_ITEMS): DueItems[] {
  return Object.values(registry).filter((s) => can(actor, s.permission));
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface UnitRef {
  id: string;
  code: string;
  name: string;
  level: string;
  path: string;
}

/** The commune or hamlet the list is for: the one asked for (in the actor's area), or the actor's own. */
async function listUnit(db: Executor, actor: Actor, code: string | undefined): Promise<UnitRef> {
  let unit: UnitRef | undefined;
  if (code) {
    const u = await getUnit(db, actor, code);
    unit = { id: u.id, code: u.code, name: u.fullName, level: u.level, path: u.path };
  } else {
    [unit] = await rows<UnitRef>(
      db,
      sql`SELECT id, code, full_name AS name, level, path::text AS path FROM ${unitsRelation} u
           WHERE u.path = ${actor.scopePath}::ltree`,
    );
  }
  if (!unit || (unit.level !== 'commune' && unit.level !== 'hamlet'))
    throw new AppError('validation', 'The worklist is kept for a commune or a hamlet', {
      errors: [
        {
          path: 'query.unit',
          code: 'invalid_value',
          message: 'choose a commune or a hamlet',
          text: { vi: 'hãy chọn một xã hoặc một thôn', en: 'choose a commune or a hamlet' },
        },
      ],
    });
  return unit;
}

/** A row of the one query: an item of the page, a kind's counts or a hamlet's (the others' columns null). */
type FoundRow = { [K in keyof WorklistItem]?: WorklistItem[K] | null } & {
  part: 'item' | 'kind' | 'hamlet';
  rank: number | null;
  n: number;
  overdueN: number | null;
};

/**
 * The worklist of a commune or hamlet on a day (default today in Vietnam): the due items of every
 * source the actor's role may see, for people living there, ordered by priority, then due day
 * (oldest first), then name. `registry` is for tests (hand-built sources); the app uses every module's.
 * `people`: only these people's items (the same rules, computed for them alone: a device's due items
 * of the people changed since its last sync, `dueChangedSince`).
 */
export async function worklist(
  db: Executor,
  actor: Actor,
  query: WorklistQuery,
  options: {
    today?: string;
    registry?: DueItemsRegistry;
    supersedes?: Readonly<Record<string, readonly string[]>>;
    people?: readonly string[];
  } = {},
): Promise<WorklistOut> {
  requirePermission(actor, 'person.read');
  const unit = await listUnit(db, actor, query.unit);
  if (!inScope(actor, unit.path)) throw new AppError('not-found', 'Unit not found');
  const on = options.today ?? todayInVietnam();
  const ctx: DueContext = {
    today: on,
    until: addDays(on, query.days),
    under: unit.path,
    ...(options.people ? { people: uuidArray(options.people) } : {}),
  };
  const sources = sourcesFor(actor, options.registry);
  const base = { on, until: ctx.until, unit: { code: unit.code, name: unit.name, level: unit.level } };
  const empty = { items: [], total: 0, limit: query.limit, offset: query.offset, kinds: [], hamlets: [] };
  if (sources.length === 0 || options.people?.length === 0) return { ...base, ...empty };

  let hamletPath: string | null = null;
  if (query.hamlet) {
    const [h] = await rows<{ path: string }>(
      db,
      sql`SELECT path::text AS path FROM ${unitsRelation} u
           WHERE u.id = ${query.hamlet} AND u.level = 'hamlet' AND u.path <@ ${unit.path}::ltree`,
    );
    if (!h)
      throw new AppError('validation', 'The hamlet is not one of the list’s', {
        errors: [
          {
            path: 'query.hamlet',
            code: 'invalid_value',
            message: 'not a hamlet of this commune',
            text: { vi: 'không phải thôn của xã này', en: 'not a hamlet of this commune' },
          },
        ],
      });
    hamletPath = h.path;
  }

  const union = sql.join(
    sources.map((s) => sql`(${dueRows(s, ctx)})`),
    sql` UNION ALL `,
  );
  // An item another kind stands for (a re-examination of a person whose programme follow-up is due)
  // is left out when the person has that item too: one thing to do, said once.
  const kinds = new Set(sources.map((s) => s.kind));
  const superseded = Object.entries(options.supersedes ?? SUPERSEDES)
    .filter(([by]) => kinds.has(by))
    .flatMap(([by, replaced]) => replaced.filter((k) => kinds.has(k)).map((k) => [by, k] as const));
  const notSuperseded = superseded.length
    ? sql.join(
        superseded.map(
          ([by, replaced]) =>
            sql`NOT (i.kind = ${replaced} AND EXISTS (SELECT 1 FROM items o WHERE o.resident_id = i.resident_id AND o.kind = ${by}))`,
        ),
        sql` AND `,
      )
    : sql`true`;
  const overdue = query.overdue ? sql`AND i.due_on < ${on}::date` : sql``;
  const kindFilter = query.kind ? sql`i.kind = ${query.kind}` : sql`true`;
  const hamletFilter = hamletPath ? sql`i.unit_path <@ ${hamletPath}::ltree` : sql`true`;
  // The items with their person and hamlet (a hamlet is the fourth label of a post-2025 path:
  // post2025.p22.c06709.h001); the page, the per-kind and the per-hamlet counts each leave out their
  // own filter.
  const found = await rows<FoundRow>(
    db,
    sql`WITH items AS (${union}),
        due AS (
          SELECT i.*, r.full_name, r.sex, r.birth_date, r.birth_year, r.phones,
                 h.id AS hamlet_id, h.full_name AS hamlet_name
            FROM items i
            JOIN ${residentsRelation} r ON r.id = i.resident_id AND r.status = 'active'
            LEFT JOIN ${unitsRelation} h ON h.level = 'hamlet'
                  AND h.path = CASE WHEN nlevel(i.unit_path) >= 4 THEN subpath(i.unit_path, 0, 4) END
           WHERE i.unit_path <@ ${unit.path}::ltree AND i.due_on <= ${ctx.until}::date ${overdue}
             AND ${notSuperseded}
        ),
        page AS (
          SELECT i.*,
                 row_number() OVER (ORDER BY i.priority, i.due_on, i.full_name, i.kind, i.ref_id)::int AS rank
            FROM due i WHERE ${kindFilter} AND ${hamletFilter}
           ORDER BY rank LIMIT ${query.limit} OFFSET ${query.offset}
        )
        SELECT 'item' AS part, p.rank, p.kind, p.ref_id AS "refId", p.resident_id AS "residentId",
               p.full_name AS "fullName", p.sex, p.birth_date::text AS "birthDate", p.birth_year AS "birthYear",
               p.phones, p.hamlet_id AS "hamletId", p.hamlet_name AS "hamletName", p.due_on::text AS "dueOn",
               (${on}::date - p.due_on)::int AS "daysOverdue", p.priority, p.reason, p.detail,
               NULL::int AS n, NULL::int AS "overdueN"
          FROM page p
        UNION ALL
        SELECT 'kind', NULL, i.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, count(*)::int, (count(*) FILTER (WHERE i.due_on < ${on}::date))::int
          FROM due i WHERE ${hamletFilter} GROUP BY i.kind
        UNION ALL
        SELECT 'hamlet', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, i.hamlet_id, i.hamlet_name, NULL, NULL,
               NULL, NULL, NULL, count(*)::int, NULL
          FROM due i WHERE ${kindFilter} AND i.hamlet_id IS NOT NULL GROUP BY i.hamlet_id, i.hamlet_name`,
  );
  const pageRows = found.filter((r) => r.part === 'item').sort((a, b) => a.rank! - b.rank!);
  const items: WorklistItem[] = pageRows.map((r) => ({
    kind: r.kind!,
    refId: r.refId!,
    residentId: r.residentId!,
    fullName: r.fullName!,
    sex: r.sex!,
    birthDate: r.birthDate ?? null,
    birthYear: r.birthYear!,
    phones: r.phones ?? [],
    hamletId: r.hamletId ?? null,
    hamletName: r.hamletName ?? null,
    dueOn: r.dueOn!,
    daysOverdue: r.daysOverdue!,
    priority: r.priority!,
    reason: r.reason!,
    detail: r.detail ?? {},
  }));
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    entityId: null,
    unitPath: hamletPath ?? unit.path,
    details: {
      filter: 'worklist',
      on,
      kind: query.kind ?? null,
      overdue: query.overdue ?? false,
      count: items.length,
      ids: [...new Set(items.map((i) => i.residentId))],
    },
  });
  const kindCounts = found
    .filter((r) => r.part === 'kind')
    .map((r) => ({ kind: r.kind!, total: r.n!, overdue: r.overdueN! }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
  return {
    ...base,
    items,
    // The per-kind counts keep the hamlet filter: the list's total is theirs (for a page past the end too).
    total: kindCounts
      .filter((k) => !query.kind || k.kind === query.kind)
      .reduce((sum, k) => sum + k.total, 0),
    limit: query.limit,
    offset: query.offset,
    kinds: kindCounts,
    hamlets: found
      .filter((r) => r.part === 'hamlet')
      .map((r) => ({ id: r.hamletId!, name: r.hamletName!, total: r.n! }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  };
}
