/**
 * The workforce (issue 17 item 1): practising certificates, approved job positions against staff in
 * post, trainings. Each write is checked against the actor's area and audited; staff are personal
 * data, so reads of a person's certificates and trainings are audited too.
 */
import { sql, type SQL } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, deniedNotFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { isValidCode } from '../terminology/index.js';
import { staffOnDay } from './counters.js';
import { approvedPositions, staffCertificates, staffTrainings } from './schema.js';
import type {
  CertificateInput,
  CertificateOut,
  CertificateRevoke,
  PositionInput,
  PositionsOut,
  TrainingInput,
  TrainingsOut,
} from './workforce-contracts.js';

const refused = (path: string, code: string, message: string) =>
  new AppError('validation', 'The request has invalid fields', { errors: [{ path, code, message }] });

/** The staff member (in the actor's area) a certificate or training belongs to. */
async function staffInArea(db: Executor, actor: Actor, staffId: string, op: string) {
  const [s] = await rows<{ unitPath: string; fullName: string }>(
    db,
    sql`SELECT unit_path::text AS "unitPath", full_name AS "fullName" FROM staff_members WHERE id = ${staffId}::uuid`,
  );
  if (!s || !inScope(actor, s.unitPath))
    throw deniedNotFound('Staff member', { entityType: 'staff', entityId: staffId, details: { op } });
  return s;
}

const certificateColumns = sql`c.id, c.staff_id AS "staffId", c.number, c.scope, c.issued_by AS "issuedBy",
  c.issued_on::text AS "issuedOn", c.valid_to::text AS "validTo", c.revoked_on::text AS "revokedOn",
  c.revoked_reason AS "revokedReason"`;

function statusOn(c: Omit<CertificateOut, 'status'>, day: string): CertificateOut['status'] {
  if (c.revokedOn && c.revokedOn <= day) return 'revoked';
  if (c.validTo && c.validTo < day) return 'expired';
  return 'valid';
}

async function loadCertificates(db: Executor, where: SQL): Promise<CertificateOut[]> {
  const found = await rows<Omit<CertificateOut, 'status'>>(
    db,
    sql`SELECT ${certificateColumns} FROM staff_certificates c WHERE ${where} ORDER BY c.issued_on DESC, c.id`,
  );
  const day = today();
  return found.map((c) => ({ ...c, status: statusOn(c, day) }));
}

/** A health worker's certificates, newest first (personal data: the read is audited). */
export async function listCertificates(
  db: Executor,
  actor: Actor,
  staffId: string,
): Promise<CertificateOut[]> {
  requirePermission(actor, 'network.read');
  const s = await staffInArea(db, actor, staffId, 'certificates');
  await audit(db, actor, {
    action: 'read',
    entityType: 'staff',
    entityId: staffId,
    unitPath: s.unitPath,
    details: { op: 'certificates' },
  });
  return loadCertificates(db, sql`c.staff_id = ${staffId}::uuid`);
}

