// Family-doctor practices (mô hình phòng khám bác sĩ gia đình): practices at a commune station or
// private, their doctors over time, and the residents registered on their panels under a contract.
// T10's counters are counters.ts.
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { conflict, deniedNotFound, invalid } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getFacility, getUnit, unitsRelation } from '../network/index.js';
import { getResident, patientsById } from '../people/index.js';
import type { PanelMemberOut, PracticeOut } from './contracts.js';

interface PracticeRow extends Omit<PracticeOut, 'doctors' | 'panelSize'> {
  unitPath: string;
}

async function practiceRow(db: Executor, actor: Actor, id: string): Promise<PracticeRow> {
  const [p] = await rows<PracticeRow>(
    db,
    sql`SELECT p.id, p.name, p.kind, p.facility_id AS "facilityId", u.code AS "unitCode", u.full_name AS "unitName",
          p.licence_no AS "licenceNo", p.opened_on::text AS "openedOn", p.closed_on::text AS "closedOn", p.unit_path::text AS "unitPath"
        FROM family_practices p JOIN ${unitsRelation} u ON u.id = p.unit_id WHERE p.id = ${id}`,
  );
  if (!p || !inScope(actor, p.unitPath))
    throw deniedNotFound('Practice', { entityType: 'family_practice', entityId: id });
  return p;
}

async function toOut(db: Executor, p: PracticeRow): Promise<PracticeOut> {
  const doctors = await rows<PracticeOut['doctors'][number]>(
    db,
    sql`SELECT id, full_name AS "fullName", staff_id AS "staffId", from_day::text AS "fromDay", to_day::text AS "toDay"
        FROM family_practice_doctors WHERE practice_id = ${p.id} ORDER BY from_day, full_name`,
  );
  const day = today();
  const [n] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM family_panel_registrations WHERE practice_id = ${p.id}
          AND registered_on <= ${day}::date AND (ended_on IS NULL OR ended_on >= ${day}::date)`,
  );
  const { unitPath: _unitPath, ...rest } = p;
  return { ...rest, doctors, panelSize: n!.n };
}

export async function createPractice(
  db: Orm,
  actor: Actor,
  input: {
    name: string;
    kind: 'station' | 'private';
    facilityId?: string | null | undefined;
    unitCode: string;
    licenceNo?: string | null | undefined;
    openedOn: string;
    closedOn?: string | null | undefined;
  },
): Promise<PracticeOut> {
  requirePermission(actor, 'familydoctor.manage');
  const unit = await getUnit(db, actor, input.unitCode);
  if (unit.level !== 'commune')
    throw invalid([
      {
        path: 'body.unitCode',
        code: 'not_a_commune',
        message: 'A practice is in a commune',
        text: { vi: 'Phòng khám bác sĩ gia đình thuộc một xã', en: 'A practice is in a commune' },
      },
    ]);
  if (input.facilityId) {
    const f = await getFacility(db, actor, input.facilityId);
    if (f.unitId !== unit.id)
      throw invalid([
        {
          path: 'body.facilityId',
          code: 'other_commune',
          message: 'The station is in another commune',
          text: { vi: 'Trạm y tế thuộc xã khác', en: 'The station is in another commune' },
        },
      ]);
  }
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO family_practices (id, name, kind, facility_id, unit_id, unit_path, licence_no, opened_on, closed_on, created_by)
          VALUES (${id}, ${input.name}, ${input.kind}, ${input.facilityId ?? null}, ${unit.id}, ${unit.path}::ltree,
            ${input.licenceNo ?? null}, ${input.openedOn}::date, ${input.closedOn ?? null}::date, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'family_practice',
      entityId: id,
      unitPath: unit.path,
    });
    return toOut(tx, await practiceRow(tx, actor, id));
  });
}

export async function closePractice(
  db: Orm,
  actor: Actor,
  id: string,
  closedOn: string,
): Promise<PracticeOut> {
  requirePermission(actor, 'familydoctor.manage');
  return db.transaction(async (tx) => {
    const p = await practiceRow(tx, actor, id);
    if (closedOn < p.openedOn)
      throw invalid([
        {
          path: 'body.closedOn',
          code: 'before_opening',
          message: 'must not be before the opening day',
          text: {
            vi: 'Ngày đóng không được trước ngày mở',
            en: 'The closing day must not be before the opening day',
          },
        },
      ]);
    await tx.execute(
      sql`UPDATE family_practices SET closed_on = ${closedOn}::date, updated_at = now() WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'family_practice',
      entityId: id,
      unitPath: p.unitPath,
      details: { closedOn },
    });
    return toOut(tx, await practiceRow(tx, actor, id));
  });
}

