// Family planning (kế hoạch hóa gia đình): the methods a person uses, from a day until a day, and
// register A5. Starting another method stops the one in use on that day ("switched"). The methods are
// the code list `contraceptive-method` in force on the start day.
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { registerArea, type RegisterArea } from './area.js';
import { audit } from '../audit/index.js';
import { patientsById } from '../people/index.js';
import { codeValuesRelation } from '../terminology/index.js';
import type { FpEpisodeOut, FpStartInput, FpStopInput, RegisterA5Out } from './contracts.js';
import { codeListOn } from './rules.js';
import { familyPlanningEpisodes } from './schema.js';

export const METHOD_SYSTEM = 'contraceptive-method';

const SELECT_EPISODE = sql`SELECT e.id, e.resident_id AS "residentId", e.method,
  coalesce((SELECT cv.display_vi FROM ${codeValuesRelation} cv WHERE cv.system = ${METHOD_SYSTEM} AND cv.code = e.method ORDER BY cv.valid_from DESC LIMIT 1), e.method) AS "methodVi",
  coalesce((SELECT cv.display_en FROM ${codeValuesRelation} cv WHERE cv.system = ${METHOD_SYSTEM} AND cv.code = e.method ORDER BY cv.valid_from DESC LIMIT 1), e.method) AS "methodEn",
  e.started_on::text AS "startedOn", e.stopped_on::text AS "stoppedOn", e.stop_reason AS "stopReason"
  FROM family_planning_episodes e`;

async function personInScope(db: Executor, actor: Actor, residentId: string, op: string) {
  const p = (await patientsById(db, [residentId])).get(residentId);
  const outside = p !== undefined && !inScope(actor, p.unitPath);
  if (!p || outside || p.status === 'merged')
    throw new AppError('not-found', 'Resident not found', {
      ...(outside ? { denial: { entityType: 'person', entityId: residentId, details: { op } } } : {}),
    });
  return p;
}

/** A person's methods, newest first. Audited. */
export async function listMethods(db: Executor, actor: Actor, residentId: string): Promise<FpEpisodeOut[]> {
  requirePermission(actor, 'person.read');
  const p = await personInScope(db, actor, residentId, 'read_family_planning');
  const found = await rows<FpEpisodeOut>(
    db,
    sql`${SELECT_EPISODE} WHERE e.resident_id = ${residentId} ORDER BY e.started_on DESC, e.created_at DESC`,
  );
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: residentId,
    unitPath: p.unitPath,
    details: { op: 'family_planning', count: found.length },
  });
  return found;
}

/** Starts a method (stopping the one in use that day as switched). */
export async function startMethod(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: FpStartInput,
): Promise<FpEpisodeOut[]> {
  requirePermission(actor, 'person.write');
  await db.transaction(async (tx) => {
    const p = await personInScope(tx, actor, residentId, 'start_family_planning');
    const errors: FieldError[] = [];
    const methods = await codeListOn(tx, METHOD_SYSTEM, input.startedOn);
    if (!methods.some((m) => m.code === input.method))
      errors.push({
        path: 'method',
        code: 'unknown_code',
        message: `"${input.method}" is not a method of the list`,
      });
    if (input.startedOn > today())
      errors.push({ path: 'startedOn', code: 'in_future', message: 'the start date is in the future' });
    if (p.birthDate && input.startedOn < p.birthDate)
      errors.push({ path: 'startedOn', code: 'before_birth', message: 'the start date is before the birth' });
    const [inUse] = await rows<{ id: string; startedOn: string; method: string }>(
      tx,
      sql`SELECT id, started_on::text AS "startedOn", method FROM family_planning_episodes
          WHERE resident_id = ${residentId} AND stopped_on IS NULL`,
    );
    if (inUse && inUse.startedOn > input.startedOn)
      errors.push({
        path: 'startedOn',
        code: 'before_current',
        message: `the method in use started on ${inUse.startedOn}, after this date`,
        text: {
          vi: `Biện pháp đang dùng bắt đầu ngày ${inUse.startedOn}, sau ngày này`,
          en: `The method in use started on ${inUse.startedOn}, after this date`,
        },
      });
    if (errors.length) throw invalid(errors);
    if (inUse)
      await tx
        .update(familyPlanningEpisodes)
        .set({ stoppedOn: input.startedOn, stopReason: 'switched', updatedAt: new Date() })
        .where(sql`id = ${inUse.id}`);
    const id = newId();
    await tx.insert(familyPlanningEpisodes).values({
      id,
      residentId,
      unitPath: p.unitPath,
      method: input.method,
      startedOn: input.startedOn,
      recordedBy: actor.username,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: residentId,
      unitPath: p.unitPath,
      details: {
        op: 'family_planning_start',
        episodeId: id,
        method: input.method,
        switchedFrom: inUse?.method ?? null,
      },
    });
  });
  return listMethods(db, actor, residentId);
}

