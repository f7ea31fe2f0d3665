/**
 * Demo visits: about a year of station visits up to "today" for the demo province — chronic follow-ups
 * (hypertension I10, type 2 diabetes E11) about monthly, and acute visits (upper respiratory infection,
 * pharyngitis, diarrhoea, wounds, back pain, bronchitis, gastritis, conjunctivitis) — with services,
 * prescriptions and payments priced from the DEMO catalogue and the payment rules of each visit date.
 * Deterministic by seed; reads stations, clinicians and patients through the owners' relations and
 * bulk reads, writes through the visits' bulk writer. Needs the network and people demo.
 * Demo visits do not write examinations into the 831 records (that path is the service's, one by one).
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { rows, type Database } from '../db/connection.js';
import { facilitiesRelation, staffRelation, unitsRelation } from '../modules/network/index.js';
import {
  cardsUnder,
  livingResidentsUnder,
  type LivingResident,
  type ResidentCard,
} from '../modules/people/index.js';
import { icd10Titles } from '../modules/terminology/index.js';
import {
  bmiOf,
  catalogueOn,
  computePayment,
  countVisitsUnder,
  measuresOf,
  importDemoCatalogue,
  insertVisitsBulk,
  paymentRulesOn,
  round2,
  type BulkStationService,
  type BulkVisit,
  type BulkVisitVersion,
  type CatalogueItemOut,
  type VisitCard,
} from '../modules/visits/index.js';
import { addDays, type Rng } from './random.js';

type CatalogueKind = CatalogueItemOut['kind'];
type VisitDocument = BulkVisitVersion['document'];

export interface VisitsDemoOptions {
  provinceCode: string;
  scale: number;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  today?: string;
}

export interface VisitsDemoSummary {
  visits: number;
  paidByInsurance: number;
  /** Visits paid by insurance / visits (target T4). */
  insuranceShare: number;
  chronicPatients: number;
  stationsDeclaringServices: number;
  seconds: number;
}

interface Line {
  kind: CatalogueKind;
  code: string;
  quantity: number;
  dose?: string;
  days?: number;
}

interface Template {
  main: string;
  note: string;
  reason: string;
  lines: Line[];
  findings: Partial<Record<'respiratory' | 'digestive' | 'skin' | 'musculoskeletal' | 'eye', string>>;
  advice: string;
  fever?: boolean;
}

const exam: Line = { kind: 'service', code: 'DEMO.KB01', quantity: 1 };
const drug = (code: string, dose: string, days: number, quantity: number): Line => ({
  kind: 'drug',
  code,
  dose,
  days,
  quantity,
});

