// The immunization module's inputs and outputs (zod), shared with the web app.
import { z } from 'zod';
import { today } from '../../core/clock.js';
import { DOSE_STATUSES } from './forecast.js';

const isoDate = z.iso.date();
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,40}$/, 'a vaccine code (letters, digits, _)');
const notFuture = (d: string) => d <= today();

export const AEFI_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const AEFI_OUTCOMES = ['recovering', 'recovered', 'sequelae', 'died', 'unknown'] as const;
export const INJECTION_SITES = ['left_thigh', 'right_thigh', 'left_arm', 'right_arm', 'oral'] as const;
export const ROUTES = ['intramuscular', 'subcutaneous', 'intradermal', 'oral'] as const;

// ---------------------------------------------------------------- forecast (stateless)

export const forecastRequest = z.object({
  birthDate: isoDate,
  asOf: isoDate.optional(),
  /** The province's GSO code (its variant of the schedule). */
  province: z
    .string()
    .regex(/^\d{2}$/, 'a 2-digit province code')
    .optional(),
  given: z.array(z.object({ vaccine: code, on: isoDate, id: z.string().max(64).optional() })).max(100),
  conditions: z
    .array(z.object({ code, from: isoDate, until: isoDate.nullable().optional() }))
    .max(20)
    .optional(),
});
export type ForecastRequest = z.infer<typeof forecastRequest>;

export const doseForecastOut = z.object({
  code: z.string(),
  series: z.string(),
  dose: z.number(),
  nameVi: z.string(),
  nameEn: z.string(),
  antigens: z.array(z.string()),
  vaccines: z.array(z.string()),
  earliest: z.string(),
  due: z.string(),
  overdueFrom: z.string(),
  latest: z.string().nullable(),
  status: z.enum(DOSE_STATUSES),
  reason: z.string(),
  params: z.record(z.string(), z.string()).optional(),
  givenOn: z.string().optional(),
  givenId: z.string().optional(),
  givenVaccine: z.string().optional(),
});
export const forecastOut = z.object({
  birthDate: z.string(),
  asOf: z.string(),
  scheduleVersion: z.number(),
  doses: z.array(doseForecastOut),
  given: z.array(
    z.object({
      id: z.string().optional(),
      vaccine: z.string(),
      on: z.string(),
      countedFor: z.array(z.string()),
      notCounted: z.array(
        z.object({ dose: z.string(), reason: z.string(), validFrom: z.string().optional() }),
      ),
    }),
  ),
});
export type ForecastOut = z.infer<typeof forecastOut>;

// ---------------------------------------------------------------- doses given