/** Stops the method of an episode. */
export async function stopMethod(
  db: Orm,
  actor: Actor,
  episodeId: string,
  input: FpStopInput,
): Promise<FpEpisodeOut[]> {
  requirePermission(actor, 'person.write');
  const residentId = await db.transaction(async (tx) => {
    const [e] = await rows<{
      residentId: string;
      unitPath: string;
      startedOn: string;
      stoppedOn: string | null;
    }>(
      tx,
      sql`SELECT resident_id AS "residentId", unit_path::text AS "unitPath", started_on::text AS "startedOn",
            stopped_on::text AS "stoppedOn" FROM family_planning_episodes WHERE id = ${episodeId}`,
    );
    if (!e || !inScope(actor, e.unitPath))
      throw new AppError('not-found', 'Family planning record not found');
    const errors: FieldError[] = [];
    if (e.stoppedOn)
      errors.push({ path: 'stoppedOn', code: 'already_stopped', message: `stopped on ${e.stoppedOn}` });
    if (input.stoppedOn < e.startedOn)
      errors.push({
        path: 'stoppedOn',
        code: 'before_start',
        message: `the method started on ${e.startedOn}`,
      });
    if (input.stoppedOn > today())
      errors.push({ path: 'stoppedOn', code: 'in_future', message: 'the date is in the future' });
    if (errors.length) throw invalid(errors);
    await tx
      .update(familyPlanningEpisodes)
      .set({ stoppedOn: input.stoppedOn, stopReason: input.reason, updatedAt: new Date() })
      .where(sql`id = ${episodeId}`);
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: e.residentId,
      unitPath: e.unitPath,
      details: { op: 'family_planning_stop', episodeId, reason: input.reason },
    });
    return e.residentId;
  });
  return listMethods(db, actor, residentId);
}

/** Register A5 (sổ KHHGĐ) of a month in the actor's area. Audited as one list. */
export async function registerA5(
  db: Executor,
  actor: Actor,
  month: string,
  area?: RegisterArea,
): Promise<RegisterA5Out> {
  requirePermission(actor, 'person.read');
  const path = (area ?? (await registerArea(db, actor))).path;
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  const from = `${month}-01`;
  const to = next.toISOString().slice(0, 10);
  const under = sql`e.unit_path <@ ${path}::ltree`;
  const started = await rows<FpEpisodeOut>(
    db,
    sql`${SELECT_EPISODE} WHERE ${under} AND e.started_on >= ${from}::date AND e.started_on < ${to}::date ORDER BY e.started_on, e.created_at`,
  );
  const stopped = await rows<FpEpisodeOut>(
    db,
    sql`${SELECT_EPISODE} WHERE ${under} AND e.stopped_on >= ${from}::date AND e.stopped_on < ${to}::date ORDER BY e.stopped_on, e.created_at`,
  );
  const usersByMethod = await rows<{ method: string; methodVi: string; users: number }>(
    db,
    sql`SELECT e.method,
          coalesce((SELECT cv.display_vi FROM ${codeValuesRelation} cv WHERE cv.system = ${METHOD_SYSTEM} AND cv.code = e.method ORDER BY cv.valid_from DESC LIMIT 1), e.method) AS "methodVi",
          count(*)::int AS users FROM family_planning_episodes e
        WHERE ${under} AND e.started_on < ${to}::date AND (e.stopped_on IS NULL OR e.stopped_on >= ${to}::date)
        GROUP BY e.method ORDER BY e.method`,
  );
  const people = await patientsById(
    db,
    [...started, ...stopped].map((e) => e.residentId),
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: path,
    details: { op: 'register_a5', month, residents: [...people.keys()] },
  });
  const who = (e: FpEpisodeOut) => {
    const p = people.get(e.residentId)!;
    return { ...e, fullName: p.fullName, birthYear: p.birthYear, address: p.address };
  };
  return { month, started: started.map(who), stopped: stopped.map(who), usersByMethod };
}