const ACUTE: readonly (readonly [Template, number])[] = [
  [
    {
      main: 'J06.9',
      note: 'Viêm đường hô hấp trên cấp',
      reason: 'Ho, sổ mũi, sốt nhẹ',
      lines: [
        exam,
        drug('DEMO.T003', '1 viên x 3 lần/ngày khi sốt', 3, 9),
        drug('DEMO.T010', '1 viên x 2 lần/ngày', 5, 10),
      ],
      findings: { respiratory: 'Họng đỏ, phổi không ran' },
      advice: 'Uống nhiều nước, giữ ấm, tái khám nếu sốt cao',
      fever: true,
    },
    30,
  ],
  [
    {
      main: 'J02.9',
      note: 'Viêm họng cấp',
      reason: 'Đau họng, sốt',
      lines: [
        exam,
        drug('DEMO.T004', '1 viên x 3 lần/ngày', 5, 15),
        drug('DEMO.T003', '1 viên khi sốt', 3, 6),
      ],
      findings: { respiratory: 'Họng đỏ, amidan sưng' },
      advice: 'Uống đủ liều kháng sinh',
      fever: true,
    },
    15,
  ],
  [
    {
      main: 'A09',
      note: 'Tiêu chảy cấp',
      reason: 'Đi ngoài phân lỏng nhiều lần',
      lines: [exam, drug('DEMO.T005', 'Pha 1 gói với 200 ml nước, uống sau mỗi lần đi ngoài', 3, 6)],
      findings: { digestive: 'Bụng mềm, không chướng; dấu mất nước (-)' },
      advice: 'Bù nước, ăn chín uống sôi',
    },
    10,
  ],
  [
    {
      main: 'S61.0',
      note: 'Vết thương ngón tay',
      reason: 'Đứt tay khi làm vườn',
      lines: [
        exam,
        { kind: 'service', code: 'DEMO.TT01', quantity: 1 },
        { kind: 'supply', code: 'DEMO.VT02', quantity: 2 },
        { kind: 'supply', code: 'DEMO.VT01', quantity: 1 },
      ],
      findings: { skin: 'Vết thương sạch, dài 2 cm' },
      advice: 'Giữ vết thương khô, thay băng sau 2 ngày',
    },
    8,
  ],
  [
    {
      main: 'M54.5',
      note: 'Đau thắt lưng',
      reason: 'Đau lưng',
      lines: [exam, drug('DEMO.T003', '1 viên x 2 lần/ngày', 5, 10)],
      findings: { musculoskeletal: 'Co cứng cơ cạnh cột sống thắt lưng' },
      advice: 'Nghỉ ngơi, tránh mang vác nặng',
    },
    10,
  ],
  [
    {
      main: 'J20.9',
      note: 'Viêm phế quản cấp',
      reason: 'Ho có đờm, khò khè',
      lines: [
        exam,
        drug('DEMO.T004', '1 viên x 3 lần/ngày', 5, 15),
        drug('DEMO.T008', '1 viên x 2 lần/ngày', 5, 10),
      ],
      findings: { respiratory: 'Ran ngáy hai phổi' },
      advice: 'Tái khám nếu khó thở',
      fever: true,
    },
    8,
  ],
  [
    {
      main: 'K29.7',
      note: 'Viêm dạ dày',
      reason: 'Đau thượng vị',
      lines: [exam],
      findings: { digestive: 'Ấn đau thượng vị' },
      advice: 'Ăn đúng giờ, tránh rượu bia, đồ cay',
    },
    8,
  ],
  [
    {
      main: 'H10.9',
      note: 'Viêm kết mạc',
      reason: 'Đỏ mắt, chảy nước mắt',
      lines: [exam],
      findings: { eye: 'Kết mạc cương tụ' },
      advice: 'Không dụi mắt, rửa tay thường xuyên',
    },
    5,
  ],
  [
    {
      main: 'J06.9',
      note: 'Viêm đường hô hấp trên, khám theo yêu cầu',
      reason: 'Ho, muốn khám sức khỏe',
      lines: [
        { kind: 'service', code: 'DEMO.KHAC01', quantity: 1 },
        drug('DEMO.T009', '1 viên/ngày', 10, 10),
      ],
      findings: { respiratory: 'Phổi thông khí tốt' },
      advice: 'Theo dõi tại nhà',
    },
    3,
  ],
];

/** What a chronic-disease follow-up of the demo measures. */
interface ChronicVisit {
  kind: 'htn' | 'dm' | 'both';
  controlled: boolean;
  adherence: 'good' | 'irregular';
}

interface StationRow {
  id: string;
  code: string;
  kind: string;
  unitPath: string;
}
type PatientRow = LivingResident;
type CardRow = ResidentCard;

