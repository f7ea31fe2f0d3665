// Pregnancies (quản lý thai nghén): registration with the EDD and the risk level, antenatal contacts
// (khám thai) as visits of the visits module with their findings kept here, the outcome (đẻ or
// another end), postnatal contacts, and register A3. Every read and write of a woman's record is
// audited; every query is kept to the actor's area.
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { patientsById, registerBirth, type PatientIdentity } from '../people/index.js';
import { createVisit, visitInput } from '../visits/index.js';
import type {
  AntenatalInput,
  AntenatalOut,
  OutcomeInput,
  PostnatalInput,
  PregnancyInputParsed,
  PregnancyOut,
  RegisterA3Row,
  RegisterA4Row,
  RiskLevel,
} from './contracts.js';
import {
  addDays,
  assessRisk,
  codeListOn,
  daysBetween,
  eddFromLmp,
  gestationOn,
  PREGNANCY_DAYS,
  RISK_SYSTEM,
  TRIMESTER_SYSTEM,
  trimesterOf,
} from './rules.js';
import { antenatalContacts, postnatalContacts, pregnancies } from './schema.js';
import { registerArea, type RegisterArea } from './area.js';
import { protectedOn, TETANUS_SYSTEM, tetanusStatus, type TetanusDose } from './tetanus.js';
import { antigenDoses } from '../immunization/index.js';

/** The longest a pregnancy is followed: 44 weeks from the LMP. */
const LONGEST_DAYS = 44 * 7;

const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

async function womanInScope(
  db: Executor,
  actor: Actor,
  residentId: string,
  op: string,
): Promise<PatientIdentity> {
  const w = (await patientsById(db, [residentId])).get(residentId);
  const outside = w !== undefined && !inScope(actor, w.unitPath);
  if (!w || outside || w.status === 'merged')
    throw new AppError('not-found', 'Resident not found', {
      ...(outside ? { denial: { entityType: 'person', entityId: residentId, details: { op } } } : {}),
    });
  return w;
}

interface PregnancyRow {
  id: string;
  residentId: string;
  unitPath: string;
  registeredOn: string;
  lmp: string | null;
  edd: string;
  eddSource: 'lmp' | 'ultrasound';
  gravidity: number;
  parity: number;
  riskFactors: string[];
  riskLevel: RiskLevel;
  endedOn: string | null;
  outcome: PregnancyOut['outcome'];
  deliveryPlace: string | null;
  deliveryAttendant: string | null;
  deliveryMode: string | null;
  births: number | null;
  birthWeightG: number | null;
  childId: string | null;
}

const SELECT_PREGNANCY = sql`SELECT id, resident_id AS "residentId", unit_path::text AS "unitPath",
  registered_on::text AS "registeredOn", lmp::text AS lmp, edd::text AS edd, edd_source AS "eddSource", gravidity, parity,
  risk_factors AS "riskFactors", risk_level AS "riskLevel", ended_on::text AS "endedOn", outcome,
  delivery_place AS "deliveryPlace", delivery_attendant AS "deliveryAttendant", delivery_mode AS "deliveryMode",
  births, birth_weight_g AS "birthWeightG", child_id AS "childId" FROM pregnancies`;

/** A pregnancy in the actor's area (404 otherwise, the refusal audited). */
async function pregnancyInScope(db: Executor, actor: Actor, id: string, op: string): Promise<PregnancyRow> {
  const [p] = await rows<PregnancyRow>(db, sql`${SELECT_PREGNANCY} WHERE id = ${id}`);
  const outside = p !== undefined && !inScope(actor, p.unitPath);
  if (!p || outside)
    throw new AppError('not-found', 'Pregnancy not found', {
      ...(outside
        ? { denial: { entityType: 'person', entityId: p.residentId, details: { op, pregnancyId: id } } }
        : {}),
    });
  return p;
}

function ageOn(w: PatientIdentity, on: string): number {
  if (!w.birthDate) return Number(on.slice(0, 4)) - w.birthYear;
  const [y, m, d] = w.birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - y - (om < m || (om === m && od < d) ? 1 : 0);
}

