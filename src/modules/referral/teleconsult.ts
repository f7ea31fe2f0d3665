// Teleconsultation (tư vấn khám bệnh, chữa bệnh từ xa; Circular 30/2023/TT-BYT): a station asks a
// clinician of an upper-level facility about a patient (a summary, vitals, a photo or an ECG), the
// consulted facility answers from its queue, and the answer and advice show in the patient's record.
// The conditions that may be asked about and the kinds of facility that may be asked are lists
// (`teleconsult-condition`, `teleconsult-facility`) in force on the day. Seen by the asking area and
// the consulted facility's area; answered by the consulted side only, never once closed.
import { sql, type SQL } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, forbidden, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, getFacility } from '../network/index.js';
import { patientsById } from '../people/index.js';
import { listOn } from './calendar.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  type AnswerInput,
  type ConsultationInputParsed,
  type ConsultationListQuery,
  type ConsultationOut,
} from './contracts.js';
import { facilityById, fieldError, patientInScope } from './service.js';
import { teleconsultations } from './schema.js';

export const CONDITION_LIST = 'teleconsult-condition';
export const FACILITY_LIST = 'teleconsult-facility';

interface ConsultationRow {
  id: string;
  residentId: string;
  unitPath: string;
  requestingFacilityId: string;
  requestingUnitPath: string;
  requestingCode: string;
  requestingName: string;
  consultedFacilityId: string;
  consultedUnitPath: string;
  consultedCode: string;
  consultedName: string;
  condition: string;
  conditionVi: string | null;
  conditionEn: string | null;
  urgency: 'routine' | 'urgent';
  summary: string;
  question: string;
  vitals: Record<string, number>;
  videoLink: string | null;
  requestedAt: string;
  status: 'open' | 'answered' | 'closed';
  answeredAt: string | null;
  answer: string | null;
  advice: string | null;
  answeredBy: string | null;
  responseMinutes: number | null;
  recordedBy: string;
}

const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

const SELECT_CONSULTATION = sql`SELECT t.id, t.resident_id AS "residentId", t.unit_path::text AS "unitPath",
  t.requesting_facility_id AS "requestingFacilityId", t.requesting_unit_path::text AS "requestingUnitPath",
  rf.code AS "requestingCode", rf.name AS "requestingName",
  t.consulted_facility_id AS "consultedFacilityId", t.consulted_unit_path::text AS "consultedUnitPath",
  cf.code AS "consultedCode", cf.name AS "consultedName",
  t.condition, lv.display_vi AS "conditionVi", lv.display_en AS "conditionEn", t.urgency, t.summary, t.question,
  t.vitals, t.video_link AS "videoLink", ${iso('t.requested_at')} AS "requestedAt", t.status,
  ${iso('t.answered_at')} AS "answeredAt", t.answer, t.advice, t.answered_by AS "answeredBy",
  CASE WHEN t.answered_at IS NULL THEN NULL ELSE floor(extract(epoch FROM t.answered_at - t.requested_at) / 60)::int END AS "responseMinutes",
  t.recorded_by AS "recordedBy"
  FROM teleconsultations t
  JOIN ${facilitiesRelation} rf ON rf.id = t.requesting_facility_id
  JOIN ${facilitiesRelation} cf ON cf.id = t.consulted_facility_id
  LEFT JOIN LATERAL (SELECT display_vi, display_en FROM referral_list_values l WHERE l.list = ${CONDITION_LIST}
    AND l.code = t.condition ORDER BY l.valid_from DESC LIMIT 1) lv ON true`;

const onAskingSide = (actor: Actor, c: { requestingUnitPath: string; unitPath: string }) =>
  inScope(actor, c.requestingUnitPath) || inScope(actor, c.unitPath);
const onConsultedSide = (actor: Actor, c: { consultedUnitPath: string }) =>
  inScope(actor, c.consultedUnitPath);

async function consultationInScope(
  db: Executor,
  actor: Actor,
  id: string,
  op: string,
): Promise<ConsultationRow> {
  const [c] = await rows<ConsultationRow>(db, sql`${SELECT_CONSULTATION} WHERE t.id = ${id}`);
  const outside = c !== undefined && !onAskingSide(actor, c) && !onConsultedSide(actor, c);
  if (!c || outside)
    throw new AppError('not-found', 'Teleconsultation not found', {
      ...(outside
        ? { denial: { entityType: 'person', entityId: c.residentId, details: { op, consultationId: id } } }
        : {}),
    });
  return c;
}

