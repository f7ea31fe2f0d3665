// Child growth (theo dõi tăng trưởng): the stateless z-score computation, a child's measurements with
// their z-scores, flags and nutrition statuses, and the reference curves of the growth chart.
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { findUnit, unitsRelation } from '../network/index.js';
import { patientsById, residentsRelation, type PatientIdentity } from '../people/index.js';
import type {
  ChildGrowthOut,
  CurveOut,
  MeasurementInput,
  MeasurementOut,
  NutritionListOut,
  ZScoreInput,
  ZScoresOut,
} from './contracts.js';
import { classify, nutritionRules } from './nutrition.js';
import { growthMeasurements } from './schema.js';
import { growthStandards } from './standards.js';
import {
  ageInDays,
  anthroZScores,
  convertedLength,
  valueAt,
  type AnthroResult,
  type Indicator,
  type Sex,
  type ZScoreField,
} from './zscores.js';

/** The input field an implausible z-score points at. */
const FIELD_OF: Record<ZScoreField, keyof MeasurementInput> = {
  weightForAge: 'weightKg',
  lengthForAge: 'lengthCm',
  weightForLength: 'weightKg',
  bmiForAge: 'weightKg',
  headForAge: 'headCm',
  muacForAge: 'muacCm',
};
const NAME_OF: Record<ZScoreField, { vi: string; en: string }> = {
  weightForAge: { vi: 'cân nặng theo tuổi', en: 'weight-for-age' },
  lengthForAge: { vi: 'chiều dài/chiều cao theo tuổi', en: 'length/height-for-age' },
  weightForLength: { vi: 'cân nặng theo chiều dài/chiều cao', en: 'weight-for-length/height' },
  bmiForAge: { vi: 'BMI theo tuổi', en: 'BMI-for-age' },
  headForAge: { vi: 'vòng đầu theo tuổi', en: 'head circumference-for-age' },
  muacForAge: { vi: 'vòng cánh tay theo tuổi', en: 'arm circumference-for-age' },
};

function checkDates(birthDate: string, measuredOn: string, path = 'measuredOn'): number {
  const days = ageInDays(birthDate, measuredOn);
  if (days < 0)
    throw invalid([
      {
        path,
        code: 'before_birth',
        message: `the measurement (${measuredOn}) is before the birth (${birthDate})`,
        text: {
          vi: `Ngày cân đo ${measuredOn} trước ngày sinh ${birthDate}`,
          en: `The measurement (${measuredOn}) is before the birth (${birthDate})`,
        },
      },
    ]);
  return days;
}

async function scoresOf(
  db: Executor,
  sex: Sex,
  ageDays: number,
  measuredOn: string,
  m: Omit<MeasurementInput, 'measuredOn'>,
) {
  const std = await growthStandards(db);
  const result = anthroZScores(std, {
    sex,
    ageDays,
    weightKg: m.weightKg ?? null,
    lengthCm: m.lengthCm ?? null,
    measured: m.measured ?? null,
    headCm: m.headCm ?? null,
    muacCm: m.muacCm ?? null,
    oedema: m.oedema ?? false,
  });
  const statuses = classify(result, m.muacCm, await nutritionRules(db, measuredOn));
  return { result, statuses };
}

const rounded = (v: number | null, digits: number) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

function zscoresOf(result: AnthroResult, statuses: string[]): ZScoresOut {
  return {
    ageDays: result.ageDays,
    lengthCm: rounded(result.lengthCm, 2),
    bmi: rounded(result.bmi, 2),
    standard: result.standard,
    weightForAge: result.weightForAge,
    lengthForAge: result.lengthForAge,
    weightForLength: result.weightForLength,
    bmiForAge: result.bmiForAge,
    headForAge: result.headForAge,
    muacForAge: result.muacForAge,
    flags: result.flags,
    statuses,
  };
}