/** Generates the demo visits of the province; refuses a province that already has visits. */
export async function generateVisitsDemo(db: Database, opts: VisitsDemoOptions): Promise<VisitsDemoSummary> {
  const started = performance.now();
  const today = opts.today ?? currentDay();
  const from = addDays(today, -364);
  // Chronic-disease follow-ups reach back a year and a half (the cohort's 18-month trend).
  const chronicFrom = addDays(today, -548);
  const scale = Number.isFinite(opts.scale) && opts.scale > 0 ? opts.scale : 1;
  const rng = opts.rng;
  await importDemoCatalogue(db.orm);
  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ path: string }>(
      tx,
      sql`SELECT path::text AS path FROM ${unitsRelation} u
          WHERE map = 'post2025' AND level = 'province' AND code = ${opts.provinceCode}`,
    );
    if (!province) throw new Error(`Province ${opts.provinceCode} is not on the current map`);
    const n = await countVisitsUnder(tx, province.path);
    if (n > 0) throw new Error(`Province ${opts.provinceCode} already has ${n} visits`);

    const stations = await rows<StationRow>(
      tx,
      sql`SELECT id, code, kind, unit_path::text AS "unitPath" FROM ${facilitiesRelation} f
          WHERE kind = 'commune_station' AND unit_path <@ ${province.path}::ltree ORDER BY code`,
    );
    const clinicians = await rows<{ id: string; facilityId: string; fullName: string }>(
      tx,
      sql`SELECT id, facility_id AS "facilityId", full_name AS "fullName" FROM ${staffRelation} s
          WHERE facility_id IS NOT NULL AND unit_path <@ ${province.path}::ltree AND active_to IS NULL
            AND title IN ('doctor','preventive_doctor','traditional_medicine_doctor','physician_assistant','nurse','midwife')
          ORDER BY id`,
    );
    const patients = await livingResidentsUnder(tx, province.path);
    const cards = await cardsUnder(tx, province.path);
    const cardsOf = new Map<string, CardRow[]>();
    for (const c of cards) cardsOf.set(c.residentId, [...(cardsOf.get(c.residentId) ?? []), c]);
    const catalogue = new Map<string, CatalogueItemOut>();
    for (const kind of ['service', 'drug', 'supply'] as const)
      for (const item of await catalogueOn(tx, kind, { on: today }))
        catalogue.set(`${kind}:${item.code}`, item);

    const titles = await icd10Titles(tx, [...ACUTE.map(([t]) => t.main), 'I10', 'E11.9'], today);
    const year = Number(today.slice(0, 4));
    const outVisits: BulkVisit[] = [];
    const outVersions: BulkVisitVersion[] = [];
    const declared: BulkStationService[] = [];
    let chronicPatients = 0;
    let done = 0;
    for (const station of stations) {
      const r = rng.fork(station.code);
      const staff = clinicians.filter((c) => c.facilityId === station.id);
      // The station declares most of the listed services it can perform (T8), from the start of
      // the demo's year of visits (so the trend has T8 history).
      for (const item of catalogue.values())
        if (item.kind === 'service' && r.chance(0.85))
          declared.push({
            facilityId: station.id,
            serviceCode: item.code,
            declaredFrom: from,
            declaredBy: 'demo',
          });
      const communePath = station.unitPath.split('.').slice(0, 3).join('.');
      const local = patients.filter(
        (p) => p.unitPath === communePath || p.unitPath.startsWith(`${communePath}.`),
      );
      if (!staff.length || !local.length) continue;
      const adults = local.filter((p) => year - p.birthYear >= 40);
      const chronic = r.sample(adults, r.round(adults.length * 0.1));
      chronicPatients += chronic.length;
      const plan: {
        patient: PatientRow;
        date: string;
        template: Template;
        chronic: boolean;
        follow?: ChronicVisit;
      }[] = [];
      // Chronic-disease follow-ups over 18 months (the ncd demo enrols these patients): most come
      // monthly, some irregularly, some stop coming (missed visits, then lost to follow-up), some
      // started recently; about half have their BP (or glucose) under control, as commune
      // programmes report (issue 14).
      for (const p of chronic) {
        const kind = r.weighted([
          ['htn', 6],
          ['dm', 2],
          ['both', 2],
        ] as const);
        const pattern = r.weighted([
          ['regular', 60],
          ['irregular', 22],
          ['dropped', 12],
          ['new', 6],
        ] as const);
        const controlled = r.chance(pattern === 'regular' ? 0.55 : 0.35);
        let date =
          pattern === 'new'
            ? r.date(addDays(today, -150), addDays(today, -20))
            : r.date(chronicFrom, addDays(chronicFrom, 40));
        const stop = pattern === 'dropped' ? r.date(chronicFrom, addDays(today, -100)) : today;
        while (date <= stop) {
          plan.push({
            patient: p,
            date,
            template: chronicTemplate(kind, r),
            chronic: true,
            follow: { kind, controlled, adherence: pattern === 'regular' ? 'good' : 'irregular' },
          });
          date = addDays(date, pattern === 'irregular' ? r.int(45, 120) : r.int(30, 42));
        }
      }
      const acuteCount = r.round(local.length * 0.3);
      for (let i = 0; i < acuteCount; i++)
        plan.push({
          patient: r.pick(local),
          date: r.date(from, today),
          template: r.weighted(ACUTE),
          chronic: false,
        });
      for (const v of plan) {
        const doc = documentFor(v.template, v.date, v.patient, r.pick(staff).id, r, catalogue, {
          card: cardOn(cardsOf.get(v.patient.id) ?? [], v.date),
          hadCard: (cardsOf.get(v.patient.id) ?? []).length > 0,
          facilityKind: station.kind,
          chronic: v.chronic,
          title: titles.get(v.template.main)?.title ?? v.template.main,
          follow: v.follow,
        });
        const id = newId();
        const createdAt = new Date(`${v.date}T0${r.int(1, 8)}:${String(r.int(0, 59)).padStart(2, '0')}:00Z`);
        outVisits.push({
          id,
          residentId: v.patient.id,
          facilityId: station.id,
          unitPath: station.unitPath,
          visitDate: v.date,
          status: 'finished',
          currentVersion: 1,
          clinicianId: doc.clinicianId,
          mainDiagnosis: doc.diagnoses.main?.code ?? null,
          paymentMethod: doc.payment.method,
          benefitLevel: doc.payment.card?.benefitLevel ?? null,
          totalAmount: doc.payment.total,
          insurerAmount: doc.payment.insurerAmount,
          patientAmount: doc.payment.patientAmount,
          ...measuresOf(doc),
          finishedAt: createdAt,
          createdAt,
          updatedAt: createdAt,
        });
        outVersions.push({
          id: newId(),
          visitId: id,
          version: 1,
          kind: 'create',
          status: 'finished',
          document: doc,
          createdAt,
          createdBy: 'demo',
        });
      }
      done++;
      if (done % 5 === 0 || done === stations.length)
        opts.progress?.('visits: plan stations', done, stations.length);
    }
    await insertVisitsBulk(
      tx,
      systemActor('demo'),
      { stationServices: declared, visits: outVisits, versions: outVersions },
      {
        audit: {
          unitPath: province.path,
          entityType: 'person',
          details: { demo: true, seed: rng.seed, scale },
        },
        progress: opts.progress,
      },
    );
    const paid = outVisits.filter((v) => v.paymentMethod === 'insurance').length;
    return {
      visits: outVisits.length,
      paidByInsurance: paid,
      insuranceShare: Math.round((paid / Math.max(1, outVisits.length)) * 10000) / 10000,
      chronicPatients,
      stationsDeclaringServices: new Set(declared.map((d) => d.facilityId)).size,
      seconds: (performance.now() - started) / 1000,
    };
  });
}