async function compose(db: Executor, found: ConsultationRow[]): Promise<ConsultationOut[]> {
  if (!found.length) return [];
  const patients = await patientsById(db, [...new Set(found.map((c) => c.residentId))]);
  const ids = `{${found.map((c) => c.id).join(',')}}`;
  const files = await rows<{
    consultationId: string;
    id: string;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
  }>(
    db,
    sql`SELECT consultation_id AS "consultationId", id, file_name AS "fileName", media_type AS "mediaType", size_bytes AS "sizeBytes"
        FROM teleconsultation_attachments WHERE consultation_id = ANY(${ids}::uuid[]) ORDER BY created_at, id`,
  );
  return found.map((c) => {
    const p = patients.get(c.residentId);
    return {
      id: c.id,
      residentId: c.residentId,
      patientName: p?.fullName ?? '',
      patientBirth: p?.birthDate ?? String(p?.birthYear ?? ''),
      requestingFacility: { id: c.requestingFacilityId, code: c.requestingCode, name: c.requestingName },
      consultedFacility: { id: c.consultedFacilityId, code: c.consultedCode, name: c.consultedName },
      condition: c.condition,
      conditionVi: c.conditionVi ?? c.condition,
      conditionEn: c.conditionEn ?? c.condition,
      urgency: c.urgency,
      summary: c.summary,
      question: c.question,
      vitals: Object.fromEntries(Object.entries(c.vitals ?? {}).map(([k, v]) => [k, Number(v)])),
      videoLink: c.videoLink,
      requestedAt: c.requestedAt,
      status: c.status,
      answeredAt: c.answeredAt,
      answer: c.answer,
      advice: c.advice,
      answeredBy: c.answeredBy,
      responseMinutes: c.responseMinutes,
      attachments: files
        .filter((f) => f.consultationId === c.id)
        .map(({ consultationId: _, ...f }) => ({ ...f, sizeBytes: Number(f.sizeBytes) })),
      recordedBy: c.recordedBy,
    };
  });
}

