/**
 * A pull page (docs/adr/0033, points 2–5): the rows of a commune or hamlet whose change sequence lies
 * between the device's cursor and the settled horizon, merged across the modules that publish them,
 * with removals, the code lists when their stamp moved, and the due items on the last page.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { rows, type Executor } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, getUnit, staffRelation, unitsRelation } from '../network/index.js';
import {
  residentsRelation,
  syncCards,
  syncHouseholds,
  syncResidentExits,
  syncResidents,
  type SyncRange,
  type SyncRow,
} from '../people/index.js';
import { finishedVisitsRelation } from '../visits/index.js';
import { syncMeasurements } from '../growth/index.js';
import { syncForecasts, syncVaccinations } from '../immunization/index.js';
import { syncPregnancies } from '../maternal/index.js';
import { syncEnrolments } from '../ncd/index.js';
import { codeValuesRelation } from '../terminology/index.js';
import { dueChangedSince, worklist } from '../worklist/index.js';
import { today } from '../../core/clock.js';
import type { CodeValueRow, DueRow, PullOut, PullQuery, SyncChange, SyncEntity } from './contracts.js';
import { settledHorizon } from './horizon.js';

interface ScopeUnit {
  code: string;
  name: string;
  level: string;
  path: string;
}

/** The commune or hamlet a device keeps: the one asked for in the actor's area, or the actor's own. */
async function scopeUnit(db: Executor, actor: Actor, code: string | undefined): Promise<ScopeUnit> {
  let unit: ScopeUnit | undefined;
  if (code) {
    const u = await getUnit(db, actor, code);
    unit = { code: u.code, name: u.fullName, level: u.level, path: u.path };
  } else {
    [unit] = await rows<ScopeUnit>(
      db,
      sql`SELECT code, full_name AS name, level, path::text AS path FROM ${unitsRelation} u
          WHERE u.path = ${actor.scopePath}::ltree`,
    );
  }
  if (!unit || !inScope(actor, unit.path)) throw new AppError('not-found', 'Unit not found');
  if (unit.level !== 'commune' && unit.level !== 'hamlet')
    throw new AppError('validation', 'A device keeps the people of one commune or hamlet', {
      errors: [
        {
          path: 'query.scope',
          code: 'invalid_value',
          message: 'choose a commune or a hamlet',
          text: { vi: 'hãy chọn một xã hoặc một thôn', en: 'choose a commune or a hamlet' },
        },
      ],
    });
  return unit;
}

/** One publisher of rows: which entity its rows are, and whether a row means the record left the device. */
interface Source {
  entity: SyncEntity;
  read: (db: Executor, range: SyncRange) => Promise<SyncRow[]>;
  removed: (row: SyncRow) => boolean;
  /** Several rows may carry one sequence value (a holder's cards): a cut page must stop below it. */
  sharesSeq?: boolean;
}

const SOURCES: Source[] = [
  { entity: 'resident', read: syncResidents, removed: (r) => r.data.status !== 'active' },
  { entity: 'resident', read: syncResidentExits, removed: () => true },
  { entity: 'household', read: syncHouseholds, removed: (r) => r.data.status !== 'active' },
  { entity: 'card', read: syncCards, removed: () => false, sharesSeq: true },
  { entity: 'conflict', read: conflictsOf, removed: () => false },
  { entity: 'visit', read: recentVisits, removed: () => false, sharesSeq: true },
  // Programme data (issue 20): each row at the later of its own sequence and its person's.
  { entity: 'enrolment', read: syncEnrolments, removed: (r) => r.data.endedOn != null, sharesSeq: true },
  { entity: 'pregnancy', read: syncPregnancies, removed: (r) => r.data.ended === true, sharesSeq: true },
  { entity: 'dose', read: syncVaccinations, removed: (r) => r.data.voided === true, sharesSeq: true },
  { entity: 'forecast', read: syncForecasts, removed: () => false },
  {
    entity: 'measurement',
    read: syncMeasurements,
    removed: (r) => r.data.replacedBy != null,
    sharesSeq: true,
  },
];

/**
 * How far back a device keeps visits: the budget of the working set (docs/adr/0033, point 11). The
 * device drops older ones itself after each sync.
 */
export const VISIT_DAYS = 365;