export async function addCertificate(
  db: Orm,
  actor: Actor,
  staffId: string,
  input: CertificateInput,
): Promise<CertificateOut> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    const s = await staffInArea(tx, actor, staffId, 'add_certificate');
    if (input.validTo && input.validTo < input.issuedOn)
      throw refused('validTo', 'before_issue', 'must not be before issuedOn');
    const [taken] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM staff_certificates WHERE number = ${input.number}`,
    );
    if (taken)
      throw conflict('This certificate number is already on record', [
        {
          path: 'number',
          code: 'duplicate_certificate',
          message: 'this certificate number is already on record',
        },
      ]);
    const id = newId();
    await tx.insert(staffCertificates).values({
      id,
      staffId,
      number: input.number,
      scope: input.scope,
      issuedBy: input.issuedBy,
      issuedOn: input.issuedOn,
      validTo: input.validTo ?? null,
    });
    await audit(tx, actor, {
      action: 'update',
      entityType: 'staff',
      entityId: staffId,
      unitPath: s.unitPath,
      details: { op: 'add_certificate', certificateId: id, number: input.number },
    });
    return (await loadCertificates(tx, sql`c.id = ${id}::uuid`))[0]!;
  });
}

export async function revokeCertificate(
  db: Orm,
  actor: Actor,
  certificateId: string,
  input: CertificateRevoke,
): Promise<CertificateOut> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    const [c] = await loadCertificates(tx, sql`c.id = ${certificateId}::uuid`);
    if (!c) throw deniedNotFound('Certificate', { entityType: 'staff', entityId: certificateId });
    const s = await staffInArea(tx, actor, c.staffId, 'revoke_certificate');
    if (c.revokedOn) throw refused('revokedOn', 'already_revoked', 'the certificate is already revoked');
    if (input.revokedOn < c.issuedOn)
      throw refused('revokedOn', 'before_issue', 'must not be before issuedOn');
    await tx.execute(
      sql`UPDATE staff_certificates SET revoked_on = ${input.revokedOn}::date, revoked_reason = ${input.reason},
            updated_at = now() WHERE id = ${certificateId}::uuid`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'staff',
      entityId: c.staffId,
      unitPath: s.unitPath,
      details: { op: 'revoke_certificate', certificateId, revokedOn: input.revokedOn, reason: input.reason },
    });
    return (await loadCertificates(tx, sql`c.id = ${certificateId}::uuid`))[0]!;
  });
}

/**
 * For the claims: each staff member's certificate number in force on each day asked (issued by then,
 * not expired, not revoked by then; the latest issued if several). Keyed `staffId|day`.
 */
export async function certificatesOn(
  db: Executor,
  asked: readonly { staffId: string; day: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!asked.length) return out;
  const ids = [...new Set(asked.map((a) => a.staffId))];
  const found = await rows<{
    staffId: string;
    number: string;
    issuedOn: string;
    validTo: string | null;
    revokedOn: string | null;
  }>(
    db,
    sql`SELECT staff_id AS "staffId", number, issued_on::text AS "issuedOn", valid_to::text AS "validTo",
          revoked_on::text AS "revokedOn"
        FROM staff_certificates WHERE staff_id IN (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) ORDER BY issued_on DESC`,
  );
  for (const { staffId, day } of asked) {
    const c = found.find(
      (f) =>
        f.staffId === staffId &&
        f.issuedOn <= day &&
        (!f.validTo || f.validTo >= day) &&
        (!f.revokedOn || f.revokedOn > day),
    );
    if (c) out.set(`${staffId}|${day}`, c.number);
  }
  return out;
}

async function facilityInArea(db: Executor, actor: Actor, facilityId: string, op: string) {
  const [f] = await rows<{ unitPath: string }>(
    db,
    sql`SELECT unit_path::text AS "unitPath" FROM facilities WHERE id = ${facilityId}::uuid`,
  );
  if (!f || !inScope(actor, f.unitPath))
    throw deniedNotFound('Facility', { entityType: 'facility', entityId: facilityId, details: { op } });
  return f;
}

/**
 * A decision approving `count` posts of a title at a facility from `validFrom`: the decision in force
 * for that title until then ends the day before. A decision dated before the one in force is refused
 * (correct the later one instead).
 */
export async function approvePositions(
  db: Orm,
  actor: Actor,
  facilityId: string,
  input: PositionInput,
): Promise<PositionsOut> {
  requirePermission(actor, 'network.write');
  await db.transaction(async (tx) => {
    const f = await facilityInArea(tx, actor, facilityId, 'approve_positions');
    if (!(await isValidCode(tx, 'staff-title', input.title, input.validFrom)))
      throw refused(
        'title',
        'unknown_code',
        `"${input.title}" is not a professional title valid on ${input.validFrom}`,
      );
    const [later] = await rows<{ validFrom: string }>(
      tx,
      sql`SELECT valid_from::text AS "validFrom" FROM approved_positions WHERE facility_id = ${facilityId}::uuid
            AND title = ${input.title} AND valid_from >= ${input.validFrom}::date LIMIT 1`,
    );
    if (later)
      throw refused(
        'validFrom',
        'not_after_current',
        `must be after the decision in force from ${later.validFrom}`,
      );
    await tx.execute(
      sql`UPDATE approved_positions SET valid_to = ${input.validFrom}::date - 1, updated_at = now()
          WHERE facility_id = ${facilityId}::uuid AND title = ${input.title} AND valid_to IS NULL`,
    );
    const id = newId();
    await tx.insert(approvedPositions).values({
      id,
      facilityId,
      title: input.title,
      count: input.count,
      decision: input.decision,
      validFrom: input.validFrom,
      unitPath: f.unitPath,
    });
    await audit(tx, actor, {
      action: 'update',
      entityType: 'facility',
      entityId: facilityId,
      unitPath: f.unitPath,
      details: { op: 'approve_positions', title: input.title, count: input.count, decision: input.decision },
    });
  });
  return positionsOf(db, actor, facilityId, today());
}

/** Approved posts, staff in post and vacancies of a facility on a day, by title. */
export async function positionsOf(
  db: Executor,
  actor: Actor,
  facilityId: string,
  on: string,
): Promise<PositionsOut> {
  requirePermission(actor, 'network.read');
  await facilityInArea(db, actor, facilityId, 'positions');
  const found = await rows<{
    title: string;
    approved: number | null;
    decision: string | null;
    validFrom: string | null;
    inPost: number;
  }>(
    db,
    sql`WITH approved AS (
          SELECT title, count, decision, valid_from FROM approved_positions
          WHERE facility_id = ${facilityId}::uuid AND valid_from <= ${on}::date
            AND (valid_to IS NULL OR valid_to >= ${on}::date)),
        in_post AS (
          SELECT s.title, count(*)::int AS n FROM ${staffOnDay(on)} s
          WHERE s.facility_id = ${facilityId}::uuid AND s.active_from <= ${on}::date
            AND (s.active_to IS NULL OR s.active_to >= ${on}::date) GROUP BY s.title)
        SELECT coalesce(a.title, p.title) AS title, a.count AS approved, a.decision,
          a.valid_from::text AS "validFrom", coalesce(p.n, 0) AS "inPost"
        FROM approved a FULL JOIN in_post p ON p.title = a.title ORDER BY 1`,
  );
  const list = found.map((r) => ({
    ...r,
    vacancies: r.approved === null ? null : Math.max(0, r.approved - r.inPost),
  }));
  return {
    facilityId,
    on,
    rows: list,
    totals: {
      approved: list.reduce((n, r) => n + (r.approved ?? 0), 0),
      inPost: list.reduce((n, r) => n + r.inPost, 0),
      vacancies: list.reduce((n, r) => n + (r.vacancies ?? 0), 0),
    },
  };
}

const trainingColumns = sql`t.id, t.staff_id AS "staffId", t.kind, t.course, t.provider, t.started_on::text AS "startedOn",
  t.ended_on::text AS "endedOn", t.hours::float8 AS hours, t.certificate_no AS "certificateNo"`;

/** A health worker's trainings, newest first, with the CME hours of the last 5 years (audited read). */
export async function listTrainings(db: Executor, actor: Actor, staffId: string): Promise<TrainingsOut> {
  requirePermission(actor, 'network.read');
  const s = await staffInArea(db, actor, staffId, 'trainings');
  await audit(db, actor, {
    action: 'read',
    entityType: 'staff',
    entityId: staffId,
    unitPath: s.unitPath,
    details: { op: 'trainings' },
  });
  const items = await rows<TrainingsOut['items'][number]>(
    db,
    sql`SELECT ${trainingColumns} FROM staff_trainings t WHERE t.staff_id = ${staffId}::uuid
        ORDER BY t.ended_on DESC, t.id`,
  );
  const since = `${Number(today().slice(0, 4)) - 5}${today().slice(4)}`;
  const cmeHoursLast5Years = items
    .filter((t) => t.kind === 'cme' && t.endedOn > since)
    .reduce((n, t) => n + t.hours, 0);
  return { items, cmeHoursLast5Years };
}

export async function addTraining(
  db: Orm,
  actor: Actor,
  staffId: string,
  input: TrainingInput,
): Promise<TrainingsOut['items'][number]> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    const s = await staffInArea(tx, actor, staffId, 'add_training');
    const id = newId();
    await tx.insert(staffTrainings).values({
      id,
      staffId,
      kind: input.kind,
      course: input.course,
      provider: input.provider,
      startedOn: input.startedOn,
      endedOn: input.endedOn,
      hours: input.hours,
      certificateNo: input.certificateNo ?? null,
    });
    await audit(tx, actor, {
      action: 'update',
      entityType: 'staff',
      entityId: staffId,
      unitPath: s.unitPath,
      details: { op: 'add_training', trainingId: id, hours: input.hours },
    });
    const [out] = await rows<TrainingsOut['items'][number]>(
      tx,
      sql`SELECT ${trainingColumns} FROM staff_trainings t WHERE t.id = ${id}::uuid`,
    );
    return out!;
  });
}