export async function addPracticeDoctor(
  db: Orm,
  actor: Actor,
  id: string,
  input: {
    staffId?: string | null | undefined;
    fullName: string;
    fromDay: string;
    toDay?: string | null | undefined;
  },
): Promise<PracticeOut> {
  requirePermission(actor, 'familydoctor.manage');
  return db.transaction(async (tx) => {
    const p = await practiceRow(tx, actor, id);
    await tx.execute(
      sql`INSERT INTO family_practice_doctors (id, practice_id, staff_id, full_name, from_day, to_day)
          VALUES (${uuidv7()}, ${id}, ${input.staffId ?? null}, ${input.fullName}, ${input.fromDay}::date, ${input.toDay ?? null}::date)`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'family_practice',
      entityId: id,
      unitPath: p.unitPath,
      details: { doctor: input.fullName },
    });
    return toOut(tx, await practiceRow(tx, actor, id));
  });
}

/** Registers a resident on a practice's panel (one open registration a resident; audited person write). */
export async function registerOnPanel(
  db: Orm,
  actor: Actor,
  id: string,
  input: { residentId: string; contractNo?: string | null | undefined; registeredOn: string },
): Promise<{
  id: string;
  practiceId: string;
  residentId: string;
  contractNo: string | null;
  registeredOn: string;
  endedOn: string | null;
}> {
  requirePermission(actor, 'familydoctor.manage');
  requirePermission(actor, 'person.write');
  const resident = await getResident(db, actor, input.residentId);
  return db.transaction(async (tx) => {
    const p = await practiceRow(tx, actor, id);
    const [open] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM family_panel_registrations WHERE resident_id = ${input.residentId} AND ended_on IS NULL`,
    );
    if (open)
      throw conflict('The resident is already on a family doctor’s panel', [
        {
          path: 'body.residentId',
          code: 'already_registered',
          message: 'already on a panel',
          text: {
            vi: 'Người dân đã đăng ký với một bác sĩ gia đình',
            en: 'The resident is already on a family doctor’s panel',
          },
        },
      ]);
    const regId = uuidv7();
    await tx.execute(
      sql`INSERT INTO family_panel_registrations (id, practice_id, resident_id, contract_no, registered_on, created_by)
          VALUES (${regId}, ${id}, ${input.residentId}, ${input.contractNo ?? null}, ${input.registeredOn}::date, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: input.residentId,
      unitPath: resident.unitPath,
      details: { familyPractice: id, practicePath: p.unitPath },
    });
    return {
      id: regId,
      practiceId: id,
      residentId: input.residentId,
      contractNo: input.contractNo ?? null,
      registeredOn: input.registeredOn,
      endedOn: null,
    };
  });
}

