// Health education (truyền thông giáo dục sức khỏe, register A11): sessions with their topic, format (a
// code of the list in force on the day), audience, place and participants, the staff member who led
// them, and campaigns grouping sessions over a period. No person-level data: kept to the actor's area,
// writes audited.
import { sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { staffRelation, unitsRelation } from '../network/index.js';
import type { CampaignOut, RegisterA11, SessionInput, SessionOut } from './contracts.js';
import { sessionInput } from './contracts.js';
import { placeInArea } from './cases.js';
import { formatsOn } from './definitions.js';
import { unitOfArea } from './weekly.js';

const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

const SELECT_SESSION = sql`SELECT s.id, s.unit_path::text AS "unitPath", u.full_name AS "unitName", s.held_on::text AS "heldOn",
  s.topic, s.format, s.audience, s.place, s.men, s.women, s.staff_id AS "staffId",
  coalesce(s.staff_name, (SELECT m.full_name FROM ${staffRelation} m WHERE m.id = s.staff_id)) AS "staffName",
  s.campaign_id AS "campaignId", k.name AS "campaignName", s.note
  FROM education_sessions s LEFT JOIN ${unitsRelation} u ON u.path = s.unit_path
  LEFT JOIN education_campaigns k ON k.id = s.campaign_id`;

export async function createCampaign(
  db: Orm,
  actor: Actor,
  input: {
    unitCode: string;
    name: string;
    startsOn: string;
    endsOn: string;
    note?: string | null | undefined;
  },
): Promise<CampaignOut> {
  requirePermission(actor, 'person.write');
  if (input.endsOn < input.startsOn)
    throw invalid([
      fieldError(
        'endsOn',
        'before_start',
        'the campaign ends before it starts',
        'Ngày kết thúc trước ngày bắt đầu',
      ),
    ]);
  return db.transaction(async (tx) => {
    const place = await placeInArea(tx, actor, input.unitCode, 'unitCode');
    const id = newId();
    await tx.execute(
      sql`INSERT INTO education_campaigns (id, unit_path, name, starts_on, ends_on, note, recorded_by)
          VALUES (${id}, ${place.path}::ltree, ${input.name}, ${input.startsOn}::date, ${input.endsOn}::date, ${input.note ?? null}, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'education_campaign',
      entityId: id,
      unitPath: place.path,
    });
    return (await campaignsWhere(tx, sql`k.id = ${id}`))[0]!;
  });
}

const campaignsWhere = (db: Executor, where: ReturnType<typeof sql>) =>
  rows<CampaignOut>(
    db,
    sql`SELECT k.id, k.unit_path::text AS "unitPath", k.name, k.starts_on::text AS "startsOn", k.ends_on::text AS "endsOn", k.note,
               (SELECT count(*) FROM education_sessions s WHERE s.campaign_id = k.id)::int AS sessions
          FROM education_campaigns k WHERE ${where} ORDER BY k.starts_on DESC, k.id`,
  );

export async function listCampaigns(db: Executor, actor: Actor): Promise<CampaignOut[]> {
  requirePermission(actor, 'person.read');
  return campaignsWhere(db, sql`k.unit_path <@ ${actor.scopePath}::ltree`);
}

export async function createSession(db: Orm, actor: Actor, raw: SessionInput): Promise<SessionOut> {
  requirePermission(actor, 'person.write');
  const input = sessionInput.parse(raw);
  const errors: FieldError[] = [];
  if (input.heldOn > today())
    errors.push(
      fieldError('heldOn', 'in_future', 'the session date is in the future', 'Ngày tổ chức ở tương lai'),
    );
  if (input.men + input.women === 0)
    errors.push(
      fieldError(
        'women',
        'no_participants',
        'a session has participants',
        'Buổi truyền thông phải có người tham dự',
      ),
    );
  if (errors.length) throw invalid(errors);
  return db.transaction(async (tx) => {
    const formats = await formatsOn(tx, input.heldOn, 'heldOn');
    if (!formats.some((f) => f.code === input.format))
      throw invalid([
        fieldError(
          'format',
          'unknown_format',
          `${input.format} is not a format of the list`,
          'Hình thức không có trong danh mục',
        ),
      ]);
    const place = await placeInArea(tx, actor, input.unitCode, 'unitCode');
    if (input.campaignId) {
      const [k] = await rows<{ unitPath: string }>(
        tx,
        sql`SELECT unit_path::text AS "unitPath" FROM education_campaigns WHERE id = ${input.campaignId}
              AND unit_path <@ ${actor.scopePath}::ltree`,
      );
      if (!k)
        throw invalid([
          fieldError(
            'campaignId',
            'unknown_campaign',
            'no such campaign in your area',
            'Không có chiến dịch này',
          ),
        ]);
    }
    if (input.staffId) {
      const [m] = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM ${staffRelation} m WHERE m.id = ${input.staffId}`,
      );
      if (!m)
        throw invalid([
          fieldError('staffId', 'unknown_staff', 'no such staff member', 'Không có nhân viên này'),
        ]);
    }
    const id = newId();
    await tx.execute(
      sql`INSERT INTO education_sessions (id, unit_path, held_on, topic, format, audience, place, men, women, staff_id,
            staff_name, campaign_id, note, recorded_by)
          VALUES (${id}, ${place.path}::ltree, ${input.heldOn}::date, ${input.topic}, ${input.format}, ${input.audience ?? null},
            ${input.place ?? null}, ${input.men}, ${input.women}, ${input.staffId ?? null}, ${input.staffName ?? null},
            ${input.campaignId ?? null}, ${input.note ?? null}, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'education_session',
      entityId: id,
      unitPath: place.path,
    });
    const [s] = await rows<SessionOut>(tx, sql`${SELECT_SESSION} WHERE s.id = ${id}`);
    return s!;
  });
}

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The sessions of a unit of the actor's area in a month, by day. */
export async function listSessions(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; month: string },
): Promise<{ unit: { code: string; name: string }; sessions: SessionOut[] }> {
  requirePermission(actor, 'person.read');
  const unit = await unitOfArea(db, actor, q.unit);
  const sessions = await rows<SessionOut>(
    db,
    sql`${SELECT_SESSION} WHERE s.unit_path <@ ${unit.path}::ltree
          AND s.held_on BETWEEN ${`${q.month}-01`}::date AND ${monthEnd(q.month)}::date
        ORDER BY s.held_on, s.created_at, s.id`,
  );
  return { unit: { code: unit.code, name: unit.name }, sessions };
}

/** Register A11 (sổ truyền thông giáo dục sức khỏe) of a unit for a month. */
export async function registerA11(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; month: string },
): Promise<RegisterA11> {
  const { unit, sessions } = await listSessions(db, actor, q);
  const formats = new Map((await formatsOn(db, `${q.month}-01`, 'query.month')).map((f) => [f.code, f.vi]));
  return {
    unit,
    month: q.month,
    rows: sessions.map((s, i) => ({ ...s, no: i + 1, formatName: formats.get(s.format) ?? s.format })),
    totals: {
      sessions: sessions.length,
      men: sessions.reduce((n, s) => n + s.men, 0),
      women: sessions.reduce((n, s) => n + s.women, 0),
    },
  };
}