/** The bytes of a base64 text, or null when it is not base64. */
function decodedSize(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

/** A station asks an upper-level facility about a patient. */
export async function requestConsultation(
  db: Orm,
  actor: Actor,
  input: ConsultationInputParsed,
): Promise<ConsultationOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const patient = await patientInScope(tx, actor, input.residentId, 'request_teleconsultation');
    const on = today();
    const errors: FieldError[] = [];
    const asking = await facilityById(tx, input.requestingFacilityId);
    if (!asking || !inScope(actor, asking.unitPath))
      errors.push(
        fieldError(
          'requestingFacilityId',
          'not_in_area',
          'the asking facility is not one of your area',
          'Cơ sở đề nghị tư vấn không thuộc địa bàn của bạn',
        ),
      );
    const consulted = await facilityById(tx, input.consultedFacilityId);
    const kinds = (await listOn(tx, FACILITY_LIST, on)).map((k) => k.code);
    if (input.consultedFacilityId === input.requestingFacilityId)
      errors.push(
        fieldError(
          'consultedFacilityId',
          'same_facility',
          'a facility does not consult itself',
          'Không thể đề nghị chính cơ sở mình tư vấn',
        ),
      );
    else if (!consulted || !kinds.includes(consulted.kind))
      errors.push(
        fieldError(
          'consultedFacilityId',
          'not_allowed_facility',
          'this facility is not one that gives teleconsultations',
          'Cơ sở này không thuộc danh mục cơ sở tư vấn từ xa',
        ),
      );
    const conditions = await listOn(tx, CONDITION_LIST, on);
    if (!conditions.some((c) => c.code === input.condition))
      errors.push(
        fieldError(
          'condition',
          'not_allowed_condition',
          'this condition is not on the list allowed for teleconsultation',
          'Bệnh/nhóm bệnh này không thuộc danh mục được tư vấn từ xa',
        ),
      );
    for (const [i, a] of input.attachments.entries()) {
      if (!(ATTACHMENT_TYPES as readonly string[]).includes(a.mediaType))
        errors.push(
          fieldError(
            `attachments.${i}.mediaType`,
            'unsupported_type',
            `a JPEG or PNG photo, or a PDF (not ${a.mediaType})`,
            `Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF (không nhận ${a.mediaType})`,
          ),
        );
      if (a.contentBase64.length % 4 !== 0 || decodedSize(a.contentBase64) > ATTACHMENT_MAX_BYTES)
        errors.push(
          fieldError(
            `attachments.${i}.contentBase64`,
            'too_large',
            'at most 2 MB a file',
            'Mỗi tệp đính kèm tối đa 2 MB',
          ),
        );
    }
    if (errors.length) throw invalid(errors);
    const id = newId();
    await tx.insert(teleconsultations).values({
      id,
      residentId: input.residentId,
      unitPath: patient.unitPath,
      requestingFacilityId: asking!.id,
      requestingUnitPath: asking!.unitPath,
      consultedFacilityId: consulted!.id,
      consultedUnitPath: consulted!.unitPath,
      condition: input.condition,
      urgency: input.urgency,
      summary: input.summary,
      question: input.question,
      vitals: input.vitals as Record<string, number>,
      videoLink: input.videoLink ?? null,
      requestedAt: new Date(),
      status: 'open',
      recordedBy: actor.username,
    });
    for (const a of input.attachments)
      await tx.execute(
        sql`INSERT INTO teleconsultation_attachments (id, consultation_id, file_name, media_type, size_bytes, content, recorded_by)
            VALUES (${newId()}, ${id}, ${a.fileName}, ${a.mediaType}, ${decodedSize(a.contentBase64)},
                    decode(${a.contentBase64}, 'base64'), ${actor.username})`,
      );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: input.residentId,
      unitPath: patient.unitPath,
      details: { op: 'teleconsultation', consultationId: id, attachments: input.attachments.length },
    });
    return (await compose(tx, [await consultationInScope(tx, actor, id, 'request_teleconsultation')]))[0]!;
  });
}

/**
 * The consulted facility answers (ý kiến tư vấn) with its advice; `close` ends the consultation.
 * A closed consultation takes no answer.
 */