function chronicTemplate(kind: 'htn' | 'dm' | 'both', r: Rng): Template {
  const htn = drug('DEMO.T001', '1 viên buổi sáng', 30, 30);
  const dm = drug('DEMO.T002', '1 viên x 2 lần/ngày, sau ăn', 30, 60);
  const lines: Line[] = [exam];
  if (kind !== 'htn') lines.push({ kind: 'service', code: 'DEMO.XN01', quantity: 1 });
  if (kind !== 'dm') lines.push(htn);
  if (kind !== 'dm' && r.chance(0.2)) lines.push(drug('DEMO.T006', '1 viên buổi tối', 30, 30));
  if (kind !== 'htn') lines.push(dm);
  return {
    main: kind === 'dm' ? 'E11.9' : 'I10',
    note: kind === 'dm' ? 'Đái tháo đường typ 2' : 'Tăng huyết áp',
    reason: 'Khám định kỳ, lĩnh thuốc',
    lines,
    findings: {},
    advice: 'Ăn nhạt, hạn chế đồ ngọt, tập thể dục, uống thuốc đều',
  };
}

function cardOn(cards: CardRow[], on: string): VisitCard | null {
  const c = [...cards].reverse().find((x) => x.validFrom <= on && (x.validTo === null || x.validTo >= on));
  if (!c) return null;
  const { residentId: _r, ...card } = c;
  return card;
}