export const doseInput = z
  .object({
    vaccine: code,
    givenOn: isoDate.refine(notFuture, 'must not be in the future'),
    /** Given at another place (a hospital, a private service): the place as told. */
    givenElsewhere: z.boolean().default(false),
    facilityId: z.uuid().optional(),
    place: z.string().trim().min(2).max(200).optional(),
    lot: z.string().trim().min(1).max(40).optional(),
    expiresOn: isoDate.optional(),
    site: z.enum(INJECTION_SITES).optional(),
    route: z.enum(ROUTES).optional(),
    vaccinatorId: z.uuid().optional(),
    vaccinatorName: z.string().trim().min(2).max(120).optional(),
    sessionOn: isoDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type DoseInput = z.input<typeof doseInput>;
export type DoseInputParsed = z.output<typeof doseInput>;

export const recordDosesInput = z.object({ doses: z.array(doseInput).min(1).max(10) }).strict();

/** A session day (buổi tiêm chủng): many children's doses in a row, at one station, on one day. */
export const sessionRecordInput = z
  .object({
    facilityId: z.uuid(),
    sessionOn: isoDate.refine(notFuture, 'must not be in the future'),
    vaccinatorId: z.uuid().optional(),
    entries: z
      .array(
        z
          .object({
            residentId: z.uuid(),
            vaccine: code,
            lot: z.string().trim().min(1).max(40).optional(),
            site: z.enum(INJECTION_SITES).optional(),
            route: z.enum(ROUTES).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(300),
  })
  .strict();
export type SessionRecordInput = z.infer<typeof sessionRecordInput>;

export const voidInput = z.object({ reason: z.string().trim().min(3).max(300) }).strict();

export const vaccinationOut = z.object({
  id: z.string(),
  residentId: z.string(),
  vaccine: z.string(),
  vaccineName: z.string(),
  givenOn: z.string(),
  givenElsewhere: z.boolean(),
  facilityId: z.string().nullable(),
  facilityName: z.string().nullable(),
  place: z.string().nullable(),
  lot: z.string().nullable(),
  expiresOn: z.string().nullable(),
  site: z.string().nullable(),
  route: z.string().nullable(),
  vaccinatorId: z.string().nullable(),
  vaccinatorName: z.string().nullable(),
  sessionOn: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
});
export type VaccinationOut = z.infer<typeof vaccinationOut>;

// ---------------------------------------------------------------- conditions and AEFI

export const conditionInput = z
  .object({
    condition: code,
    fromOn: isoDate.refine(notFuture, 'must not be in the future'),
    untilOn: isoDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export const conditionOut = z.object({
  id: z.string(),
  condition: z.string(),
  fromOn: z.string(),
  untilOn: z.string().nullable(),
  note: z.string().nullable(),
});

export const aefiInput = z
  .object({
    vaccinationId: z.uuid(),
    onsetOn: isoDate.refine(notFuture, 'must not be in the future'),
    symptoms: z.string().trim().min(3).max(2000),
    severity: z.enum(AEFI_SEVERITIES),
    outcome: z.enum(AEFI_OUTCOMES),
    treatment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type AefiInput = z.infer<typeof aefiInput>;
export const aefiOut = z.object({
  id: z.string(),
  vaccinationId: z.string(),
  residentId: z.string(),
  vaccine: z.string(),
  givenOn: z.string(),
  onsetOn: z.string(),
  symptoms: z.string(),
  severity: z.enum(AEFI_SEVERITIES),
  outcome: z.enum(AEFI_OUTCOMES),
  serious: z.boolean(),
  treatment: z.string().nullable(),
  reportedUpAt: z.string().nullable(),
});
export type AefiOut = z.infer<typeof aefiOut>;

// ---------------------------------------------------------------- the child's card

export const cardOut = z.object({
  resident: z.object({ id: z.string(), fullName: z.string(), birthDate: z.string().nullable() }),
  vaccinations: z.array(vaccinationOut),
  conditions: z.array(conditionOut),
  aefi: z.array(aefiOut),
  /** Null when the birth date is not known (only the year): no schedule can be placed. */
  forecast: forecastOut.nullable(),
});
export type CardOut = z.infer<typeof cardOut>;

// ---------------------------------------------------------------- the session list

export const sessionListQuery = z.object({
  /** The commune (or hamlet) code; default the actor's unit. */
  unit: z.string().trim().min(2).max(20).optional(),
  on: isoDate.optional(),
  /** Look-ahead in days: doses due up to `on + days` are listed too. */
  days: z.coerce.number().int().min(0).max(60).default(0),
});
export const sessionChild = z.object({
  residentId: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  doses: z.array(
    z.object({
      dose: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      vaccines: z.array(z.string()),
      dueOn: z.string(),
      overdue: z.boolean(),
    }),
  ),
});
export const sessionListOut = z.object({
  on: z.string(),
  hamlets: z.array(
    z.object({
      unitCode: z.string().nullable(),
      name: z.string(),
      children: z.array(sessionChild),
    }),
  ),
});
export type SessionListOut = z.infer<typeof sessionListOut>;

// ---------------------------------------------------------------- the schedule

export const scheduleImportInput = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    /** The file's bytes, base64 (CSV in UTF-8, or XLSX: its first sheet). */
    contentBase64: z.string().min(4).max(4_000_000),
    dryRun: z.boolean().default(true),
  })
  .strict();
export const scheduleImportOut = z.object({
  dryRun: z.boolean(),
  version: z.number().nullable(),
  rows: z.number(),
  counts: z.record(z.string(), z.number()),
  errors: z.array(z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() })),
});
export type ScheduleImportOut = z.infer<typeof scheduleImportOut>;

export const scheduleOut = z.object({
  version: z.number(),
  loadedAt: z.string(),
  loadedBy: z.string(),
  sourceName: z.string(),
  vaccines: z.array(
    z.object({
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      antigens: z.array(z.string()),
      live: z.boolean(),
      dosesPerVial: z.number().nullable(),
    }),
  ),
  doses: z.array(
    z.object({
      code: z.string(),
      series: z.string(),
      doseNo: z.number(),
      nameVi: z.string(),
      nameEn: z.string(),
      province: z.string().nullable(),
      minAge: z.string(),
      recAge: z.string(),
      overdueAge: z.string(),
      maxAge: z.string().nullable(),
      minInterval: z.string().nullable(),
      validFrom: z.string(),
      validTo: z.string().nullable(),
      checked: z.boolean(),
      source: z.string(),
    }),
  ),
  conditions: z.array(z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() })),
});
export type ScheduleOut = z.infer<typeof scheduleOut>;

/** The immunization register (sổ tiêm chủng) of a commune for a month: every dose given there, or recorded for its children. */
export const registerQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
  /** A commune or hamlet (its code); the actor's own unit without it. */
  unit: z
    .string()
    .regex(/^[0-9A-Za-z]{2,12}$/, 'must be a unit code')
    .optional(),
});
export const registerRow = z.object({
  vaccinationId: z.uuid(),
  givenOn: isoDate,
  residentId: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: isoDate.nullable(),
  address: z.string(),
  vaccine: z.string(),
  vaccineName: z.string(),
  /** The dose's number among the person's doses of that vaccine (voided ones left out). */
  doseNumber: z.number().int(),
  lot: z.string().nullable(),
  givenElsewhere: z.boolean(),
  place: z.string().nullable(),
  vaccinator: z.string().nullable(),
});
export type RegisterRow = z.infer<typeof registerRow>;
export const registerOut = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  month: z.string(),
  rows: z.array(registerRow),
  /** Doses given in the month by vaccine (given elsewhere not counted). */
  byVaccine: z.array(z.object({ vaccine: z.string(), vaccineName: z.string(), doses: z.number().int() })),
});
export type RegisterOut = z.infer<typeof registerOut>;