/** The z-scores of one measurement, for any tool (no person, nothing stored). */
export async function computeZScores(db: Executor, input: ZScoreInput): Promise<ZScoresOut> {
  const ageDays = checkDates(input.birthDate, input.measuredOn);
  const { result, statuses } = await scoresOf(db, input.sex, ageDays, input.measuredOn, input);
  return zscoresOf(result, statuses);
}

async function childInScope(
  db: Executor,
  actor: Actor,
  residentId: string,
  op: string,
): Promise<PatientIdentity> {
  const child = (await patientsById(db, [residentId])).get(residentId);
  const outside = child !== undefined && !inScope(actor, child.unitPath);
  if (!child || outside || child.status === 'merged')
    throw new AppError('not-found', 'Resident not found', {
      ...(outside ? { denial: { entityType: 'person', entityId: residentId, details: { op } } } : {}),
    });
  return child;
}

interface MeasurementRow {
  id: string;
  residentId: string;
  measuredOn: string;
  ageDays: number;
  weightKg: string | null;
  lengthCm: string | null;
  position: 'lying' | 'standing' | null;
  headCm: string | null;
  muacCm: string | null;
  oedema: boolean;
  standard: 'who2006' | 'who2007' | null;
  wfa: string | null;
  lhfa: string | null;
  wflh: string | null;
  bmifa: string | null;
  hcfa: string | null;
  acfa: string | null;
  flags: string[];
  statuses: string[];
  recordedBy: string;
  sex: Sex;
}

const n = (v: string | number | null) => (v === null ? null : Number(v));

/** The converted length and BMI are not stored: they follow from the measures (as anthro's). */
function measurementOf(r: MeasurementRow): MeasurementOut {
  const len = n(r.lengthCm);
  const converted = convertedLength(r.ageDays, len, r.position);
  const w = n(r.weightKg);
  return {
    id: r.id,
    residentId: r.residentId,
    measuredOn: r.measuredOn,
    ageDays: r.ageDays,
    weightKg: w,
    measuredLengthCm: len,
    measured: r.position,
    headCm: n(r.headCm),
    muacCm: n(r.muacCm),
    oedema: r.oedema,
    lengthCm: rounded(converted, 2),
    bmi: w !== null && converted ? rounded(w / (converted / 100) ** 2, 2) : null,
    standard: r.standard,
    weightForAge: n(r.wfa),
    lengthForAge: n(r.lhfa),
    weightForLength: n(r.wflh),
    bmiForAge: n(r.bmifa),
    headForAge: n(r.hcfa),
    muacForAge: n(r.acfa),
    flags: r.flags as ZScoreField[],
    statuses: r.statuses,
    recordedBy: r.recordedBy,
  };
}

const SELECT_MEASUREMENT = sql`SELECT id, resident_id AS "residentId", measured_on::text AS "measuredOn", age_days AS "ageDays",
  weight_kg::text AS "weightKg", length_cm::text AS "lengthCm", position, head_cm::text AS "headCm", muac_cm::text AS "muacCm",
  oedema, standard, z_wfa::text AS wfa, z_lhfa::text AS lhfa, z_wflh::text AS wflh, z_bmifa::text AS bmifa,
  z_hcfa::text AS hcfa, z_acfa::text AS acfa, flags, statuses, recorded_by AS "recordedBy", sex
  FROM growth_measurements`;

/**
 * Records a child's measurement: z-scores by the standard, WHO's flags, the statuses by the list in
 * force on the day. A measurement WHO flags as implausible is refused, field by field with the
 * z-score and WHO's cut-off, unless `acceptFlagged` (then saved with its flags, out of the counts).
 */