function documentFor(
  t: Template,
  date: string,
  patient: PatientRow,
  clinicianId: string,
  r: Rng,
  catalogue: Map<string, CatalogueItemOut>,
  pay: {
    card: VisitCard | null;
    hadCard: boolean;
    facilityKind: string;
    chronic: boolean;
    title: string;
    follow?: ChronicVisit | undefined;
  },
): VisitDocument {
  const priced = t.lines.map((l) => {
    const item = catalogue.get(`${l.kind}:${l.code}`)!;
    return { l, item, amount: round2(l.quantity * item.price) };
  });
  const result = computePayment({
    lines: priced.map((p) => ({ ...p, insuranceCovered: p.item.insuranceCovered })),
    method: !pay.card || r.chance(0.03) ? 'self_pay' : 'insurance',
    card: pay.card,
    hadCard: pay.hadCard,
    facilityKind: pay.facilityKind,
    rules: paymentRulesOn(date),
  });
  if (!result.ok) throw new Error(`demo payment: ${result.message}`);
  const line = (x: (typeof result.lines)[number]) => ({
    code: x.item.code,
    name: x.item.name,
    unit: x.item.unit,
    quantity: x.l.quantity,
    unitPrice: x.item.price,
    amount: x.amount,
    insuranceCovered: x.item.insuranceCovered,
    insurerAmount: x.insurerAmount,
    patientAmount: x.patientAmount,
    catalogueItemId: x.item.id,
  });
  const adult = Number(date.slice(0, 4)) - patient.birthYear >= 16;
  const heightCm = adult ? (patient.sex === 'male' ? r.int(155, 175) : r.int(148, 162)) : null;
  const weightKg = adult ? r.int(45, 75) : null;
  const f = pay.follow;
  const systolic = !f
    ? r.int(100, 135)
    : f.kind === 'dm'
      ? r.int(115, 145)
      : f.controlled
        ? r.int(116, 139)
        : r.int(140, 176);
  // A follow-up now and then without a BP (the cuff at the other station), glucose for diabetes at
  // most visits, HbA1c now and then.
  const noBp = f !== undefined && r.chance(0.06);
  const glucose =
    f && f.kind !== 'htn' && r.chance(0.75)
      ? { fastingGlucose: f.controlled ? r.int(52, 69) / 10 : r.int(72, 130) / 10 }
      : {};
  const hba1c =
    f && f.kind !== 'htn' && r.chance(0.1)
      ? { hba1c: f.controlled ? r.int(58, 69) / 10 : r.int(72, 100) / 10 }
      : {};
  return {
    visitDate: date,
    clinicianId,
    reason: t.reason,
    illnessHistory: null,
    vitals: {
      pulse: r.int(64, 96),
      temperatureC: t.fever ? r.int(375, 390) / 10 : r.int(362, 372) / 10,
      ...(noBp ? {} : { systolic, diastolic: Math.round(systolic * 0.62) + r.int(-4, 6) }),
      ...glucose,
      ...hba1c,
      respiration: r.int(16, 22),
      heightCm,
      weightKg,
      bmi: bmiOf(heightCm, weightKg),
      ...(pay.chronic ? { waistCm: r.int(70, 100) } : {}),
    },
    findings: t.findings,
    diagnoses: { main: { code: t.main, title: pay.title, note: t.note }, others: [] },
    services: result.lines
      .filter((x) => x.l.kind === 'service')
      .map((x) => ({ ...line(x), group: x.item.group })),
    supplies: result.lines.filter((x) => x.l.kind === 'supply').map(line),
    prescriptions: result.lines
      .filter((x) => x.l.kind === 'drug')
      .map((x) => ({
        ...line(x),
        dose: x.l.dose!,
        days: x.l.days!,
        activeIngredient: x.item.activeIngredient,
        strength: x.item.strength,
        route: x.item.route,
        registrationNumber: x.item.registrationNumber,
      })),
    advice: t.advice,
    reExaminationDate: pay.chronic ? addDays(date, 30) : null,
    chronicCare: f ? { adherence: f.adherence } : null,
    payment: result.payment,
  };
}
