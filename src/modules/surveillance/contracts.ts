// What the surveillance module takes and answers (zod, shared with the web app): case reports of
// notifiable diseases (giám sát bệnh truyền nhiễm), weekly counts, outbreak alerts, health education
// sessions (register A11) and deaths (register A6). Pure helpers for epidemiological weeks too.
import { z } from 'zod';

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

/** Phân loại ca bệnh: nghi ngờ, có thể, xác định (phòng xét nghiệm), loại trừ (not counted). */
export const CASE_CLASSIFICATIONS = ['suspected', 'probable', 'confirmed', 'discarded'] as const;
export type CaseClassification = (typeof CASE_CLASSIFICATIONS)[number];
/** Diễn biến: đang điều trị, khỏi, tử vong, chuyển viện, không rõ. */
export const CASE_OUTCOMES = ['under_treatment', 'recovered', 'died', 'transferred', 'unknown'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

// --- epidemiological weeks (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday) ---

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The Monday of the ISO week of a day. */
export function weekStart(day: string): string {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return isoDay(d);
}

/** The ISO week of a day: its ISO year and number (1–53). */
export function isoWeek(day: string): { year: number; week: number } {
  const d = utc(weekStart(day));
  d.setUTCDate(d.getUTCDate() + 3); // the week's Thursday decides its year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return { year, week };
}

/** "2026-W37" for the week of a day. */
export function weekLabel(day: string): string {
  const { year, week } = isoWeek(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

// --- reference data ---

export const thresholdRule = z.discriminatedUnion('method', [
  /** A fixed count of cases in a unit within `windowWeeks` weeks ending with the week counted. */
  z.object({
    method: z.literal('fixed'),
    count: z.number().int().min(1),
    windowWeeks: z.number().int().min(1).max(52),
  }),
  /**
   * The week's count above mean + `sd`·SD of the counts of the same weeks (± `windowWeeks`) in the
   * `years` years before, and at least `minCases`.
   */
  z.object({
    method: z.literal('seasonal'),
    years: z.number().int().min(1).max(20),
    windowWeeks: z.number().int().min(0).max(8),
    sd: z.number().min(0).max(10),
    minCases: z.number().int().min(1),
  }),
]);
export type ThresholdRule = z.infer<typeof thresholdRule>;

export const diseaseDefinition = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/),
  icd10: z.string(),
  vi: z.string(),
  en: z.string(),
  /** Nhóm A, B, C (Law on Prevention and Control of Infectious Diseases 2007, Art. 3). */
  group: z.enum(['A', 'B', 'C']),
  /** Report a case within this many hours of its diagnosis (Circular 54/2015). */
  reportWithinHours: z.number().int().min(1),
  threshold: thresholdRule,
  /** Checked against the official text by someone on the project. */
  checked: z.boolean(),
  note: z.string().optional(),
});
export type DiseaseDefinition = z.infer<typeof diseaseDefinition>;

export const educationFormat = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/),
  vi: z.string(),
  en: z.string(),
});
export type EducationFormat = z.infer<typeof educationFormat>;

// --- case reports ---

export const casePersonInput = z.strictObject({
  fullName: z.string().trim().min(1).max(120),
  sex: z.enum(['male', 'female']),
  birthYear: z.number().int().min(1900).max(2100),
});

/** Báo cáo ca bệnh: a resident on record, or a person not on record (`person`). */
export const caseInput = z
  .strictObject({
    disease: z.string().min(1).max(60),
    residentId: z.uuid().nullable().optional(),
    person: casePersonInput.nullable().optional(),
    /** The commune or hamlet where the case lives (default: the resident's place). */
    unitCode: z.string().trim().min(1).max(20).nullable().optional(),
    addressLine: optionalText(200),
    onsetOn: isoDate,
    reportedOn: isoDate,
    classification: z.enum(CASE_CLASSIFICATIONS),
    hospitalised: z.boolean().default(false),
    outcome: z.enum(CASE_OUTCOMES).default('under_treatment'),
    note: optionalText(500),
  })
  .refine((c) => !!c.residentId !== !!c.person, {
    message: 'either residentId or person',
    path: ['person'],
  });
export type CaseInput = z.input<typeof caseInput>;
export type CaseInputParsed = z.output<typeof caseInput>;

/** A later change: the lab result, hospitalisation, the outcome. */
export const caseUpdateInput = z.strictObject({
  classification: z.enum(CASE_CLASSIFICATIONS).optional(),
  hospitalised: z.boolean().optional(),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  note: optionalText(500),
});
export type CaseUpdateInput = z.infer<typeof caseUpdateInput>;

export const caseOut = z.object({
  id: z.uuid(),
  disease: z.string(),
  diseaseName: z.string(),
  residentId: z.uuid().nullable(),
  fullName: z.string(),
  sex: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  addressLine: z.string().nullable(),
  unitPath: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  onsetOn: z.string(),
  /** "2026-W37". */
  onsetWeek: z.string(),
  reportedOn: z.string(),
  classification: z.enum(CASE_CLASSIFICATIONS),
  hospitalised: z.boolean(),
  outcome: z.enum(CASE_OUTCOMES),
  note: z.string().nullable(),
  reportedBy: z.string(),
  /** Alerts this report raised (or brought up to date). */
  alerts: z.array(z.uuid()).optional(),
});
export type CaseOut = z.infer<typeof caseOut>;