export async function recordMeasurement(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: MeasurementInput,
): Promise<MeasurementOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const child = await childInScope(tx, actor, residentId, 'record_growth');
    if (!child.birthDate)
      throw invalid([
        {
          path: 'measuredOn',
          code: 'birth_date_unknown',
          message: 'the child’s birth date is not known: z-scores need the day of birth',
          text: {
            vi: 'Chưa có ngày sinh đầy đủ của trẻ: cần ngày sinh để tính chỉ số Z',
            en: 'The child’s birth date is not known: z-scores need the day of birth',
          },
        },
      ]);
    if (input.measuredOn > today())
      throw invalid([
        { path: 'measuredOn', code: 'in_future', message: 'the measurement date is in the future' },
      ]);
    const ageDays = checkDates(child.birthDate, input.measuredOn);
    const { result, statuses } = await scoresOf(tx, child.sex, ageDays, input.measuredOn, input);
    if (result.flags.length && !input.acceptFlagged) {
      const errors: FieldError[] = result.flags.map((f) => {
        const z = result[f]!;
        const limit =
          z > 0 ? (f === 'lengthForAge' ? 6 : 5) : f === 'weightForAge' || f === 'lengthForAge' ? -6 : -5;
        return {
          path: FIELD_OF[f],
          code: 'implausible',
          message: `${NAME_OF[f].en} is ${z} SD, beyond WHO's limit of ${limit} SD: check the measure (or save it as flagged)`,
          text: {
            vi: `Chỉ số ${NAME_OF[f].vi} là ${z} SD, vượt ngưỡng bất thường của WHO (${limit} SD): hãy kiểm tra lại số đo (hoặc lưu kèm cờ bất thường)`,
            en: `${NAME_OF[f].en[0]!.toUpperCase()}${NAME_OF[f].en.slice(1)} is ${z} SD, beyond WHO's limit of ${limit} SD: check the measure (or save it as flagged)`,
          },
        };
      });
      // One error per field (weight-for-age and BMI both point at the weight).
      const seen = new Set<string>();
      throw invalid(errors.filter((e) => !seen.has(e.path) && seen.add(e.path)));
    }
    const id = newId();
    await tx.insert(growthMeasurements).values({
      id,
      residentId,
      unitPath: child.unitPath,
      measuredOn: input.measuredOn,
      ageDays,
      sex: child.sex,
      weightKg: input.weightKg ?? null,
      lengthCm: input.lengthCm ?? null,
      position: input.measured ?? null,
      headCm: input.headCm ?? null,
      muacCm: input.muacCm ?? null,
      oedema: input.oedema ?? false,
      standard: result.standard,
      weightForAge: result.weightForAge,
      lengthForAge: result.lengthForAge,
      weightForLength: result.weightForLength,
      bmiForAge: result.bmiForAge,
      headForAge: result.headForAge,
      muacForAge: result.muacForAge,
      flags: result.flags,
      statuses,
      recordedBy: actor.username,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: residentId,
      unitPath: child.unitPath,
      details: { op: 'growth_measurement', measurementId: id },
    });
    const [saved] = await rows<MeasurementRow>(tx, sql`${SELECT_MEASUREMENT} WHERE id = ${id}`);
    return measurementOf(saved!);
  });
}

/** A child's measurements (newest first) with the statuses' names. Audited. */
export async function childGrowth(db: Executor, actor: Actor, residentId: string): Promise<ChildGrowthOut> {
  requirePermission(actor, 'person.read');
  const child = await childInScope(db, actor, residentId, 'read_growth');
  const found = await rows<MeasurementRow>(
    db,
    sql`${SELECT_MEASUREMENT} WHERE resident_id = ${residentId} AND replaced_by IS NULL ORDER BY measured_on DESC, created_at DESC`,
  );
  const rules = await nutritionRules(db, today());
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: residentId,
    unitPath: child.unitPath,
    details: { op: 'growth', measurements: found.length },
  });
  return {
    residentId,
    sex: child.sex,
    birthDate: child.birthDate,
    measurements: found.map(measurementOf),
    statusNames: Object.fromEntries(rules.map((r) => [r.code, { vi: r.displayVi, en: r.displayEn }])),
  };
}