export async function answerConsultation(
  db: Orm,
  actor: Actor,
  id: string,
  input: AnswerInput,
): Promise<ConsultationOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const c = await consultationInScope(tx, actor, id, 'answer_teleconsultation');
    if (!onConsultedSide(actor, c)) throw forbidden('Only the consulted facility answers a teleconsultation');
    if (c.status === 'closed')
      throw conflict('The teleconsultation is closed: it takes no more answers', [
        fieldError(
          'status',
          'closed',
          'the teleconsultation is closed: it takes no more answers',
          'Yêu cầu tư vấn đã đóng: không thể trả lời thêm',
        ),
      ]);
    await tx.execute(
      sql`UPDATE teleconsultations SET answer = ${input.answer}, advice = ${input.advice ?? null},
            answered_by = ${actor.username}, answered_at = coalesce(answered_at, now()),
            status = ${input.close ? 'closed' : 'answered'}, closed_at = ${input.close ? sql`now()` : sql`NULL`},
            updated_at = now()
          WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: c.residentId,
      unitPath: c.unitPath,
      details: { op: 'teleconsultation_answer', consultationId: id },
    });
    return (await compose(tx, [await consultationInScope(tx, actor, id, 'answer_teleconsultation')]))[0]!;
  });
}

/** The asking station closes a consultation (answered or no longer needed). */
export async function closeConsultation(db: Orm, actor: Actor, id: string): Promise<ConsultationOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const c = await consultationInScope(tx, actor, id, 'close_teleconsultation');
    if (c.status === 'closed')
      throw conflict('The teleconsultation is already closed', [
        fieldError('status', 'closed', 'already closed', 'Yêu cầu tư vấn đã đóng'),
      ]);
    await tx.execute(
      sql`UPDATE teleconsultations SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = ${id}`,
    );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: c.residentId,
      unitPath: c.unitPath,
      details: { op: 'teleconsultation_close', consultationId: id },
    });
    return (await compose(tx, [await consultationInScope(tx, actor, id, 'close_teleconsultation')]))[0]!;
  });
}

export async function getConsultation(db: Executor, actor: Actor, id: string): Promise<ConsultationOut> {
  requirePermission(actor, 'person.read');
  const c = await consultationInScope(db, actor, id, 'read_teleconsultation');
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: c.residentId,
    unitPath: c.unitPath,
    details: { op: 'teleconsultation', consultationId: id },
  });
  return (await compose(db, [c]))[0]!;
}

/** An attachment's bytes (the consultation in the actor's area). */
export async function consultationAttachment(
  db: Executor,
  actor: Actor,
  id: string,
  attachmentId: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  requirePermission(actor, 'person.read');
  const c = await consultationInScope(db, actor, id, 'read_teleconsultation_attachment');
  const [a] = await rows<{ fileName: string; mediaType: string; content: string }>(
    db,
    sql`SELECT file_name AS "fileName", media_type AS "mediaType", encode(content, 'base64') AS content
        FROM teleconsultation_attachments WHERE id = ${attachmentId} AND consultation_id = ${id}`,
  );
  if (!a) throw new AppError('not-found', 'Attachment not found');
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: c.residentId,
    unitPath: c.unitPath,
    details: { op: 'teleconsultation_attachment', consultationId: id, attachmentId },
  });
  return {
    fileName: a.fileName,
    mediaType: a.mediaType,
    content: Buffer.from(a.content.replace(/\s/g, ''), 'base64'),
  };
}

/**
 * Consultations asked from the actor's area (`asked`), or the queue of a facility of the actor's
 * area (`queue`: open first, urgent first, oldest first), with each one's response time.
 */
export async function listConsultations(
  db: Executor,
  actor: Actor,
  q: ConsultationListQuery,
): Promise<Page<ConsultationOut> & { medianResponseMinutes: number | null }> {
  requirePermission(actor, 'person.read');
  const where: SQL[] = [];
  let order = sql`t.requested_at DESC`;
  if (q.direction === 'queue') {
    if (!q.facilityId)
      throw invalid([
        fieldError(
          'query.facilityId',
          'required',
          'the consulted facility is required',
          'Hãy chọn cơ sở tư vấn',
        ),
      ]);
    const f = await getFacility(db, actor, q.facilityId);
    where.push(sql`t.consulted_facility_id = ${f.id}`);
    order = sql`CASE t.status WHEN 'open' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END, CASE t.urgency WHEN 'urgent' THEN 0 ELSE 1 END, t.requested_at`;
  } else {
    where.push(sql`t.requesting_unit_path <@ ${actor.scopePath}::ltree`);
    if (q.facilityId) where.push(sql`t.requesting_facility_id = ${q.facilityId}`);
  }
  if (q.status) where.push(sql`t.status = ${q.status}`);
  const cond = sql.join(where, sql` AND `);
  const [stats] = await rows<{ n: number; median: number | null }>(
    db,
    sql`SELECT count(*)::int AS n,
          (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.answered_at - t.requested_at) / 60))::float8 AS median
        FROM teleconsultations t WHERE ${cond}`,
  );
  const found = await rows<ConsultationRow>(
    db,
    sql`${SELECT_CONSULTATION} WHERE ${cond} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  if (found.length)
    await audit(db, actor, {
      action: 'read',
      entityType: 'person',
      entityId: null,
      unitPath: actor.scopePath,
      details: {
        op: `teleconsultations_${q.direction}`,
        residentIds: [...new Set(found.map((c) => c.residentId))],
      },
    });
  return {
    items: await compose(db, found),
    total: stats!.n,
    limit: q.limit,
    offset: q.offset,
    medianResponseMinutes: stats!.median === null ? null : Math.round(Number(stats!.median)),
  };
}

/** A patient's consultations, newest first. The caller has checked and audits the read. */
export async function consultationsOfPatient(db: Executor, residentId: string): Promise<ConsultationOut[]> {
  return compose(
    db,
    await rows<ConsultationRow>(
      db,
      sql`${SELECT_CONSULTATION} WHERE t.resident_id = ${residentId} ORDER BY t.requested_at DESC`,
    ),
  );
}
