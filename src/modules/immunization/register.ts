/**
 * The immunization register (sổ tiêm chủng) of a commune or hamlet for a month: every dose recorded in
 * the month for the area's people (given at the station, or elsewhere and told), with the person, the
 * vaccine and the dose's number, the lot, where and by whom; doses given here summed by vaccine. As
 * JSON, and as Excel and PDF through the house's register printer (core/register-files.ts).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import {
  registerDay,
  registerMonthLabel,
  type RegisterColumn,
  type RegisterDocument,
} from '../../core/register-files.js';
import { rows, type Executor } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, staffRelation, unitsRelation } from '../network/index.js';
import { patientsById } from '../people/index.js';
import type { RegisterOut, RegisterRow } from './contracts.js';
import { scheduleInForce } from './schedule.js';
import { unitFor } from './session.js';

export async function immunizationRegister(
  db: Executor,
  actor: Actor,
  month: string,
  unitCode: string | undefined,
): Promise<RegisterOut> {
  requirePermission(actor, 'person.read');
  const unit = await unitFor(db, actor, unitCode);
  const from = `${month}-01`;
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  const to = next.toISOString().slice(0, 10);
  const found = await rows<Omit<RegisterRow, 'fullName' | 'sex' | 'birthDate' | 'address' | 'vaccineName'>>(
    db,
    sql`SELECT v.id AS "vaccinationId", v.given_on::text AS "givenOn", v.resident_id AS "residentId", v.vaccine,
          (SELECT count(*) FROM immunization_vaccinations w WHERE w.resident_id = v.resident_id AND w.vaccine = v.vaccine
             AND w.voided_at IS NULL AND (w.given_on, w.id) <= (v.given_on, v.id))::int AS "doseNumber",
          v.lot, v.given_elsewhere AS "givenElsewhere", coalesce(f.name, v.place) AS place,
          coalesce(s.full_name, v.vaccinator_name) AS vaccinator
        FROM immunization_vaccinations v
        LEFT JOIN ${facilitiesRelation} f ON f.id = v.facility_id
        LEFT JOIN ${staffRelation} s ON s.id = v.vaccinator_id
       WHERE v.unit_path <@ ${unit.path}::ltree AND v.voided_at IS NULL
         AND v.given_on >= ${from}::date AND v.given_on < ${to}::date
       ORDER BY v.given_on, v.resident_id, v.vaccine`,
  );
  const people = await patientsById(
    db,
    found.map((r) => r.residentId),
  );
  const names = new Map((await scheduleInForce(db)).data.vaccines.map((v) => [v.code, v.nameVi]));
  const [named] = await rows<{ name: string }>(
    db,
    sql`SELECT full_name AS name FROM ${unitsRelation} u WHERE u.path = ${unit.path}::ltree LIMIT 1`,
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: unit.path,
    details: { op: 'immunization_register', month, residents: [...new Set(found.map((r) => r.residentId))] },
  });
  const out: RegisterRow[] = found.map((r) => {
    const p = people.get(r.residentId)!;
    return {
      ...r,
      fullName: p.fullName,
      sex: p.sex,
      birthDate: p.birthDate,
      address: p.address,
      vaccineName: names.get(r.vaccine) ?? r.vaccine,
    };
  });
  const counts = new Map<string, number>();
  for (const r of out) if (!r.givenElsewhere) counts.set(r.vaccine, (counts.get(r.vaccine) ?? 0) + 1);
  return {
    unit: { code: unit.code, name: named?.name ?? unit.code },
    month,
    rows: out,
    byVaccine: [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([vaccine, doses]) => ({ vaccine, vaccineName: names.get(vaccine) ?? vaccine, doses })),
  };
}

const COLUMNS: RegisterColumn[] = [
  { header: 'STT', width: 4 },
  { header: 'Ngày tiêm', width: 9 },
  { header: 'Họ và tên', width: 18 },
  { header: 'Giới', width: 5 },
  { header: 'Ngày sinh', width: 9 },
  { header: 'Địa chỉ', width: 22 },
  { header: 'Vắc xin', width: 18 },
  { header: 'Mũi', width: 4 },
  { header: 'Số lô', width: 9 },
  { header: 'Nơi tiêm', width: 14 },
  { header: 'Người tiêm', width: 12 },
];

export function registerDocument(register: RegisterOut): RegisterDocument {
  return {
    title: 'SỔ TIÊM CHỦNG',
    subtitle: `${register.unit.name} — ${registerMonthLabel(register.month)}`,
    sheet: 'Tiem chung',
    columns: COLUMNS,
    rows: register.rows.map((r, i) => [
      i + 1,
      registerDay(r.givenOn),
      r.fullName,
      r.sex === 'male' ? 'Nam' : 'Nữ',
      registerDay(r.birthDate),
      r.address,
      r.vaccineName,
      r.doseNumber,
      r.lot ?? '',
      r.givenElsewhere ? `${r.place ?? ''} (nơi khác)` : (r.place ?? ''),
      r.vaccinator ?? '',
    ]),
    footer: [
      `Tổng số mũi tiêm tại trạm: ${register.byVaccine.reduce((s, v) => s + v.doses, 0)}` +
        (register.byVaccine.length
          ? ` (${register.byVaccine.map((v) => `${v.vaccineName}: ${v.doses}`).join('; ')})`
          : ''),
      `Mũi tiêm nơi khác được ghi nhận: ${register.rows.filter((r) => r.givenElsewhere).length}`,
    ],
  };
}