/** The chart's curves: −3…+3 SD of an indicator for one sex (ages every week, lengths every 0.5 cm). */
export async function referenceCurves(db: Executor, indicator: Indicator, sex: Sex): Promise<CurveOut> {
  const std = await growthStandards(db);
  const all = std.rowsOf('who2006', indicator, sex);
  const step = indicator === 'wfl' || indicator === 'wfh' ? 0.5 : 7;
  const picked = all.filter(
    (r) => Math.abs(r.x / step - Math.round(r.x / step)) < 1e-9 || r === all[all.length - 1],
  );
  const sd: Record<string, number[]> = {};
  for (const z of [-3, -2, -1, 0, 1, 2, 3])
    sd[String(z)] = picked.map((r) => Math.round(valueAt(z, r.l, r.m, r.s) * 100) / 100);
  return { indicator, sex, x: picked.map((r) => r.x), sd };
}

/**
 * The nutrition list of a unit (a commune or a hamlet in the actor's area; default the actor's own):
 * children under 5 living there whose latest measurement of the last 12 months meets a status below
 * −2 SD (the list's statuses but overweight/obesity), grouped by hamlet, the lowest first. Audited.
 */
export async function nutritionList(
  db: Executor,
  actor: Actor,
  unitCode?: string,
): Promise<NutritionListOut> {
  requirePermission(actor, 'person.read');
  const unit = unitCode ? await findUnit(db, { code: unitCode }) : undefined;
  if (unitCode && (!unit || !(inScope(actor, unit.path) || actor.scopePath.startsWith(unit.path + '.'))))
    throw new AppError('not-found', 'Unit not found');
  const under = unit && inScope(actor, unit.path) ? unit.path : actor.scopePath;
  const on = today();
  const rules = (await nutritionRules(db, on)).filter((r) => r.below !== null);
  const codes = `{${rules.map((r) => r.code).join(',')}}`;
  const found = await rows<{
    residentId: string;
    fullName: string;
    birthDate: string;
    unitPath: string;
    measuredOn: string;
    ageDays: number;
    wfa: string | null;
    lhfa: string | null;
    wflh: string | null;
    statuses: string[];
    hamletCode: string;
    hamletName: string;
  }>(
    db,
    sql`SELECT r.id AS "residentId", r.full_name AS "fullName", r.birth_date::text AS "birthDate", r.unit_path::text AS "unitPath",
          g.measured_on::text AS "measuredOn", g.age_days AS "ageDays", g.z_wfa::text AS wfa, g.z_lhfa::text AS lhfa,
          g.z_wflh::text AS wflh, g.statuses, u.code AS "hamletCode", u.name AS "hamletName"
        FROM ${residentsRelation} r
        JOIN LATERAL (SELECT * FROM growth_measurements m WHERE m.resident_id = r.id AND m.replaced_by IS NULL
          AND m.measured_on > ${on}::date - 365 ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1) g ON true
        JOIN ${unitsRelation} u ON u.path = r.unit_path
        WHERE r.unit_path <@ ${under}::ltree AND r.status = 'active' AND r.birth_date > ${on}::date - 1826
          AND g.statuses && ${codes}::text[]
        ORDER BY u.code, least(g.z_wfa, g.z_lhfa, g.z_wflh) NULLS LAST, r.full_name`,
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: under,
    details: { op: 'nutrition_list', residents: found.map((f) => f.residentId) },
  });
  const hamlets = new Map<string, NutritionListOut['hamlets'][number]>();
  for (const f of found) {
    let h = hamlets.get(f.hamletCode);
    if (!h) hamlets.set(f.hamletCode, (h = { unitCode: f.hamletCode, name: f.hamletName, children: [] }));
    h.children.push({
      residentId: f.residentId,
      fullName: f.fullName,
      birthDate: f.birthDate,
      measuredOn: f.measuredOn,
      ageDays: f.ageDays,
      weightForAge: n(f.wfa),
      lengthForAge: n(f.lhfa),
      weightForLength: n(f.wflh),
      statuses: f.statuses,
    });
  }
  return {
    unitCode: unit?.code ?? unitCode ?? '',
    hamlets: [...hamlets.values()],
    statusNames: Object.fromEntries(rules.map((r) => [r.code, { vi: r.displayVi, en: r.displayEn }])),
  };
}