export const caseQuery = z.object({
  unit: z.string().max(20).optional(),
  disease: z.string().max(60).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// --- weekly counts ---

export const weeklyQuery = z.object({
  /** The unit whose counts (and whose children's) are asked; default the actor's. */
  unit: z.string().max(20).optional(),
  disease: z.string().max(60),
  /** Weeks from the one holding `from` to the one holding `to` (default: the last 26 weeks). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const weeklyOut = z.object({
  unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  disease: z.object({ code: z.string(), vi: z.string(), en: z.string(), threshold: thresholdRule }),
  /** The epidemic curve: cases by week of onset (discarded cases not counted). */
  weeks: z.array(
    z.object({
      week: z.string(),
      start: z.string(),
      cases: z.number().int(),
      confirmed: z.number().int(),
      /** The week's seasonal threshold (mean + k·SD), or the fixed count. */
      threshold: z.number().nullable(),
    }),
  ),
  /** The period's cases by child unit (the map), rolled up the tree. */
  children: z.array(
    z.object({ code: z.string(), name: z.string(), level: z.string(), cases: z.number().int() }),
  ),
});
export type WeeklyOut = z.infer<typeof weeklyOut>;

// --- alerts ---

export const alertOut = z.object({
  id: z.uuid(),
  disease: z.string(),
  diseaseName: z.string(),
  unitPath: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  unitLevel: z.string().nullable(),
  week: z.string(),
  weekStart: z.string(),
  method: z.enum(['fixed', 'seasonal']),
  observed: z.number().int(),
  threshold: z.string(),
  basis: z.record(z.string(), z.unknown()),
  caseId: z.uuid(),
  status: z.enum(ALERT_STATUSES),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  response: z.string().nullable(),
});
export type AlertOut = z.infer<typeof alertOut>;

export const alertQuery = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  disease: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const alertActionInput = z.strictObject({
  action: z.enum(['acknowledge', 'close']),
  response: optionalText(1000),
});

// --- reference lists for the web ---

export const diseasesOut = z.array(diseaseDefinition.extend({ version: z.string() }));
export const formatsOut = z.array(educationFormat);

// --- health education (A11) ---

export const campaignInput = z.strictObject({
  unitCode: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  startsOn: isoDate,
  endsOn: isoDate,
  note: optionalText(500),
});
export const campaignOut = z.object({
  id: z.uuid(),
  unitPath: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  note: z.string().nullable(),
  sessions: z.number().int(),
});
export type CampaignOut = z.infer<typeof campaignOut>;

export const sessionInput = z.strictObject({
  /** The commune or hamlet where the session was held. */
  unitCode: z.string().trim().min(1).max(20),
  heldOn: isoDate,
  topic: z.string().trim().min(1).max(300),
  format: z.string().min(1).max(40),
  audience: optionalText(200),
  place: optionalText(200),
  men: z.number().int().min(0).max(100_000).default(0),
  women: z.number().int().min(0).max(100_000).default(0),
  staffId: z.uuid().nullable().optional(),
  staffName: optionalText(120),
  campaignId: z.uuid().nullable().optional(),
  note: optionalText(500),
});
export type SessionInput = z.input<typeof sessionInput>;
export const sessionOut = z.object({
  id: z.uuid(),
  unitPath: z.string(),
  unitName: z.string().nullable(),
  heldOn: z.string(),
  topic: z.string(),
  format: z.string(),
  audience: z.string().nullable(),
  place: z.string().nullable(),
  men: z.number().int(),
  women: z.number().int(),
  staffId: z.uuid().nullable(),
  staffName: z.string().nullable(),
  campaignId: z.uuid().nullable(),
  campaignName: z.string().nullable(),
  note: z.string().nullable(),
});
export type SessionOut = z.infer<typeof sessionOut>;

export const registerQuery = z.object({ unit: z.string().max(20).optional(), month });

export const registerA11Out = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  month: z.string(),
  rows: z.array(sessionOut.extend({ no: z.number().int(), formatName: z.string() })),
  totals: z.object({ sessions: z.number().int(), men: z.number().int(), women: z.number().int() }),
});
export type RegisterA11 = z.infer<typeof registerA11Out>;

// --- deaths (A6) ---

export const registerA6Out = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  month: z.string(),
  rows: z.array(
    z.object({
      no: z.number().int(),
      residentId: z.uuid(),
      fullName: z.string(),
      sex: z.string(),
      birthYear: z.number().int(),
      ageYears: z.number().int().nullable(),
      unitName: z.string().nullable(),
      diedOn: z.string(),
      causeIcd10: z.string().nullable(),
      cause: z.string().nullable(),
      place: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  totals: z.object({ deaths: z.number().int(), male: z.number().int(), female: z.number().int() }),
});
export type RegisterA6 = z.infer<typeof registerA6Out>;
