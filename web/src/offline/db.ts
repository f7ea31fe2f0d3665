/**
 * The device's store (IndexedDB through Dexie; docs/adr/0033): the working set of one commune or
 * hamlet as the server's pull gives it, the outbox of what was done on this device, and the sync's
 * own facts (the cursor, the scope, the last successful sync). Rows are kept as the server sent them.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { CodeValueRow, DueRow, PushResult } from '../../../src/modules/sync/contracts';

export interface LocalResident {
  id: string;
  fullName: string;
  searchName: string | null;
  sex: 'male' | 'female';
  birthDate: string | null;
  birthYear: number;
  personalId: string | null;
  phones: string[];
  householdId: string | null;
  unitPath: string;
  status: string;
  occupation: string | null;
  ethnicity: string | null;
  bloodGroup: string | null;
  currentAddressLine: string | null;
  changeSeq: number;
  [key: string]: unknown;
}

export interface LocalRow {
  id: string;
  [key: string]: unknown;
}

export interface LocalCard extends LocalRow {
  residentId: string;
  code: string;
  validFrom: string;
  validTo: string | null;
}

export interface LocalConflict extends LocalRow {
  entityId: string;
  field: string;
  serverValue: unknown;
  pushedValue: unknown;
  username: string;
  recordedAt: string;
}

export type OutboxKind =
  | 'visit.create'
  | 'resident.update'
  | 'household.create'
  | 'household.update'
  | 'growth.measurement'
  | 'immunization.doses'
  | 'resident.create';
export type OutboxStatus = 'pending' | 'refused' | 'failed';

/** Something done on this device that the server has not confirmed yet. */
export interface OutboxRecord {
  /** UUIDv7 minted here: the server applies it once however often it is sent. */
  id: string;
  kind: OutboxKind;
  payload: unknown;
  status: OutboxStatus;
  /** What to show in the list (the person's name and what was done). */
  label: string;
  residentId: string | null;
  madeAt: string;
  /** The server's answer when it refused (or failed to apply) the record. */
  result?: PushResult;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface StationRow {
  id: string;
  kind: 'facility' | 'staff';
  name: string;
  facilityId: string | null;
  /** A facility's code and kind (commune_station …), a staff member's title. */
  code?: string;
  facilityKind?: string;
  title?: string;
}

/** A finished visit of the last year (what a profile shows of the history; docs/adr/0033 point 11). */
export interface LocalVisit extends LocalRow {
  residentId: string;
  visitDate: string;
  mainDiagnosis: string | null;
  systolic: number | null;
  diastolic: number | null;
  reExaminationDate: string | null;
}

/** An open NCD enrolment (đăng ký quản lý bệnh mạn tính); its last follow-up is the person's latest visit. */
export interface LocalEnrolment extends LocalRow {
  residentId: string;
  condition: 'hypertension' | 'diabetes' | 'copd' | 'asthma';
  diagnosedOn: string;
  registeredOn: string;
  facilityId: string;
  plan: { followUpDays?: number | null; [key: string]: unknown } | null;
}

/** A pregnancy under way, as a woman's list shows it, with the schedule's next antenatal contact. */
export interface LocalPregnancy extends LocalRow {
  residentId: string;
  registeredOn: string;
  lmp: string | null;
  edd: string;
  gravidity: number;
  parity: number;
  riskLevel: 'normal' | 'watch' | 'high';
  riskFactors: { code: string; vi: string; en: string; level: string }[];
  antenatal: { visitId: string; contactOn: string; gestationDays: number; [key: string]: unknown }[];
  nextContact: { contact: number; dueOn: string } | null;
}

/** A dose given (mũi tiêm), not voided. */
export interface LocalDose extends LocalRow {
  residentId: string;
  vaccine: string;
  vaccineName: string;
  vaccineNameEn: string;
  givenOn: string;
  givenElsewhere: boolean;
  facilityId: string | null;
  place: string | null;
  lot: string | null;
}

/** One dose of a child's stored forecast (immunization_forecasts). */
export interface LocalForecastDose {
  code: string;
  series: string;
  doseNo: number;
  nameVi: string;
  nameEn: string;
  earliest: string;
  due: string;
  overdueFrom: string;
  latest: string | null;
  givenOn: string | null;
  vaccinationId: string | null;
  blocked: 'contraindicated' | 'waiting' | null;
}

/** A child's stored forecast: one row a child (id: the child's). */
export interface LocalForecast extends LocalRow {
  residentId: string;
  computedOn: string;
  doses: LocalForecastDose[];
}

/** A measurement of a child under five (not corrected by a later one). */
export interface LocalMeasurement extends LocalRow {
  residentId: string;
  measuredOn: string;
  ageDays: number;
  weightKg: number | null;
  lengthCm: number | null;
  weightForAge: number | null;
  lengthForAge: number | null;
  weightForLength: number | null;
  statuses: string[];
}

export class OfflineDb extends Dexie {
  residents!: EntityTable<LocalResident, 'id'>;
  households!: EntityTable<LocalRow, 'id'>;
  cards!: EntityTable<LocalCard, 'id'>;
  conflicts!: EntityTable<LocalConflict, 'id'>;
  codes!: Dexie.Table<CodeValueRow, [string, string]>;
  due!: Dexie.Table<DueRow & { key: string }, string>;
  station!: EntityTable<StationRow, 'id'>;
  visits!: EntityTable<LocalVisit, 'id'>;
  enrolments!: EntityTable<LocalEnrolment, 'id'>;
  pregnancies!: EntityTable<LocalPregnancy, 'id'>;
  doses!: EntityTable<LocalDose, 'id'>;
  forecasts!: EntityTable<LocalForecast, 'id'>;
  measurements!: EntityTable<LocalMeasurement, 'id'>;
  outbox!: EntityTable<OutboxRecord, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name = 'ytcs-offline') {
    super(name);
    this.version(1).stores({
      residents: 'id, searchName, householdId, status',
      households: 'id',
      cards: 'id, residentId',
      conflicts: 'id, entityId',
      codes: '[system+code], system',
      due: 'key, residentId, dueOn',
      station: 'id, kind',
      outbox: 'id, status, residentId, madeAt',
      meta: 'key',
    });
    // Visits of the last year came with issue 20's second part.
    this.version(2).stores({ visits: 'id, residentId, visitDate' });
    // Programme data (issue 20): new tables only, so the rows already stored stay. They fill from the
    // next pull after the cursor is reset below (the rows before it were sent without them).
    this.version(3)
      .stores({
        enrolments: 'id, residentId',
        pregnancies: 'id, residentId',
        doses: 'id, residentId',
        forecasts: 'id',
        measurements: 'id, residentId',
      })
      .upgrade(async (tx) => {
        await tx.table('meta').put({ key: 'cursor', value: 0 });
      });
  }
}

export const offlineDb = new OfflineDb();

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await offlineDb.meta.get(key))?.value as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await offlineDb.meta.put({ key, value });
}