const visitColumns = sql`greatest(v.change_seq, p.change_seq) AS seq, v.id,
  jsonb_build_object('id', v.id, 'residentId', v.resident_id, 'facilityId', v.facility_id,
    'visitDate', v.visit_date::text, 'mainDiagnosis', v.main_diagnosis, 'systolic', v.systolic,
    'diastolic', v.diastolic, 'fastingGlucose', v.fasting_glucose, 'hba1c', v.hba1c,
    'reExaminationDate', v.re_examination_date::text, 'changeSeq', v.change_seq) AS data`;

/**
 * The finished visits of the last year of the scope's active residents (visits' published relation,
 * joined to people's): what a profile shows of the history and a follow-up needs (last blood pressure,
 * glucose, the next appointment). A visit goes again with its person's row, so a person who comes
 * into the scope brings their visits along.
 */
async function recentVisits(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const from = sql`(current_date - ${VISIT_DAYS}::int)`;
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`SELECT * FROM (
          SELECT ${visitColumns} FROM ${finishedVisitsRelation} v JOIN ${residentsRelation} p ON p.id = v.resident_id
          WHERE v.change_seq > ${r.since} AND v.visit_date >= ${from}
            AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
          UNION
          SELECT ${visitColumns} FROM ${residentsRelation} p JOIN ${finishedVisitsRelation} v ON v.resident_id = p.id
          WHERE p.change_seq > ${r.since} AND v.visit_date >= ${from}
            AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active') x
        WHERE x.seq <= ${r.upTo}
        ORDER BY x.seq LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}

/** The field conflicts recorded in the scope (sync's own table), for every device of the scope to show. */
async function conflictsOf(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`SELECT change_seq AS seq, id, jsonb_build_object('id', id, 'pushId', push_id, 'entity', entity,
          'entityId', entity_id, 'field', field, 'serverValue', server_value, 'baseValue', base_value,
          'pushedValue', pushed_value, 'username', username, 'recordedAt', recorded_at) AS data
        FROM sync_conflicts
        WHERE unit_path <@ ${r.scopePath}::ltree AND change_seq > ${r.since} AND change_seq <= ${r.upTo}
        ORDER BY change_seq LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}

/** The code lists valid today, and their stamp (a hash of what a device would store). */
async function readCodeLists(db: Executor): Promise<{ stamp: string; values: CodeValueRow[] }> {
  const values = await rows<CodeValueRow>(
    db,
    sql`SELECT system, code, display_vi AS "displayVi", display_en AS "displayEn", sort_order AS "sortOrder"
        FROM ${codeValuesRelation} cv
        WHERE cv.valid_from <= current_date AND (cv.valid_to IS NULL OR cv.valid_to >= current_date)
        ORDER BY system, sort_order NULLS LAST, code`,
  );
  const stamp = createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
  return { stamp, values };
}

/**
 * The code lists with ICD-10 are about 2 MB of JSON: read and hashed at most once a minute per
 * database (they change when an administrator loads a new version; a device sees it a minute later).
 */
const CODES_FOR_MS = 60_000;
const codeCache = new WeakMap<
  object,
  { at: number; lists: Promise<{ stamp: string; values: CodeValueRow[] }> }
>();
function codeLists(db: Executor) {
  const key = db as object;
  const cached = codeCache.get(key);
  if (cached && Date.now() - cached.at < CODES_FOR_MS) return cached.lists;
  const lists = readCodeLists(db);
  codeCache.set(key, { at: Date.now(), lists });
  lists.catch(() => codeCache.delete(key));
  return lists;
}

/** The facilities of the scope's commune active today, and their staff active today. */
async function stationOf(db: Executor, unit: ScopeUnit): Promise<NonNullable<PullOut['station']>> {
  const commune = unit.path.split('.').slice(0, 3).join('.');
  const facilities = await rows<{ id: string; code: string; name: string; kind: string }>(
    db,
    sql`SELECT f.id, f.code, f.name, f.kind FROM ${facilitiesRelation} f
        WHERE f.unit_path <@ ${commune}::ltree AND f.active_from <= current_date
          AND (f.active_to IS NULL OR f.active_to >= current_date)
        ORDER BY f.name`,
  );
  const staff = await rows<{ id: string; fullName: string; title: string; facilityId: string | null }>(
    db,
    sql`SELECT s.id, s.full_name AS "fullName", s.title, s.facility_id AS "facilityId" FROM ${staffRelation} s
        WHERE s.unit_path <@ ${commune}::ltree AND s.active_from <= current_date
          AND (s.active_to IS NULL OR s.active_to >= current_date)
        ORDER BY s.full_name`,
  );
  return { facilities, staff };
}