/** The practices in the actor's scope (or under a unit). */
export async function listPractices(db: Executor, actor: Actor, unitCode?: string): Promise<PracticeOut[]> {
  requirePermission(actor, 'network.read');
  const under = unitCode ? (await getUnit(db, actor, unitCode)).path : actor.scopePath;
  const ids = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM family_practices WHERE unit_path <@ ${under}::ltree ORDER BY name LIMIT 500`,
  );
  const out: PracticeOut[] = [];
  for (const { id } of ids) out.push(await toOut(db, await practiceRow(db, actor, id)));
  return out;
}

/**
 * A practice's panel: the residents registered on it today (or every registration, ended ones too),
 * newest first, with who they are. Audited as a list of the people shown.
 */
export async function listPanel(
  db: Executor,
  actor: Actor,
  practiceId: string,
  all: boolean,
): Promise<PanelMemberOut[]> {
  requirePermission(actor, 'person.read');
  const p = await practiceRow(db, actor, practiceId);
  const day = today();
  const found = await rows<Omit<PanelMemberOut, 'fullName' | 'birthYear' | 'sex' | 'address'>>(
    db,
    sql`SELECT id, practice_id AS "practiceId", resident_id AS "residentId", contract_no AS "contractNo",
          registered_on::text AS "registeredOn", ended_on::text AS "endedOn"
        FROM family_panel_registrations WHERE practice_id = ${practiceId}
          AND (${all}::boolean OR (registered_on <= ${day}::date AND (ended_on IS NULL OR ended_on >= ${day}::date)))
        ORDER BY registered_on DESC, id DESC LIMIT 5000`,
  );
  const people = await patientsById(
    db,
    found.map((r) => r.residentId),
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: p.unitPath,
    details: { op: 'family_panel', practiceId, residents: found.map((r) => r.residentId) },
  });
  return found.flatMap((r) => {
    const who = people.get(r.residentId);
    return who
      ? [{ ...r, fullName: who.fullName, birthYear: who.birthYear, sex: who.sex, address: who.address }]
      : [];
  });
}

/** Ends a registration on a day (the contract ended, the person moved or chose another doctor). */
export async function endRegistration(
  db: Orm,
  actor: Actor,
  registrationId: string,
  endedOn: string,
): Promise<PanelMemberOut> {
  requirePermission(actor, 'familydoctor.manage');
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const [r] = await rows<{
      residentId: string;
      practiceId: string;
      registeredOn: string;
      endedOn: string | null;
      unitPath: string;
    }>(
      tx,
      sql`SELECT r.resident_id AS "residentId", r.practice_id AS "practiceId", r.registered_on::text AS "registeredOn",
            r.ended_on::text AS "endedOn", p.unit_path::text AS "unitPath"
          FROM family_panel_registrations r JOIN family_practices p ON p.id = r.practice_id WHERE r.id = ${registrationId}`,
    );
    if (!r || !inScope(actor, r.unitPath))
      throw deniedNotFound('Registration', {
        entityType: 'person',
        entityId: r?.residentId ?? null,
        details: { op: 'family_panel_end', registrationId },
      });
    if (r.endedOn !== null)
      throw conflict('This registration has already ended', [
        {
          path: 'endedOn',
          code: 'already_ended',
          message: `ended on ${r.endedOn}`,
          text: {
            vi: `Đăng ký này đã kết thúc ngày ${r.endedOn}`,
            en: `This registration ended on ${r.endedOn}`,
          },
        },
      ]);
    if (endedOn < r.registeredOn || endedOn > today())
      throw invalid([
        {
          path: 'endedOn',
          code: endedOn > today() ? 'future' : 'before_registration',
          message: endedOn > today() ? 'must not be in the future' : `must not be before ${r.registeredOn}`,
          text:
            endedOn > today()
              ? { vi: 'Ngày kết thúc không được sau hôm nay', en: 'The end must not be in the future' }
              : {
                  vi: `Ngày kết thúc không được trước ngày đăng ký (${r.registeredOn})`,
                  en: `The end must not be before the registration (${r.registeredOn})`,
                },
        },
      ]);
    await tx.execute(
      sql`UPDATE family_panel_registrations SET ended_on = ${endedOn}::date WHERE id = ${registrationId}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: r.residentId,
      unitPath: r.unitPath,
      details: { op: 'family_panel_end', familyPractice: r.practiceId, registrationId, endedOn },
    });
    const [member] = (await listPanel(tx, actor, r.practiceId, true)).filter((m) => m.id === registrationId);
    return member!;
  });
}