// ---------------------------------------------------------------- vaccine lots (docs/adr/0035)

const provinceCode = z.string().regex(/^\d{2}$/, 'a 2-digit province code');
const lotNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, 'letters, digits and . _ / - only (at most 40)');

export const lotInput = z
  .object({
    /** The province (GSO code); default the actor's own. */
    province: provinceCode.optional(),
    vaccine: code,
    lotNumber,
    expiresOn: isoDate,
    manufacturer: z.string().trim().min(2).max(200),
    /** Doses received, when told. */
    receivedQuantity: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
export type LotInput = z.infer<typeof lotInput>;
export const lotOut = z.object({
  id: z.string(),
  province: z.string(),
  vaccine: z.string(),
  lotNumber: z.string(),
  expiresOn: z.string(),
  manufacturer: z.string(),
  receivedQuantity: z.number().nullable(),
  sourceName: z.string(),
  createdBy: z.string(),
});
export type LotOut = z.infer<typeof lotOut>;
export const lotsQuery = z.object({
  province: provinceCode.optional(),
  /** A unit of the actor's area: its province's list (the session day's page). */
  unit: z
    .string()
    .regex(/^[0-9A-Za-z]{2,12}$/, 'must be a unit code')
    .optional(),
  vaccine: code.optional(),
  /** Only lots not expired on this day (what a session day may give). */
  usableOn: isoDate.optional(),
});
export const lotImportInput = z
  .object({
    province: provinceCode.optional(),
    fileName: z.string().trim().min(1).max(200),
    /** The file's bytes, base64 (CSV in UTF-8, or XLSX: its first sheet). */
    contentBase64: z.string().min(4).max(4_000_000),
    dryRun: z.boolean().default(true),
  })
  .strict();
export const lotImportOut = z.object({
  dryRun: z.boolean(),
  province: z.string(),
  rows: z.number(),
  added: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() })),
});
export type LotImportOut = z.infer<typeof lotImportOut>;

// ---------------------------------------------------------------- vial use and wastage

export const vialUseInput = z
  .object({
    facilityId: z.uuid(),
    sessionOn: isoDate.refine(notFuture, 'must not be in the future'),
    entries: z
      .array(
        z
          .object({
            vaccine: code,
            lot: lotNumber.optional(),
            /** Vials opened that day (checked ≥ 0 and enough for the doses given: 422 by field). */
            vialsOpened: z.number().int().min(-1_000_000).max(100_000),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();
export type VialUseInput = z.infer<typeof vialUseInput>;
export const vialUseQuery = z.object({
  /** A commune or hamlet (its code); the actor's own unit without it. */
  unit: z
    .string()
    .regex(/^[0-9A-Za-z]{2,12}$/, 'must be a unit code')
    .optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
});
const vialLine = z.object({
  vaccine: z.string(),
  vaccineName: z.string(),
  lot: z.string().nullable(),
  /** Null when no vials were entered for doses given. */
  vialsOpened: z.number().nullable(),
  dosesPerVial: z.number().nullable(),
  dosesGiven: z.number(),
  /** 1 − given / (opened × doses per vial), rounded to 4 places; null without vials or doses per vial. */
  wastage: z.number().nullable(),
});
export const vialUseOut = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  month: z.string(),
  days: z.array(vialLine.extend({ sessionOn: z.string(), facilityId: z.string(), facilityName: z.string() })),
  /** The month per vaccine: sums over the days with vials entered. */
  byVaccine: z.array(vialLine.omit({ lot: true })),
});
export type VialUseOut = z.infer<typeof vialUseOut>;