/**
 * Registers a pregnancy: the EDD from the LMP (Naegele) unless an EDD is given (by ultrasound), the
 * risk factors ticked or set by the measures, the risk level they give by the list in force on the day.
 */
export async function registerPregnancy(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: PregnancyInputParsed,
): Promise<PregnancyOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const w = await womanInScope(tx, actor, residentId, 'register_pregnancy');
    const errors: FieldError[] = [];
    if (w.sex !== 'female')
      errors.push(
        fieldError(
          'residentId',
          'not_female',
          'a pregnancy is registered for a woman',
          'Chỉ đăng ký quản lý thai cho phụ nữ',
        ),
      );
    if (input.registeredOn > today())
      errors.push(
        fieldError(
          'registeredOn',
          'in_future',
          'the registration date is in the future',
          'Ngày đăng ký ở tương lai',
        ),
      );
    const edd = input.edd ?? eddFromLmp(input.lmp!);
    const start = input.lmp ?? addDays(edd, -PREGNANCY_DAYS);
    const gestation = daysBetween(start, input.registeredOn);
    if (input.lmp && input.lmp > input.registeredOn)
      errors.push(
        fieldError(
          'lmp',
          'after_registration',
          'the last menstrual period is after the registration',
          'Kỳ kinh cuối sau ngày đăng ký',
        ),
      );
    else if (gestation > LONGEST_DAYS)
      errors.push(
        fieldError(
          input.lmp ? 'lmp' : 'edd',
          'too_long',
          `the dates give ${Math.floor(gestation / 7)} weeks of pregnancy at registration (more than 44)`,
          `Theo các ngày đã nhập, thai đã ${Math.floor(gestation / 7)} tuần khi đăng ký (quá 44 tuần)`,
        ),
      );
    if (input.lmp && input.edd && Math.abs(daysBetween(eddFromLmp(input.lmp), input.edd)) > 28)
      errors.push(
        fieldError(
          'edd',
          'far_from_lmp',
          `the EDD is more than 4 weeks from the LMP's (${eddFromLmp(input.lmp)})`,
          `Ngày dự sinh lệch quá 4 tuần so với ngày tính theo kỳ kinh cuối (${eddFromLmp(input.lmp)})`,
        ),
      );
    if (w.birthDate && w.birthDate > start)
      errors.push(
        fieldError(
          'lmp',
          'before_birth',
          'the pregnancy starts before the woman was born',
          'Ngày bắt đầu thai trước ngày sinh của người mẹ',
        ),
      );
    const list = await codeListOn(tx, RISK_SYSTEM, input.registeredOn);
    const risk = assessRisk(
      list,
      {
        ageYears: ageOn(w, input.registeredOn),
        parity: input.parity,
        systolic: input.systolic,
        diastolic: input.diastolic,
        haemoglobin: input.haemoglobin,
        heightCm: input.heightCm,
      },
      input.riskFactors,
    );
    errors.push(...risk.errors);
    if (errors.length) throw invalid(errors);
    const [ongoing] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM pregnancies WHERE resident_id = ${residentId} AND ended_on IS NULL`,
    );
    if (ongoing)
      throw conflict('This woman has a pregnancy under way: record its outcome first', [
        { path: 'residentId', code: 'pregnancy_ongoing', message: `pregnancy ${ongoing.id} is under way` },
      ]);
    const id = newId();
    await tx.insert(pregnancies).values({
      id,
      residentId,
      unitPath: w.unitPath,
      registeredOn: input.registeredOn,
      lmp: input.lmp ?? null,
      edd,
      eddSource: input.edd ? 'ultrasound' : 'lmp',
      gravidity: input.gravidity,
      parity: input.parity,
      riskFactors: risk.factors,
      riskLevel: risk.level,
      recordedBy: actor.username,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: residentId,
      unitPath: w.unitPath,
      details: { op: 'pregnancy', pregnancyId: id },
    });
    return (await composePregnancies(tx, [await pregnancyInScope(tx, actor, id, 'register_pregnancy')]))[0]!;
  });
}

/** Pregnancies by id, composed as a woman's list shows them (the offline sync's rows; no scope check, no audit). */
export async function pregnanciesById(db: Executor, ids: string[]): Promise<PregnancyOut[]> {
  if (!ids.length) return [];
  return composePregnancies(
    db,
    await rows<PregnancyRow>(db, sql`${SELECT_PREGNANCY} WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`),
  );
}

async function composePregnancies(db: Executor, found: PregnancyRow[]): Promise<PregnancyOut[]> {
  if (!found.length) return [];
  const ids = `{${found.map((p) => p.id).join(',')}}`;
  const anc = await rows<AntenatalOut & { pregnancyId: string }>(
    db,
    sql`SELECT visit_id AS "visitId", pregnancy_id AS "pregnancyId", contact_on::text AS "contactOn",
          gestation_days AS "gestationDays", trimester, weight_kg AS "weightKg", systolic, diastolic,
          fundal_height_cm AS "fundalHeightCm", foetal_heart_rate AS "foetalHeartRate", urine_protein AS "urineProtein",
          haemoglobin, iron_folate AS "ironFolate", note
        FROM antenatal_contacts WHERE pregnancy_id = ANY(${ids}::uuid[]) ORDER BY contact_on, created_at`,
  );
  const pnc = await rows<PregnancyOut['postnatal'][number] & { pregnancyId: string }>(
    db,
    sql`SELECT visit_id AS "visitId", pregnancy_id AS "pregnancyId", contact_on::text AS "contactOn",
          day_after_birth AS "dayAfterBirth", systolic, diastolic, abnormal_bleeding AS "abnormalBleeding",
          breastfeeding, newborn_weight_g AS "newbornWeightG", newborn_jaundice AS "newbornJaundice", note
        FROM postnatal_contacts WHERE pregnancy_id = ANY(${ids}::uuid[]) ORDER BY contact_on, created_at`,
  );
  const on = today();
  // Each code list read once per day it is needed on (risk factors at registration, tetanus at the end).
  const lists = new Map<string, Promise<Awaited<ReturnType<typeof codeListOn>>>>();
  const listOn = (system: string, day: string) => {
    let list = lists.get(`${system}|${day}`);
    if (!list) lists.set(`${system}|${day}`, (list = codeListOn(db, system, day)));
    return list;
  };
  const tetanusDoses = await antigenDoses(db, [...new Set(found.map((p) => p.residentId))], 'tetanus');
  const out: PregnancyOut[] = [];
  for (const p of found) {
    const list = await listOn(RISK_SYSTEM, p.registeredOn);
    const names = new Map(list.map((r) => [r.code, r]));
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    out.push({
      id: p.id,
      residentId: p.residentId,
      registeredOn: p.registeredOn,
      lmp: p.lmp,
      edd: p.edd,
      eddSource: p.eddSource,
      gravidity: p.gravidity,
      parity: p.parity,
      riskFactors: p.riskFactors.map((code) => ({
        code,
        vi: names.get(code)?.displayVi ?? code,
        en: names.get(code)?.displayEn ?? code,
        level: names.get(code)?.properties.level ?? 'high',
      })),
      riskLevel: p.riskLevel,
      gestationDays: gestationOn(p, p.endedOn ?? on),
      endedOn: p.endedOn,
      outcome: p.outcome,
      deliveryPlace: p.deliveryPlace,
      deliveryAttendant: p.deliveryAttendant,
      deliveryMode: p.deliveryMode,
      births: p.births,
      birthWeightG: p.birthWeightG,
      childId: p.childId,
      antenatal: anc
        .filter((a) => a.pregnancyId === p.id)
        .map(({ pregnancyId: _, ...a }) => ({
          ...a,
          weightKg: num(a.weightKg),
          fundalHeightCm: num(a.fundalHeightCm),
          haemoglobin: num(a.haemoglobin),
        })),
      postnatal: pnc.filter((a) => a.pregnancyId === p.id).map(({ pregnancyId: _, ...a }) => a),
      tetanus: await tetanusFor(listOn, p, tetanusDoses.get(p.residentId) ?? [], on),
    });
  }
  return out;
}

/** The mother's tetanus protection for a pregnancy: her doses up to its end (or today), by the list in force then. */
async function tetanusFor(
  listOn: (system: string, day: string) => Promise<Awaited<ReturnType<typeof codeListOn>>>,
  p: PregnancyRow,
  doses: readonly TetanusDose[],
  on: string,
): Promise<PregnancyOut['tetanus']> {
  const until = p.endedOn ?? on;
  const status = tetanusStatus(
    await listOn(TETANUS_SYSTEM, until),
    doses.filter((d) => d.givenOn <= until).map(({ vaccine, givenOn }) => ({ vaccine, givenOn })),
  );
  const birthDay =
    p.endedOn && (p.outcome === 'live_birth' || p.outcome === 'stillbirth') ? p.endedOn : p.edd;
  return { ...status, protectedAtBirth: protectedOn(status, birthDay) };
}

/** A woman's pregnancies, newest first, with their contacts. Audited. */
export async function listPregnancies(
  db: Executor,
  actor: Actor,
  residentId: string,
): Promise<PregnancyOut[]> {
  requirePermission(actor, 'person.read');
  const w = await womanInScope(db, actor, residentId, 'read_pregnancies');
  const found = await rows<PregnancyRow>(
    db,
    sql`${SELECT_PREGNANCY} WHERE resident_id = ${residentId} ORDER BY registered_on DESC, created_at DESC`,
  );
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: residentId,
    unitPath: w.unitPath,
    details: { op: 'pregnancies', count: found.length },
  });
  return composePregnancies(db, found);
}

function checkContactDay(p: PregnancyRow, on: string, errors: FieldError[]) {
  if (on < p.registeredOn && (!p.lmp || on < p.lmp))
    errors.push(
      fieldError(
        'contactOn',
        'before_pregnancy',
        'the contact is before the pregnancy began',
        'Ngày khám trước khi có thai',
      ),
    );
  if (on > today())
    errors.push(
      fieldError('contactOn', 'in_future', 'the contact date is in the future', 'Ngày khám ở tương lai'),
    );
}

/**
 * Records an antenatal contact: the visit is created through the visits module (finished, main
 * diagnosis Z34.9 / Z35.9 for a high-risk pregnancy, the vitals on it), in the same transaction as
 * the findings kept here by the visit's id.
 */
export async function recordAntenatal(
  db: Orm,
  actor: Actor,
  pregnancyId: string,
  input: AntenatalInput,
): Promise<PregnancyOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const p = await pregnancyInScope(tx, actor, pregnancyId, 'record_antenatal');
    const errors: FieldError[] = [];
    checkContactDay(p, input.contactOn, errors);
    if (p.endedOn && input.contactOn > p.endedOn)
      errors.push(
        fieldError(
          'contactOn',
          'after_end',
          `the pregnancy ended on ${p.endedOn}`,
          `Thai kỳ đã kết thúc ngày ${p.endedOn}`,
        ),
      );
    const gestation = gestationOn(p, input.contactOn);
    const trimester = trimesterOf(await codeListOn(tx, TRIMESTER_SYSTEM, input.contactOn), gestation);
    if (trimester === null && !errors.length)
      errors.push(
        fieldError(
          'contactOn',
          'outside_pregnancy',
          `the contact falls at ${gestation} days of gestation`,
          `Ngày khám ứng với tuổi thai ${gestation} ngày: ngoài thai kỳ`,
        ),
      );
    if (errors.length) throw invalid(errors);
    const visit = await createVisit(
      // A savepoint inside this transaction: the visit and the findings are written together.
      tx as unknown as Orm,
      actor,
      visitInput.parse({
        residentId: p.residentId,
        facilityId: input.facilityId,
        clinicianId: input.clinicianId,
        visitDate: input.contactOn,
        reason: 'Khám thai',
        vitals: {
          ...(input.weightKg !== undefined ? { weightKg: input.weightKg } : {}),
          ...(input.systolic !== undefined ? { systolic: input.systolic } : {}),
          ...(input.diastolic !== undefined ? { diastolic: input.diastolic } : {}),
        },
        diagnoses: { main: { code: p.riskLevel === 'high' ? 'Z35.9' : 'Z34.9' } },
        finish: true,
      }),
    );
    await (tx as Tx).insert(antenatalContacts).values({
      visitId: visit.id,
      pregnancyId,
      unitPath: p.unitPath,
      contactOn: input.contactOn,
      gestationDays: gestation,
      trimester: trimester!,
      weightKg: input.weightKg ?? null,
      systolic: input.systolic ?? null,
      diastolic: input.diastolic ?? null,
      fundalHeightCm: input.fundalHeightCm ?? null,
      foetalHeartRate: input.foetalHeartRate ?? null,
      urineProtein: input.urineProtein ?? null,
      haemoglobin: input.haemoglobin ?? null,
      ironFolate: input.ironFolate ?? null,
      note: input.note ?? null,
      recordedBy: actor.username,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: p.residentId,
      unitPath: p.unitPath,
      details: { op: 'antenatal_contact', pregnancyId, visitId: visit.id },
    });
    return (await composePregnancies(tx, [p]))[0]!;
  });
}

/** The people module's words for how and where a child was born. */
const BIRTH_DELIVERY = { vaginal: 'normal', assisted: 'assisted', caesarean: 'caesarean' } as const;
const BIRTH_PLACE = {
  station: 'health_facility',
  other_facility: 'health_facility',
  home: 'home',
  on_the_way: 'other',
} as const;

/**
 * Records how a pregnancy ended (đẻ, sẩy, phá thai, chửa ngoài tử cung, tử vong mẹ). A delivery
 * before the registration's pregnancy began, or in the future, is refused field by field.
 */
export async function recordOutcome(
  db: Orm,
  actor: Actor,
  pregnancyId: string,
  input: OutcomeInput,
): Promise<PregnancyOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const p = await pregnancyInScope(tx, actor, pregnancyId, 'record_outcome');
    if (p.endedOn) throw conflict(`This pregnancy already ended on ${p.endedOn}`);
    const errors: FieldError[] = [];
    const start = p.lmp ?? addDays(p.edd, -PREGNANCY_DAYS);
    if (input.endedOn < start || input.endedOn < p.registeredOn)
      errors.push(
        fieldError(
          'endedOn',
          'before_registration',
          `the end (${input.endedOn}) is before the pregnancy was registered (${p.registeredOn})`,
          `Ngày kết thúc thai kỳ (${input.endedOn}) trước ngày đăng ký quản lý thai (${p.registeredOn})`,
        ),
      );
    if (input.endedOn > today())
      errors.push(fieldError('endedOn', 'in_future', 'the date is in the future', 'Ngày ở tương lai'));
    const [last] = await rows<{ on: string }>(
      tx,
      sql`SELECT max(contact_on)::text AS on FROM antenatal_contacts WHERE pregnancy_id = ${pregnancyId}`,
    );
    if (last?.on && input.endedOn < last.on)
      errors.push(
        fieldError(
          'endedOn',
          'before_contact',
          `an antenatal contact is recorded on ${last.on}`,
          `Đã có lần khám thai ngày ${last.on}, sau ngày này`,
        ),
      );
    const birth = input.outcome === 'live_birth' || input.outcome === 'stillbirth';
    if (!birth && (input.deliveryPlace || input.birthWeightG))
      errors.push(
        fieldError(
          'outcome',
          'not_a_birth',
          'delivery details are for a birth',
          'Thông tin cuộc đẻ chỉ ghi khi có đẻ',
        ),
      );
    if (input.child && input.outcome !== 'live_birth')
      errors.push(
        fieldError(
          'child',
          'not_a_live_birth',
          'a child is registered for a live birth only',
          'Chỉ đăng ký trẻ khi đẻ sống',
        ),
      );
    if (errors.length) throw invalid(errors);
    // A live birth registers the child through people (linked to the mother, in her household, with
    // the condition at birth in the 831 record), in this transaction.
    const child = input.child
      ? await registerBirth(tx, actor, p.residentId, {
          fullName: input.child.fullName,
          sex: input.child.sex,
          birthDate: input.endedOn,
          personalId: input.child.personalId ?? null,
          birthWeightGrams: input.birthWeightG ?? null,
          deliveryType: input.deliveryMode ? BIRTH_DELIVERY[input.deliveryMode] : null,
          place: input.deliveryPlace ? BIRTH_PLACE[input.deliveryPlace] : null,
        })
      : undefined;
    await tx
      .update(pregnancies)
      .set({
        childId: child?.id ?? null,
        endedOn: input.endedOn,
        outcome: input.outcome,
        deliveryPlace: input.deliveryPlace ?? null,
        deliveryAttendant: input.deliveryAttendant ?? null,
        deliveryMode: input.deliveryMode ?? null,
        births: input.births ?? (birth ? 1 : null),
        birthWeightG: input.birthWeightG ?? null,
        updatedAt: new Date(),
      })
      .where(sql`id = ${pregnancyId}`);
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: p.residentId,
      unitPath: p.unitPath,
      details: { op: 'pregnancy_outcome', pregnancyId, outcome: input.outcome },
    });
    return (
      await composePregnancies(tx, [await pregnancyInScope(tx, actor, pregnancyId, 'record_outcome')])
    )[0]!;
  });
}

/** Records a postnatal contact (mother and newborn) after a birth, as a visit with its findings. */
export async function recordPostnatal(
  db: Orm,
  actor: Actor,
  pregnancyId: string,
  input: PostnatalInput,
): Promise<PregnancyOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const p = await pregnancyInScope(tx, actor, pregnancyId, 'record_postnatal');
    const errors: FieldError[] = [];
    if (!p.endedOn || (p.outcome !== 'live_birth' && p.outcome !== 'stillbirth'))
      errors.push(fieldError('contactOn', 'no_birth', 'record the delivery first', 'Cần ghi cuộc đẻ trước'));
    else if (input.contactOn < p.endedOn)
      errors.push(
        fieldError(
          'contactOn',
          'before_birth',
          `the delivery was on ${p.endedOn}`,
          `Cuộc đẻ ngày ${p.endedOn}, sau ngày khám`,
        ),
      );
    if (input.contactOn > today())
      errors.push(fieldError('contactOn', 'in_future', 'the date is in the future', 'Ngày ở tương lai'));
    if (errors.length) throw invalid(errors);
    const visit = await createVisit(
      tx as unknown as Orm,
      actor,
      visitInput.parse({
        residentId: p.residentId,
        facilityId: input.facilityId,
        clinicianId: input.clinicianId,
        visitDate: input.contactOn,
        reason: 'Chăm sóc sau sinh',
        vitals: {
          ...(input.systolic !== undefined ? { systolic: input.systolic } : {}),
          ...(input.diastolic !== undefined ? { diastolic: input.diastolic } : {}),
        },
        diagnoses: { main: { code: 'Z39.2' } },
        finish: true,
      }),
    );
    await (tx as Tx).insert(postnatalContacts).values({
      visitId: visit.id,
      pregnancyId,
      unitPath: p.unitPath,
      contactOn: input.contactOn,
      dayAfterBirth: daysBetween(p.endedOn!, input.contactOn),
      systolic: input.systolic ?? null,
      diastolic: input.diastolic ?? null,
      abnormalBleeding: input.abnormalBleeding ?? null,
      breastfeeding: input.breastfeeding ?? null,
      newbornWeightG: input.newbornWeightG ?? null,
      newbornJaundice: input.newbornJaundice ?? null,
      note: input.note ?? null,
      recordedBy: actor.username,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: p.residentId,
      unitPath: p.unitPath,
      details: { op: 'postnatal_contact', pregnancyId, visitId: visit.id },
    });
    return (await composePregnancies(tx, [p]))[0]!;
  });
}

/**
 * Register A3 (sổ khám thai) of a month: every antenatal contact in the actor's area (or under a
 * unit path inside it), by day, with the woman, her pregnancy and the contact's number. Audited as one list.
 */
/** The first day of a month and of the next (`YYYY-MM`). */
function monthBounds(month: string): [string, string] {
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return [`${month}-01`, next.toISOString().slice(0, 10)];
}

export async function registerA3(
  db: Executor,
  actor: Actor,
  month: string,
  area?: RegisterArea,
): Promise<RegisterA3Row[]> {
  requirePermission(actor, 'person.read');
  const path = (area ?? (await registerArea(db, actor))).path;
  const [from, to] = monthBounds(month);
  const found = await rows<Omit<RegisterA3Row, 'fullName' | 'birthYear' | 'address'>>(
    db,
    sql`SELECT a.contact_on::text AS "contactOn", a.visit_id AS "visitId", p.resident_id AS "residentId",
          p.gravidity, p.parity, p.lmp::text AS lmp, p.edd::text AS edd, (a.gestation_days / 7)::int AS "gestationWeeks",
          (SELECT count(*) FROM antenatal_contacts b WHERE b.pregnancy_id = a.pregnancy_id
             AND (b.contact_on, b.created_at) <= (a.contact_on, a.created_at))::int AS "contactNumber",
          a.weight_kg::float8 AS "weightKg",
          CASE WHEN a.systolic IS NOT NULL THEN a.systolic || '/' || coalesce(a.diastolic::text, '?') END AS "bloodPressure",
          a.fundal_height_cm::float8 AS "fundalHeightCm", a.foetal_heart_rate AS "foetalHeartRate",
          a.urine_protein AS "urineProtein", a.haemoglobin::float8 AS haemoglobin, p.risk_level AS "riskLevel"
        FROM antenatal_contacts a JOIN pregnancies p ON p.id = a.pregnancy_id
        WHERE a.unit_path <@ ${path}::ltree AND a.contact_on >= ${from}::date AND a.contact_on < ${to}::date
        ORDER BY a.contact_on, a.created_at`,
  );
  const people = await patientsById(
    db,
    found.map((r) => r.residentId),
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: path,
    details: { op: 'register_a3', month, residents: [...new Set(found.map((r) => r.residentId))] },
  });
  return found.map((r) => {
    const w = people.get(r.residentId)!;
    return { ...r, fullName: w.fullName, birthYear: w.birthYear, address: w.address };
  });
}

/**
 * Register A4 (sổ đẻ) of a month: every pregnancy of the actor's area ended by a birth (live or
 * still) in the month, with the mother, the delivery and the antenatal contacts before it. Audited.
 */
export async function registerA4(
  db: Executor,
  actor: Actor,
  month: string,
  area?: RegisterArea,
): Promise<RegisterA4Row[]> {
  requirePermission(actor, 'person.read');
  const path = (area ?? (await registerArea(db, actor))).path;
  const [from, to] = monthBounds(month);
  const found = await rows<Omit<RegisterA4Row, 'fullName' | 'birthYear' | 'address'>>(
    db,
    sql`SELECT p.ended_on::text AS "deliveredOn", p.id AS "pregnancyId", p.resident_id AS "residentId",
          p.gravidity, p.parity, ((p.ended_on - coalesce(p.lmp, p.edd - 280)) / 7)::int AS "gestationWeeks",
          (SELECT count(*) FROM antenatal_contacts a WHERE a.pregnancy_id = p.id AND a.contact_on <= p.ended_on)::int AS "antenatalContacts",
          p.outcome, p.delivery_place AS "deliveryPlace", p.delivery_attendant AS "deliveryAttendant",
          p.delivery_mode AS "deliveryMode", p.births, p.birth_weight_g AS "birthWeightG", p.risk_level AS "riskLevel"
        FROM pregnancies p
        WHERE p.unit_path <@ ${path}::ltree AND p.outcome IN ('live_birth', 'stillbirth')
          AND p.ended_on >= ${from}::date AND p.ended_on < ${to}::date
        ORDER BY p.ended_on, p.created_at`,
  );
  const people = await patientsById(
    db,
    found.map((r) => r.residentId),
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: path,
    details: { op: 'register_a4', month, residents: [...new Set(found.map((r) => r.residentId))] },
  });
  return found.map((r) => {
    const w = people.get(r.residentId)!;
    return { ...r, fullName: w.fullName, birthYear: w.birthYear, address: w.address };
  });
}