/**
 * The scope's due items of the coming 31 days (up to 5,000, in one computation of the worklist;
 * docs/adr/0033, point 14): the whole list on a first sync, a new Vietnamese day or a change that
 * may touch anyone's; otherwise only those of the people whose facts changed since the device's
 * `dueSince`, named in `dueFor` (the device replaces their items).
 */
async function dueItems(
  db: Executor,
  actor: Actor,
  unit: ScopeUnit,
  query: PullQuery,
  horizon: number,
): Promise<Pick<PullOut, 'due' | 'dueFor' | 'dueDay'>> {
  const on = today();
  const people =
    query.dueSince !== undefined && query.dueSince <= horizon && query.dueDay === on
      ? await dueChangedSince(db, actor, { unit: unit.code, since: query.dueSince })
      : null;
  const list = await worklist(
    db,
    actor,
    { unit: unit.code, days: 31, limit: 5000, offset: 0 },
    { today: on, ...(people ? { people } : {}) },
  );
  const due = list.items.map((i): DueRow => ({
    kind: i.kind,
    refId: i.refId,
    residentId: i.residentId,
    dueOn: i.dueOn,
    priority: i.priority,
    reason: i.reason,
    detail: i.detail,
  }));
  if (!people) return { due, dueDay: on };
  // Those changed, and anyone an item names (a record placed in the scope for a person living elsewhere).
  const dueFor = [...new Set([...people, ...due.map((d) => d.residentId)])];
  return { due, dueFor, dueDay: on };
}

/**
 * One page of a pull. Each source answers its first `limit` rows above the cursor; the page ends
 * below the lowest last row of a source that was cut (a card shares its holder's sequence, so a cut
 * never falls inside one sequence value), then at `limit` rows, never inside one sequence value.
 */
export async function pull(db: Executor, actor: Actor, query: PullQuery): Promise<PullOut> {
  requirePermission(actor, 'person.read');
  const unit = await scopeUnit(db, actor, query.scope);
  const horizon = Math.max(await settledHorizon(db), query.since);
  const range: SyncRange = { scopePath: unit.path, since: query.since, upTo: horizon, limit: query.limit };
  const found: { source: Source; rows: SyncRow[] }[] = [];
  // One after another: the embedded database runs one statement at a time (docs/adr/0013).
  for (const source of SOURCES) found.push({ source, rows: await source.read(db, range) });

  let bound = horizon;
  let cut = false;
  for (const f of found)
    if (f.rows.length >= query.limit) {
      const last = f.rows[f.rows.length - 1]!.seq;
      const below = f.source.sharesSeq && last - 1 > query.since ? last - 1 : last;
      if (below < bound) bound = below;
      cut = true;
    }
  let changes: SyncChange[] = found
    .flatMap((f) =>
      f.rows
        .filter((r) => r.seq <= bound)
        .map((r): SyncChange => {
          const removed = f.source.removed(r);
          return removed
            ? { entity: f.source.entity, id: r.id, seq: r.seq, removed: true }
            : { entity: f.source.entity, id: r.id, seq: r.seq, data: r.data };
        }),
    )
    .sort((a, b) => a.seq - b.seq);
  let next = bound;
  if (changes.length > query.limit) {
    const at = changes[query.limit - 1]!.seq;
    changes = changes.filter((c) => c.seq <= at);
    if (at < next) {
      next = at;
      cut = true;
    }
  }
  const more = cut && next < horizon;

  const reference = await codeLists(db);
  const out: PullOut = {
    scope: unit,
    since: query.since,
    next,
    more,
    changes,
    ...(query.codes === reference.stamp ? {} : { codes: reference }),
    ...(more ? {} : { station: await stationOf(db, unit) }),
    ...(query.due && !more ? await dueItems(db, actor, unit, query, horizon) : {}),
  };
  // One audit line a page: who took which people's data to a device.
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: null,
    unitPath: unit.path,
    details: {
      op: 'sync_pull',
      since: query.since,
      next,
      residents: changes.filter((c) => c.entity === 'resident' && !c.removed).length,
      rows: changes.length,
    },
  });
  return out;
}
